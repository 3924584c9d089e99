"""``stuurwijzer report PROJECT -o OUT.pdf [--docx OUT.docx]``: the Rapport step without the app.

A regional analyst reruns the monthly report: the project file's question, data,
cleaning log, charts, maturity and report texts give the same PDF (PDF/A-2a, tagged
PDF/UA-1) and Word document as the app's export.
"""

from __future__ import annotations

import argparse

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


def _run(args: argparse.Namespace) -> int:
    # Imported here: every start of the app loads the command list, and the report
    # brings Typst, python-docx and matplotlib.
    from core.project import open_project
    from core.report.export import check_target, export_report

    # Check the targets before the (slower) opening, so a typo fails at once.
    check_target(args.output, ".pdf")
    if args.docx is not None:
        check_target(args.docx, ".docx")
    project = open_project(args.project)
    result = export_report(project, args.output, args.docx)
    written = [str(p) for p in (result.pdf, result.docx) if p is not None]
    print(_("Rapport opgeslagen: {files} ({pages} pagina's).").format(
        files=", ".join(written), pages=result.pages))
    return EXIT_OK


COMMAND = Command(
    help="maak het rapport van een project als PDF (en Word)",
    configure=_configure,
    run=_run,
)
