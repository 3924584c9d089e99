"""``stuurwijzer report PROJECT -o OUT.pdf [--docx OUT.docx] [--strict]``: the Rapport step
without the app.

A regional analyst reruns the monthly report: the project file's question, data,
cleaning log, charts, maturity and report texts give the same PDF (PDF/A-2a, tagged
PDF/UA-1) and Word document as the app's export. What the Rapport step would flag
(texts that no longer match the figures or the date, template fields not filled in)
is listed on stderr, one line each; the report is still made (exit 0) unless
``--strict`` is given (then nothing is written and the exit code is 2).
"""

from __future__ import annotations

import argparse
import sys

from core.cli import EXIT_OK, Command, path_argument
from core.i18n import _

NAME = "report"


def _configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project", metavar="PROJECT", type=path_argument,
                        help="het projectbestand (.stuurwijzer)")
    parser.add_argument("-o", "--output", metavar="UIT.pdf", type=path_argument, required=True,
                        help="waar het rapport als PDF komt")
    parser.add_argument("--docx", metavar="UIT.docx", type=path_argument,
                        help="ook een Word-bestand maken, om verder te bewerken")
    parser.add_argument("--strict", action="store_true",
                        help="geen rapport maken als een tekst niet meer klopt met de cijfers "
                             "of de datum, of als de vraag nog in te vullen velden heeft")


def _run(args: argparse.Namespace) -> int:
    # Imported here: every start of the app loads the command list, and the report
    # brings Typst, python-docx and matplotlib.
    from core.project import open_project
    from core.report.export import UntrustedReport, check_target, export_report

    # Check the targets before the (slower) opening, so a typo fails at once.
    check_target(args.output, ".pdf")
    if args.docx is not None:
        check_target(args.docx, ".docx")
    project = open_project(args.project)
    try:
        result = export_report(project, args.output, args.docx, strict=args.strict)
    except UntrustedReport as exc:
        _warn(exc.warnings)
        raise
    _warn(result.warnings)
    written = [str(p) for p in (result.pdf, result.docx) if p is not None]
    print(_("Rapport opgeslagen: {files} ({pages} pagina's).").format(
        files=", ".join(written), pages=result.pages))
    return EXIT_OK


def _warn(lines) -> None:
    from core.paths import load_json_resource

    pattern = _(load_json_resource("report", "texts.json")["errors"]["warning"])
    for line in lines:
        print(pattern.format(text=line), file=sys.stderr)


COMMAND = Command(
    help="maak het rapport van een project als PDF (en Word)",
    configure=_configure,
    run=_run,
)
