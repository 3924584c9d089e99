"""Indicator computations: one registered function per id in resources/indicators.json.

Every indicator turns the cleaned data (read only through ``core.data``) into
*records*: one row per thing that is measured (an assignment's waiting time, an
invoice line, a client in care in a month), with the client, a reference date
(``datum``), a value (``waarde``) and the dimensions it can be grouped by
(provider, product, district...). It also says how many records it could use
and, per reason, how many it could not. ``aggregate`` then turns records into the
figures a chart or table shows (median per provider, share per month...).

The episode indicators read the project's message set (``core.messages``, the
model the checks read too) and count episodes and trajecten (``core.episodes``),
so indicators and checks agree on which rows belong together; the rule text
travels with the result.

Labels, definitions and units come from resources/indicators.json; the reasons
and notes from resources/texts/analysis.json.
"""

from __future__ import annotations

import hashlib
import json
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

import numpy as np
import pandas as pd

from core.chart_spec import PERIOD_X, Filter
from core.data import frames_of_kind
from core.episodes import (
    ASSIGNMENT_COLUMNS,
    END_ASSIGNMENT,
    END_RUNNING,
    Episodes,
    build_episodes,
)
from core.errors import UserError
from core.house_style import format_number, format_period
from core.i18n import _
from core.jobs import CancelToken, ProgressFn, checkpoint, report
from core.messages import MessageSet, ProjectReader, latest_event
from core.messages import build as build_message_set
from core.paths import load_json_resource
from core.project import Dataset, Project
from core.reference import end_reason_groups

CODE_ROLES = ("client", "provider", "product_code", "product_category", "decision_number",
              "district", "end_reason", "provider_name", "product_name", "assignment_number")
DATE_ROLES = ("assignment_start", "assignment_end", "care_start", "care_end", "period_start",
              "period_end")
NUMBER_ROLES = ("amount", "volume")
# Dimensions a chart can use for x or for its groups, in the order the builder offers them.
DIMENSIONS = ("provider", "product_code", "product_category", "district", "end_reason")
LABEL_ROLES = {"provider": "provider_name", "product_code": "product_name"}
PERIOD_FREQ = {"maand": "M", "kwartaal": "Q", "jaar": "Y"}


def _texts() -> dict[str, Any]:
    return load_json_resource("texts", "analysis.json")


def _reason(key: str, **kwargs: Any) -> str:
    return _(_texts()["exclusions"][key]).format(**kwargs)


def _note(key: str, **kwargs: Any) -> str:
    return _(_texts()["notes"][key]).format(**kwargs)


def note_text(key: str, **kwargs: Any) -> str:
    return _note(key, **kwargs)


def format_count_noun(count: int, noun: str) -> str:
    """'1.234 toewijzingen'."""
    from core.house_style import format_number

    return f"{format_number(count)} {noun}"


def _noun(key: str) -> str:
    return _(_texts()["nouns"][key])


def label_text(key: str) -> str:
    """'Onbekend', 'Overig', 'Totaal'."""
    return _(_texts()["labels"][key])


def indicator_texts() -> dict[str, dict[str, Any]]:
    return {k: v for k, v in load_json_resource("indicators.json").items() if not k.startswith("_")}


class IndicatorUnavailable(UserError):
    """The project lacks the data (or the column roles) an indicator needs."""


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Exclusion:
    reason: str  # Dutch, names its own records ("toewijzingen zonder ...")
    count: int


@dataclass(frozen=True)
class IndicatorResult:
    """The records of one indicator and what it could and could not use."""

    id: str
    label: str
    definition: str
    unit: str
    measure: str  # key of MEASURES: how records become figures
    records: pd.DataFrame = field(repr=False)  # client, datum, waarde, dimension columns
    record_noun: str  # what ``used`` counts: "toewijzingen", "declaraties"...
    used: int
    excluded: tuple[Exclusion, ...] = ()
    dimensions: tuple[str, ...] = ()
    default_x: str | None = None
    rule: str = ""  # the linking rule, when messages were linked to assignments
    notes: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()  # names of the datasets read
    data_until: date | None = None  # last date in the data (for incomplete periods)
    labels: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # dim -> code -> text
    reference: Mapping[str, Any] = field(default_factory=dict)  # norm, ceilings, warning...
    params: Mapping[str, Any] = field(default_factory=dict)

    @property
    def not_used(self) -> int:
        return sum(e.count for e in self.excluded)

    def summary(self) -> str:
        """'812 toewijzingen gebruikt. Niet gebruikt: 23 toewijzingen zonder ...'"""
        from core.house_style import format_number

        text = _("{n} {noun} gebruikt.").format(n=format_number(self.used), noun=self.record_noun)
        parts = [f"{format_number(e.count)} {e.reason}" for e in self.excluded if e.count]
        if parts:
            text += " " + _("Niet gebruikt: {list}.").format(list="; ".join(parts))
        return text


@dataclass(frozen=True)
class Measure:
    aggregations: tuple[str, ...]  # the first is the default


MEASURES: dict[str, Measure] = {
    "waarde": Measure(("mediaan", "gemiddelde", "minimum", "maximum")),
    "aandeel": Measure(("percentage",)),
    "bedrag": Measure(("som", "gemiddelde", "mediaan")),
    "clienten": Measure(("aantal",)),
    "per_client": Measure(("per_client",)),
    "marktaandeel": Measure(("marktaandeel",)),
    "budget": Measure(("budgetuitputting",)),
}
# Figures of these aggregations add up, so they may be stacked and totalled.
ADDITIVE = frozenset({"som", "aantal", "marktaandeel"})
# Aggregations whose unit differs from the indicator's unit.
AGGREGATION_UNIT = {"aantal": "cliënten", "percentage": "procent", "marktaandeel": "procent",
                    "budgetuitputting": "procent"}


# --------------------------------------------------------------------------- registry

Compute = Callable[[Project, Mapping[str, Any]], IndicatorResult]


@dataclass(frozen=True)
class Indicator:
    id: str
    measure: str
    kinds: tuple[str, ...]  # dataset kinds read (their fingerprint makes charts stale)
    compute: Compute


_REGISTRY: dict[str, Indicator] = {}


def register(indicator_id: str, *, measure: str, kinds: tuple[str, ...]):
    if indicator_id not in indicator_texts():
        raise ValueError(f"{indicator_id!r} is not in resources/indicators.json")
    if measure not in MEASURES:
        raise ValueError(f"unknown measure {measure!r}")

    def add(fn: Compute) -> Compute:
        if indicator_id in _REGISTRY:
            raise ValueError(f"indicator {indicator_id!r} registered twice")
        _REGISTRY[indicator_id] = Indicator(indicator_id, measure, kinds, fn)
        return fn

    return add


