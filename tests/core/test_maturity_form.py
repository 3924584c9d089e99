"""The exported answer form and its import: round trip, formula safety, tampering."""

from __future__ import annotations

import openpyxl
import pytest

from core.errors import UserError
from core.maturity import DONT_KNOW, MaturityState, load_questionnaire
from core.maturity.form import (
    ANSWER_COLUMN,
    FORM_SHEET,
    ID_COLUMN,
    META_SHEET,
    NAME_CELL,
    export_form,
    import_form,
)
from core.maturity.model import new_measurement

Q = load_questionnaire()


@pytest.fixture
def form(tmp_path):
    state = MaturityState()
    measurement = new_measurement(state, name="Nulmeting")
    return export_form(tmp_path / "formulier.xlsx", measurement, municipality="Westerdijk"), \
        measurement


def _rows(ws) -> dict[str, int]:
    return {
        ws.cell(row=r, column=ID_COLUMN).value: r
        for r in range(1, ws.max_row + 1)
        if ws.cell(row=r, column=ID_COLUMN).value
    }


def _fill(path, target, answers: dict[str, str], name: str | None = "Teamleider Jeugd"):
    wb = openpyxl.load_workbook(path)
    ws = wb[FORM_SHEET]
    rows = _rows(ws)
    for item_id, value in answers.items():
        ws.cell(row=rows[item_id], column=ANSWER_COLUMN).value = value
    if name is not None:
        ws[NAME_CELL] = name
    wb.save(target)
    return target


def test_a_filled_form_comes_back_as_the_colleagues_answers(form, tmp_path):
    path, measurement = form
    choices = {Q.items[0].id: "A", Q.items[1].id: "e", Q.items[2].id: "Weet ik niet",
               Q.items[3].id: " C "}
    filled = _fill(path, tmp_path / "ingevuld.xlsx", choices)
    result = import_form(filled, Q)
    assert result.respondent_name == "Teamleider Jeugd"
    assert result.answers == {Q.items[0].id: 1, Q.items[1].id: 5, Q.items[2].id: DONT_KNOW,
                              Q.items[3].id: 3}
    assert (result.answered, result.dont_know, result.unanswered) == (3, 1, len(Q.items) - 4)
    assert result.measurement_id == measurement.id
    person = result.to_respondent("Collega 2")
    assert person.source == "formulier" and person.name == "Teamleider Jeugd"


def test_the_form_explains_itself_and_offers_a_choice_list(form):
    path, _measurement = form
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[:2] == ["Uitleg", FORM_SHEET]
    assert wb[META_SHEET].sheet_state == "veryHidden"
    instructions = " ".join(str(c.value) for c in wb["Uitleg"]["A"] if c.value)
    assert "Weet ik niet" in instructions and "15 minuten" in instructions
    ws = wb[FORM_SHEET]
    validation = ws.data_validations.dataValidation[0]
    assert validation.formula1 == '"A,B,C,D,E,Weet ik niet"'
    rows = _rows(ws)
    first = rows[Q.items[0].id]
    # The question says which side of the nulmeting it measures (issue 19).
    assert ws.cell(row=first, column=3).value == f"{Q.items[0].text} (Organisatie)"
    assert [ws.cell(row=first + n, column=3).value for n in range(1, 6)] == list(
        Q.items[0].options)
    assert ws.protection.sheet and not ws.cell(row=first, column=ANSWER_COLUMN).protection.locked


def test_text_that_looks_like_a_formula_is_written_as_text(tmp_path):
    state = MaturityState()
    measurement = new_measurement(state, name='=HYPERLINK("http://x","klik")')
    path = export_form(tmp_path / "f.xlsx", measurement, municipality="=1+1")
    wb = openpyxl.load_workbook(path)
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row
             if isinstance(c.value, str) and c.value.startswith("=")]
    assert cells, "the names should appear in the form"
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)


def test_a_formula_typed_as_name_or_answer_is_not_trusted(form, tmp_path):
    path, _measurement = form
    filled = _fill(path, tmp_path / "naam.xlsx", {Q.items[0].id: "B"},
                   name='=HYPERLINK("http://x")')
    assert import_form(filled, Q).respondent_name == ""
    formula = _fill(path, tmp_path / "formule.xlsx", {Q.items[0].id: '=IF(1,"A")'})
    with pytest.raises(UserError) as info:
        import_form(formula, Q)
    assert "vraag 1.1" in info.value.message and "IF" not in str(info.value)


def test_an_unknown_answer_names_the_question_but_not_the_value(form, tmp_path):
    path, _measurement = form
    filled = _fill(path, tmp_path / "fout.xlsx",
                   {Q.items[0].id: "Jansen 123456782", Q.items[4].id: "6"})
    with pytest.raises(UserError) as info:
        import_form(filled, Q)
    assert "vraag 1.1, 2.2" in info.value.message
    assert "Jansen" not in str(info.value) and "123456782" not in str(info.value)


