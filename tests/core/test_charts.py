"""Chart specs: proposals, honest corrections, stale state, files, round trip, house style."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from care_fixture import build_project
from PIL import Image

from core import charts, suppression
from core.chart_spec import ChartBook, ChartSpec, Filter, Interpretation, Target
from core.cleaning import Operation, add_operation
from core.errors import UserError
from core.house_style import (
    format_euro_compact,
    format_number,
    format_period,
    value_formatter,
)
from core.project import open_project, project_to_document, save_project
from core.steps import Status, step_status
from core.templates import templates


@pytest.fixture
def project():
    project = build_project()
    suppression.set_threshold(project, 1)  # the hand-made data is tiny: show everything
    return project


def test_spec_round_trip_through_the_project_file(tmp_path, project):
    spec = ChartSpec(
        "kosten_per_aanbieder", "gestapelde_staaf", x="periode", group="product_code",
        aggregation="som", period="kwartaal", filters=[Filter("provider", ["P1"])],
        date_from="2024-01-01", date_to="2024-12-31", sort="naam",
        target=Target(1000.0, "Grens"), params={"x": 1}, title="Eigen titel",
        title_edited=True, alt_text="Uitleg", alt_text_edited=True,
        interpretation=Interpretation("Ik zie", "Het betekent", "Ik ga"),
        fingerprint="abc", origin="template:kosten:0")
    project.charts = ChartBook([spec], suppression_threshold=7, proposed_for="kosten")
    loaded = open_project(save_project(project, tmp_path / "p.stuurwijzer"))
    assert loaded.charts == project.charts
    assert project_to_document(loaded)["charts"] == project_to_document(project)["charts"]


def test_chart_section_reads_old_and_damaged_values():
    assert ChartBook.from_dict([{"indicator": "instroom", "kind": "taart"}]).specs[0].kind == \
        "staaf"
    assert ChartBook.from_dict("onzin") == ChartBook()
    book = ChartBook.from_dict({"specs": [{"indicator": "instroom", "target": {"value": "x"}}],
                                "suppression_threshold": -3})
    assert book.specs[0].target is None and book.suppression_threshold == 10


def test_example_question_proposes_the_templates_charts_once(example_project_factory):
    project = example_project_factory()
    project.charts.specs.clear()  # the example comes with them; start as a user would
    project.charts.proposed_for = None
    assert charts.needs_proposals(project)
    added = charts.add_proposals(project)
    assert len(added) == len(templates()["wachttijd"].charts)  # the template decides
    # The median per provider, and beside it the share within the norm per provider: the
    # question's goal is a share, so a claim about one provider needs both.
    assert [(s.indicator, s.kind, s.x, s.aggregation) for s in added[:3]] == [
        ("wachttijd_dagen", "liggende_staaf", "provider", "mediaan"),
        ("wachttijd_binnen_norm", "liggende_staaf", "provider", None),
        ("wachttijd_binnen_norm", "lijn", "periode", None)]
    assert added[0].target == Target(42.0, "Norm: 42 dagen")
    assert added[1].target == added[2].target == Target(0.9, "Doel: 90%")  # the question's
    assert not charts.needs_proposals(project) and charts.add_proposals(project) == []


def test_the_example_comes_with_its_proposed_charts_and_what_they_mean(example_project_factory):
    project = example_project_factory()
    specs = project.charts.specs
    assert [s.origin for s in specs] == [f"template:wachttijd:{i}" for i in range(4)]
    assert all(s.interpretation.is_complete() for s in specs)
    assert "De Hoop" in specs[0].interpretation.seen
    assert not charts.needs_proposals(project)


def test_the_examples_interpretations_quote_what_their_charts_show(example_project_factory):
    # Regenerated example data must not leave the officer's words behind the figures.
    project = example_project_factory()
    for spec in project.charts.specs:
        data = charts.build(project, spec)
        shown = set(data.table["display"]) | {format_number(line.value) for line in data.lines}
        quoted = re.findall(r"(\d+(?:,\d+)?) dagen", spec.interpretation.seen)
        assert set(quoted) <= shown, (spec.indicator, quoted, shown)


def test_every_template_proposal_is_something_we_can_draw():
    for template in templates().values():
        for proposal in template.charts:
            assert proposal["indicator"] in charts.analysis.registered(), template.id
            assert proposal["kind"] in charts.KINDS, template.id


def test_proposal_with_a_period_puts_time_on_x_and_groups_in_series(project):
    trend = charts.spec_from_proposal(project, {"indicator": "clienten_in_zorg", "kind": "lijn",
                                                "period": "kwartaal", "group": "provider"})
    assert (trend.x, trend.group, trend.period) == ("periode", "provider", "kwartaal")
    compare = charts.spec_from_proposal(project, {"indicator": "marktaandeel",
                                                  "kind": "gestapelde_staaf", "group": "district"})
    data = charts.build(project, compare)
    assert (data.spec.x, data.spec.group, data.kind) == ("district", "provider",
                                                         "gestapelde_staaf")


def test_dishonest_choices_are_corrected_with_a_reason(project):
    stacked_median = charts.build(project, ChartSpec("wachttijd_dagen", "gestapelde_staaf",
                                                     x="periode", group="provider"))
    assert stacked_median.kind == "staaf"
    assert any("niet opstapelen" in g for g in stacked_median.guidance)
    line_over_providers = charts.build(project, ChartSpec("wachttijd_dagen", "lijn",
                                                          x="provider"))
    assert line_over_providers.kind == "liggende_staaf"
    assert any("ontwikkeling in de tijd" in g for g in line_over_providers.guidance)
    budget = charts.build(project, ChartSpec("budgetuitputting", "staaf", x="periode"))
    assert budget.spec.x == "provider"


def test_insight_titles_state_what_the_chart_shows(project):
    norm = charts.build(project, ChartSpec("wachttijd_dagen", "liggende_staaf", x="provider",
                                           target=Target(38, "Norm: 38 dagen")))
    assert norm.suggested_title == "Mediane wachttijd boven 38 dagen bij 1 van de 2 aanbieders"
    budget = charts.build(project, ChartSpec("budgetuitputting", "liggende_staaf"))
    assert budget.suggested_title == "Budgetuitputting boven 90% bij 1 van de 2 aanbieders"
    assert [ln.label for ln in budget.lines] == ["Plafond (100%)", "Waarschuwing: 90%"]
    costs = charts.build(project, ChartSpec("kosten_per_aanbieder", "staaf", x="provider"))
    assert costs.suggested_title == ("Kosten het hoogst bij Aanbieder Twee (€ 1.300) en het "
                                     "laagst bij Aanbieder Een (€ 451)")  # 450,50 rounds up
    per_client = charts.build(project, ChartSpec("kosten_per_client", "staaf"))
    assert per_client.suggested_title == "Kosten per cliënt: € 584"  # 583,50 rounded
    trend = charts.build(project, ChartSpec("wachttijd_dagen", "lijn", x="periode"))
    assert trend.suggested_title == ("Mediane wachttijd steeg van 37 dagen in jan 2024 naar "
                                     "40 dagen in jun 2024")


def test_no_trend_claim_where_the_first_periods_undercount(project):
    data = charts.build(project, ChartSpec("clienten_in_zorg", "lijn", x="periode"))
    assert data.suggested_title == ("Aantal cliënten in zorg: 2 cliënten in jul 2024 "
                                    "(hoogste: 3 cliënten in mrt 2024)")
    assert "jan 2024 t/m jul 2024" in data.subtitle


def test_alt_text_and_title_are_stored_until_the_user_writes_their_own(project):
    spec = ChartSpec("wachttijd_dagen", "liggende_staaf", x="provider")
    data = charts.build(project, spec)
    assert charts.apply_build(spec, data)
    assert spec.title == data.suggested_title and spec.alt_text == data.alt_text
    assert spec.alt_text.startswith("Liggende staafgrafiek: mediane wachttijd per aanbieder.")
    spec.title, spec.title_edited = "Twee aanbieders, kleine verschillen", True
    charts.apply_build(spec, charts.build(project, spec))
    assert spec.title == "Twee aanbieders, kleine verschillen"
    assert charts.render(project, spec).title == "Twee aanbieders, kleine verschillen"


def test_chart_is_stale_after_data_or_cleaning_change_until_rebuilt(project):
    spec = ChartSpec("zorgduur_dagen", "staaf", x="provider")
    project.charts.specs.append(spec)
    assert charts.chart_state(project, spec) == "new"
    charts.apply_build(spec, charts.build(project, spec))
    assert charts.chart_state(project, spec) == "current"
    assert step_status("grafieken", project).status is Status.IN_PROGRESS
    add_operation(project, Operation("remove_rows", "t", {"rows": [0]}, "test"))
    assert charts.chart_state(project, spec) == "stale"
    assert charts.build(project, spec).stale
    assert step_status("grafieken", project).status is Status.ATTENTION
    assert charts.state_label("stale") == "verouderd"
    charts.apply_build(spec, charts.build(project, spec))
    assert charts.chart_state(project, spec) == "current"
    spec.interpretation = Interpretation("Ik zie", "Het betekent", "Ik ga")
    assert step_status("grafieken", project).status is Status.DONE


def test_png_and_svg_carry_title_and_alt_text(tmp_path, project):
    rendered = charts.render(project, ChartSpec("kosten_per_aanbieder", "staaf", x="provider"))
    png = charts.export(rendered, tmp_path / "kosten.png").read_bytes()
    image = Image.open(io.BytesIO(png))
    assert image.size[0] >= 1600  # print resolution
    assert image.info["Title"] == rendered.title and image.info["Description"] == rendered.alt_text
    svg = charts.export(rendered, tmp_path / "kosten.svg").read_text(encoding="utf-8")
    assert rendered.title in svg and "<dc:language>nl</dc:language>" in svg
    with pytest.raises(UserError):
        charts.export(rendered, tmp_path / "kosten.pdf")


def test_axes_are_dutch_and_bars_start_at_zero(project):
    costs = charts.render(project, ChartSpec("kosten_per_aanbieder", "staaf", x="provider"))
    ax = costs.figure.axes[0]
    costs.figure.canvas.draw()
    ticks = [t.get_text() for t in ax.get_yticklabels() if t.get_text()]
    assert ticks[0] == "€ 0" and all(t.startswith("€ ") for t in ticks)
    assert ax.get_ylim()[0] == 0
    labels = [t.get_text() for t in ax.texts]
    assert "€ 1.300" in labels and "€ 450,5" not in labels
    share = charts.render(project, ChartSpec("wachttijd_binnen_norm", "lijn", x="periode"))
    share.figure.canvas.draw()
    ax = share.figure.axes[0]
    low, high = ax.get_ylim()
    assert low == 0 and 1.0 <= high <= 1.1  # a share always on the full 0-100% scale
    assert "100%" in [t.get_text() for t in ax.get_yticklabels()]
    footer = " ".join(t.get_text().replace("\n", " ") for t in share.figure.texts)
    assert "gegevens t/m 11 jul 2024" in footer  # the last start of care


def test_every_kind_draws_for_every_indicator(project):
    for indicator in charts.analysis.registered():
        for kind in charts.KINDS:
            rendered = charts.render(project, ChartSpec(indicator, kind), width_in=6,
                                     height_in=4)
            assert rendered.title and rendered.alt_text, (indicator, kind)


def test_house_style_formats():
    assert format_period(date(2024, 5, 1), "kwartaal") == "K2 2024"
    assert format_period(date(2024, 5, 1), "maand") == "mei 2024"
    assert format_period(date(2024, 5, 1), "jaar") == "2024"
    assert format_euro_compact(1_250_000) == "€ 1,3 mln"
    assert format_euro_compact(2_000_000) == "€ 2 mln"
    assert format_euro_compact(850_000) == "€ 850.000"
    assert value_formatter("dagen")(7.5) == "7,5" and value_formatter("dagen")(12.0) == "12"
    assert value_formatter("procent")(0.904) == "90%"
    assert format_number(-0.2) == "0"


def test_everything_together_gives_one_figure(project):
    data = charts.build(project, ChartSpec("wachttijd_dagen", "staaf", x="totaal"))
    assert data.spec.x is None and data.x_order == ["Totaal"]
    assert data.suggested_title == "Mediane wachttijd: 40 dagen"
    default = charts.build(project, ChartSpec("wachttijd_dagen", "staaf"))
    assert default.spec.x == "provider"  # no choice yet: the indicator's own default


def test_any_templates_proposal_shape_becomes_a_spec(project):
    make = lambda **p: charts.spec_from_proposal(project, p)  # noqa: E731
    assert make(indicator="instroom", kind="staaf", period="quarter").period == "kwartaal"
    assert make(indicator="instroom", kind="taart").kind == "staaf"  # no pie charts
    odd = make(indicator="kosten_per_aanbieder", kind="liggende_staaf", group="client",
               aggregation="onbekend")
    data = charts.build(project, odd)
    assert (data.spec.x, data.aggregation) == ("provider", "som")  # sensible defaults


def test_a_category_code_without_a_national_name_still_says_what_it_is(example_project_factory):
    project = example_project_factory()
    costs = next(d for d in project.datasets if d.kind == "303")
    category = next(s.name for s in costs.columns if s.role == "product_category")
    column = costs.original[category]
    costs.original = costs.original.assign(**{category: column.where(column != "45", "99")})
    costs.source, costs._typed = None, None  # other content: computed afresh
    data = charts.build(project, ChartSpec("kosten_per_product", "staaf", x="product_category"))
    assert "categorie 99" in data.x_order


def test_the_questions_goal_only_goes_to_the_questions_own_indicators(example_project_factory):
    project = example_project_factory()  # "90% binnen 42 dagen" for the waiting-time template
    assert charts.default_target(project, "wachttijd_binnen_norm") == Target(0.9, "Doel: 90%")
    assert charts.default_target(project, "aandeel_volgens_plan") is None


def test_labels_read_as_words(example_project_factory):
    assert charts.with_unit(1, "cliënten") == "1 cliënt"
    assert charts.with_unit(2, "cliënten") == "2 cliënten"
    assert charts.with_unit(1.5, "dagen") == "1,5 dagen"
    project = example_project_factory()
    data = charts.build(project, ChartSpec("kosten_per_product", "staaf", x="product_category"))
    # A national category code gets its national name; an unknown code says what it is.
    assert "45 Jeugdhulp ambulant" in data.x_order
    assert not any(label.startswith("categorie ") for label in data.x_order)
    by_provider = charts.build(project, ChartSpec("kosten_per_aanbieder", "staaf", x="provider"))
    assert "Jeugdzorg De Hoop B.V." in by_provider.x_order  # names, not AGB codes


@pytest.mark.parametrize("norm", [34.0, 38.0, 42.0, 52.0])
def test_a_long_norm_label_near_the_right_edge_stays_inside_the_picture(example_project_factory,
                                                                        norm):
    project = example_project_factory()
    spec = ChartSpec("wachttijd_dagen", "liggende_staaf", x="provider", aggregation="mediaan",
                     target=Target(norm, "Streefwaarde van de gemeente 2025"))
    data = charts.build(project, spec)
    for width_in, height_in in ((5.6, 5.0), (6.5, 3.7)):  # the app's narrowest, the report
        figure = charts.new_figure(width_in, height_in)
        charts.draw(figure, data)
        renderer = figure.canvas.get_renderer()
        label = next(t for t in figure.axes[0].texts if t.get_text() == spec.target.label)
        box = label.get_window_extent(renderer)
        assert 0 <= box.x0 and box.x1 <= figure.bbox.width, (width_in, box.extents)
        line_x = figure.axes[0].transData.transform((norm, 0))[0]
        assert box.x1 <= line_x or box.x0 >= line_x  # beside the line, not across it
