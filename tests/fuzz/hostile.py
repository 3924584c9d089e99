"""Hostile and malformed inputs for the fuzz suite: project files, CSV and xlsx files.

Every case is a function that writes one file at the path it is given. ``PROJECT_CASES``
and ``TABLE_CASES`` are the named cases (each failure of issue 16 and its relatives),
cheap enough for the default run; ``PROJECT_BOMBS`` and ``TABLE_BOMBS`` are the big ones
for the slow suite. ``project_mutations(seed, n)`` and ``table_mutations(seed, n)`` derive
random variations of a valid file with a fixed seed, so a failure can be replayed.
"""

from __future__ import annotations

import copy
import io
import json
import random
import struct
import zipfile
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

Case = Callable[[Path], None]


# --------------------------------------------------------------------------- a valid project


@cache
def valid_project_bytes() -> bytes:
    """A small but complete project: five datasets, a question with a template, chart
    proposals, cleaning operations, a maturity measurement and report texts."""
    import tempfile

    from core import charts
    from core.cleaning import Operation, add_operation
    from core.maturity.model import MaturityState
    from core.project import save_project
    from core.question import choose_template
    from core.report.section import Action, set_text
    from tests.core.care_fixture import build_project

    project = build_project()
    choose_template(project, "wachttijd")
    charts.add_proposals(project)
    first = project.datasets[0]
    column = first.columns[0].name
    add_operation(project, Operation("trim", first.id, {"column": column}, "spaties weg"))
    add_operation(project, Operation("remove_rows", first.id, {"rows": [1]}, "dubbel"))
    add_operation(project, Operation("replace_values", first.id,
                                     {"column": column, "mapping": {"c1": "c01"}}, "spelling"))
    project.maturity = MaturityState.from_dict({"measurements": [
        {"name": "Nulmeting", "date": "2025-01-01",
         "respondents": [{"name": "A", "answers": {"v1": 2, "v2": 3}}]}]})
    set_text(project.report, "key_message", "De wachttijd daalt")
    project.report.actions.append(Action("Meer data", "Team", "2025-06-01", "hoog"))
    with tempfile.TemporaryDirectory() as folder:
        path = save_project(project, Path(folder) / "geldig.stuurwijzer")
        return path.read_bytes()


