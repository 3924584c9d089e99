"""Maturity charts as matplotlib figures (Agg): a radar of levels and bars of scores.

The app shows these figures on a Qt canvas and the report saves the same
figures, so what the management team sees on screen and on paper is identical.
Colours come from core.house_style.
"""

from __future__ import annotations

import math
import textwrap

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from core.chart_fonts import use_house_font
from core.house_style import PALETTE, format_date, format_number
from core.i18n import _
from core.maturity.questionnaire import Questionnaire, load_questionnaire
from core.maturity.scoring import MaturityResult

CURRENT = PALETTE[0]
EARLIER = PALETTE[1]
ATTENTION = PALETTE[3]
GRID = "#C9D3DE"
TEXT = "#1C2B3A"
MUTED = "#5B6B7D"


def _label(result: MaturityResult) -> str:
    from datetime import date

    return f"{result.name} ({format_date(date.fromisoformat(result.date))})"


def _figure(size: tuple[float, float]) -> Figure:
    use_house_font()
    fig = Figure(figsize=size, dpi=100, layout="constrained")
    FigureCanvasAgg(fig)  # a file can be written without a GUI; the app swaps the canvas
    return fig


def alt_text(result: MaturityResult, earlier: MaturityResult | None = None) -> str:
    """Both charts in words, for whoever cannot see them: level and score per theme."""

    def scores(r: MaturityResult) -> str:
        return "; ".join(
            _("{theme} niveau {level} (gemiddeld {score})").format(
                theme=t.name, level=t.level, score=format_number(float(t.score), 1))
            if t.known else _("{theme} onbekend").format(theme=t.name)
            for t in r.themes)

    text = _("Niveau per thema op een schaal van 1 tot 5, {label}: {scores}.").format(
        label=_label(result), scores=scores(result))
    if earlier is not None:
        text += " " + _("Eerder, {label}: {scores}.").format(
            label=_label(earlier), scores=scores(earlier))
    return text


def radar_figure(
    result: MaturityResult,
    earlier: MaturityResult | None = None,
    questionnaire: Questionnaire | None = None,
    size: tuple[float, float] = (5.6, 5.0),
) -> Figure:
    """The level of every theme on one ring chart; a dashed line for an earlier measurement.

    The themes carry their full names (the same as in the tables), and the earlier
    measurement is drawn on top of the later one, thin and dashed with open markers, so
    where both are equal both stay visible."""
    q = questionnaire or load_questionnaire()
    fig = _figure(size)
    ax = fig.add_subplot(projection="polar")
    count = len(result.themes)
    angles = [2 * math.pi * n / count for n in range(count)]
    closed = [*angles, angles[0]]
    ax.set_theta_offset(math.pi / 2)  # first theme on top, then clockwise
    ax.set_theta_direction(-1)
    ax.set_ylim(0, 5)
    ax.set_yticks([1, 2, 3, 4, 5])
    ax.set_yticklabels(["1", "2", "3", "4", "5"], color=MUTED, fontsize=8)
    ax.set_rlabel_position(360 / count / 2)
    ax.grid(color=GRID, linewidth=0.8)
    ax.spines["polar"].set_color(GRID)
    labels = []
    for theme in result.themes:
        name = "\n".join(textwrap.wrap(q.theme(theme.theme_id).name, 18))
        shown = str(theme.level) if theme.known else _("onbekend")
        labels.append(f"{name}\n{shown}")
    ax.set_xticks(angles)
    ax.set_xticklabels(labels, fontsize=8.5, color=TEXT, linespacing=1.05)
    ax.tick_params(axis="x", pad=12)

    # The later measurement first, thick and filled; the earlier one on top of it, so it
    # shows where the two are the same.
    values = [t.level if t.known else math.nan for t in result.themes]
    values.append(values[0])
    ax.plot(closed, values, color=CURRENT, linestyle="-", linewidth=3.0, marker="o",
            markersize=6, label=_label(result), zorder=3)
    if all(not math.isnan(v) for v in values):
        ax.fill(closed, values, color=CURRENT, alpha=0.15, zorder=2)
    if earlier is not None:
        before = [t.level if t.known else math.nan for t in earlier.themes]
        before.append(before[0])
        ax.plot(closed, before, color=EARLIER, linestyle=(0, (3, 2)), linewidth=1.6,
                marker="o", markersize=4.5, markerfacecolor="white", markeredgewidth=1.3,
                label=_label(earlier), zorder=4)
    handles, names = ax.get_legend_handles_labels()
    order = [names.index(_label(earlier))] if earlier is not None else []
    order.append(names.index(_label(result)))
    fig.legend([handles[n] for n in order], [names[n] for n in order],
               loc="outside lower center", ncols=1, frameon=False, fontsize=9)
    fig.suptitle(_("Niveau per thema\n1 = Basis, 5 = Transformerend"), fontsize=10.5,
                 color=TEXT, fontweight="bold")
    return fig


