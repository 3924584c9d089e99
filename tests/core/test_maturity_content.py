"""Content validity of the questionnaire in resources/maturity/."""

from __future__ import annotations

import re

from core.maturity import ANALYSIS_TYPES, load_questionnaire
from core.maturity.questionnaire import texts

Q = load_questionnaire()
REQUIRED_THEMES = [
    "Visie en strategie",
    "Leiderschap en opdrachtgeverschap",
    "Organisatie en rollen",
    "Mensen en vaardigheden",
    "Data en datakwaliteit",
    "Techniek en hulpmiddelen",
    "Gebruik in de beleidscyclus",
    "Privacy, ethiek en samenwerking",
]


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.?!])\s+", text.strip()) if s]


def test_five_gartner_levels_with_dutch_labels_and_descriptions():
    assert [lv.gartner for lv in Q.levels] == [
        "Basic", "Opportunistic", "Systematic", "Differentiating", "Transformational"]
    assert [lv.number for lv in Q.levels] == [1, 2, 3, 4, 5]
    for level in Q.levels:
        assert level.label and level.label != level.gartner
        assert level.summary and level.description and level.meaning


def test_the_required_themes_in_order_each_with_two_to_four_items():
    assert [t.name for t in Q.themes] == REQUIRED_THEMES
    for theme in Q.themes:
        assert 2 <= len(theme.items) <= 4, theme.id
        assert theme.why and theme.short


def test_every_item_has_five_distinct_non_empty_options():
    ids = [item.id for item in Q.items]
    assert len(ids) == len(set(ids))
    for item in Q.items:
        assert item.text.strip().endswith("?"), item.id
        assert len(item.options) == 5, item.id
        assert all(option.strip() for option in item.options), item.id
        assert len({option.strip().casefold() for option in item.options}) == 5, item.id
        # Concrete practice, not an agreement scale.
        for option in item.options:
            assert not re.search(r"\b(mee ?eens|oneens|enigszins)\b", option, re.I), item.id


def test_every_theme_has_a_next_step_for_levels_one_to_four_and_strengths():
    for theme in Q.themes:
        assert sorted(theme.next_steps) == [1, 2, 3, 4], theme.id
        steps = list(theme.next_steps.values())
        assert all(s.strip() for s in steps) and len(set(steps)) == 4, theme.id
        assert sorted(theme.strengths) == [2, 3, 4, 5], theme.id
        assert all(s.strip() for s in theme.strengths.values()), theme.id


def test_the_analysis_fit_rule_names_real_types_and_themes():
    rule = Q.analysis_fit
    assert set(Q.analysis_types) == set(ANALYSIS_TYPES)
    # The sources: describing and explaining fit at every level.
    assert rule["always"] == ["beschrijvend", "diagnostisch"]
    assert set(rule["always"]) | set(rule["requires"]) == set(ANALYSIS_TYPES)
    themes = {t.id for t in Q.themes}
    for need in rule["requires"].values():
        assert set(need["themes"]) <= themes and 1 < need["level"] <= 5
    assert rule["requires"]["voorspellend"]["level"] < rule["requires"]["voorschrijvend"]["level"]
    assert {c["theme"] for c in rule["conditions"]} <= themes
    assert all(c["text"] in texts()["analysis_fit"] for c in rule["conditions"])


def test_every_item_belongs_to_mens_techniek_or_organisatie():
    assert set(Q.dimensions) == {"mens", "techniek", "organisatie"}
    used = {i.dimension for i in Q.items}
    assert used == set(Q.dimensions)
    for key in Q.dimensions:  # each side has enough items to get a level of its own
        assert sum(1 for i in Q.items if i.dimension == key) >= 4


def test_levels_carry_the_stages_of_the_dutch_model():
    # The sources name the first and the last of the five stages; the app names no others.
    assert Q.level(1).stage == "databeperkend" and Q.level(5).stage == "databedreven"
    assert not any(Q.level(n).stage for n in (2, 3, 4))


def test_items_ask_what_a_policy_officer_sees_at_work():
    """No job titles or systems a small municipality does not have, no acronyms
    left unexplained (issue 19)."""
    banned = ["chief data officer", "datawarehouse", "data warehouse", "beoordeeld", "IAMA"]
    for item in Q.items:
        for text in (item.text, *item.options):
            for word in banned:
                assert word.lower() not in text.lower(), (item.id, word)
    for theme in Q.themes:
        for step in theme.next_steps.values():
            assert "chief data officer" not in step.lower()


def test_about_fifteen_minutes_to_complete():
    """At a B1 reading pace of about 150 words a minute plus a moment to choose."""
    words = sum(len(i.text.split()) + sum(len(o.split()) for o in i.options) for i in Q.items)
    minutes = words / 150
    assert 10 <= minutes <= 20 and Q.minutes == 15


def test_language_level_b1_short_sentences():
    texts_to_check = [i.text for i in Q.items] + [o for i in Q.items for o in i.options]
    texts_to_check += [s for t in Q.themes for s in (*t.next_steps.values(), t.why)]
    for text in texts_to_check:
        for sentence in _sentences(text):
            assert len(sentence.split()) <= 25, sentence


def test_scoring_settings_are_consistent():
    s = Q.scoring
    assert s.min_answered_per_theme <= min(len(t.items) for t in Q.themes)
    assert s.min_known_themes <= len(Q.themes)
    assert s.few_answers > s.min_answered_per_theme
    certainty = texts()["certainty"]
    assert [rule["id"] for rule in s.certainty] == ["groot", "redelijk"]
    assert set(certainty) == {"groot", "redelijk", "klein", "onbekend"}
