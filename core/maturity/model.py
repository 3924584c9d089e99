"""The ``maturity`` section of the project: measurements, respondents, answers.

A *measurement* (meting) is one round of the questionnaire on a date, e.g. the
nulmeting and a later vervolgmeting. Each colleague who answers is a
*respondent* with their own answers, so disagreement stays visible. An answer
is the level (1-5) of the option the respondent chose, or ``DONT_KNOW``; an
item that was not answered yet is simply absent.

Everything here is plain data with ``to_dict``/``from_dict``. ``from_dict`` is
tolerant: missing keys get defaults and answers that cannot be a level are
dropped, so an older or hand-edited project still opens.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

DONT_KNOW = 0
LEVELS = (1, 2, 3, 4, 5)
VALID_ANSWERS = frozenset((DONT_KNOW, *LEVELS))


def _new_id() -> str:
    return uuid.uuid4().hex[:12]


def _now() -> str:
    return datetime.now().isoformat(timespec="seconds")


def _clean_answers(raw: Any) -> dict[str, int]:
    if not isinstance(raw, dict):
        return {}
    answers = {}
    for key, value in raw.items():
        # bool is an int subclass; True must not pass as level 1.
        if isinstance(value, int) and not isinstance(value, bool) and value in VALID_ANSWERS:
            answers[str(key)] = value
    return answers


def _clean_date(raw: Any) -> str:
    try:
        return date.fromisoformat(str(raw)).isoformat()
    except ValueError:
        return date.today().isoformat()


@dataclass
class Respondent:
    """One colleague's answers in one measurement."""

    name: str
    answers: dict[str, int] = field(default_factory=dict)
    id: str = field(default_factory=_new_id)
    source: str = "app"  # "app": answered in Stuurwijzer; "formulier": imported answer form
    last_theme: str | None = None  # where to resume the questionnaire
    updated: str = field(default_factory=_now)

    def set_answer(self, item_id: str, value: int | None) -> None:
        """Store an answer (1-5 or DONT_KNOW); None removes it."""
        if value is None:
            self.answers.pop(item_id, None)
        elif value in VALID_ANSWERS:
            self.answers[item_id] = value
        else:
            raise ValueError(f"not an answer: {value!r}")
        self.updated = _now()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "answers": dict(self.answers),
            "source": self.source,
            "last_theme": self.last_theme,
            "updated": self.updated,
        }

    @classmethod
    def from_dict(cls, data: Any) -> Respondent:
        data = data if isinstance(data, dict) else {}
        return cls(
            name=str(data.get("name") or ""),
            answers=_clean_answers(data.get("answers")),
            id=str(data.get("id") or _new_id()),
            source=str(data.get("source") or "app"),
            last_theme=data.get("last_theme") if isinstance(data.get("last_theme"), str) else None,
            updated=str(data.get("updated") or ""),
        )


@dataclass
class Measurement:
    """One round of the questionnaire on a date."""

    name: str
    date: str = field(default_factory=lambda: date.today().isoformat())  # ISO yyyy-mm-dd
    respondents: list[Respondent] = field(default_factory=list)
    id: str = field(default_factory=_new_id)
    questionnaire_version: int = 1

    @property
    def day(self) -> date:
        return date.fromisoformat(self.date)

    def respondent(self, respondent_id: str) -> Respondent:
        for person in self.respondents:
            if person.id == respondent_id:
                return person
        raise KeyError(respondent_id)

    def has_answers(self) -> bool:
        return any(person.answers for person in self.respondents)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "date": self.date,
            "questionnaire_version": self.questionnaire_version,
            "respondents": [person.to_dict() for person in self.respondents],
        }

    @classmethod
    def from_dict(cls, data: Any) -> Measurement:
        data = data if isinstance(data, dict) else {}
        people = data.get("respondents")
        version = data.get("questionnaire_version")
        return cls(
            name=str(data.get("name") or ""),
            date=_clean_date(data.get("date")),
            respondents=[Respondent.from_dict(p) for p in people] if isinstance(people, list) else [],
            id=str(data.get("id") or _new_id()),
            questionnaire_version=version if isinstance(version, int) else 1,
        )


