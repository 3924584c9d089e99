"""The check modules, listed explicitly (never discovered by scanning a namespace).

Importing a module registers its one check class with ``@register_check``; a
test asserts that every module under core/checks/<group>/ is listed here and
registered exactly the check its file name says. The order is the order in
which checks run and are listed.
"""

from __future__ import annotations

import importlib

CHECK_MODULES: tuple[str, ...] = (
    "generic.missing_values",
    "generic.empty_columns",
    "generic.constant_columns",
    "generic.duplicate_rows",
    "generic.duplicate_keys",
    "generic.unparseable_values",
    "generic.whitespace_case",
    "generic.spelling_variants",
    "generic.outliers",
    "dates.implausible_dates",
    "dates.implausible_ages",
    "domain.implausible_volume",
    "domain.overlapping_periods",
    "domain.aggregation_levels",
    "linkage.unmatched_messages",
    "linkage.start_not_reported",
    "linkage.stop_without_start",
    "linkage.stop_not_reported",
    "linkage.end_before_start",
    "linkage.computable_share",
    "linkage.declarations_without_assignment",
    "linkage.declared_above_assigned",
    "privacy.personal_data",
)

_loaded = False


def load_checks() -> None:
    global _loaded
    if _loaded:
        return
    for name in CHECK_MODULES:
        importlib.import_module(f"core.checks.{name}")
    _loaded = True