def members_of(raw: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


def write_members(path: Path, members: list[tuple[str, bytes]],
                  compression: int = zipfile.ZIP_DEFLATED) -> None:
    """A zip with these members in this order (duplicates allowed)."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Duplicate name" is the point of some cases
        with zipfile.ZipFile(path, "w", compression=compression) as archive:
            for name, data in members:
                archive.writestr(name, data)


def document_of(raw: bytes) -> dict[str, Any]:
    return json.loads(dict(members_of(raw))["project.json"])


def with_document(doc: Any, *, text: bytes | None = None) -> Case:
    """The valid project with project.json replaced."""
    def make(path: Path) -> None:
        data = text if text is not None else json.dumps(doc).encode()
        members = [(n, data if n == "project.json" else d)
                   for n, d in members_of(valid_project_bytes())]
        write_members(path, members)
    return make


def changed(change: Callable[[dict[str, Any]], Any]) -> Case:
    """The valid project with ``change(doc)`` applied to its project.json."""
    def make(path: Path) -> None:
        doc = document_of(valid_project_bytes())
        change(doc)
        with_document(doc)(path)
    return make


def with_member(name: str, data: bytes, compression: int = zipfile.ZIP_STORED) -> Case:
    def make(path: Path) -> None:
        members = [(n, data if n == name else d) for n, d in members_of(valid_project_bytes())]
        if name not in dict(members):
            members.append((name, data))
        write_members(path, members, compression)
    return make


def first_dataset_id() -> str:
    return document_of(valid_project_bytes())["datasets"][0]["id"]


def parquet_bytes(table: pa.Table, **options: Any) -> bytes:
    buffer = io.BytesIO()
    pq.write_table(table, buffer, **options)
    return buffer.getvalue()


def patch_headers(raw: bytes, name: str, *, flag_bits: int | None = None,
                  compress_type: int | None = None, file_size: int | None = None) -> bytes:
    """Change a member's fields in both its local header and its directory entry (what
    another zip program could have written)."""
    data = bytearray(raw)
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        info = archive.getinfo(name)
        local = info.header_offset
        central = _central_offset(archive, name)
    if flag_bits is not None:
        struct.pack_into("<H", data, local + 6, flag_bits)
        struct.pack_into("<H", data, central + 8, flag_bits)
    if compress_type is not None:
        struct.pack_into("<H", data, local + 8, compress_type)
        struct.pack_into("<H", data, central + 10, compress_type)
    if file_size is not None:
        struct.pack_into("<I", data, local + 22, file_size)
        struct.pack_into("<I", data, central + 24, file_size)
    return bytes(data)


def _central_offset(archive: zipfile.ZipFile, name: str) -> int:
    start = archive.start_dir
    fp = archive.fp
    assert fp is not None
    fp.seek(start)
    directory = fp.read()
    pos = 0
    while pos < len(directory) and directory[pos:pos + 4] == b"PK\x01\x02":
        n, m, k = struct.unpack_from("<HHH", directory, pos + 28)
        if directory[pos + 46:pos + 46 + n].decode("utf-8", "replace") == name:
            return start + pos
        pos += 46 + n + m + k
    raise KeyError(name)


def patched(name: str, **fields: int) -> Case:
    def make(path: Path) -> None:
        path.write_bytes(patch_headers(valid_project_bytes(), name, **fields))
    return make


def _set(path_in_doc: tuple, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(doc: dict[str, Any]) -> None:
        node = doc
        for step in path_in_doc[:-1]:
            node = node[step]
        node[path_in_doc[-1]] = value
    return change


def _nested(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


def _duplicate_members(path: Path) -> None:
    members = members_of(valid_project_bytes())
    doc = dict(members)["project.json"]
    evil = json.loads(doc)
    evil["name"] = "Tweede versie"
    write_members(path, [*members, ("project.json", json.dumps(evil).encode())])


def _other_columns(path: Path) -> None:
    ds = first_dataset_id()
    with_member(f"data/{ds}.parquet", parquet_bytes(pa.table({"anders": ["x", "y"]})))(path)


def _other_rows(path: Path) -> None:
    doc = document_of(valid_project_bytes())
    doc["datasets"][0]["rows"] = 5
    with_document(doc)(path)


def _nested_parquet(path: Path) -> None:
    doc = document_of(valid_project_bytes())
    meta = doc["datasets"][0]
    table = pa.table({c["name"]: pa.array([[1]] * meta["rows"]) for c in meta["columns"]})
    with_member(f"data/{meta['id']}.parquet", parquet_bytes(table))(path)


def _dictionary_parquet(rows: int, value_chars: int) -> Case:
    """One column, ``rows`` rows of the same long value: tiny on disk (dictionary encoded
    and compressed), ``rows * value_chars`` bytes of text once decoded."""
    def make(path: Path) -> None:
        doc = document_of(valid_project_bytes())
        meta = doc["datasets"][0]
        meta["columns"] = [{"name": "x", "type": "text", "role": None}]
        meta["rows"] = rows
        indices = pa.array(np.zeros(rows, dtype=np.int32))
        column = pa.DictionaryArray.from_arrays(indices, pa.array(["v" * value_chars]))
        # Without the Arrow schema the reader sees a plain text column, as it would for
        # a file written from a huge text column (which the generator cannot hold).
        table = pa.table({"x": column})
        data = parquet_bytes(table, compression="zstd", store_schema=False)
        members = [(n, json.dumps(doc).encode() if n == "project.json" else d)
                   for n, d in members_of(valid_project_bytes())]
        members = [(n, data if n == f"data/{meta['id']}.parquet" else d) for n, d in members]
        write_members(path, members)
    return make


def _json_bomb(unpacked_mb: int) -> Case:
    """project.json of ``unpacked_mb`` MB of whitespace inside a valid document: a few MB
    packed."""
    def make(path: Path) -> None:
        doc = json.dumps(document_of(valid_project_bytes())).encode()
        chunk = b" " * (1024 * 1024)
        members = members_of(valid_project_bytes())
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name, data in members:
                if name != "project.json":
                    archive.writestr(name, data)
                    continue
                info = zipfile.ZipInfo(name)
                info.compress_type = zipfile.ZIP_DEFLATED
                with archive.open(info, "w", force_zip64=True) as member:
                    member.write(doc[:-1])
                    for _ in range(unpacked_mb):
                        member.write(chunk)
                    member.write(b"}")
    return make


def _containers_bomb(path: Path) -> None:
    doc = json.dumps(document_of(valid_project_bytes()))
    many = "[" + ",".join(["{}"] * 3_000_000) + "]"
    with_document(None, text=(doc[:-1] + ', "extra": ' + many + "}").encode())(path)


def _many_members(path: Path) -> None:
    members = members_of(valid_project_bytes())
    members += [(f"extra/{i}", b"") for i in range(2_000)]
    write_members(path, members, zipfile.ZIP_STORED)


def _empty_zip(path: Path) -> None:
    write_members(path, [])


def _truncated(path: Path) -> None:
    raw = valid_project_bytes()
    path.write_bytes(raw[: len(raw) // 2])


def _id_escape(value: Any) -> Case:
    return changed(_set(("id",), value))


def _dataset_id(value: Any) -> Case:
    return changed(_set(("datasets", 0, "id"), value))


def _duplicate_datasets(doc: dict[str, Any]) -> None:
    doc["datasets"].append(copy.deepcopy(doc["datasets"][0]))


PROJECT_CASES: dict[str, Case] = {
    # project.json of the wrong shape
    "document-list": with_document([]),
    "document-null": with_document(None),
    "document-string": with_document("project"),
    "document-number": with_document(5),
    "document-not-json": with_document(None, text=b"{kapot"),
    "document-nan": with_document(None, text=b'{"id": NaN, "datasets": []}'),
    "document-not-utf8": with_document(None, text=b'{"name": "\xff\xfe"}'),
    "document-nested-100k": with_document(None, text=_nested(100_000)),
    "document-nested-200": with_document(None, text=b'{"id": "a", "datasets": [], "x": '
                                         + _nested(200) + b"}"),
    "document-huge-number": with_document(None, text=b'{"id": "a", "datasets": [], "x": '
                                          + b"9" * 5000 + b"}"),
    "document-float-inf": with_document(None, text=b'{"id": "a", "datasets": [], "x": 1e999}'),
    "cleaning-number": changed(_set(("cleaning",), 5)),
    "cleaning-list": changed(_set(("cleaning",), [1, 2])),
    "cleaning-operations-string": changed(_set(("cleaning", "operations"), "trim")),
    "cleaning-operation-unknown": changed(lambda d: d["cleaning"]["operations"].append(
        {"kind": "format_c", "dataset": "a", "params": {}})),
    "cleaning-operation-params-list": changed(lambda d: d["cleaning"]["operations"].append(
        {"kind": "trim", "dataset": "a", "params": [1]})),
    "cleaning-operation-column-dict": changed(lambda d: d["cleaning"]["operations"].append(
        {"kind": "trim", "dataset": "a", "params": {"column": {"x": 1}}})),
    "source-string": changed(_set(("datasets", 0, "source"), "ergens")),
    "source-number": changed(_set(("datasets", 0, "source"), 12)),
    "source-size-text": changed(_set(("datasets", 0, "source"), {"filename": "a.csv",
                                                                  "size": "groot"})),
    "source-without-filename": changed(_set(("datasets", 0, "source"), {"size": 3})),
    "settings-list": changed(_set(("datasets", 0, "settings"), ["a"])),
    "settings-header-row-text": changed(_set(("datasets", 0, "settings", "header_row"), "1")),
    "question-list": changed(_set(("question",), [1])),
    "question-title-number": changed(_set(("question", "title"), 5)),
    "later-questions-number": changed(_set(("later_questions",), 3)),
    "charts-number": changed(_set(("charts",), 3)),
    "charts-filters-number": changed(_set(("charts", "specs", 0, "filters"), 3)),
    "charts-params-text": changed(_set(("charts", "specs", 0, "params"), "abc")),
    "report-actions-number": changed(_set(("report", "actions"), 7)),
    "chart-date-not-iso": changed(_set(("charts", "specs", 0, "date_to"), "volgend jaar")),
    "dataset-name-nul": changed(_set(("datasets", 0, "name"), "a\x00b")),
    "maturity-string": changed(_set(("maturity",), "hoog")),
    "columns-string": changed(_set(("datasets", 0, "columns"), "abc")),
    "column-unknown-type": changed(_set(("datasets", 0, "columns", 0, "type"), "geheim")),
    "column-name-number": changed(_set(("datasets", 0, "columns", 0, "name"), 12)),
    "columns-duplicate": changed(lambda d: d["datasets"][0]["columns"].append(
        d["datasets"][0]["columns"][0])),
    "datasets-dict": changed(_set(("datasets",), {"a": 1})),
    "dataset-id-dict": _dataset_id({"x": 1}),
    "dataset-id-escape": _dataset_id("../../x"),
    "dataset-id-absolute": _dataset_id("/tmp/x"),
    "datasets-duplicate": changed(_duplicate_datasets),
    "rows-negative": changed(_set(("datasets", 0, "rows"), -1)),
    "title-5mb": changed(_set(("report", "title"), "T" * 5_000_000)),
    "name-5mb": changed(_set(("name",), "N" * 5_000_000)),
    # the key path
    "project-id-escape": _id_escape("../../../../elders/x"),
    "project-id-absolute": _id_escape("/tmp/sleutel"),
    "project-id-windows-device": _id_escape("NUL"),
    "project-id-backslash": _id_escape("..\\..\\x"),
    "project-id-number": _id_escape(12),
    "project-id-empty": _id_escape(""),
    # the zip
    "duplicate-members": _duplicate_members,
    "encrypted-member": patched("project.json", flag_bits=0x1),
    "deflate64-member": patched("project.json", compress_type=9),
    "lzma-member": patched("project.json", compress_type=14),
    "lying-size": patched("project.json", file_size=10),
    "many-members": _many_members,
    "empty-zip": _empty_zip,
    "truncated": _truncated,
    "manifest-list": with_member("stuurwijzer.json", b"[]"),
    "manifest-version-text": with_member(
        "stuurwijzer.json", b'{"format": "stuurwijzer-project", "schema_version": "1"}'),
    "manifest-version-bool": with_member(
        "stuurwijzer.json", b'{"format": "stuurwijzer-project", "schema_version": true}'),
    "manifest-newer-long-version": with_member(
        "stuurwijzer.json", json.dumps({"format": "stuurwijzer-project", "schema_version": 99,
                                        "app_version": "9" * 100_000}).encode()),
    # the data
    "parquet-other-columns": _other_columns,
    "parquet-other-rows": _other_rows,
    "parquet-nested-type": _nested_parquet,
    "parquet-garbage": lambda p: with_member(f"data/{first_dataset_id()}.parquet",
                                             b"PAR1" + b"\x00" * 100 + b"PAR1")(p),
    "parquet-missing": lambda p: write_members(p, [
        (n, d) for n, d in members_of(valid_project_bytes()) if not n.startswith("data/")]),
    "parquet-dictionary-small-bomb": _dictionary_parquet(200_000, 3_000),
}

PROJECT_BOMBS: dict[str, Case] = {
    # A 6 MB file whose project.json unpacks to 6 GB.
    "json-6gb": _json_bomb(6 * 1024),
    # 0.9 MB of parquet: 8M dictionary-encoded rows of a 1,200-character value.
    "parquet-8m-rows": _dictionary_parquet(8_000_000, 1_200),
    "json-3m-empty-dicts": _containers_bomb,
    "title-5mb": PROJECT_CASES["title-5mb"],
}


# --------------------------------------------------------------------------- random mutations

_ODD_VALUES: list[Any] = [None, True, False, 0, -1, 2**70, 1.5, "", "x", "../../x", "NUL",
                          [], [None], {}, {"a": 1}, "\x00", "é" * 50]


def _nodes(value: Any, path: tuple = ()) -> Iterator[tuple[tuple, Any]]:
    yield path, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _nodes(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value[:20]):  # enough of long lists
            yield from _nodes(item, (*path, i))


def _mutate_document(doc: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    doc = copy.deepcopy(doc)
    for _ in range(rng.randint(1, 3)):
        nodes = [p for p, _v in _nodes(doc) if p]
        target = rng.choice(nodes)
        parent = doc
        for step in target[:-1]:
            parent = parent[step]
        action = rng.random()
        if action < 0.55:
            parent[target[-1]] = copy.deepcopy(rng.choice(_ODD_VALUES))
        elif action < 0.75 and isinstance(parent, dict):
            del parent[target[-1]]
        elif action < 0.9:
            parent[target[-1]] = [parent[target[-1]]]  # one level deeper
        elif isinstance(parent, list):
            parent.append(copy.deepcopy(parent[target[-1]]))  # a duplicate
    return doc


def _mutate_bytes(raw: bytes, rng: random.Random) -> bytes:
    data = bytearray(raw)
    action = rng.random()
    if action < 0.6:
        for _ in range(rng.randint(1, 8)):
            data[rng.randrange(len(data))] = rng.randrange(256)
    elif action < 0.8:
        del data[rng.randrange(len(data)):]
    else:
        start = rng.randrange(len(data))
        data[start:start] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 64)))
    return bytes(data)


def project_mutations(seed: int, count: int) -> Iterator[tuple[str, Case]]:
    """``count`` random variations of the valid project: its project.json changed
    (values of another type, keys removed, nesting, duplicates) or its bytes flipped,
    cut or inserted."""
    rng = random.Random(seed)
    raw = valid_project_bytes()
    doc = document_of(raw)
    for n in range(count):
        if rng.random() < 0.7:
            yield f"json-{seed}-{n}", with_document(_mutate_document(doc, rng))
        else:
            mutated = _mutate_bytes(raw, rng)
            yield f"bytes-{seed}-{n}", (lambda p, data=mutated: p.write_bytes(data))


# --------------------------------------------------------------------------- tables (CSV, xlsx)

VALID_CSV = ("BSN;Naam;Begindatum;Bedrag\n"
             + "".join(f"{100000000 + i};Persoon {i};{1 + i % 28:02d}-01-2024;€ {i},50\n"
                       for i in range(40))).encode("cp1252")


@cache
def valid_xlsx_bytes() -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Aanbieder", "Budget", "Datum"])
    for i in range(30):
        ws.append([f"A{i}", 1000 + i, f"{1 + i % 28:02d}-02-2024"])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _wide_csv(columns: int, rows: int = 3) -> Case:
    def make(path: Path) -> None:
        with path.open("w", encoding="utf-8") as fh:
            fh.write(";".join(f"kolom{i}" for i in range(columns)) + "\n")
            for r in range(rows):
                fh.write(";".join(str(i + r) for i in range(columns)) + "\n")
    return make


def _long_row(chars: int) -> Case:
    def make(path: Path) -> None:
        with path.open("w", encoding="utf-8") as fh:
            fh.write("a;b\n1;2\n")
            fh.write("x" * chars + ";3\n")
            fh.write("4;5\n")
    return make


def _wide_xlsx(columns: int) -> Case:
    def make(path: Path) -> None:
        from openpyxl import Workbook

        wb = Workbook(write_only=True)
        ws = wb.create_sheet("Breed")
        ws.append([f"k{i}" for i in range(columns)])
        ws.append(list(range(columns)))
        wb.save(path)
    return make


def _xlsx_patched(**fields: int) -> Case:
    def make(path: Path) -> None:
        path.write_bytes(patch_headers(valid_xlsx_bytes(), "xl/worksheets/sheet1.xml", **fields))
    return make


def _xlsx_without(member: str) -> Case:
    def make(path: Path) -> None:
        write_members(path, [(n, d) for n, d in members_of(valid_xlsx_bytes()) if n != member])
    return make


TABLE_CASES: dict[str, tuple[str, Case]] = {
    "csv-empty": (".csv", lambda p: p.write_bytes(b"")),
    "csv-only-header": (".csv", lambda p: p.write_bytes(b"a;b;c\n")),
    "csv-binary": (".csv", lambda p: p.write_bytes(bytes(range(256)) * 50)),
    "csv-nul-bytes": (".csv", lambda p: p.write_bytes(VALID_CSV.replace(b";", b";\x00"))),
    "csv-utf16-no-bom": (".csv", lambda p: p.write_bytes(
        VALID_CSV.decode("cp1252").encode("utf-16-le"))),
    "csv-broken-quotes": (".csv", lambda p: p.write_bytes(b'a;b\n"1;2\n3;4\n' * 20)),
    "csv-ragged": (".csv", lambda p: p.write_bytes(b"a;b\n1;2;3;4\n5\n6;7\n")),
    "csv-row-9mb": (".csv", _long_row(9 * 1024 * 1024)),
    "csv-columns-1500": (".csv", _wide_csv(1_500)),
    "csv-columns-20k": (".csv", _wide_csv(20_000)),
    "csv-columns-50k": (".csv", _wide_csv(50_000)),
    "csv-one-line-400kb": (".csv", lambda p: p.write_bytes(b"x" * 400_000)),
    "csv-named-xlsx": (".xlsx", lambda p: p.write_bytes(VALID_CSV)),
    "xlsx-truncated": (".xlsx", lambda p: p.write_bytes(valid_xlsx_bytes()[:2000])),
    "xlsx-encrypted-member": (".xlsx", _xlsx_patched(flag_bits=0x1)),
    "xlsx-deflate64-member": (".xlsx", _xlsx_patched(compress_type=9)),
    "xlsx-declared-4gb": (".xlsx", _xlsx_patched(file_size=0xFFFFFFF0)),
    "xlsx-no-workbook": (".xlsx", _xlsx_without("xl/workbook.xml")),
    "xlsx-no-sheet": (".xlsx", _xlsx_without("xl/worksheets/sheet1.xml")),
    "xlsx-columns-1500": (".xlsx", _wide_xlsx(1_500)),
    "xlsx-garbage": (".xlsx", lambda p: p.write_bytes(b"PK\x03\x04" + b"\x00" * 500)),
}

TABLE_BOMBS: dict[str, tuple[str, Case]] = {
    "csv-row-70mb": (".csv", _long_row(70 * 1024 * 1024)),
    "xlsx-columns-16k": (".xlsx", _wide_xlsx(16_384)),
}


def table_mutations(seed: int, count: int) -> Iterator[tuple[str, str, Case]]:
    """Random byte changes of the valid CSV and xlsx files (name, suffix, case)."""
    rng = random.Random(seed)
    for n in range(count):
        suffix, raw = (".csv", VALID_CSV) if rng.random() < 0.5 else (".xlsx",
                                                                       valid_xlsx_bytes())
        mutated = _mutate_bytes(raw, rng)
        yield f"{suffix[1:]}-{seed}-{n}", suffix, (lambda p, data=mutated: p.write_bytes(data))
