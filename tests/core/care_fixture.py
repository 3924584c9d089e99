"""A tiny youth-care project whose indicator values are worked out by hand.

Providers P1 ("Aanbieder Een") and P2 ("Aanbieder Twee"); all dates in 2024 (a
leap year). The comments give each record's waiting time and care duration in
days; the tests compare the indicators with these numbers.
"""

from __future__ import annotations

import pandas as pd

from core.project import ColumnSpec, Dataset, Project

# client, provider, name, product, decision, assignment start, end, district
ASSIGNMENTS = [
    ("c1", "P1", "Aanbieder Een", "45A01", "B1", "01-01-2024", "31-12-2024", "Noord"),   # A0
    ("c2", "P1", "Aanbieder Een", "45A01", "B2", "01-01-2024", "31-12-2024", "Noord"),   # A1
    ("c3", "P2", "Aanbieder Twee", "45A01", "B3", "01-02-2024", "31-12-2024", "Zuid"),   # A2
    ("c4", "P2", "aanbieder twee", "45A01", "B4", "01-03-2024", "31-12-2024", "Zuid"),   # A3
    ("c5", "P2", "Aanbieder Twee", "45A01", "B5", "01-03-2024", "31-12-2024", "Zuid"),   # A4
    ("c1", "P2", "Aanbieder Twee", "43A10", "B6", "01-06-2024", "31-12-2024", "Noord"),  # A5
]
STARTS = [
    ("c1", "P1", "45A01", "B1", "11-01-2024"),  # A0: waits 10
    ("c2", "P1", "45A01", "B2", "05-03-2024"),  # A1: waits 64
    ("c3", "P2", "45A01", "B3", "01-04-2024"),  # A2: waits 60
    ("c4", "P2", "45A01", "B4", "15-03-2024"),  # A3: waits 14
    ("c1", "P2", "43A10", "B6", "11-07-2024"),  # A5: waits 40
    ("c9", "P1", "45A01", "B9", "01-05-2024"),  # no assignment: cannot be linked
]  # A4 (c5) never started
STOPS = [
    ("c1", "P1", "45A01", "B1", "10-04-2024", "01 Volgens plan afgerond"),  # A0: 90 days
    ("c2", "P1", "45A01", "B2", "30-03-2024", "03 Eenzijdig door cliënt beëindigd"),  # A1: 25
    ("c3", "P2", "45A01", "B3", "15-03-2024", "04 Eenzijdig door aanbieder beëindigd"),  # A2:
    #                                                          stops before it starts (defect)
    ("c1", "P2", "43A10", "B6", "10-08-2024", "05 Verhuizing"),  # A5: 30 days
    ("c7", "P1", "45A01", "B7", "01-05-2024", "02 Voortijdig in overleg afgerond"),  # unlinked
]  # A3 (c4) still running
INVOICES = [
    ("c1", "P1", "Aanbieder Een", "45A01", "01-01-2024", "€ 100,00"),
    ("c1", "P1", "Aanbieder Een", "45A01", "01-02-2024", "€ 150,50"),
    ("c2", "P1", "Aanbieder Een", "45A01", "01-02-2024", "€ 200,00"),
    ("c3", "P2", "Aanbieder Twee", "45A01", "01-03-2024", "€ 1.000,00"),
    ("c4", "P2", "Aanbieder Twee", "43A10", "01-03-2024", ""),  # no amount
    ("c4", "P2", "Aanbieder Twee", "43A10", "", "€ 50,00"),  # no period
    ("c1", "P2", "Aanbieder Twee", "43A10", "01-03-2023", "€ 300,00"),  # last year
]
BUDGET = [("P1", "500"), ("P2", "2000"), ("", "2500")]  # the last one is a Totaal row


def _dataset(ds_id: str, kind: str, rows, columns: list[tuple[str, str, str | None]]) -> Dataset:
    names = [c[0] for c in columns]
    frame = pd.DataFrame(rows, columns=names, dtype="string").replace("", pd.NA)
    return Dataset(ds_id, f"Bestand {kind}", frame,
                   [ColumnSpec(name, type_, role) for name, type_, role in columns], kind=kind)


def build_project() -> Project:
    project = Project(name="Handberekend")
    project.datasets += [
        _dataset("a", "301", ASSIGNMENTS, [
            ("BSN", "code", "client"), ("AGB", "code", "provider"),
            ("Naam aanbieder", "text", "provider_name"), ("Product", "code", "product_code"),
            ("Beschikking", "code", "decision_number"),
            ("Ingangsdatum", "date", "assignment_start"), ("Einddatum", "date", "assignment_end"),
            ("Wijk", "text", "district")]),
        _dataset("s", "305", STARTS, [
            ("BSN", "code", "client"), ("AGB", "code", "provider"),
            ("Product", "code", "product_code"), ("Beschikking", "code", "decision_number"),
            ("Begindatum zorg", "date", "care_start")]),
        _dataset("t", "307", STOPS, [
            ("BSN", "code", "client"), ("AGB", "code", "provider"),
            ("Product", "code", "product_code"), ("Beschikking", "code", "decision_number"),
            ("Einddatum zorg", "date", "care_end"), ("Reden", "text", "end_reason")]),
        _dataset("d", "303", INVOICES, [
            ("BSN", "code", "client"), ("AGB", "code", "provider"),
            ("Naam aanbieder", "text", "provider_name"), ("Product", "code", "product_code"),
            ("Begin periode", "date", "period_start"), ("Bedrag", "amount", "amount")]),
        _dataset("b", "budget", BUDGET, [
            ("AGB-code", "code", "provider"), ("Plafond", "decimal", "amount")]),
    ]
    return project