def registered() -> dict[str, Indicator]:
    return dict(_REGISTRY)


def get_indicator(indicator_id: str) -> Indicator:
    found = _REGISTRY.get(indicator_id)
    if found is None:
        errors = _texts()["errors"]
        raise UserError(_(errors["unknown_indicator"]).format(id=indicator_id),
                        _(errors["unknown_indicator_hint"]))
    return found


def default_params(indicator_id: str) -> dict[str, Any]:
    return dict(indicator_texts()[indicator_id].get("params") or {})


@dataclass(frozen=True)
class ParamChoice:
    """A parameter the chart builder lets the user choose (e.g. market share on clients
    in care or on the declared amount)."""

    param: str
    label: str
    options: tuple[tuple[str, str], ...]  # (value, Dutch label)
    default: Any


def param_choices(indicator_id: str) -> list[ParamChoice]:
    meta = indicator_texts().get(indicator_id, {})
    defaults = meta.get("params") or {}
    return [ParamChoice(param, _(spec["label"]),
                        tuple((value, _(text)) for value, text in spec["options"].items()),
                        defaults.get(param))
            for param, spec in (meta.get("choices") or {}).items()]


def _result(indicator_id: str, records: pd.DataFrame, **kwargs: Any) -> IndicatorResult:
    meta = indicator_texts()[indicator_id]
    dims = tuple(d for d in DIMENSIONS if d in records.columns and records[d].notna().any())
    return IndicatorResult(
        id=indicator_id,
        label=_(meta["label"]),
        definition=_(meta["definition"]),
        unit=meta.get("unit", ""),
        measure=_REGISTRY[indicator_id].measure,
        records=records,
        dimensions=dims,
        **kwargs,
    )


# --------------------------------------------------------------------------- fingerprints

_content_hashes: dict[int, tuple[weakref.ref, str]] = {}
_hash_lock = threading.Lock()


def _content_hash(ds: Dataset) -> str:
    """The import's content id when known, else a hash of the frame (computed once)."""
    if ds.source is not None and ds.source.content_id:
        return ds.source.content_id
    key = id(ds.original)
    with _hash_lock:
        found = _content_hashes.get(key)
        if found is not None and found[0]() is ds.original:
            return found[1]
    values = pd.util.hash_pandas_object(ds.original, index=False).to_numpy()
    digest = hashlib.sha256(values.tobytes()).hexdigest()
    with _hash_lock:
        _content_hashes[key] = (weakref.ref(ds.original), digest)
    return digest


def _section(value: Any) -> Any:
    to_dict = getattr(value, "to_dict", None)
    return to_dict() if callable(to_dict) else value


