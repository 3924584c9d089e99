"""Radar and bar figures: built in core with Agg, readable labels, both measurements."""

from __future__ import annotations

import io

from matplotlib.figure import Figure

from core.maturity import (
    DONT_KNOW,
    Measurement,
    Respondent,
    example_state,
    load_questionnaire,
    score_measurement,
)
from core.maturity.chart import bar_figure, radar_figure

Q = load_questionnaire()


def _results():
    earlier, later = example_state().chronological()
    return score_measurement(earlier, Q), score_measurement(later, Q)


def _png(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


def test_radar_shows_every_theme_and_both_measurements():
    earlier, later = _results()
    fig = radar_figure(later, earlier, Q)
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_xticklabels()]
    # The same theme names as the tables (wrapped), then the level.
    assert [" ".join(label.split("\n")[:-1]) for label in labels] == [t.name for t in Q.themes]
    assert labels[0].endswith(str(later.theme("visie").level))
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend == ["Nulmeting (12 mrt 2024)", "Vervolgmeting 2025 (18 mrt 2025)"]
    assert _png(fig).startswith(b"\x89PNG")


def test_bars_show_score_level_spread_and_disagreement():
    earlier, later = _results()
    fig = bar_figure(later, earlier, Q)
    ax = fig.axes[0]
    names = [t.get_text().replace("\n", " ") for t in ax.get_yticklabels()]
    flagged = [n for n in names if n.endswith("(!)")]
    assert len(flagged) == len(later.disagreements) >= 1
    texts = [t.get_text() for t in ax.texts]
    assert texts.count("niveau 2") + texts.count("niveau 3") == len(Q.themes)
    assert "totaal niveau 2" in fig.get_suptitle()
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert "spreiding collega's" in legend and "Nulmeting (12 mrt 2024)" in legend
    assert _png(fig).startswith(b"\x89PNG")


def test_unknown_themes_are_labelled_not_drawn_as_zero():
    answers = {i.id: 2 for i in Q.items}
    for item in Q.theme("privacy").items:
        answers[item.id] = DONT_KNOW
    result = score_measurement(Measurement("Meting", "2025-01-01",
                                           [Respondent("A", answers)]), Q)
    radar = radar_figure(result, questionnaire=Q)
    assert radar.axes[0].get_xticklabels()[-1].get_text().endswith("onbekend")
    bars = bar_figure(result, questionnaire=Q)
    assert "onbekend: te weinig antwoorden" in [t.get_text() for t in bars.axes[0].texts]
    assert len(bars.axes[0].patches) == len(Q.themes) - 1