@dataclass
class MaturityState:
    """The project's ``maturity`` section."""

    measurements: list[Measurement] = field(default_factory=list)
    active_measurement: str | None = None  # the one shown in the step (resume here)
    active_respondent: str | None = None

    def measurement(self, measurement_id: str) -> Measurement:
        for item in self.measurements:
            if item.id == measurement_id:
                return item
        raise KeyError(measurement_id)

    def chronological(self) -> list[Measurement]:
        """Oldest first; measurements on the same day keep the order they were made in."""
        order = {m.id: n for n, m in enumerate(self.measurements)}
        return sorted(self.measurements, key=lambda m: (m.date, order[m.id]))

    def earlier_than(self, measurement: Measurement) -> list[Measurement]:
        """Measurements before this one, the most recent first (candidates to compare with)."""
        timeline = self.chronological()
        return list(reversed(timeline[: timeline.index(measurement)]))

    def to_dict(self) -> dict[str, Any]:
        return {
            "measurements": [m.to_dict() for m in self.measurements],
            "active_measurement": self.active_measurement,
            "active_respondent": self.active_respondent,
        }

    @classmethod
    def from_dict(cls, data: Any) -> MaturityState:
        data = data if isinstance(data, dict) else {}
        raw = data.get("measurements")
        measurements = [Measurement.from_dict(m) for m in raw] if isinstance(raw, list) else []
        active = data.get("active_measurement")
        ids = {m.id for m in measurements}
        respondent = data.get("active_respondent")
        return cls(
            measurements=measurements,
            active_measurement=active if active in ids else None,
            active_respondent=respondent if isinstance(respondent, str) else None,
        )


# --------------------------------------------------------------------------- editing
# The step page changes the section only through these, so the rules for
# default names and copying colleagues live in one place.


def _unique_name(base: str, taken: set[str]) -> str:
    number = 1
    while f"{base} {number}" in taken:
        number += 1
    return f"{base} {number}"


def new_measurement(
    state: MaturityState, name: str | None = None, on: date | None = None
) -> Measurement:
    """Start a measurement. A vervolgmeting invites the same colleagues as the last one."""
    from core.i18n import _

    timeline = state.chronological()
    if name is None:
        name = _("Nulmeting") if not timeline else _unique_name(
            _("Vervolgmeting"), {m.name for m in state.measurements}
        )
    measurement = Measurement(name=name, date=(on or date.today()).isoformat())
    if timeline:
        measurement.respondents = [Respondent(name=p.name) for p in timeline[-1].respondents]
    if not measurement.respondents:
        measurement.respondents.append(Respondent(name=_unique_name(_("Collega"), set())))
    state.measurements.append(measurement)
    state.active_measurement = measurement.id
    state.active_respondent = measurement.respondents[0].id
    return measurement


def add_respondent(measurement: Measurement, name: str | None = None) -> Respondent:
    from core.i18n import _

    taken = {p.name for p in measurement.respondents}
    person = Respondent(name=name or _unique_name(_("Collega"), taken))
    measurement.respondents.append(person)
    return person


def remove_respondent(measurement: Measurement, respondent_id: str) -> None:
    measurement.respondents = [p for p in measurement.respondents if p.id != respondent_id]


def add_or_replace(measurement: Measurement, person: Respondent) -> bool:
    """Add imported answers; a colleague with the same name is replaced. True when replaced."""
    key = person.name.strip().casefold()
    for index, existing in enumerate(measurement.respondents):
        if existing.name.strip().casefold() == key:
            person.id = existing.id
            measurement.respondents[index] = person
            return True
    measurement.respondents.append(person)
    return False