def data_fingerprint(project: Project, kinds: tuple[str, ...]) -> str:
    """Changes when the data an indicator reads, its column types/roles or the cleaning
    log change. Cheap: file hashes are computed once."""
    wanted = set(kinds) | {"mixed", "301", "303", "trajecten"}  # these also give names
    parts = []
    for ds in project.datasets:
        if ds.kind not in wanted:
            continue
        parts.append([ds.id, ds.kind, ds.row_count, _content_hash(ds),
                      [c.to_dict() for c in ds.columns], ds.settings])
    parts.append(_section(project.cleaning))
    text = json.dumps(parts, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def indicator_fingerprint(project: Project, indicator_id: str) -> str:
    return data_fingerprint(project, get_indicator(indicator_id).kinds)


# --------------------------------------------------------------------------- reading data


@dataclass(frozen=True)
class _Source:
    frame: pd.DataFrame  # columns named by role id
    names: tuple[str, ...]
    labels: dict[str, dict[str, str]]


def _kind_label(kind: str) -> str:
    kinds = load_json_resource("texts", "dataset_kinds.json")
    return _(kinds.get(kind, {}).get("label", kind))


def _role_label(role: str) -> str:
    return _(load_json_resource("roles.json").get(role, {}).get("label", role))


def _label_map(codes: pd.Series, names: pd.Series) -> dict[str, str]:
    """code -> the name written most often with it (spelling variants do not matter)."""
    pairs = pd.DataFrame({"code": codes, "name": names}).dropna()
    if pairs.empty:
        return {}
    counts = pairs.value_counts().reset_index(name="n").sort_values(["code", "n"],
                                                                    ascending=[True, False])
    first = counts.drop_duplicates("code")
    return dict(zip(first["code"].astype(str), first["name"].astype(str), strict=True))


def _normalise(frame: pd.DataFrame, dataset: str) -> pd.DataFrame:
    errors = _texts()["errors"]
    out = {}
    for role in frame.columns:
        values = frame[role]
        if role in CODE_ROLES:
            text = values.astype("string").str.strip()
            out[role] = text.mask(text == "")
        elif role in DATE_ROLES:
            if not pd.api.types.is_datetime64_any_dtype(values):
                raise IndicatorUnavailable(
                    _(errors["not_a_date"]).format(role=_role_label(role), dataset=dataset),
                    _(errors["not_a_date_hint"]))
            out[role] = values.astype("datetime64[ns]")
        elif role in NUMBER_ROLES:
            if not pd.api.types.is_numeric_dtype(values):
                raise IndicatorUnavailable(
                    _(errors["not_a_number"]).format(role=_role_label(role), dataset=dataset),
                    _(errors["not_a_number_hint"]))
            out[role] = values.astype("float64")
        else:
            out[role] = values
    return pd.DataFrame(out, index=frame.index)


_source_cache: OrderedDict[tuple, _Source] = OrderedDict()
_source_lock = threading.Lock()


def _source(project: Project, kind: str, required: tuple[str, ...],
            optional: tuple[str, ...] = ()) -> _Source:
    """All rows of one message kind with the columns of the wanted roles, named by role.
    Cached per data version: typing a large file is the slow part of every indicator.
    Callers must not change the frame."""
    key = (kind, required, optional, data_fingerprint(project, (kind,)))
    with _source_lock:
        if key in _source_cache:
            _source_cache.move_to_end(key)
            return _source_cache[key]
    found = _read_source(project, kind, required, optional)
    with _source_lock:
        _source_cache[key] = found
        while len(_source_cache) > 8:
            _source_cache.popitem(last=False)
    return found


def _read_source(project: Project, kind: str, required: tuple[str, ...],
                 optional: tuple[str, ...]) -> _Source:
    errors = _texts()["errors"]
    parts, names, labels = [], [], {}
    missing_in: tuple[str, list[str]] | None = None
    for kf in frames_of_kind(project, kind):
        missing = [r for r in required if r not in kf.roles]
        if missing:
            missing_in = (kf.dataset.name, missing)
            continue
        keep = [r for r in (*required, *optional) if r in kf.roles]
        naming = [r for pair in LABEL_ROLES.items() if all(p in kf.roles for p in pair)
                  for r in pair]
        part = pd.DataFrame({r: kf.frame[kf.roles[r]] for r in dict.fromkeys(keep + naming)})
        part = _normalise(part.reset_index(drop=True), kf.dataset.name)
        for dim, name_role in LABEL_ROLES.items():
            if dim in part and name_role in part:
                labels.setdefault(dim, {}).update(_label_map(part[dim], part[name_role]))
        parts.append(part[keep])
        names.append(kf.dataset.name)
    if not parts:
        if missing_in is not None:
            raise IndicatorUnavailable(
                _(errors["missing_roles"]).format(
                    dataset=missing_in[0], roles=", ".join(_role_label(r) for r in missing_in[1])),
                _(errors["missing_roles_hint"]))
        raise IndicatorUnavailable(_(errors["missing_kind"]).format(kind=_kind_label(kind)),
                                   _(errors["missing_kind_hint"]).format(kind=_kind_label(kind)))
    frame = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    for role in optional:
        if role not in frame:
            frame[role] = pd.Series(pd.NA, index=frame.index, dtype="string")
    return _Source(frame, tuple(names), labels)


def _merge_labels(*maps: Mapping[str, Mapping[str, str]]) -> dict[str, dict[str, str]]:
    """Label maps of several sources; the first source that names a code wins."""
    merged: dict[str, dict[str, str]] = {}
    for labels in maps:
        for dim, mapping in labels.items():
            target = merged.setdefault(dim, {})
            for code, name in mapping.items():
                target.setdefault(code, name)
    return merged


def _project_labels(project: Project) -> dict[str, dict[str, str]]:
    """Provider and product names from every 301/303 file that has them."""
    maps = []
    for kind in ("301", "trajecten", "303"):
        try:
            maps.append(_source(project, kind, ()).labels)
        except IndicatorUnavailable:
            continue
    return _merge_labels(*maps)


def _until(*dates: pd.Series) -> date | None:
    """The last date the data covers. A few stray dates far ahead (typing errors) must not
    count, so per column the 5th-latest date is taken (fewer for small files)."""
    found = []
    for values in dates:
        values = values.dropna()
        if values.empty:
            continue
        k = max(1, min(5, len(values) // 200))
        found.append(values.nlargest(k).iloc[-1])
    if not found:
        return None
    return min(pd.Timestamp(max(found)).date(), date.today())


# --------------------------------------------------------------------------- episodes

EPISODE_KINDS = ("301", "303", "305", "307", "trajecten")  # what the message set reads
A_REQUIRED = ("client", "provider", "assignment_start")

_messages_cache: OrderedDict[str, MessageSet | None] = OrderedDict()
_messages_lock = threading.Lock()


def message_set(project: Project) -> MessageSet | None:
    """The project's linked message set (core.messages), as the checks see it; cached
    per data version. None without assignments."""
    key = data_fingerprint(project, EPISODE_KINDS)
    with _messages_lock:
        if key in _messages_cache:
            _messages_cache.move_to_end(key)
            return _messages_cache[key]
    _require_dates(project)
    found = build_message_set(ProjectReader(project))
    with _messages_lock:
        _messages_cache[key] = found
        while len(_messages_cache) > 4:
            _messages_cache.popitem(last=False)
    return found


def _require_dates(project: Project) -> None:
    """A date role on a column that is not typed as a date cannot be used: say so."""
    errors = _texts()["errors"]
    for ds in project.datasets:
        if ds.kind not in (*EPISODE_KINDS, "mixed"):
            continue
        for spec in ds.columns:
            if spec.role in DATE_ROLES and spec.type != "date":
                raise IndicatorUnavailable(
                    _(errors["not_a_date"]).format(role=_role_label(spec.role), dataset=ds.name),
                    _(errors["not_a_date_hint"]))


def peildatum(project: Project, params: Mapping[str, Any] | None = None) -> pd.Timestamp:
    """The date "still waiting" and "still running" are measured on: the indicator's
    parameter, else the checks' peildatum setting, else the latest event date in the
    message set that is not after today (the same rule the checks use)."""
    given = (params or {}).get("peildatum")
    if not given:
        settings = getattr(project.cleaning, "settings", None) or {}
        given = settings.get("reference_date")
    if given:
        return pd.Timestamp(given).normalize()
    ms = message_set(project)
    dates = [] if ms is None else [
        ms.assignments.get("assignment_start"),
        *(m.dates for m in (*ms.starts, *ms.declarations))]
    return latest_event(dates)


@dataclass(frozen=True)
class EpisodeData:
    """Episodes of the project's message set with what every episode indicator says."""

    episodes: Episodes
    rule: str
    starts_unlinked: int
    stops_unlinked: int
    copies: int  # assignment rows that are exact copies of an earlier one (counted once)
    sources: tuple[str, ...]
    labels: dict[str, dict[str, str]]
    data_until: date | None
    first_date: pd.Timestamp | None


_episode_cache: OrderedDict[tuple, EpisodeData] = OrderedDict()
_episode_lock = threading.Lock()


def episodes(project: Project, with_stops: bool = True,
             params: Mapping[str, Any] | None = None) -> EpisodeData:
    """Assignments with their linked start and stop of care, ends and trajecten
    (core.episodes); cached per data version and peildatum."""
    day = peildatum(project, params)
    key = (data_fingerprint(project, EPISODE_KINDS), with_stops, day)
    with _episode_lock:
        if key in _episode_cache:
            _episode_cache.move_to_end(key)
            return _episode_cache[key]
    result = _build_episodes(project, with_stops, day)
    with _episode_lock:
        _episode_cache[key] = result
        while len(_episode_cache) > 4:
            _episode_cache.popitem(last=False)
    return result


def _build_episodes(project: Project, with_stops: bool, day: pd.Timestamp) -> EpisodeData:
    errors = _texts()["errors"]
    ms = message_set(project)
    if ms is None:
        raise IndicatorUnavailable(_(errors["missing_kind"]).format(kind=_kind_label("301")),
                                   _(errors["missing_kind_hint"]).format(kind=_kind_label("301")))
    missing = [r for r in A_REQUIRED if r not in ms.assignments.columns]
    if missing:
        names = ms.assignments["_ds"].map({ds.id: ds.name for ds in project.datasets})
        raise IndicatorUnavailable(
            _(errors["missing_roles"]).format(dataset=names.iloc[0],
                                              roles=", ".join(_role_label(r) for r in missing)),
            _(errors["missing_roles_hint"]))
    for kind, found in [("305", ms.starts), *([("307", ms.stops)] if with_stops else [])]:
        if not found:
            raise IndicatorUnavailable(
                _(errors["missing_kind"]).format(kind=_kind_label(kind)),
                _(errors["missing_kind_hint"]).format(kind=_kind_label(kind)))
    names = {ds.id: ds.name for ds in project.datasets}
    roles = [c for c in ASSIGNMENT_COLUMNS if c in ms.assignments.columns]
    assignments = _normalise(ms.assignments[roles], "")
    labels = {}
    for dim, name_role in LABEL_ROLES.items():
        if dim in assignments and name_role in assignments:
            labels[dim] = _label_map(assignments[dim], assignments[name_role])
    stops = ms.stops if with_stops else []
    ep = build_episodes(assignments, ms.starts, stops, day)
    events = [*ms.starts, *stops]
    sources = [*dict.fromkeys(names[i] for i in ms.assignments["_ds"].unique()),
               *(names[m.source.dataset.id] for m in events)]
    first = assignments["assignment_start"].min()
    return EpisodeData(
        episodes=ep,
        rule=ms.rule,
        starts_unlinked=sum(int((~m.result.matched).sum()) for m in ms.starts if not m.own),
        stops_unlinked=sum(int((~m.result.matched).sum()) for m in stops if not m.own),
        copies=ms.copies,
        sources=tuple(dict.fromkeys(sources)),
        labels=labels,
        data_until=_until(assignments["assignment_start"], *(m.dates for m in events)),
        first_date=None if pd.isna(first) else pd.Timestamp(first),
    )


def _records(frame: pd.DataFrame, datum: pd.Series, waarde: pd.Series | float,
             with_reason: bool = False) -> pd.DataFrame:
    """The uniform record frame. The reason a care ended is a dimension only of
    indicators about endings."""
    dims = {d: frame[d] for d in DIMENSIONS
            if d in frame.columns and (with_reason or d != "end_reason")}
    return pd.DataFrame({"client": frame["client"], "datum": datum, "waarde": waarde, **dims},
                        index=frame.index).reset_index(drop=True)


def _exclusions(*pairs: tuple[str, int]) -> tuple[Exclusion, ...]:
    return tuple(Exclusion(reason, int(count)) for reason, count in pairs if count)


def _episode_kwargs(ep: EpisodeData, **extra: Any) -> dict[str, Any]:
    reference = {"peildatum": ep.episodes.peildatum.date().isoformat(),
                 **extra.pop("reference", {})}
    return {"rule": ep.rule, "sources": ep.sources, "data_until": ep.data_until,
            "labels": ep.labels, "reference": reference, **extra}


# --------------------------------------------------------------------------- indicators


def _waiting(project: Project, params: Mapping[str, Any], counted_overdue: bool
             ) -> tuple[pd.DataFrame, dict]:
    """Waiting times of first toewijzingen. ``counted_overdue``: toewijzingen older
    than the norm without a start count as not within the norm (a record of 0)."""
    ep = episodes(project, with_stops=False, params=params)
    f = ep.episodes.frame
    day = ep.episodes.peildatum
    norm = int(params.get("norm_dagen", 42))
    no_date = f["assignment_start"].isna()
    future = f["assignment_start"] > day
    continues = f["continues"] & ~no_date & ~future
    base = ~no_date & ~future & ~continues
    # As on the peildatum: a start dated after it had not happened yet.
    later = f["care_start"] > day
    started = base & f["care_start"].notna() & ~later
    unreadable = base & f["has_start"] & f["care_start"].isna()
    waiting = base & (~f["has_start"] | later)
    overdue = waiting & ((day - f["assignment_start"]).dt.days > norm)
    still = waiting & ~overdue
    days = (f.loc[started, "care_start"] - f.loc[started, "assignment_start"]).dt.days
    records = _records(f[started], f.loc[started, "assignment_start"], days.astype("float64"))
    if counted_overdue:
        late = _records(f[overdue], f.loc[overdue, "assignment_start"], np.inf)
        records = pd.concat([records, late], ignore_index=True)
    used = int(started.sum()) + (int(overdue.sum()) if counted_overdue else 0)
    notes = (_note("overdue_counted", n=format_number(int(overdue.sum())), norm=norm),) \
        if counted_overdue and overdue.any() else ()
    kwargs = _episode_kwargs(
        ep,
        record_noun=_noun("assignments"),
        used=used,
        notes=notes,
        excluded=_exclusions(
            (_reason("copies"), ep.copies),
            (_reason("waiting_still", norm=norm), still.sum()),
            *(() if counted_overdue else
              ((_reason("waiting_overdue", norm=norm), overdue.sum()),)),
            (_reason("start_unreadable"), unreadable.sum()),
            (_reason("assignment_start_missing"), no_date.sum()),
            (_reason("continues"), continues.sum()),
            (_reason("assignment_future"), (future & ~no_date).sum()),
            (_reason("starts_unlinked"), ep.starts_unlinked),
        ),
        reference={"norm": norm, "waiting": int(still.sum()), "overdue": int(overdue.sum())},
        default_x="provider",
        params=dict(params),
    )
    return records, kwargs


@register("wachttijd_dagen", measure="waarde", kinds=EPISODE_KINDS)
def waiting_days(project: Project, params: Mapping[str, Any]) -> IndicatorResult:
    records, kwargs = _waiting(project, params, counted_overdue=False)
    return _result("wachttijd_dagen", records, **kwargs)


@register("wachttijd_binnen_norm", measure="aandeel", kinds=EPISODE_KINDS)
def waiting_within_norm(project: Project, params: Mapping[str, Any]) -> IndicatorResult:
    records, kwargs = _waiting(project, params, counted_overdue=True)
    records["waarde"] = (records["waarde"] <= kwargs["reference"]["norm"]).astype("float64")
    return _result("wachttijd_binnen_norm", records, **kwargs)


def _not_valid(f: pd.DataFrame) -> dict[str, pd.Series]:
    """Why an assignment gives no episode; exactly one reason each."""
    no_start = ~f["has_start"]
    return {
        "no_start_no_stop": no_start & ~f["has_stop"],
        "stop_without_start": no_start & f["has_stop"],
        "start_unreadable": f["has_start"] & f["care_start"].isna(),
        "end_before_start": f["end_before_start"],
    }


def _traject_data(ep: EpisodeData) -> tuple[pd.DataFrame, tuple[Exclusion, ...]]:
    """The trajecten of the valid episodes, and per reason the assignments left out."""
    f = ep.episodes.frame
    status = _not_valid(f)
    excluded = _exclusions(
        (_reason("copies"), ep.copies),
        (_reason("no_start_no_stop"), status["no_start_no_stop"].sum()),
        (_reason("stop_without_start"), status["stop_without_start"].sum()),
        (_reason("start_unreadable"), status["start_unreadable"].sum()),
        (_reason("end_before_start"), status["end_before_start"].sum()),
        (_reason("starts_unlinked"), ep.starts_unlinked),
        (_reason("stops_unlinked"), ep.stops_unlinked),
    )
    return ep.episodes.trajecten, excluded


def _unreported_stops(paths: pd.DataFrame) -> tuple[str, ...]:
    n = int((paths["end_kind"] == END_ASSIGNMENT).sum())
    return (_note("stop_not_reported", n=format_number(n)),) if n else ()


@register("zorgduur_dagen", measure="waarde", kinds=EPISODE_KINDS)
def care_duration(project: Project, params: Mapping[str, Any]) -> IndicatorResult:
    ep = episodes(project, params=params)
    paths, excluded = _traject_data(ep)
    ended = paths["end_kind"] != END_RUNNING
    done = paths[ended]
    days = (done["end"] - done["start"]).dt.days.astype("float64")
    records = _records(done, done["end"], days, with_reason=True)
    return _result(
        "zorgduur_dagen", records,
        **_episode_kwargs(
            ep,
            record_noun=_noun("trajecten"),
            used=int(ended.sum()),
            excluded=(*_exclusions((_reason("traject_running"), (~ended).sum())), *excluded),
            notes=_unreported_stops(done),
            default_x="provider",
            params=dict(params),
        ),
    )


def _left_censored(paths: pd.DataFrame) -> tuple[str, ...]:
    first = paths["start"].min()
    if pd.isna(first):
        return ()
    from core.house_style import format_date

    return (_note("left_censored", date=format_date(first)),)


def _months_in_care(paths: pd.DataFrame) -> pd.DataFrame:
    """One record per traject per calendar month in which its care runs."""
    first = paths["start"].dt.year * 12 + paths["start"].dt.month - 1
    last = paths["end"].dt.year * 12 + paths["end"].dt.month - 1
    spans = (last - first + 1).clip(lower=1).to_numpy()
    rows = np.repeat(np.arange(len(paths)), spans)
    offsets = np.arange(len(rows)) - np.repeat(np.cumsum(spans) - spans, spans)
    months = np.repeat(first.to_numpy(), spans) + offsets
    expanded = paths.iloc[rows].reset_index(drop=True)
    datum = pd.to_datetime(pd.DataFrame(
        {"year": months // 12, "month": months % 12 + 1, "day": np.ones(len(months), int)}))
    return _records(expanded, datum, 1.0)


@register("clienten_in_zorg", measure="clienten", kinds=EPISODE_KINDS)
def clients_in_care(project: Project, params: Mapping[str, Any]) -> IndicatorResult:
    ep = episodes(project, params=params)
    paths, excluded = _traject_data(ep)
    return _result(
        "clienten_in_zorg", _months_in_care(paths),
        **_episode_kwargs(ep, record_noun=_noun("trajecten"), used=len(paths),
                          excluded=excluded, default_x=PERIOD_X, params=dict(params),
                          notes=(*_left_censored(paths), *_unreported_stops(paths)),
                          # care that began before the export is missing: no trend claims
                          reference={"incomplete_start": True}),
    )


def _pairs_per_client(paths: pd.DataFrame) -> pd.DataFrame:
    """Every ordered pair of different trajecten of the same client."""
    slim = paths[["client", "start", "end", "end_kind"]].reset_index(names="eid")
    pairs = slim.merge(slim, on="client", suffixes=("", "_o"))
    return pairs[pairs["eid"] != pairs["eid_o"]]


@register("instroom", measure="clienten", kinds=EPISODE_KINDS)
def inflow(project: Project, params: Mapping[str, Any]) -> IndicatorResult:
    ep = episodes(project, params=params)
    paths, excluded = _traject_data(ep)
    window = pd.Timedelta(days=int(params.get("venster_dagen", 365)))
    pairs = _pairs_per_client(paths)
    earlier = (pairs["start_o"] < pairs["start"]) | (
        (pairs["start_o"] == pairs["start"]) & (pairs["eid_o"] < pairs["eid"]))
    recent = pairs["end_o"] >= pairs["start"] - window
    had_care = pd.Index(pairs.loc[earlier & recent, "eid"].unique())
    first_date = paths["start"].min() if ep.first_date is None else ep.first_date
    too_early = paths["start"] < first_date + window
    new = ~paths.index.isin(had_care) & ~too_early
    records = _records(paths[new], paths.loc[new, "start"], 1.0)
    excluded = (
        *_exclusions((_reason("first_year"), too_early.sum()),
                     (_reason("prior_care"), (paths.index.isin(had_care) & ~too_early).sum())),
        *excluded,
    )
    return _result(
        "instroom", records,
        **_episode_kwargs(ep, record_noun=_noun("trajecten"), used=int(new.sum()),
                          excluded=excluded, default_x=PERIOD_X, params=dict(params)),
    )


def _leaving(paths: pd.DataFrame) -> pd.Series:
    """Per ended traject: True when no other care of the client runs on the day after."""
    ended = paths[paths["end_kind"] != END_RUNNING]
    pairs = _pairs_per_client(paths)
    pairs = pairs[pairs["eid"].isin(ended.index)]
    covers = (pairs["start_o"] <= pairs["end"]) & (pairs["end_o"] > pairs["end"])
    continuing = pd.Index(pairs.loc[covers, "eid"].unique())
    return pd.Series(~ended.index.isin(continuing), index=ended.index)


@register("uitstroom", measure="clienten", kinds=EPISODE_KINDS)
def outflow(project: Project, params: Mapping[str, Any]) -> IndicatorResult:
    ep = episodes(project, params=params)
    paths, excluded = _traject_data(ep)
    leaving = _leaving(paths)
    left = leaving[leaving].index
    records = _records(paths.loc[left], paths.loc[left, "end"], 1.0, with_reason=True)
    excluded = (*_exclusions((_reason("still_in_care"), (~leaving).sum()),
                             (_reason("traject_running"),
                              (paths["end_kind"] == END_RUNNING).sum())), *excluded)
    return _result(
        "uitstroom", records,
        **_episode_kwargs(ep, record_noun=_noun("trajecten"), used=len(left),
                          excluded=excluded, default_x=PERIOD_X, params=dict(params),
                          notes=_unreported_stops(paths.loc[left])),
    )


@register("herhaald_beroep", measure="aandeel", kinds=EPISODE_KINDS)
def repeat_use(project: Project, params: Mapping[str, Any]) -> IndicatorResult:
    ep = episodes(project, params=params)
    paths, excluded = _traject_data(ep)
    window = pd.Timedelta(days=int(params.get("venster_dagen", 365)))
    leaving = _leaving(paths)
    left = paths.loc[leaving[leaving].index]
    observable = left["end"] <= ep.episodes.peildatum - window
    pairs = _pairs_per_client(paths)
    pairs = pairs[pairs["eid"].isin(left.index)]
    back = (pairs["start_o"] > pairs["end"]) & (pairs["start_o"] <= pairs["end"] + window)
    returned = left.index.isin(pd.Index(pairs.loc[back, "eid"].unique()))
    usable = observable.to_numpy()
    records = _records(left[usable], left.loc[usable, "end"],
                       pd.Series(returned[usable].astype("float64"), index=left.index[usable]),
                       with_reason=True)
    excluded = (
        *_exclusions((_reason("too_recent"), (~observable).sum()),
                     (_reason("still_in_care"), (~leaving).sum()),
                     (_reason("traject_running"), (paths["end_kind"] == END_RUNNING).sum())),
        *excluded,
    )
    return _result(
        "herhaald_beroep", records,
        **_episode_kwargs(ep, record_noun=_noun("trajecten"), used=int(usable.sum()),
                          excluded=excluded, default_x=PERIOD_X, params=dict(params)),
    )


@register("aandeel_volgens_plan", measure="aandeel", kinds=EPISODE_KINDS)
def ended_as_planned(project: Project, params: Mapping[str, Any]) -> IndicatorResult:
    """CBS's share ended as planned: category 01 over the five CBS end categories, from
    the iJw reden-beëindiging code (resources/reference/ijw_codelists.json); free text
    only when no code is recognised."""
    errors = _texts()["errors"]
    ms = message_set(project)
    stops = [m for m in (ms.stops if ms is not None else []) if "end_reason" in m.source.roles]
    if not stops:
        raise IndicatorUnavailable(_(errors["missing_roles_any"]).format(
            kind=_kind_label("307"), roles=_role_label("end_reason")),
            _(errors["missing_roles_hint"]))
    parts = []
    for m in stops:
        roles = {r: c for r, c in m.source.roles.items() if c in m.source.frame.columns
                 and r in ("client", "provider", "product_code", "product_category",
                           "end_reason")}
        part = pd.DataFrame({r: m.source.frame[c] for r, c in roles.items()})
        part["care_end"] = m.dates
        parts.append(_normalise(part.reset_index(drop=True), m.source.dataset.name))
    f = pd.concat(parts, ignore_index=True)
    group = end_reason_groups(f["end_reason"])
    planned, counted = group == "planned", group.isin(["planned", "other"])
    no_date = f["care_end"].isna()
    usable = counted & ~no_date
    records = _records(f[usable], f.loc[usable, "care_end"], planned[usable].astype("float64"))
    names = {ds.id: ds.name for ds in project.datasets}
    return _result(
        "aandeel_volgens_plan", records,
        record_noun=_noun("stops"),
        used=int(usable.sum()),
        excluded=_exclusions(
            (_reason("reason_missing"), (group == "missing").sum()),
            (_reason("reason_administrative"), (group == "administrative").sum()),
            (_reason("reason_unknown"), (group == "unknown").sum()),
            (_reason("end_unreadable"), (counted & no_date).sum()),
        ),
        notes=(_note("planned_reasons"),),
        sources=tuple(dict.fromkeys(names[m.source.dataset.id] for m in stops)),
        data_until=_until(f["care_end"]),
        labels=_project_labels(project),
        default_x="provider",
        params=dict(params),
    )


# -- costs ---------------------------------------------------------------------------


def _invoices(project: Project) -> tuple[_Source, pd.DataFrame, tuple[Exclusion, ...], dict]:
    t = _source(project, "303", ("client", "amount", "period_start"),
                ("provider", "product_code", "product_category", "period_end"))
    f = t.frame.copy()
    labels = _merge_labels(t.labels, _project_labels(project))
    # The district is not in invoices: take the client's district from the assignments.
    found = []
    for kind in ("301", "trajecten"):
        try:
            found.append(_source(project, kind, ("client", "district"),
                                 ("assignment_start",)).frame)
        except IndicatorUnavailable:
            continue
    if found:
        latest = pd.concat(found, ignore_index=True).sort_values(
            "assignment_start", na_position="first").dropna(
            subset=["district"]).drop_duplicates("client", keep="last")
        f["district"] = f["client"].map(dict(zip(latest["client"], latest["district"],
                                                 strict=True)))
    no_amount = f["amount"].isna()
    no_period = f["period_start"].isna() & ~no_amount
    no_client = f["client"].isna() & ~no_amount & ~no_period
    usable = ~(no_amount | no_period | no_client)
    excluded = _exclusions((_reason("amount_missing"), no_amount.sum()),
                           (_reason("period_missing"), no_period.sum()),
                           (_reason("client_missing"), no_client.sum()))
    kwargs = {"sources": t.names, "labels": labels, "record_noun": _noun("invoices"),
              "data_until": _until(f["period_end"] if f["period_end"].notna().any()
                                   else f["period_start"])}
    return t, f[usable], excluded, kwargs


def _costs(indicator_id: str, project: Project, params: Mapping[str, Any],
           default_x: str | None) -> IndicatorResult:
    _t, f, excluded, kwargs = _invoices(project)
    records = _records(f, f["period_start"], f["amount"])
    return _result(indicator_id, records, used=len(f), excluded=excluded,
                   default_x=default_x, params=dict(params), **kwargs)


@register("kosten_per_aanbieder", measure="bedrag", kinds=("303",))
def costs_per_provider(project: Project, params: Mapping[str, Any]) -> IndicatorResult:
    return _costs("kosten_per_aanbieder", project, params, "provider")


@register("kosten_per_product", measure="bedrag", kinds=("303",))
def costs_per_product(project: Project, params: Mapping[str, Any]) -> IndicatorResult:
    return _costs("kosten_per_product", project, params, "product_code")


@register("kosten_per_client", measure="per_client", kinds=("303",))
def cost_per_client(project: Project, params: Mapping[str, Any]) -> IndicatorResult:
    return _costs("kosten_per_client", project, params, None)


@register("marktaandeel", measure="marktaandeel", kinds=EPISODE_KINDS)
def market_share(project: Project, params: Mapping[str, Any]) -> IndicatorResult:
    """Each provider's share of the clients in care (per traject and month), or of
    the declared amount: never of new toewijzingen alone."""
    if params.get("basis") == "bedrag":
        _t, f, excluded, kwargs = _invoices(project)
        records = _records(f, f["period_start"], f["amount"])
        return _result("marktaandeel", records, used=len(f), excluded=excluded,
                       notes=(_note("market_share_amount"),), default_x="provider",
                       params=dict(params), reference={"basis": "bedrag"}, **kwargs)
    ep = episodes(project, params=params)
    paths, excluded = _traject_data(ep)
    return _result(
        "marktaandeel", _months_in_care(paths),
        **_episode_kwargs(ep, record_noun=_noun("trajecten"), used=len(paths),
                          excluded=excluded, notes=(_note("market_share"),),
                          default_x="provider", params=dict(params),
                          reference={"basis": "clienten"}),
    )


@register("budgetuitputting", measure="budget", kinds=("303", "budget"))
def budget_use(project: Project, params: Mapping[str, Any]) -> IndicatorResult:
    _t, f, excluded, kwargs = _invoices(project)
    b = _source(project, "budget", ("provider", "amount"))
    budget = b.frame
    no_provider = budget["provider"].isna()
    no_amount = budget["amount"].isna() & ~no_provider
    labels = _merge_labels(kwargs.pop("labels"), b.labels)
    # A budget file may name providers by AGB code or by name: match either.
    by_name = {name.casefold(): code for code, name in labels.get("provider", {}).items()}
    ceiling_code = budget["provider"].map(lambda p: by_name.get(str(p).casefold(), p)
                                          if pd.notna(p) else p)
    ceilings = budget[~no_provider & ~no_amount].groupby(
        ceiling_code[~no_provider & ~no_amount])["amount"].sum()
    year = params.get("jaar")
    if not year:
        if f.empty:
            errors = _texts()["errors"]
            raise IndicatorUnavailable(_(errors["no_budget_year"]), _(errors["no_budget_year_hint"]))
        year = int(f["period_start"].dt.year.max())
    year = int(year)
    in_year = f["period_start"].dt.year == year
    has_ceiling = f["provider"].isin(ceilings.index)
    usable = in_year & has_ceiling
    records = _records(f[usable], f.loc[usable, "period_start"], f.loc[usable, "amount"])
    records = records[["client", "datum", "waarde", "provider"]]
    unused = int((~ceilings.index.isin(records["provider"].unique())).sum())
    notes = [_note("budget_year", year=year), _note("budget_ceiling_column")]
    if unused:
        notes.append(_note("budget_unused", n=unused, year=year))
    warning = float(params.get("waarschuwing", 0.9))
    return _result(
        "budgetuitputting", records,
        used=int(usable.sum()),
        excluded=(*excluded, *_exclusions(
            (_reason("other_year", year=year), (~in_year).sum()),
            (_reason("no_ceiling"), (in_year & ~has_ceiling).sum()),
            (_reason("budget_no_provider"), no_provider.sum()),
            (_reason("budget_no_amount"), no_amount.sum()))),
        notes=tuple(notes),
        reference={"ceilings": ceilings.to_dict(), "warning": warning, "year": year},
        default_x="provider",
        labels=labels,
        params={**params, "jaar": year},
        **{k: v for k, v in kwargs.items() if k != "sources"},
        sources=(*kwargs["sources"], *b.names),
    )


# --------------------------------------------------------------------------- computing

_result_cache: OrderedDict[tuple, IndicatorResult] = OrderedDict()
_result_lock = threading.Lock()


def compute(
    project: Project,
    indicator_id: str,
    params: Mapping[str, Any] | None = None,
    *,
    progress: ProgressFn | None = None,
    cancel: CancelToken | None = None,
) -> IndicatorResult:
    """The indicator on the project's current (cleaned) data. Results are cached per data
    version and parameters, so changing only how a chart looks is instant."""
    indicator = get_indicator(indicator_id)
    merged = {**default_params(indicator_id), **(params or {})}
    key = (indicator_id, data_fingerprint(project, indicator.kinds),
           json.dumps(merged, sort_keys=True, default=str))
    with _result_lock:
        if key in _result_cache:
            _result_cache.move_to_end(key)
            return _result_cache[key]
    checkpoint(cancel)
    report(progress, 0, 2, indicator_texts()[indicator_id]["label"])
    result = indicator.compute(project, merged)
    checkpoint(cancel)
    report(progress, 1, 2, indicator_texts()[indicator_id]["label"])
    with _result_lock:
        _result_cache[key] = result
        while len(_result_cache) > 16:
            _result_cache.popitem(last=False)
    return result


# --------------------------------------------------------------------------- aggregating


@dataclass(frozen=True)
class Aggregated:
    """Figures per x (and per group): ``value``, ``clients`` (distinct people behind the
    figure, for suppression) and ``records``. Not yet suppressed, not yet sorted."""

    table: pd.DataFrame  # x, x_label, group, group_label, value, clients, records
    x: str | None
    group: str | None
    aggregation: str
    unit: str
    additive: bool
    filtered_out: int
    partial_period: str | None  # label of an incomplete last period that was left out
    combined: int  # number of small groups combined into "Overig"
    first_date: pd.Timestamp | None = None  # the dates the figures cover
    last_date: pd.Timestamp | None = None


def default_aggregation(result: IndicatorResult) -> str:
    return MEASURES[result.measure].aggregations[0]


def valid_aggregation(result: IndicatorResult, aggregation: str | None) -> str:
    allowed = MEASURES[result.measure].aggregations
    return aggregation if aggregation in allowed else allowed[0]


def dimension_values(result: IndicatorResult, dimension: str) -> list[tuple[str, str]]:
    """(code, label) of a dimension's values, for filters."""
    if dimension not in result.records:
        return []
    codes = result.records[dimension].dropna().unique()
    labels = result.labels.get(dimension, {})
    if dimension == "product_category" and not labels:
        return sorted(((str(c), category_label(str(c))) for c in codes), key=lambda p: p[1])
    return sorted(((str(c), labels.get(str(c), str(c))) for c in codes), key=lambda p: p[1])


@cache
def _national_categories() -> dict[str, str]:
    reference = load_json_resource("reference", "product_categories.json")
    return {**reference["wmo"], **reference["jeugdwet"]}


def category_label(code: str) -> str:
    """'45' -> '45 Jeugdhulp ambulant' (the national iWmo/iJw category); an unknown code
    still says what kind of code it is ('categorie 99'): a bare number means nothing."""
    name = _national_categories().get(code.strip())
    if name:
        return f"{code} {name}"
    return _(load_json_resource("texts", "charts.json")["labels"]["category"]).format(code=code)


def _period_start(datum: pd.Series, period: str) -> pd.Series:
    return datum.dt.to_period(PERIOD_FREQ[period]).dt.start_time


def _is_partial(start: pd.Timestamp, period: str, until: date) -> bool:
    end = (start.to_period(PERIOD_FREQ[period]).end_time).normalize()
    until_ts = pd.Timestamp(until)
    if until_ts >= end:
        return False
    covered = (until_ts - start).days + 1
    return covered < 0.9 * ((end - start).days + 1)


def _fold(keys: pd.Series, clients: pd.Series, keep: int, other: str) -> tuple[pd.Series, int]:
    """Keep the ``keep`` groups with most clients; combine the rest into ``other``."""
    sizes = clients.groupby(keys, observed=True).nunique().sort_values(ascending=False)
    if len(sizes) <= keep + 1:
        return keys, 0
    top = set(sizes.index[:keep])
    return keys.where(keys.isin(top), other), len(sizes) - keep


def aggregate(
    result: IndicatorResult,
    *,
    x: str | None,
    group: str | None = None,
    aggregation: str | None = None,
    period: str = "maand",
    filters: list[Filter] | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    max_groups: int = 6,
    max_categories: int = 15,
) -> Aggregated:
    agg = valid_aggregation(result, aggregation)
    records = result.records
    before = len(records)
    for flt in filters or []:
        if flt.dimension in records and flt.values:
            records = records[records[flt.dimension].isin(flt.values)]
    if date_from:
        records = records[records["datum"] >= pd.Timestamp(date_from)]
    if date_to:
        records = records[records["datum"] <= pd.Timestamp(date_to)]
    filtered_out = before - len(records)
    unknown, other = label_text("unknown"), label_text("other")

    partial = None
    combined = 0
    keys: dict[str, pd.Series] = {}
    for role, dim in (("x", x), ("group", group)):
        if dim == PERIOD_X:
            records = records[records["datum"].notna()]
            starts = _period_start(records["datum"], period)
            if len(starts) and result.data_until is not None:
                last = starts.max()
                if _is_partial(last, period, result.data_until):
                    partial = format_period(last, period)
                    keep = (starts != last).to_numpy()
                    records, starts = records[keep], starts[keep]
            keys[role] = starts
        elif dim:
            values = records[dim].astype("string").fillna(unknown) if dim in records else \
                pd.Series(unknown, index=records.index, dtype="string")
            limit = max_groups if role == "group" else max_categories
            if agg != "budgetuitputting":
                values, folded = _fold(values, records["client"], limit, other)
                combined += folded
            keys[role] = values
        else:
            keys[role] = pd.Series(label_text("total") if role == "x" else "",
                                   index=records.index, dtype="string")
    dates = records["datum"].dropna()
    frame = pd.DataFrame({"x": keys["x"], "group": keys["group"], "client": records["client"],
                          "waarde": records["waarde"]})
    if "provider" in records and agg == "budgetuitputting":
        frame["provider"] = records["provider"]
    grouped = frame.groupby(["x", "group"], observed=True, sort=True, dropna=False)
    table = pd.DataFrame({"clients": grouped["client"].nunique(), "records": grouped.size()})
    value_fns: dict[str, Callable[[], pd.Series]] = {
        "mediaan": lambda: grouped["waarde"].median(),
        "gemiddelde": lambda: grouped["waarde"].mean(),
        "minimum": lambda: grouped["waarde"].min(),
        "maximum": lambda: grouped["waarde"].max(),
        "som": lambda: grouped["waarde"].sum(),
        "percentage": lambda: grouped["waarde"].mean(),
        "aantal": lambda: table["clients"].astype("float64"),
        "per_client": lambda: grouped["waarde"].sum() / table["clients"],
        "marktaandeel": lambda: _share(
            grouped["waarde"].sum() if result.reference.get("basis") == "bedrag"
            else table["clients"], x, group),
        "budgetuitputting": lambda: _budget_share(grouped, result, x, group),
    }
    table["value"] = value_fns[agg]().astype("float64")
    table = table.reset_index()
    if x == PERIOD_X:
        table = _complete_periods(table, period, agg)
    table["x_label"] = _labels_for(table["x"], x, period, result)
    table["group_label"] = _labels_for(table["group"], group, period, result)
    return Aggregated(
        table=table[["x", "x_label", "group", "group_label", "value", "clients", "records"]],
        x=x, group=group, aggregation=agg,
        unit=AGGREGATION_UNIT.get(agg, result.unit),
        additive=agg in ADDITIVE,
        filtered_out=filtered_out,
        partial_period=partial,
        combined=combined,
        first_date=dates.min() if len(dates) else None,
        last_date=dates.max() if len(dates) else None,
    )


def _share(amounts: pd.Series, x: str | None, group: str | None) -> pd.Series:
    """Clients (or amount) of each provider divided by those of all providers together,
    within each x (when the providers are the groups) or overall (when they are the x)."""
    amounts = amounts.astype("float64")
    if group == "provider":
        return amounts / amounts.groupby(level="x").transform("sum")
    return amounts / amounts.groupby(level="group").transform("sum")


def _budget_share(grouped, result: IndicatorResult, x: str | None, group: str | None) -> pd.Series:
    spent = grouped["waarde"].sum()
    ceilings = result.reference.get("ceilings", {})
    level = "x" if x == "provider" else "group"
    codes = spent.index.get_level_values(level)
    ceiling = pd.Series([ceilings.get(str(c), np.nan) for c in codes], index=spent.index)
    return spent / ceiling.replace(0, np.nan)


def _complete_periods(table: pd.DataFrame, period: str, agg: str) -> pd.DataFrame:
    """Add the periods without any record, so a line shows a gap (or a true zero)."""
    if table.empty:
        return table
    starts = pd.period_range(table["x"].min(), table["x"].max(), freq=PERIOD_FREQ[period])
    full = pd.MultiIndex.from_product([starts.start_time, table["group"].unique()],
                                      names=["x", "group"])
    out = table.set_index(["x", "group"]).reindex(full).reset_index()
    out[["clients", "records"]] = out[["clients", "records"]].fillna(0).astype("int64")
    if agg == "aantal":
        out["value"] = out["value"].fillna(0.0)
    return out


def _labels_for(values: pd.Series, dim: str | None, period: str,
                result: IndicatorResult) -> pd.Series:
    if dim == PERIOD_X:
        return values.map(lambda v: format_period(v, period)).astype("string")
    labels = result.labels.get(dim or "", {})
    if dim == "product_category" and not labels:
        specials = {label_text("unknown"), label_text("other")}
        return values.map(lambda v: v if v in specials else category_label(v)).astype("string")
    if not labels:
        return values.astype("string")
    if dim == "product_code":
        return values.map(lambda v: f"{v} {labels[v]}" if v in labels else v).astype("string")
    return values.map(lambda v: labels.get(v, v)).astype("string")
