"""What kind of export a file is, and the roles of its plain date headers."""

from __future__ import annotations

import pytest

from core.io import import_file


def _import(tmp_path, header: str, rows: list[str]):
    path = tmp_path / "export.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="cp1252")
    return import_file(path).dataset


def test_a_plain_einddatum_is_the_end_of_the_toewijzing_in_a_301(tmp_path):
    ds = _import(tmp_path, "BSN;AGB-code;Productcode;Ingangsdatum;Einddatum",
                 ["123456782;12345678;45A01;01-01-2024;30-06-2024",
                  "111222333;12345678;45A02;01-02-2024;31-07-2024"])
    roles = {c.name: c.role for c in ds.columns}
    assert ds.kind == "301"
    assert roles["Ingangsdatum"] == "assignment_start" and roles["Einddatum"] == "assignment_end"


def test_plain_dates_of_declarations_are_the_declared_period(tmp_path):
    ds = _import(tmp_path, "BSN;Begindatum;Einddatum;Bedrag",
                 ["123456782;01-01-2024;31-01-2024;€ 100,00",
                  "111222333;01-02-2024;29-02-2024;€ 200,00"])
    roles = {c.name: c.role for c in ds.columns}
    assert roles["Begindatum"] == "period_start" and roles["Einddatum"] == "period_end"
    assert ds.kind == "303"


def test_a_flattened_trajecten_export_is_its_own_kind(tmp_path):
    ds = _import(tmp_path, "BSN cliënt;AGB aanbieder;Productcode;Ingangsdatum toewijzing;"
                 "Einddatum toewijzing;Datum start zorg (305);Datum einde zorg (307);"
                 "Frequentie",
                 ["123456782;12345678;45A01;01-01-2024;30-06-2024;15-01-2024;01-05-2024;Per week",
                  "111222333;12345678;45A02;01-02-2024;31-07-2024;;;Per week"])
    roles = {c.name: c.role for c in ds.columns}
    assert ds.kind == "trajecten"
    assert roles["Datum start zorg (305)"] == "care_start"
    assert roles["Datum einde zorg (307)"] == "care_end"
    assert roles["Frequentie"] == "frequency" and roles["BSN cliënt"] == "client"


@pytest.mark.parametrize("header", ["Productcode", "Product code", "PRODUCTCODE", "Prestatiecode"])
def test_a_product_code_column_gets_the_product_code_role(tmp_path, header):
    """iJw product codes mix letters and digits (45A01) with digits only (54001)."""
    ds = _import(tmp_path, f"BSN;{header};Bedrag",
                 ["123456782;45A01;100,00", "234567891;54001;200,00", "345678902;45A03;300,00"])
    spec = ds.column(header)
    assert (spec.type, spec.role) == ("code", "product_code")