def test_an_answer_on_a_line_without_a_question_is_refused(form, tmp_path):
    path, _measurement = form
    wb = openpyxl.load_workbook(path)
    ws = wb[FORM_SHEET]
    row = _rows(ws)[Q.items[0].id] + 2  # next to option B instead of the question
    ws.cell(row=row, column=ANSWER_COLUMN).value = "X"
    wb.save(tmp_path / "verkeerd.xlsx")
    with pytest.raises(UserError) as info:
        import_form(tmp_path / "verkeerd.xlsx", Q)
    assert f"regel {row}" in info.value.message


def test_an_empty_form_says_it_was_not_filled_in(form):
    path, _measurement = form
    with pytest.raises(UserError) as info:
        import_form(path, Q)
    assert "nog niet ingevuld" in info.value.message


@pytest.mark.parametrize("tamper", ["swap_rows", "change_id", "delete_row", "drop_meta",
                                    "other_fingerprint", "insert_row"])
def test_a_tampered_form_is_refused_with_a_clear_message(form, tmp_path, tamper):
    path, _measurement = form
    wb = openpyxl.load_workbook(path)
    ws = wb[FORM_SHEET]
    rows = _rows(ws)
    first, second = rows[Q.items[0].id], rows[Q.items[1].id]
    ws.cell(row=first, column=ANSWER_COLUMN).value = "B"
    if tamper == "swap_rows":
        ws.cell(row=first, column=ID_COLUMN).value = Q.items[1].id
        ws.cell(row=second, column=ID_COLUMN).value = Q.items[0].id
    elif tamper == "change_id":
        ws.cell(row=first, column=ID_COLUMN).value = "visie.iets_anders"
    elif tamper == "delete_row":
        ws.delete_rows(second, 7)
    elif tamper == "insert_row":
        ws.insert_rows(first)  # an extra question: item 6 now appears twice
        ws.cell(row=first, column=ID_COLUMN).value = Q.items[5].id
    elif tamper == "drop_meta":
        del wb[META_SHEET]
    elif tamper == "other_fingerprint":
        meta = wb[META_SHEET]
        for row in meta.iter_rows():
            if row[0].value == "fingerprint":
                row[1].value = "0" * 16
    wb.save(tmp_path / "aangepast.xlsx")
    with pytest.raises(UserError) as info:
        import_form(tmp_path / "aangepast.xlsx", Q)
    expected = {
        "drop_meta": "geen antwoordformulier",
        "other_fingerprint": "andere versie van de vragenlijst",
    }.get(tamper, "is aangepast")
    assert expected in info.value.message
    assert info.value.hint


def test_files_that_are_not_forms(tmp_path):
    text = tmp_path / "antwoorden.xlsx"
    text.write_text("dit is geen Excel")
    with pytest.raises(UserError, match="kan niet worden gelezen als Excel-bestand"):
        import_form(text, Q)
    other = tmp_path / "begroting.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = "Begroting 2025"
    wb.save(other)
    with pytest.raises(UserError, match="geen antwoordformulier van Stuurwijzer"):
        import_form(other, Q)
    with pytest.raises(UserError, match="niet gevonden"):
        import_form(tmp_path / "weg.xlsx", Q)


def test_several_forms_go_to_the_measurement_they_were_made_for(tmp_path):
    from core.maturity.form import import_forms, place_form

    state = MaturityState()
    nulmeting = new_measurement(state, name="Nulmeting")
    blank = export_form(tmp_path / "leeg.xlsx", nulmeting, questionnaire=Q)
    first = _fill(blank, tmp_path / "a.xlsx", {Q.items[0].id: "B"}, name="Teamleider")
    second = _fill(blank, tmp_path / "b.xlsx", {Q.items[0].id: "D"}, name="")
    bad = tmp_path / "c.xlsx"
    bad.write_bytes(b"PK\x03\x04 kapot")
    vervolg = new_measurement(state)  # the active one now, but the forms belong elsewhere

    batch = import_forms([first, bad, second], Q)
    assert [name for name, _answers in batch.imported] == ["a.xlsx", "b.xlsx"]
    assert [p.filename for p in batch.problems] == ["c.xlsx"]
    placed = [place_form(state, answers, vervolg) for _name, answers in batch.imported]
    assert all(p.measurement is nulmeting for p in placed)
    assert [p.name for p in nulmeting.respondents] == ["Collega 1", "Teamleider", "Collega 3"]

    elsewhere = MaturityState()  # a form from another project: goes to a new measurement
    result = place_form(elsewhere, batch.imported[0][1], None)
    assert [p.name for p in result.measurement.respondents] == ["Teamleider"]
