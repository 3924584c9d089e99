"""The quality summary per dataset follows the findings, and says what each score means."""

from __future__ import annotations

from core.checks import run_checks
from core.checks.fixes import apply_fix
from core.quality import DIMENSIONS, quality_summary


def test_scores_reflect_the_planted_defects_and_improve_after_fixes(example_project_factory):
    project = example_project_factory()
    summary = {q.dataset: q for q in quality_summary(project, run_checks(project))}
    q301 = summary["voorbeeld-301"]
    assert [s.dimension for s in q301.scores] == list(DIMENSIONS)
    assert q301.score("uniqueness").score == round(1 - 7 / 823, 4)  # 7 repeated numbers
    assert summary["voorbeeld-307"].score("uniqueness").score == 1.0
    assert summary["voorbeeld-305"].score("validity").score == round(1 - 2 / 805, 4)
    for q in summary.values():
        for s in q.scores:
            assert 0 <= s.score <= 1 and s.label and s.meaning and s.grade
    report = run_checks(project, ["duplicate-rows"])
    for finding in report.findings:
        apply_fix(project, finding.fixes[0])
    after = {q.dataset: q for q in quality_summary(project, run_checks(project))}
    assert after["voorbeeld-303"].score("uniqueness").score == 1.0
