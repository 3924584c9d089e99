"""The project's message set: every assignment with its starts, stops and declarations.

The same traffic reaches users in three shapes (DOMAIN.md, "Export shapes"):
separate files per message (301, 305, 307, 303), one mixed file with a
message-type column, or a flattened *trajecten* export with one row per
toewijzing and the reported start and end of care in the row. ``build`` turns
any of them into one model:

- ``assignments``: one row per toewijzing (301 rows and trajecten rows; exact
  copies count once), role-named columns, ``_ds``/``_row`` saying where it is from;
- ``starts``, ``stops``, ``declarations``: per source the message rows and the
  assignment each belongs to, linked by the one rule of ``core.linkage``. In a
  trajecten export the start and the end belong to their own row (``own``): an
  empty start date is a start that was not reported, an empty end is care that
  still runs.

Checks (``core.checks.context``) and indicators (``core.analysis``) both read
this model, so on the same files they give the same links, and a trajecten
export gives the counts its equivalent message files give.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

import numpy as np
import pandas as pd

from core.data import KindFrame
from core.i18n import _
from core.linkage import KEY_ROLES, LinkResult, link_messages, normalised_codes
from core.paths import load_json_resource

TRAJECTEN = "trajecten"
ASSIGNMENT_KINDS = ("301", TRAJECTEN)
# kind of message file -> (what it is in the model, its date role, its end date role)
EVENT_KINDS = {"305": ("starts", "care_start", None), "307": ("stops", "care_end", None),
               "303": ("declarations", "period_start", "period_end")}
OWN_EVENTS = {"care_start": "starts", "care_end": "stops"}  # columns of a trajecten row
ASSIGNMENT_ROLES = (*KEY_ROLES, "assignment_start", "assignment_end", "volume", "unit",
                    "frequency", "district", "provider_name", "product_name", "amount")
# An exact copy of an assignment on these is the same assignment (duplicate-rows reports
# the copies); otherwise a start message would link to only one of them.
COPY_ROLES = (*KEY_ROLES, "assignment_start", "assignment_end")


class Reader(Protocol):
    """What ``build`` needs from whoever holds the cleaned data (a check run, or the
    indicators): the rows of a kind, a column's unreadable cells, and its codes."""

    def kind_frames(self, kind: str) -> list[KindFrame]: ...

    def unreadable(self, kf: KindFrame, column: str) -> np.ndarray | None: ...

    def factorized(self, kf: KindFrame, column: str) -> tuple[np.ndarray, Any]: ...


@dataclass(frozen=True)
class LinkedMessages:
    """One message file (or the rows of one kind in a mixed file, or the start or end
    column of a trajecten export) linked to the assignments."""

    source: KindFrame
    result: LinkResult
    dates: pd.Series  # the message date (care_start, care_end, period_start), by row label
    own: bool = False  # events in the row of their own assignment (trajecten)


@dataclass
class MessageSet:
    assignments: pd.DataFrame  # role-named columns, one row per assignment; _ds, _row
    starts: list[LinkedMessages] = field(default_factory=list)
    stops: list[LinkedMessages] = field(default_factory=list)
    declarations: list[LinkedMessages] = field(default_factory=list)
    copies: int = 0  # assignment rows left out as exact copies of an earlier row
    _started: pd.Series | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def rule(self) -> str:
        """The linking rule as the user reads it: the one the message files used, and
        a sentence on trajecten exports when there is one."""
        texts = load_json_resource("texts", "linkage.json")
        linked = [m for m in (*self.starts, *self.stops) if not m.own]
        own = any(m.own for m in (*self.starts, *self.stops))
        parts = [linked[0].result.rule] if linked else []
        if own:
            parts.append(_(texts["own_row"]))
        return " ".join(parts)

    def started(self) -> pd.Series:
        """Per assignment label: the earliest start date, NaT when a start exists
        without a readable date; missing when none came. Worked out once."""
        if self._started is None:
            self._started = first_events(self.starts)["date"]
        return self._started

    def start_of(self, assignment: pd.Series) -> np.ndarray:
        """The start date of each message's assignment (NaT when unknown), as an array."""
        labels = assignment.astype("Float64").astype("float64").to_numpy()
        return self.started().reindex(labels).to_numpy(dtype="datetime64[ns]")


def latest_event(dates, today: date | None = None) -> pd.Timestamp:
    """The default peildatum: the latest event date (start of an assignment, of care,
    of a declared period) that is not after today; today when there is none. Checks
    and indicators both use it."""
    today_ts = pd.Timestamp(today or date.today())
    latest = None
    for values in dates:
        if values is None or not len(values):
            continue
        values = values[values <= today_ts]
        if len(values) and values.notna().any():
            top = values.max()
            latest = top if latest is None else max(latest, top)
    return pd.Timestamp(latest).normalize() if latest is not None else today_ts


