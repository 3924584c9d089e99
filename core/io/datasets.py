"""Changes to a project's datasets, and what the chosen template still needs.

The Data step changes datasets only through these functions (then tells the
controller ``mark_changed("datasets")``), so the rules live in one place: a role
belongs to one column, names stay unique, a mixed file supplies every message kind
its message-type column holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from core.i18n import _
from core.io.roles import message_code, role_definitions
from core.paths import load_json_resource
from core.privacy import pseudonymise_like_before
from core.project import Dataset, Project
from core.templates import get_template


@cache
def kind_labels() -> dict[str, str]:
    return {k: v["label"] for k, v in load_json_resource("texts", "dataset_kinds.json").items()}


def kind_label(kind: str | None) -> str:
    return _(kind_labels().get(kind or "other", kind or ""))


def role_label(role: str) -> str:
    spec = role_definitions().get(role)
    return _(spec["label"]) if spec else role


def add_dataset(project: Project, dataset: Dataset) -> Dataset:
    """Add a dataset; a second file with the same name gets ' (2)'. Identifiers the user
    pseudonymised in the earlier files are pseudonymised in this one too."""
    names = {ds.name for ds in project.datasets}
    base, number = dataset.name, 2
    while dataset.name in names:
        dataset.name = f"{base} ({number})"
        number += 1
    project.datasets.append(dataset)
    pseudonymise_like_before(project, dataset.id)
    mark_checklist_received(project)
    return project.dataset(dataset.id)  # a pseudonymised file is a new Dataset object


def remove_dataset(project: Project, dataset_id: str) -> Dataset:
    dataset = project.dataset(dataset_id)
    project.datasets.remove(dataset)
    return dataset


def rename_dataset(project: Project, dataset_id: str, name: str) -> None:
    name = " ".join(name.split())
    if name:
        project.dataset(dataset_id).name = name


def set_kind(dataset: Dataset, kind: str) -> None:
    if kind not in kind_labels():
        raise ValueError(f"unknown dataset kind {kind!r}")
    dataset.kind = kind


def kinds_in(dataset: Dataset) -> set[str]:
    """The kinds of data a dataset supplies: its own, or for a mixed file the message
    kinds in its message-type column."""
    if dataset.kind == "trajecten":  # one row per toewijzing with its start and stop
        return {"trajecten", "301", "305", "307"}
    if dataset.kind != "mixed":
        return {dataset.kind} if dataset.kind else set()
    column = dataset.column_for_role("message_type")
    if column is None or column not in dataset.original.columns:
        return set()
    cache_key = (column, len(dataset.original))
    cached = dataset._kinds_cache
    if cached is None or cached[0] != cache_key:
        values = dataset.original[column].dropna().unique()
        codes = {message_code(str(v)) for v in values[:10_000]}
        known = set(kind_labels())
        cached = (cache_key, {c for c in codes if c in known})
        dataset._kinds_cache = cached
    return set(cached[1])


def datasets_supplying(project: Project, kind: str | None) -> list[str]:
    """Names of the datasets that hold data of this kind."""
    if not kind:
        return []
    return [ds.name for ds in project.datasets if kind in kinds_in(ds)]


# Statuses of the Vraag step's data checklist that an import settles: the user was
# still looking for the data or had asked for it, and now it is in the project.
_SETTLED_BY_IMPORT = ("uitzoeken", "aangevraagd")


def mark_checklist_received(project: Project) -> list[int]:
    """Set the question's checklist items whose data kind is now in the project to
    'binnen'. Returns the indices that changed; a status the user set otherwise stays."""
    changed = []
    for index, item in enumerate(project.question.checklist):
        if item.status in _SETTLED_BY_IMPORT and datasets_supplying(project, item.kind):
            item.status = "binnen"
            changed.append(index)
    return changed


@dataclass(frozen=True)
class ChecklistItem:
    kind: str
    role: str
    required: bool
    datasets: list[str] = field(default_factory=list)  # names of datasets that have it

    @property
    def satisfied(self) -> bool:
        return bool(self.datasets)


@dataclass(frozen=True)
class Checklist:
    template_id: str
    template_label: str
    items: list[ChecklistItem]
    sources: dict[str, list[str]] = field(default_factory=dict)  # kind -> dataset names

    def needed_roles(self, kind: str | None) -> list[str]:
        """The roles the template requires from data of this kind."""
        return [i.role for i in self.items if i.required and i.kind == kind]

    @property
    def missing(self) -> list[ChecklistItem]:
        return [i for i in self.items if i.required and not i.satisfied]

    @property
    def kinds(self) -> list[str]:
        return list(dict.fromkeys(i.kind for i in self.items))


def template_checklist(project: Project | None) -> Checklist | None:
    """Per dataset kind and role of the chosen template: which datasets provide it.
    None when no template is chosen."""
    if project is None:
        return None
    template = get_template(project.question.template)
    if template is None:
        return None
    items = []
    sources: dict[str, list[str]] = {}
    for roles, required in ((template.required_roles, True), (template.optional_roles, False)):
        for kind, role_ids in roles.items():
            supplying = [ds for ds in project.datasets if kind in kinds_in(ds)]
            sources[kind] = [ds.name for ds in supplying]
            for role in role_ids:
                having = [ds.name for ds in supplying if ds.column_for_role(role)]
                items.append(ChecklistItem(kind, role, required, having))
    return Checklist(template.id, _(template.label), items, sources)


def missing_summary(checklist: Checklist) -> str:
    """One B1 sentence: what the template still needs, per kind of data."""
    parts = []
    for kind in checklist.kinds:
        roles = [role_label(i.role) for i in checklist.missing if i.kind == kind]
        if roles:
            parts.append(_("{kind}: {roles}").format(kind=kind_label(kind), roles=", ".join(roles)))
    return "; ".join(parts)