def bar_figure(
    result: MaturityResult,
    earlier: MaturityResult | None = None,
    questionnaire: Questionnaire | None = None,
    size: tuple[float, float] = (6.4, 5.0),
) -> Figure:
    """A bar per theme (the mean score), the range of colleagues' levels as a line,
    and the earlier measurement as a diamond."""
    q = questionnaire or load_questionnaire()
    fig = _figure(size)
    ax = fig.add_subplot()
    count = len(result.themes)
    rows = list(range(count))[::-1]  # first theme on top
    for row, theme in zip(rows, result.themes, strict=True):
        if not theme.known:
            ax.text(0.05, row, _("onbekend: te weinig antwoorden"), va="center",
                    fontsize=8.5, color=MUTED, style="italic")
            continue
        ax.barh(row, float(theme.score), height=0.55, color=CURRENT, alpha=0.85)
        ax.text(float(theme.score) + 0.06, row + 0.02,
                _("niveau {n}").format(n=theme.level), va="center", fontsize=8.5, color=TEXT)
        if theme.counting > 1 and theme.high > theme.low:
            colour = ATTENTION if theme.disagreement else TEXT
            ax.plot([theme.low, theme.high], [row - 0.38, row - 0.38], color=colour,
                    linewidth=1.6, solid_capstyle="butt")
            for end in (theme.low, theme.high):
                ax.plot([end, end], [row - 0.46, row - 0.30], color=colour, linewidth=1.6)
    if earlier is not None:
        xs = [float(t.score) for t in earlier.themes if t.known]
        ys = [row for row, t in zip(rows, earlier.themes, strict=True) if t.known]
        ax.scatter(xs, ys, marker="D", s=34, color=EARLIER, edgecolor="white", zorder=3,
                   label=_label(earlier))
    ax.barh([], [], color=CURRENT, label=_label(result))
    if any(t.spread for t in result.themes):
        ax.plot([], [], color=TEXT, linewidth=1.6, label=_("spreiding collega's"))
    if any(t.disagreement for t in result.themes):
        ax.plot([], [], color=ATTENTION, linewidth=1.6,
                label=_("(!) {n} niveaus verschil").format(
                    n=q.scoring.disagreement_levels))
    ax.set_yticks(rows)
    names = []
    for theme in result.themes:
        name = "\n".join(textwrap.wrap(q.theme(theme.theme_id).name, 20))
        names.append(name + ("  (!)" if theme.disagreement else ""))
    ax.set_yticklabels(names, fontsize=8.5, color=TEXT)
    for tick, theme in zip(ax.get_yticklabels(), result.themes, strict=True):
        if theme.disagreement:
            tick.set_color(ATTENTION)
    ax.set_xlim(0, 5.5)
    ax.set_ylim(-0.7, count - 0.4)
    ax.set_xticks([1, 2, 3, 4, 5])
    ax.set_xticklabels([str(lv.number) for lv in q.levels], fontsize=8.5, color=TEXT)
    ax.set_xlabel(_("niveau (1 = Basis, 5 = Transformerend)"), fontsize=8.5, color=MUTED)
    ax.grid(axis="x", color=GRID, linewidth=0.8)
    ax.set_axisbelow(True)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.spines["bottom"].set_color(GRID)
    ax.tick_params(axis="y", length=0)
    # Legend columns fill top to bottom: the two long measurement labels share the left one.
    handles, labels = ax.get_legend_handles_labels()
    order = sorted(range(len(labels)), key=lambda n: labels[n] not in (
        _label(result), *([_label(earlier)] if earlier is not None else [])))
    fig.legend([handles[n] for n in order], [labels[n] for n in order],
               loc="outside lower center", ncols=2, frameon=False, fontsize=8.5)
    total = (_("totaal niveau {n} (gemiddeld {score})").format(
        n=result.level, score=format_number(float(result.score), 1))
        if result.level is not None else _("totaal nog onbekend"))
    fig.suptitle(_("Gemiddelde per thema\n{total}").format(total=total), fontsize=10.5,
                 color=TEXT, fontweight="bold")
    ax.set_facecolor("white")
    return fig