def first_events(events: list[LinkedMessages], extra: dict[str, str] | None = None
                 ) -> pd.DataFrame:
    """Per assignment label the earliest event: ``date`` (NaT when only unreadable
    dates came) and the ``extra`` roles (role -> output name) of that event."""
    extra = extra or {}
    parts = []
    for linked in events:
        part = pd.DataFrame({"a": linked.result.assignment, "date": linked.dates})
        for role, name in extra.items():
            column = linked.source.roles.get(role)
            part[name] = (linked.source.frame[column].astype("string")
                          if column in linked.source.frame else pd.NA)
        parts.append(part.dropna(subset=["a"]))
    columns = ["date", *extra.values()]
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype="datetime64[ns]" if c == "date" else "string")
                             for c in columns})
    both = pd.concat(parts, ignore_index=True)
    both["a"] = both["a"].astype("int64")
    both = both.sort_values(["a", "date"], na_position="last", kind="stable")
    return both.drop_duplicates("a").set_index("a")[columns]


def build(reader: Reader) -> MessageSet | None:
    """The message set of the project ``reader`` reads; None without assignments or
    without a key to link on."""
    sources = [kf for kind in ASSIGNMENT_KINDS for kf in reader.kind_frames(kind)]
    if not sources:
        return None
    parts = []
    for kf in sources:
        part = pd.DataFrame({r: kf.frame[kf.roles[r]] for r in ASSIGNMENT_ROLES
                             if _has(kf, r)}, index=kf.frame.index)
        part["_ds"] = kf.dataset.id
        part["_row"] = kf.frame.index
        parts.append(part)
    assignments = pd.concat(parts, ignore_index=True)
    if not any(k in assignments.columns for k in ("client", "provider", "assignment_number")):
        return None
    offsets = np.cumsum([0] + [len(kf.frame) for kf in sources])
    events = [(kf, *EVENT_KINDS[kind]) for kind in EVENT_KINDS for kf in reader.kind_frames(kind)]
    keys = _key_codes(reader, sources, [kf for kf, *_rest in events])
    copy_of = _first_copies(reader, sources)
    keep = copy_of == np.arange(len(assignments))
    kept = assignments[keep]
    found = MessageSet(kept, copies=int((~keep).sum()))
    roles = {c: c for c in kept.columns if not c.startswith("_")}
    for i, (kf, target, date_role, end_role) in enumerate(events):
        mroles = {r: c for r, c in kf.roles.items() if c in kf.frame.columns}
        try:
            result = link_messages(
                kept, roles, kf.frame, mroles, date_role, end_role=end_role,
                outside_period="report" if target == "declarations" else "unlink",
                key_codes={k: (codes[1 + i], codes[0][keep]) for k, codes in keys.items()
                           if k in mroles and k in roles})
        except ValueError:  # no key in common: this file cannot be linked
            continue
        getattr(found, target).append(LinkedMessages(kf, result, _dates(kf, date_role)))
    for j, kf in enumerate(sources):
        if kf.dataset.kind != TRAJECTEN:
            continue
        own = copy_of[offsets[j]:offsets[j + 1]]
        for role, target in OWN_EVENTS.items():
            if _has(kf, role):
                getattr(found, target).append(_own_events(reader, kf, role, own, offsets[j]))
    return found


def _has(kf: KindFrame, role: str) -> bool:
    return role in kf.roles and kf.roles[role] in kf.frame.columns


def _dates(kf: KindFrame, role: str) -> pd.Series:
    if _has(kf, role):
        return kf.frame[kf.roles[role]]
    return pd.Series(pd.NaT, index=kf.frame.index, dtype="datetime64[ns]")


def _own_events(reader: Reader, kf: KindFrame, role: str, own: np.ndarray,
                offset: int) -> LinkedMessages:
    """The start (or end) of care in a trajecten row as a message of that row: present
    where the cell holds a date, or text that is not a readable date. An exact copy of
    an earlier row with the same date reports nothing new."""
    column = kf.roles[role]
    values = kf.frame[column]
    present = values.notna().to_numpy()
    unreadable = reader.unreadable(kf, column)
    if unreadable is not None:
        present = present | unreadable
    local = own - offset
    copy = (local != np.arange(len(own))) & (local >= 0) & (local < len(own))
    if copy.any():
        where = np.flatnonzero(copy)
        same = values.iloc[where].to_numpy() == values.iloc[local[where]].to_numpy()
        present[where[pd.array(same, dtype="boolean").fillna(False).to_numpy(dtype=bool)
                      & present[local[where]]]] = False
    rows = kf.frame[present]
    n = len(rows)
    result = LinkResult(
        assignment=pd.Series(own[present], index=rows.index),
        candidates=pd.Series(np.ones(n, dtype=np.int64), index=rows.index),
        keys=(), uses_period=False,
        by_number=pd.Series(np.zeros(n, dtype=bool), index=rows.index),
        in_period=pd.Series(np.ones(n, dtype=bool), index=rows.index))
    return LinkedMessages(KindFrame(kf.dataset, rows, kf.roles), result, rows[column], own=True)


