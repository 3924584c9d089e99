"""The report says what pseudonymising does and does not do, and uses the shared
analysis-fit words (issue 19)."""

from __future__ import annotations

from core.checks.texts import check_texts
from core.maturity import current_fit
from core.maturity.fit import rule_text, summary
from core.report.build import build_report


def test_the_report_explains_avg_and_the_fit_rule(example):
    document = build_report(example)
    method = {m["title"]: m["text"] for m in document.appendix["method"]}
    avg = method["Persoonsgegevens en de AVG"]
    for words in ("doelbinding", "dataminimalisatie", "pseudoniem", "sleutel"):
        assert words in avg
    assert rule_text() in method["Hoe het niveau van datavolwassenheid wordt berekend"]
    assert document.maturity["fit"] == " ".join(summary(current_fit(example)))


def test_pseudonymised_data_is_never_called_anonymous():
    fix = check_texts("personal-data")["fixes"]["pseudonymise"]["assumption"]
    assert "persoonsgegevens" in fix and "sleutel" in fix
    assert "niemand kan zien" not in fix
    why = check_texts("personal-data")["types"]["direct-identifier"]["why"]
    assert "doelbinding" in why and "dataminimalisatie" in why
