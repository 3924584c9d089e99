"""The answer form: an Excel file a colleague fills in outside Stuurwijzer.

Export writes three sheets: "Uitleg" (instructions), "Vragenlijst" (per item
the question, options A-E and an answer cell with a drop-down list) and a very
hidden sheet with what the import needs to trust the file: the questionnaire
id, version and fingerprint and the measurement it was made for. The sheets
are protected (without password) so that only the name and answer cells can
be changed by accident; the import does not rely on that and checks every
item id and answer itself.

Texts are written as plain strings, never as formulas: a name like
"=HYPERLINK(...)" stays text (formula injection), and on import a formula in
an answer cell is refused. Error messages never quote cell contents.
"""

from __future__ import annotations

import os
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core import limits
from core.errors import UserError
from core.files import write_replacing
from core.i18n import _
from core.jobs import CancelToken, ProgressFn, checkpoint, report
from core.maturity.model import (
    DONT_KNOW,
    MaturityState,
    Measurement,
    Respondent,
    add_or_replace,
    new_measurement,
)
from core.maturity.questionnaire import Questionnaire, load_questionnaire, texts

FORM_FORMAT = "stuurwijzer-antwoordformulier"
FORM_VERSION = 1
META_SHEET = "stuurwijzer"
FORM_SHEET = "Vragenlijst"
INFO_SHEET = "Uitleg"
LETTERS = ("A", "B", "C", "D", "E")
NAME_CELL = "C3"
FIRST_ROW = 6  # first row of the questionnaire table
ID_COLUMN, NUMBER_COLUMN, TEXT_COLUMN, ANSWER_COLUMN = 1, 2, 3, 4
MAX_FORM_BYTES = limits.MAX_FORM_BYTES
MAX_UNPACKED_BYTES = limits.MAX_FORM_UNPACKED_BYTES
MAX_NAME_LENGTH = 80
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class FormAnswers:
    """What an imported form holds."""

    respondent_name: str  # empty when the colleague left it blank
    answers: dict[str, int]
    measurement_id: str
    measurement_name: str
    answered: int
    dont_know: int
    unanswered: int

    def to_respondent(self, fallback_name: str) -> Respondent:
        return Respondent(name=self.respondent_name or fallback_name,
                          answers=dict(self.answers), source="formulier")


# --------------------------------------------------------------------------- export


def _text_cell(ws, row: int, column: int, value: str):
    """Write text that a spreadsheet will never run as a formula."""
    cell = ws.cell(row=row, column=column)
    cell.value = value
    cell.data_type = "s"
    if value.startswith(_FORMULA_START):
        cell.quotePrefix = True
    return cell


def answer_choices(q: Questionnaire) -> list[str]:
    return [*LETTERS, q.dont_know]


