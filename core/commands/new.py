"""``stuurwijzer new OUT.stuurwijzer FILE... [--template ID] [--municipality NAME] [--name NAME]``:
a project from the command line, so a regional analyst can rerun the monthly report
without the app.

Each file is read exactly as the Data step reads it (``core.io.import_file``:
detected settings, column types, suggested roles and dataset kind). A template
(``resources/templates/<id>.json``) fills in the question, as choosing it in the Vraag
step does, and adds the charts it proposes, as the Grafieken step does. Then the
project is saved; ``stuurwijzer report`` makes its report. A file that cannot be read or
a template that does not exist: exit 2 with one Dutch line, and nothing is written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from core.cli import EXIT_OK, Command
from core.errors import UserError
from core.i18n import _, n_

NAME = "new"


def _configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("output", metavar="UIT.stuurwijzer", type=Path,
                        help="het nieuwe projectbestand")
    parser.add_argument("files", metavar="BESTAND", nargs="+", type=Path,
                        help="de CSV- of Excel-bestanden met de gegevens")
    parser.add_argument("--template", metavar="SJABLOON",
                        help="het analysesjabloon, bijvoorbeeld wachttijd")
    parser.add_argument("--municipality", metavar="GEMEENTE", default="",
                        help="de naam van de gemeente")
    parser.add_argument("--name", metavar="NAAM", default="",
                        help="de naam van het project (standaard: de bestandsnaam)")


def _check_target(path: Path) -> Path:
    from core.project import EXTENSION

    if path.suffix.lower() != EXTENSION:
        raise UserError(
            _("'{name}' is geen naam voor een Stuurwijzer-project.").format(name=path.name),
            _("Kies een bestandsnaam die eindigt op {ext}.").format(ext=EXTENSION))
    if not path.parent.is_dir():
        raise UserError(
            _("De map voor '{name}' bestaat niet.").format(name=path.name),
            _("Kies een map die er al is."))
    return path


def _template(template_id: str | None):
    from core.templates import get_template, templates

    if template_id is None:
        return None
    template = get_template(template_id)
    if template is None:
        raise UserError(
            _("Stuurwijzer kent het sjabloon '{id}' niet.").format(id=template_id),
            _("Kies een van deze: {ids}.").format(ids=", ".join(sorted(templates()))))
    return template


def create_project(output: Path, files: list[Path], template_id: str | None = None,
                   municipality: str = "", name: str = "") -> tuple[Path, list[str]]:
    """Read the files, apply the template, save. Returns the path and the import warnings
    (Dutch sentences, one per file and warning)."""
    # Imported here: the command list loads at every start of the app.
    from core import charts
    from core.io import import_file
    from core.io.datasets import add_dataset
    from core.project import Project, save_project
    from core.question import choose_template

    _check_target(output)
    template = _template(template_id)
    project = Project(name=name.strip() or output.stem, municipality=municipality.strip())
    if template is not None:
        choose_template(project, template.id)  # the question, as the Vraag step does
    warnings: list[str] = []
    for path in files:
        result = import_file(path)  # detection, types and roles as in the Data step
        add_dataset(project, result.dataset)  # also ticks off the template's checklist
        warnings += [f"{path.name}: {w}" for w in result.warnings]
    if template is not None:
        charts.add_proposals(project)  # the charts the template proposes
    return save_project(project, output), warnings


def _run(args: argparse.Namespace) -> int:
    path, warnings = create_project(args.output, args.files, args.template,
                                    args.municipality, args.name)
    for line in warnings:
        print(_("Let op: {text}").format(text=line), file=sys.stderr)
    print(n_(len(args.files), "Project opgeslagen: {path} ({n} bestand). ",
             "Project opgeslagen: {path} ({n} bestanden). ").format(path=path, n=len(args.files))
          + _("Maak het rapport met: stuurwijzer report {path} -o rapport.pdf").format(path=path))
    return EXIT_OK


COMMAND = Command(
    help="maak een project van bestanden en een sjabloon, zonder de app",
    configure=_configure,
    run=_run,
)