def _factorized(reader: Reader, kf: KindFrame, role: str) -> tuple[np.ndarray, Any]:
    if not _has(kf, role):
        return np.full(len(kf.frame), -1, dtype=np.int64), pd.Index([])
    return reader.factorized(kf, kf.roles[role])


def _key_codes(reader: Reader, sources: list[KindFrame], messages: list[KindFrame]
               ) -> dict[str, list[np.ndarray]]:
    """Per key role: [all assignment rows' codes, then each message frame's codes], in
    one numbering of the trimmed values (-1 missing)."""
    out = {}
    for role in KEY_ROLES:
        if not any(_has(kf, role) for kf in sources):
            continue
        parts = [_factorized(reader, kf, role) for kf in sources]
        found = [_factorized(reader, kf, role) for kf in messages]
        codes = normalised_codes(parts + found)
        out[role] = [np.concatenate(codes[:len(parts)]), *codes[len(parts):]]
    return out


def _first_copies(reader: Reader, sources: list[KindFrame]) -> np.ndarray:
    """Per assignment row (all sources one after the other): the position of its
    first exact copy on the copy roles (itself when it is the first)."""
    columns = []
    for role in COPY_ROLES:
        if not any(_has(kf, role) for kf in sources):
            continue
        parts = [_factorized(reader, kf, role) for kf in sources]
        columns.append(_joint_raw_codes(parts) + 1)  # missing (-1) is a value here: 0
    n = sum(len(kf.frame) for kf in sources)
    if not columns:
        return np.arange(n)
    ids = _combine_all(columns)
    first = pd.Series(np.arange(n)).groupby(ids).transform("min").to_numpy()
    return first


def _combine_all(columns: list[np.ndarray]) -> np.ndarray:
    """One integer per row, equal exactly when all columns are (values >= 0)."""
    ids = np.zeros(len(columns[0]), dtype=np.int64)
    bound = 1
    for column in columns:
        width = int(column.max(initial=0)) + 1
        if bound * width >= 2**62:
            ids, uniques = pd.factorize(ids)
            ids, bound = ids.astype(np.int64, copy=False), max(1, len(uniques))
        ids *= width
        ids += column
        bound *= width
    return ids


def _joint_raw_codes(parts: list[tuple[np.ndarray, Any]]) -> np.ndarray:
    """The parts' codes in one numbering, equal exactly when the values are."""
    if len(parts) == 1:
        return np.asarray(parts[0][0], dtype=np.int64)
    joint, _u = pd.factorize(pd.concat([pd.Series(u, dtype=object) for _c, u in parts],
                                       ignore_index=True))
    out, offset = [], 0
    for codes, uniques in parts:
        lookup = np.append(np.asarray(joint[offset:offset + len(uniques)], dtype=np.int64), -1)
        out.append(lookup[np.where(codes >= 0, codes, len(uniques))])
        offset += len(uniques)
    return np.concatenate(out)


class ProjectReader:
    """A ``Reader`` over a project's cleaned data, for callers outside a check run."""

    def __init__(self, project, cleaned_data: Callable[[Any], Any] | None = None) -> None:
        from core.data import cleaned

        self.project = project
        self._data: dict[str, Any] = {}
        self._cleaned = cleaned_data or (lambda ds: cleaned(project, ds.id))

    def data(self, dataset):
        if dataset.id not in self._data:
            self._data[dataset.id] = self._cleaned(dataset)
        return self._data[dataset.id]

    def kind_frames(self, kind: str) -> list[KindFrame]:
        from core.data import frames_of_kind

        by_id = {ds.id: ds for ds in self.project.datasets}
        return [kf for kf in frames_of_kind(self.project, kind,
                                            source=lambda i: self.data(by_id[i]).frame)
                if len(kf.frame.columns)]

    def unreadable(self, kf: KindFrame, column: str) -> np.ndarray | None:
        mask = self.data(kf.dataset).invalid.get(column)
        if mask is None:
            return None
        return mask.reindex(kf.frame.index, fill_value=False).to_numpy(dtype=bool)

    def factorized(self, kf: KindFrame, column: str) -> tuple[np.ndarray, Any]:
        codes, uniques = pd.factorize(kf.frame[column])
        return codes.astype(np.int64, copy=False), uniques
