"""Small-number suppression: the rule, and that no output path shows a hidden figure."""

from __future__ import annotations

import re

import matplotlib.text
import pandas as pd
import pytest
from care_fixture import build_project

from core import charts, suppression
from core.chart_spec import ChartSpec
from core.errors import UserError
from core.project import open_project, save_project


def texts_of(rendered: charts.RenderedChart) -> list[str]:
    return [t.get_text() for t in rendered.figure.findobj(matplotlib.text.Text) if t.get_text()]


def svg_texts(rendered: charts.RenderedChart) -> list[str]:
    """matplotlib writes every text as a comment before its glyphs."""
    return re.findall(r"<!-- (.*?) -->", rendered.svg().decode("utf-8"))


def every_output(rendered: charts.RenderedChart) -> list[str]:
    header, rows = rendered.data.table_rows()
    return [*texts_of(rendered), *svg_texts(rendered), rendered.title, rendered.alt_text,
            *header, *[cell for row in rows for cell in row]]


def test_rule_hides_small_groups_and_what_would_reveal_them():
    table = pd.DataFrame({"x": ["a", "b", "c", "d"], "group": [""] * 4,
                          "value": [0.02, 0.48, 0.3, 0.2], "clients": [3, 48, 30, 20]})
    rule = suppression.SuppressionRule(10)
    alone = suppression.suppress(table, rule)
    assert alone.table["hidden"].tolist() == ["klein", "", "", ""]
    # shares add up to 100%: a second figure must go, the smallest other one
    shares = suppression.suppress(table, rule, within=["group"])
    assert shares.table["hidden"].tolist() == ["klein", "", "", "afleidbaar"]
    assert shares.table["value"].isna().tolist() == [True, False, False, True]
    assert (shares.primary, shares.secondary) == (1, 1)
    assert rule.format_count(3) == "<10" and rule.format_count(1234) == "1.234"
    assert rule.format_count(0) == "0"


def test_threshold_is_stored_in_the_project_and_validated(tmp_path):
    project = build_project()
    assert suppression.rule_for(project).threshold == 10
    suppression.set_threshold(project, 5)
    loaded = open_project(save_project(project, tmp_path / "p.stuurwijzer"))
    assert suppression.rule_for(loaded).threshold == 5
    assert "<5" in suppression.rule_for(loaded).explanation
    with pytest.raises(UserError):
        suppression.set_threshold(project, 0)


@pytest.fixture
def project():
    project = build_project()
    suppression.set_threshold(project, 3)  # P1 has 2 clients, P2 has 3
    return project


@pytest.mark.parametrize("kind", ["liggende_staaf", "staaf", "tabel"])
def test_hidden_median_never_reaches_bars_labels_titles_alt_text_or_files(project, kind):
    rendered = charts.render(project, ChartSpec("wachttijd_dagen", kind, x="provider"))
    hidden = rendered.data.table.set_index("x")
    assert hidden.at["P1", "hidden"] == "klein" and pd.isna(hidden.at["P1", "value"])
    outputs = every_output(rendered)
    assert not any(re.search(r"\b37\b", text) for text in outputs)  # median(10, 64) of P1
    assert any(re.search(r"\b40\b", text) for text in outputs)  # P2 is shown
    assert any("verborgen" in text for text in outputs)
    assert any("minder dan 3 cliënten" in text for text in outputs)  # the note says why
    bar_lengths = {round(p.get_width() if kind == "liggende_staaf" else p.get_height(), 3)
                   for p in rendered.figure.axes[0].patches}
    assert 37.0 not in bar_lengths


def test_small_counts_show_as_less_than_threshold(project):
    rendered = charts.render(project, ChartSpec("clienten_in_zorg", "staaf", x="periode"))
    shown = rendered.data.table.set_index("x_label")["display"].to_dict()
    assert shown["jan 2024"] == "<3" and shown["mrt 2024"] == "3"
    outputs = every_output(rendered)
    assert "<3" in outputs
    heights = [p.get_height() for p in rendered.figure.axes[0].patches]
    assert 1.0 not in heights and 2.0 not in heights and 3.0 in heights
    header, rows = charts.render(
        project, ChartSpec("clienten_in_zorg", "tabel", x="periode")).data.table_rows()
    assert ["jan 2024", "<3"] in rows


def test_market_share_hides_a_second_share_that_would_give_the_first_away(monkeypatch):
    import care_fixture

    # A third client in care at P2 (c6): P1 has 2 clients in care (c1, c2), P2 has 3.
    monkeypatch.setattr(care_fixture, "ASSIGNMENTS", [*care_fixture.ASSIGNMENTS, (
        "c6", "P2", "Aanbieder Twee", "45A01", "B10", "01-03-2024", "31-12-2024", "Zuid")])
    monkeypatch.setattr(care_fixture, "STARTS", [*care_fixture.STARTS,
                                                 ("c6", "P2", "45A01", "B10", "10-03-2024")])
    project = care_fixture.build_project()
    suppression.set_threshold(project, 3)
    rendered = charts.render(project, ChartSpec("marktaandeel", "staaf", x="provider"))
    assert rendered.data.table["hidden"].tolist() == ["klein", "afleidbaar"]
    header, rows = rendered.data.table_rows()
    assert rows == [["Aanbieder Een", "verborgen", "<3"],
                    ["Aanbieder Twee", "verborgen", "verborgen"]]
    assert not any(re.search(r"\b(40|60)%", text) for text in every_output(rendered))
    assert "ander cijfer verborgen" in rendered.data.suppression_note


def test_hidden_categories_are_drawn_last_so_order_reveals_nothing(project):
    spec = ChartSpec("wachttijd_dagen", "liggende_staaf", x="provider", sort="waarde_op")
    assert charts.build(project, spec).x_order == ["Aanbieder Twee", "Aanbieder Een"]
