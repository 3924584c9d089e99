"""The shape of ``project.json``, checked in one place before anything reads it.

``check_document(doc)`` walks the whole document against ``DOCUMENT`` below: every
value must have the type its reader expects, ids must be safe file-name parts
(``core.limits.is_safe_id``), column types, roles and cleaning operations must be
known, dataset ids and column names unique, and every text, list and number stays
within ``core.limits``. Parts the schema does not name (keys from a newer version,
free-form parameters) are still walked: only JSON values, texts within bounds,
finite numbers. The first problem raises ``SchemaError`` with the path of the
wrong part, which ``core.project`` turns into a Dutch message.

The same check runs on every save, so what Stuurwijzer writes it can always open.
The ``from_dict`` readers of the sections stay tolerant of missing keys (older
files); this module is what makes them safe for hostile ones.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from functools import cache
from typing import Any

from core.i18n import _
from core.limits import (
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_DATASETS,
    MAX_LIST_ITEMS,
    MAX_LOGO_TEXT_CHARS,
    MAX_TEXT_CHARS,
    is_safe_id,
)
from core.report.section import MAX_TEXT as REPORT_TEXT_CHARS
from core.report.section import TEXT_FIELDS as REPORT_TEXT_FIELDS

Path = tuple[str | int, ...]
MAX_INT = 2**63 - 1


class SchemaError(ValueError):
    """``path`` is where in the document, ``problem`` a short Dutch phrase about it."""

    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(f"{format_path(path)}: {problem}")
        self.path = path
        self.problem = problem


def format_path(path: Path) -> str:
    """``datasets[2].columns[0].type``: for the log and the helpdesk."""
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else step)
    return out or "project.json"


# Dutch names of the parts, for the message ("gegevensset 3 > kolom 1 > soort").
_PART_NAMES = {
    "datasets": "gegevensset {n}", "columns": "kolom {n}", "later_questions": "vraag {n} voor later",
    "operations": "bewerking {n}", "undone": "ongedane bewerking {n}", "specs": "grafiek {n}",
    "actions": "actie {n}", "checklist": "regel {n} van de checklist",
    "measurements": "meting {n}", "respondents": "collega {n}",
    "question": "de vraag", "cleaning": "het opschoonlogboek", "maturity": "de volwassenheidsscan",
    "charts": "de grafieken", "report": "het rapport", "id": "de code", "name": "de naam",
    "type": "het soort", "role": "de rol", "source": "de herkomst", "settings": "de instellingen",
    "params": "de instellingen", "rows": "de rijen", "title": "de titel", "kind": "de soort",
    "logo": "het logo", "dataset": "de gegevensset", "column": "de kolom",
}
# The same parts when the whole list is meant.
_LIST_NAMES = {
    "datasets": "de gegevenssets", "columns": "de kolommen", "later_questions":
    "de vragen voor later", "operations": "de bewerkingen", "undone": "de ongedane bewerkingen",
    "specs": "de grafieken", "actions": "de acties", "checklist": "de checklist",
    "measurements": "de metingen", "respondents": "de collega's",
}


def describe_path(path: Path) -> str:
    """The Dutch name of the part at ``path``."""
    if not path:
        return _("het hele projectbestand")
    parts: list[str] = []
    i = 0
    while i < len(path):
        step = path[i]
        template = _PART_NAMES.get(str(step))
        if isinstance(step, str) and i + 1 < len(path) and isinstance(path[i + 1], int) \
                and template and "{n}" in template:
            parts.append(_(template).format(n=path[i + 1] + 1))
            i += 2
            continue
        if isinstance(step, int):
            parts.append(_("onderdeel {n}").format(n=step + 1))
        elif template and "{n}" not in template:
            parts.append(_(template))
        elif str(step) in _LIST_NAMES:
            parts.append(_(_LIST_NAMES[str(step)]))
        else:
            parts.append(f"'{step}'")
        i += 1
    return " > ".join(parts)


# --------------------------------------------------------------------------- the building blocks


class Spec:
    def check(self, value: Any, path: Path) -> None:
        raise NotImplementedError


def _fail(path: Path, problem: str) -> SchemaError:
    return SchemaError(path, problem)


class AnyJson(Spec):
    """Any JSON value, with texts, lists and numbers within the limits."""

    def check(self, value: Any, path: Path) -> None:
        if value is None or isinstance(value, bool):
            return
        if isinstance(value, str):
            if len(value) > MAX_TEXT_CHARS:
                raise _fail(path, _("is te lang"))
            if "\x00" in value:
                raise _fail(path, _("bevat een verboden teken"))
        elif isinstance(value, int):
            if abs(value) > MAX_INT:
                raise _fail(path, _("is een te groot getal"))
        elif isinstance(value, float):
            if not math.isfinite(value):
                raise _fail(path, _("is geen getal"))
        elif isinstance(value, list):
            if len(value) > MAX_LIST_ITEMS:
                raise _fail(path, _("is te lang"))
            for i, item in enumerate(value):
                self.check(item, (*path, i))
        elif isinstance(value, dict):
            for key, item in value.items():
                if len(key) > MAX_TEXT_CHARS:
                    raise _fail(path, _("heeft een te lange naam"))
                self.check(item, (*path, key))
        else:  # not produced by json.loads; a programming error when saving
            raise _fail(path, _("is geen gewone waarde"))


ANY = AnyJson()


class Text(Spec):
    def __init__(self, max_chars: int = MAX_TEXT_CHARS,
                 choices: Callable[[], Iterable[str]] | None = None) -> None:
        self.max_chars, self.choices = max_chars, choices

    def check(self, value: Any, path: Path) -> None:
        if not isinstance(value, str):
            raise _fail(path, _("is geen tekst"))
        if len(value) > self.max_chars:
            raise _fail(path, _("is te lang (meer dan {n} tekens)").format(
                n=f"{self.max_chars:,}".replace(",", ".")))
        if "\x00" in value:  # no text of the app holds it; PDF/A refuses it
            raise _fail(path, _("bevat een verboden teken"))
        if self.choices is not None and value not in set(self.choices()):
            raise _fail(path, _("is onbekend"))


class IsoDate(Text):
    """A date written as JJJJ-MM-DD (pandas reads other texts too, or fails)."""

    def __init__(self) -> None:
        super().__init__(max_chars=10)

    def check(self, value: Any, path: Path) -> None:
        super().check(value, path)
        try:
            date.fromisoformat(value)
        except ValueError:
            raise _fail(path, _("is geen datum")) from None


class Ident(Spec):
    def check(self, value: Any, path: Path) -> None:
        if not is_safe_id(value):
            raise _fail(path, _("is geen geldige code"))


class Bool(Spec):
    def check(self, value: Any, path: Path) -> None:
        if not isinstance(value, bool):
            raise _fail(path, _("is geen ja/nee"))


class Int(Spec):
    def __init__(self, low: int = -MAX_INT, high: int = MAX_INT) -> None:
        self.low, self.high = low, high

    def check(self, value: Any, path: Path) -> None:
        if not isinstance(value, int) or isinstance(value, bool):
            raise _fail(path, _("is geen geheel getal"))
        if not self.low <= value <= self.high:
            raise _fail(path, _("ligt buiten de grenzen"))


class Scalar(Spec):
    """A text, number, ja/nee or nothing (e.g. a cell value in a cleaning operation)."""

    def check(self, value: Any, path: Path) -> None:
        if isinstance(value, dict | list):
            raise _fail(path, _("is geen losse waarde"))
        ANY.check(value, path)


class Nullable(Spec):
    def __init__(self, inner: Spec) -> None:
        self.inner = inner

    def check(self, value: Any, path: Path) -> None:
        if value is not None:
            self.inner.check(value, path)


class ListOf(Spec):
    def __init__(self, item: Spec, max_items: int = MAX_LIST_ITEMS,
                 unique: Callable[[Any], Any] | None = None) -> None:
        self.item, self.max_items, self.unique = item, max_items, unique

    def check(self, value: Any, path: Path) -> None:
        if not isinstance(value, list):
            raise _fail(path, _("is geen lijst"))
        if len(value) > self.max_items:
            raise _fail(path, _("heeft te veel onderdelen (meer dan {n})").format(
                n=f"{self.max_items:,}".replace(",", ".")))
        seen: set[Any] = set()
        for i, item in enumerate(value):
            self.item.check(item, (*path, i))
            if self.unique is not None:
                key = self.unique(item)
                if key in seen:
                    raise _fail((*path, i), _("komt twee keer voor"))
                seen.add(key)


class MapOf(Spec):
    def __init__(self, value: Spec) -> None:
        self.value = value

    def check(self, value: Any, path: Path) -> None:
        if not isinstance(value, dict):
            raise _fail(path, _("is geen lijst met namen en waarden"))
        for key, item in value.items():
            if len(key) > MAX_TEXT_CHARS:
                raise _fail(path, _("heeft een te lange naam"))
            self.value.check(item, (*path, key))


class Record(Spec):
    """A dict with known keys; keys it does not name are any JSON (newer files)."""

    def __init__(self, fields: Mapping[str, Spec], required: tuple[str, ...] = ()) -> None:
        self.fields, self.required = fields, required

    def check(self, value: Any, path: Path) -> None:
        if not isinstance(value, dict):
            raise _fail(path, _("is geen onderdeel met gegevens"))
        for key in self.required:
            if key not in value:
                raise _fail((*path, key), _("ontbreekt"))
        for key, item in value.items():
            self.fields.get(key, ANY).check(item, (*path, key))


class Either(Spec):
    """The first spec whose kind of value fits (dict -> Record, list -> ListOf)."""

    def __init__(self, *specs: tuple[type, Spec]) -> None:
        self.specs = specs

    def check(self, value: Any, path: Path) -> None:
        for kind, spec in self.specs:
            if isinstance(value, kind):
                spec.check(value, path)
                return
        raise _fail(path, _("heeft een onbekende vorm"))


# --------------------------------------------------------------------------- what is known


@cache
def _resource_ids(*parts: str) -> frozenset[str]:
    from core.paths import load_json_resource

    return frozenset(k for k in load_json_resource(*parts) if not k.startswith("_"))


def column_types() -> frozenset[str]:
    return _resource_ids("column_types.json")


def dataset_kinds() -> frozenset[str]:
    return _resource_ids("texts", "dataset_kinds.json")


def operation_kinds() -> tuple[str, ...]:
    from core.cleaning import operation_kinds as kinds

    return kinds()


# --------------------------------------------------------------------------- project.json

TEXT = Text()
OPTIONAL_TEXT = Nullable(TEXT)
ROW = Int(0, MAX_INT)

COLUMN = Record({
    "name": TEXT,
    "type": Text(choices=column_types),
    "role": OPTIONAL_TEXT,
    "format": OPTIONAL_TEXT,
    "suggested_type": Nullable(Text(choices=column_types)),
    "suggested_role": OPTIONAL_TEXT,
}, required=("name",))

SOURCE = Record({
    "filename": TEXT, "size": Int(0), "content_id": TEXT, "sha256": TEXT, "sheet": OPTIONAL_TEXT,
    "imported_at": TEXT,
}, required=("filename",))

IMPORT_SETTINGS = Record({  # core.io.settings.ImportSettings
    "format": Text(choices=lambda: ("csv", "excel")), "encoding": TEXT, "delimiter": TEXT,
    "quotechar": TEXT, "decimal": TEXT, "thousands": TEXT, "date_format": TEXT,
    "header_row": Int(0, MAX_CELLS), "header_rows": Int(0, 1000), "sheet": OPTIONAL_TEXT,
    "exclude_rows": Nullable(ListOf(Int(-MAX_CELLS, MAX_CELLS))),
    "missing_values": Nullable(ListOf(TEXT)), "skip_bad_rows": Bool(),
})

DATASET = Record({
    "id": Ident(),
    "name": TEXT,
    "kind": Nullable(Text(choices=dataset_kinds)),
    "rows": Int(0, MAX_CELLS),
    "columns": ListOf(COLUMN, MAX_COLUMNS, unique=lambda c: c["name"]),
    "source": Nullable(SOURCE),
    "settings": Nullable(IMPORT_SETTINGS),
}, required=("id",))

CHECKLIST_ITEM = Record({name: TEXT for name in (
    "insight", "data", "source", "owner", "structural", "status")} | {"kind": OPTIONAL_TEXT})

QUESTION = Nullable(Record({
    **{name: TEXT for name in (
        "title", "ambition", "result", "result_indicator", "output", "baseline", "target",
        "target_date", "action_perspective", "scope_period", "scope_area", "scope_group",
        "analysis_type")},
    "template": OPTIONAL_TEXT,
    "output_indicators": Nullable(ListOf(TEXT)),
    "audiences": Nullable(ListOf(TEXT)),
    "checklist": Nullable(ListOf(Nullable(CHECKLIST_ITEM))),
    "accepted_points": Nullable(MapOf(OPTIONAL_TEXT)),
}))

# Parameters of a cleaning operation, per kind (core.cleaning's replay reads them).
_ROWS = ListOf(ROW)
_PARAMS: dict[str, Record] = {
    "remove_rows": Record({"rows": Nullable(_ROWS)}),
    "exclude_rows": Record({"rows": Nullable(_ROWS)}),
    "drop_duplicates": Record({"columns": Nullable(ListOf(TEXT))}),
    "mark_missing": Record({"column": TEXT, "invalid": Bool(), "rows": Nullable(_ROWS),
                            "values": Nullable(ListOf(Scalar()))}, required=("column",)),
    "replace_values": Record({"column": TEXT, "mapping": Nullable(MapOf(Scalar()))},
                             required=("column",)),
    "trim": Record({"column": TEXT}, required=("column",)),
    "convert_type": Record({"column": TEXT, "type": Text(choices=column_types)},
                           required=("column", "type")),
    "date_rule": Record({
        "column": TEXT, "source": TEXT,
        "rule": Text(choices=lambda: ("end_of_month", "from_column")),
        "rows": Text(choices=lambda: ("invalid", "missing", "invalid_or_missing")),
    }, required=("column", "rule")),
    "pseudonymise": Record({"column": TEXT, "kind": TEXT}, required=("column",)),
    "remove_column": Record({"column": TEXT}, required=("column",)),
}


class OperationSpec(Spec):
    FIELDS = Record({
        "kind": Text(choices=operation_kinds), "dataset": TEXT, "params": Nullable(MapOf(ANY)),
        "assumption": TEXT, "check": OPTIONAL_TEXT, "applied_to_original": Bool(),
        "created": TEXT, "id": OPTIONAL_TEXT,
    }, required=("kind", "dataset"))

    def check(self, value: Any, path: Path) -> None:
        self.FIELDS.check(value, path)
        params = value.get("params") or {}
        _PARAMS.get(value["kind"], Record({})).check(params, (*path, "params"))
        if value["kind"] == "date_rule" and params["rule"] == "from_column" \
                and "source" not in params:
            raise _fail((*path, "params", "source"), _("ontbreekt"))


OPERATIONS = ListOf(OperationSpec())

CLEANING = Nullable(Record({
    "operations": OPERATIONS, "undone": OPERATIONS,
    "settings": Nullable(MapOf(ANY)), "last_run": Nullable(MapOf(ANY)),
}))

CHART = Record({
    "filters": Nullable(ListOf(ANY)), "params": Nullable(MapOf(ANY)),
    "date_from": Nullable(IsoDate()), "date_to": Nullable(IsoDate()),
})
CHARTS = Nullable(Either(
    (list, ListOf(ANY)),  # before the section was typed: a bare list of specs
    (dict, Record({"specs": Nullable(ListOf(Either((dict, CHART), (object, ANY))))})),
))

# The report's own texts are limited when typed (core.report.section.MAX_TEXT); a longer
# one costs Typst seconds per page. Other types are read as "" (tolerant reader).
REPORT_TEXT = Either((str, Text(REPORT_TEXT_CHARS)), (object, ANY))
REPORT = Nullable(Either((dict, Record({
    **{name: REPORT_TEXT for name in REPORT_TEXT_FIELDS},
    "notes": Nullable(Either((dict, MapOf(REPORT_TEXT)), (object, ANY))),
    "logo": Nullable(Either((dict, Record({"data": Text(MAX_LOGO_TEXT_CHARS)})),
                            (object, ANY))),
    "actions": Nullable(ListOf(Either((dict, MapOf(REPORT_TEXT)), (object, ANY)))),
    "dismissed": Nullable(ListOf(ANY)),
})), (object, ANY)))

# core.maturity.model reads it tolerantly; the active ids are compared, so hashable.
MATURITY = Nullable(Either((dict, Record({
    "measurements": Nullable(Either((list, ListOf(ANY)), (object, ANY))),
    "active_measurement": Scalar(), "active_respondent": Scalar(),
})), (object, ANY)))

DOCUMENT = Record({
    "id": Ident(),
    "name": TEXT,
    "municipality": TEXT,
    "author": TEXT,
    "created": TEXT,
    "is_example": Bool(),
    "question": QUESTION,
    "later_questions": Nullable(ListOf(QUESTION)),
    "datasets": ListOf(DATASET, MAX_DATASETS, unique=lambda d: d["id"]),
    "cleaning": CLEANING,
    "maturity": MATURITY,
    "charts": CHARTS,
    "report": REPORT,
}, required=("id", "datasets"))


def check_document(doc: Any) -> None:
    """Raise ``SchemaError`` for the first part of ``doc`` that is not as expected."""
    DOCUMENT.check(doc, ())
    cells = sum(len(d.get("columns") or ()) * d.get("rows", 0) for d in doc["datasets"])
    if cells > MAX_CELLS:
        raise _fail(("datasets",), _("is te groot"))
