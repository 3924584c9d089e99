"""``stuurwijzer inspect FILE [--sheet S] [--json]``: what Stuurwijzer sees in a file.

Detects the settings (encoding, delimiter, header rows, sheet, number and date
conventions, rows below the table) and reads the whole file with them, then prints
the columns with their type and suggested role, the row count and the warnings. The
JSON output is documented in the README; its keys are stable.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from core.cli import EXIT_OK, Command, bounded_text, path_argument
from core.i18n import _, n_
from core.limits import MAX_SHEET_CHARS

NAME = "inspect"


def _configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="BESTAND", type=path_argument,
                        help="een CSV-, TXT- of Excel-bestand")
    parser.add_argument("--sheet", metavar="WERKBLAD", type=bounded_text(MAX_SHEET_CHARS),
                        help="het werkblad (Excel)")
    parser.add_argument("--json", action="store_true", help="uitvoer als JSON")


def inspect_file(path: str | Path, sheet: str | None = None) -> dict[str, Any]:
    from core.io import detect_settings, import_file, open_source, preview

    source = open_source(path)
    settings = detect_settings(source, sheet)
    result = import_file(path, settings, source=source)
    dataset = result.dataset
    proposals = preview(source, settings).proposals
    return {
        "file": source.path.name,
        "format": source.format,
        # Settings that do not apply to this format are null (e.g. the delimiter of a workbook).
        "settings": {k: (None if v == "" else v) for k, v in settings.to_dict().items()
                     if k != "format"},
        "sheets": [
            {"name": s.name, "visible": s.visible, "rows": s.rows, "columns": s.columns}
            for s in source.summaries
        ],
        "kind": dataset.kind,
        "rows": dataset.row_count,
        "columns": [
            {"name": c.name, "type": c.type, "format": c.format, "role": c.role}
            for c in dataset.columns
        ],
        "excluded_rows": [
            {"line": p.line, "reason": p.kind}
            for p in proposals if p.index in settings.exclude_rows
        ],
        "warnings": result.warnings,
    }


def _print_text(report: dict[str, Any]) -> None:
    s = report["settings"]
    lines = [
        _("Bestand: {file} ({format})").format(**report),
        _("Soort gegevens: {kind}").format(**report),
        _("Rijen: {rows}").format(**report),
    ]
    if report["format"] == "csv":
        lines.append(_("Tekenset: {encoding}, scheidingsteken: {delimiter!r}").format(**s))
    else:
        lines.append(_("Werkblad: {sheet}").format(**s))
    lines.append(n_(s["header_rows"], "Kopregel: rij {row} ({n} rij)",
                    "Kopregel: rij {row} ({n} rijen)").format(
        row=s["header_row"] + 1, n=s["header_rows"]))
    lines.append(_("Kolommen:"))
    for col in report["columns"]:
        role = f" -> {col['role']}" if col["role"] else ""
        lines.append(f"  {col['name']}: {col['type']}{role}")
    for warning in report["warnings"]:
        lines.append(_("Let op: {w}").format(w=warning))
    print("\n".join(lines))


def _run(args: argparse.Namespace) -> int:
    report = inspect_file(args.file, args.sheet)
    if args.json:
        json.dump(report, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        _print_text(report)
    return EXIT_OK


COMMAND = Command(
    help="laat zien hoe Stuurwijzer een bestand leest (instellingen, kolommen, rijen)",
    configure=_configure,
    run=_run,
)