def export_form(
    path: str | os.PathLike[str],
    measurement: Measurement,
    *,
    municipality: str = "",
    questionnaire: Questionnaire | None = None,
) -> Path:
    """Write an empty answer form for ``measurement``."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
    from openpyxl.worksheet.datavalidation import DataValidation

    q = questionnaire or load_questionnaire()
    form_texts = texts()["form"]
    wrap = Alignment(wrap_text=True, vertical="top")
    title_font = Font(size=14, bold=True, color="154273")
    bold = Font(bold=True)
    theme_fill = PatternFill("solid", fgColor="DCE7F3")
    answer_fill = PatternFill("solid", fgColor="FFF6E0")
    thin = Side(style="thin", color="B8C4D2")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    editable = Protection(locked=False)

    wb = Workbook()
    info = wb.active
    info.title = INFO_SHEET
    info.column_dimensions["A"].width = 100
    heading = _(form_texts["title"])
    if municipality:
        heading = f"{heading} – {municipality}"
    _text_cell(info, 1, 1, heading).font = title_font
    _text_cell(info, 2, 1, _("Meting: {name}, {date}").format(
        name=measurement.name, date=measurement.day.strftime("%d-%m-%Y")))
    for offset, line in enumerate(form_texts["instructions"], start=4):
        is_heading = line.startswith("# ")  # resources mark headings like Markdown
        cell = _text_cell(info, offset, 1, _(line.removeprefix("# ")).format(minutes=q.minutes))
        cell.alignment = wrap
        if is_heading:
            cell.font = bold
    info.protection.sheet = True

    ws = wb.create_sheet(FORM_SHEET)
    ws.column_dimensions["A"].hidden = True  # item ids: how the import finds each answer
    ws.column_dimensions["B"].width = 7
    ws.column_dimensions["C"].width = 90
    ws.column_dimensions["D"].width = 18
    _text_cell(ws, 1, TEXT_COLUMN, heading).font = title_font
    _text_cell(ws, 3, NUMBER_COLUMN, _("Naam")).font = bold
    name_cell = ws[NAME_CELL]
    name_cell.fill = answer_fill
    name_cell.border = box
    name_cell.protection = editable
    _text_cell(ws, 4, TEXT_COLUMN, _("Vul hierboven uw naam of functie in. Kies daarna bij elke "
                                     "vraag in de kolom 'Uw antwoord' een letter.")).alignment = wrap
    _text_cell(ws, FIRST_ROW - 1, TEXT_COLUMN, _("Vraag en beschrijvingen")).font = bold
    _text_cell(ws, FIRST_ROW - 1, ANSWER_COLUMN, _("Uw antwoord")).font = bold

    choices = answer_choices(q)
    validation = DataValidation(
        type="list",
        formula1='"' + ",".join(choices) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=_("Kies uit de lijst"),
        error=_("Kies A, B, C, D, E of {dk}.").format(dk=q.dont_know),
    )
    ws.add_data_validation(validation)

    row = FIRST_ROW
    for theme in q.themes:
        _text_cell(ws, row, NUMBER_COLUMN, str(theme.number)).font = bold
        cell = _text_cell(ws, row, TEXT_COLUMN, f"{theme.name}. {theme.why}")
        cell.font = bold
        cell.alignment = wrap
        for column in (NUMBER_COLUMN, TEXT_COLUMN, ANSWER_COLUMN):
            ws.cell(row=row, column=column).fill = theme_fill
        row += 1
        for item in theme.items:
            _text_cell(ws, row, ID_COLUMN, item.id)
            _text_cell(ws, row, NUMBER_COLUMN, item.number).font = bold
            question = _text_cell(ws, row, TEXT_COLUMN, _("{text} ({side})").format(
                text=item.text, side=q.dimensions[item.dimension]))
            question.font = bold
            question.alignment = wrap
            answer = ws.cell(row=row, column=ANSWER_COLUMN)
            answer.fill = answer_fill
            answer.border = box
            answer.protection = editable
            validation.add(answer)
            row += 1
            for letter, option in zip(LETTERS, item.options, strict=True):
                _text_cell(ws, row, NUMBER_COLUMN, letter).alignment = Alignment(
                    horizontal="right", vertical="top")
                _text_cell(ws, row, TEXT_COLUMN, option).alignment = wrap
                row += 1
            _text_cell(ws, row, NUMBER_COLUMN, "")
            _text_cell(ws, row, TEXT_COLUMN, _("Of: {dk}").format(dk=q.dont_know)).font = Font(
                italic=True, color="5B6B7D")
            row += 2
    ws.protection.sheet = True
    ws.freeze_panes = f"A{FIRST_ROW}"
    ws.print_title_rows = f"{FIRST_ROW - 1}:{FIRST_ROW - 1}"
    ws.page_setup.fitToWidth = 1
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToHeight = 0
    wb.active = 1

    meta = wb.create_sheet(META_SHEET)
    meta.sheet_state = "veryHidden"
    for number, (key, value) in enumerate(
        (
            ("format", FORM_FORMAT),
            ("form_version", str(FORM_VERSION)),
            ("questionnaire", q.id),
            ("questionnaire_version", str(q.version)),
            ("fingerprint", q.fingerprint),
            ("measurement_id", measurement.id),
            ("measurement_name", measurement.name),
            ("items", ",".join(item.id for item in q.items)),
        ),
        start=1,
    ):
        _text_cell(meta, number, 1, key)
        _text_cell(meta, number, 2, value)
    meta.protection.sheet = True

    try:
        path = write_replacing(path, wb.save)
    except OSError as exc:
        raise UserError(
            _("Het formulier kon niet worden opgeslagen."),
            _("Misschien is het bestand nog open in Excel, of mag u niet in deze map schrijven. "
              "Sluit het bestand of kies een andere map."),
        ) from exc
    return path


# --------------------------------------------------------------------------- import


def _unreadable(path: Path) -> UserError:
    return UserError(
        _("'{name}' kan niet worden gelezen als Excel-bestand.").format(name=path.name),
        _("Kies het antwoordformulier (.xlsx) dat u met Stuurwijzer hebt gemaakt. Is het "
          "bestand opgeslagen in een ander formaat? Sla het in Excel op als "
          "'Excel-werkmap (.xlsx)'."),
    )


def _not_a_form(path: Path) -> UserError:
    return UserError(
        _("'{name}' is geen antwoordformulier van Stuurwijzer.").format(name=path.name),
        _("Maak in de stap Volwassenheid een formulier met 'Formulier maken' en laat "
          "collega's dat invullen."),
    )


def _tampered(path: Path) -> UserError:
    return UserError(
        _("Het formulier '{name}' is aangepast: er zijn vragen verplaatst, verwijderd of "
          "veranderd. Daarom kan Stuurwijzer de antwoorden niet betrouwbaar inlezen.").format(
            name=path.name),
        _("Maak een nieuw formulier en neem de antwoorden daarin over. Verander alleen de "
          "naam en de kolom 'Uw antwoord'."),
    )


def _safe_name(raw: Any) -> str:
    if raw is None:
        return ""
    name = " ".join(str(raw).split())
    # A name is shown and may be exported again: strip what a spreadsheet would run.
    name = name.lstrip("=+-@").strip()
    return name[:MAX_NAME_LENGTH]


def _open_workbook(path: Path):
    from openpyxl import load_workbook

    if not path.is_file():
        raise UserError(
            _("Het bestand '{name}' is niet gevonden.").format(name=path.name),
            _("Misschien is het verplaatst of verwijderd. Kies het bestand opnieuw."),
        )
    if path.stat().st_size > MAX_FORM_BYTES:
        raise _not_a_form(path)
    if not zipfile.is_zipfile(path):
        raise _unreadable(path)
    try:
        with zipfile.ZipFile(path) as archive:
            if sum(i.file_size for i in archive.infolist()) > MAX_UNPACKED_BYTES:
                raise _not_a_form(path)
        return load_workbook(path, data_only=False)
    except UserError:
        raise
    except Exception as exc:  # noqa: BLE001 - any parse failure means: not readable
        raise _unreadable(path) from exc


def import_form(path: str | os.PathLike[str], questionnaire: Questionnaire | None = None
                ) -> FormAnswers:
    """Read a filled answer form. Every problem is a ``UserError`` in plain Dutch."""
    path = Path(path)
    q = questionnaire or load_questionnaire()
    wb = _open_workbook(path)
    if META_SHEET not in wb.sheetnames or FORM_SHEET not in wb.sheetnames:
        raise _not_a_form(path)
    meta = {}
    for row in wb[META_SHEET].iter_rows(min_col=1, max_col=2, values_only=True):
        if row[0] is not None:
            meta[str(row[0])] = "" if row[1] is None else str(row[1])
    if meta.get("format") != FORM_FORMAT or meta.get("questionnaire") != q.id:
        raise _not_a_form(path)
    if meta.get("questionnaire_version") != str(q.version) or meta.get("fingerprint") != (
        q.fingerprint
    ):
        raise UserError(
            _("Het formulier '{name}' hoort bij een andere versie van de vragenlijst.").format(
                name=path.name),
            _("Maak een nieuw formulier met deze versie van Stuurwijzer en laat het opnieuw "
              "invullen."),
        )

    ws = wb[FORM_SHEET]
    expected = {item.id: item for item in q.items}
    if meta.get("items") != ",".join(expected):
        raise _tampered(path)
    rows: dict[str, int] = {}
    misplaced: list[int] = []
    for row in range(FIRST_ROW, ws.max_row + 1):
        value = ws.cell(row=row, column=ID_COLUMN).value
        if value is None:
            if ws.cell(row=row, column=ANSWER_COLUMN).value not in (None, ""):
                misplaced.append(row)
            continue
        if not isinstance(value, str) or value not in expected or value in rows:
            raise _tampered(path)
        if ws.cell(row=row, column=NUMBER_COLUMN).value != expected[value].number:
            raise _tampered(path)
        rows[value] = row
    if list(rows) != list(expected):
        raise _tampered(path)
    if misplaced:
        raise UserError(
            _("In '{name}' staat een antwoord op een regel zonder vraag (regel {rows}).").format(
                name=path.name, rows=", ".join(str(r) for r in misplaced[:8])),
            _("Zet elk antwoord in de gele cel naast de vraag, sla het bestand op en lees het "
              "opnieuw in."),
        )

    by_choice = {letter: level for level, letter in enumerate(LETTERS, start=1)}
    by_choice[q.dont_know.casefold()] = DONT_KNOW
    answers: dict[str, int] = {}
    wrong: list[str] = []
    for item_id, row in rows.items():
        cell = ws.cell(row=row, column=ANSWER_COLUMN)
        value = cell.value
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        if cell.data_type == "f" or not isinstance(value, str):
            wrong.append(expected[item_id].number)
            continue
        key = value.strip()
        key = key.upper() if len(key) == 1 else key.casefold()
        if key not in by_choice:
            wrong.append(expected[item_id].number)
            continue
        answers[item_id] = by_choice[key]
    if wrong:
        listed = ", ".join(wrong[:8]) + (" …" if len(wrong) > 8 else "")
        raise UserError(
            _("In '{name}' staat bij vraag {numbers} een antwoord dat Stuurwijzer niet kent.")
            .format(name=path.name, numbers=listed),
            _("Kies in de kolom 'Uw antwoord' A, B, C, D, E of '{dk}' uit de lijst, sla het "
              "bestand op en lees het opnieuw in.").format(dk=q.dont_know),
        )
    if not answers:
        raise UserError(
            _("Het formulier '{name}' is nog niet ingevuld.").format(name=path.name),
            _("Vraag de collega om in de kolom 'Uw antwoord' een keuze te maken en het "
              "bestand op te slaan."),
        )
    dont_know = sum(1 for v in answers.values() if v == DONT_KNOW)
    return FormAnswers(
        respondent_name="" if ws[NAME_CELL].data_type == "f" else _safe_name(ws[NAME_CELL].value),
        answers=answers,
        measurement_id=re.sub(r"[^0-9a-f]", "", meta.get("measurement_id", ""))[:32],
        measurement_name=meta.get("measurement_name", ""),
        answered=len(answers) - dont_know,
        dont_know=dont_know,
        unanswered=len(expected) - len(answers),
    )


# --------------------------------------------------------------------------- several forms


@dataclass(frozen=True)
class FormProblem:
    filename: str
    message: str
    hint: str


@dataclass(frozen=True)
class FormBatch:
    """The outcome of reading several forms: what could be read and what not (and why)."""

    imported: tuple[tuple[str, FormAnswers], ...]
    problems: tuple[FormProblem, ...]


def import_forms(
    paths: list[str | os.PathLike[str]],
    questionnaire: Questionnaire | None = None,
    *,
    progress: ProgressFn | None = None,
    cancel: CancelToken | None = None,
) -> FormBatch:
    """Read every form; a bad form is reported and does not stop the others."""
    q = questionnaire or load_questionnaire()
    imported, problems = [], []
    for number, raw in enumerate(paths):
        checkpoint(cancel)
        path = Path(raw)
        report(progress, number, len(paths), path.name)
        try:
            imported.append((path.name, import_form(path, q)))
        except UserError as exc:
            problems.append(FormProblem(path.name, exc.message, exc.hint))
    report(progress, len(paths), len(paths), "")
    return FormBatch(tuple(imported), tuple(problems))


@dataclass(frozen=True)
class Placed:
    measurement: Measurement
    respondent: Respondent
    replaced: bool  # an earlier answer set of the same colleague was replaced


def place_form(state: MaturityState, answers: FormAnswers, fallback: Measurement | None
               ) -> Placed:
    """Add a form's answers to the measurement it was made for. When that measurement is not
    in this project (a form from elsewhere), use ``fallback``, or start a new measurement."""
    from core.i18n import _

    target = next((m for m in state.measurements if m.id == answers.measurement_id), None)
    if target is None:
        target = fallback
    if target is None:
        target = new_measurement(state)
        target.respondents = []  # only the colleague of this form, not an empty default
    taken = {p.name for p in target.respondents}
    number = len(target.respondents) + 1
    while f"{_('Collega')} {number}" in taken:
        number += 1
    person = answers.to_respondent(f"{_('Collega')} {number}")
    replaced = add_or_replace(target, person)
    return Placed(target, person, replaced)
