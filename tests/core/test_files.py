"""Exports replace a file in one step: a failed write leaves the user's old file intact."""

from __future__ import annotations

import pytest

from core.files import write_replacing


def test_a_failed_write_leaves_the_old_file_and_no_leftovers(tmp_path):
    target = tmp_path / "rapport.pdf"
    target.write_bytes(b"old report")

    def broken(tmp):
        tmp.write_bytes(b"half")
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        write_replacing(target, broken)
    assert target.read_bytes() == b"old report"
    assert [p.name for p in tmp_path.iterdir()] == ["rapport.pdf"]


def test_a_good_write_replaces_the_file(tmp_path):
    target = tmp_path / "logboek.xlsx"
    target.write_bytes(b"old")
    assert write_replacing(target, lambda tmp: tmp.write_bytes(b"new")) == target
    assert target.read_bytes() == b"new"
