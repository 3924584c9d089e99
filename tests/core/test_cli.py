"""The command line: version, and the exit-code contract."""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from core import __version__
from core.cli import DutchArgumentParser, bounded_int, dutch_date, read_json_argument
from core.errors import UserError
from desktop.app import main


def test_version(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out.strip() == f"Stuurwijzer {__version__}"


def test_unknown_command_is_an_argument_error():
    with pytest.raises(SystemExit) as info:
        main(["bestaat-niet"])
    assert info.value.code == 2


def test_version_from_a_fresh_process_does_not_load_qt():
    code = "import sys; from desktop.app import main\n" \
           "try:\n    main(['--version'])\nexcept SystemExit: pass\n" \
           "print('PySide6' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().endswith("False")


# --------------------------------------------------------------------------- issue 16


ENGLISH = re.compile(r"\b(usage|error|invalid|required|unrecognized|expected|argument|"
                     r"choose|allowed)\b", re.IGNORECASE)


def _stuurwijzer(*args: str, cwd: Path | None = None, **kwargs) -> subprocess.CompletedProcess:
    code = "import sys; from desktop.app import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          cwd=cwd, env={**os.environ, "PYTHONPATH": str(Path.cwd())},
                          **kwargs)


def _one_dutch_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    assert not ENGLISH.search(lines[0]), lines[0]
    return lines[0]


@pytest.mark.parametrize("argv", [
    ["bestaat-niet"],
    ["report", "p.stuurwijzer"],  # -o is required
    ["inspect"],  # the file is required
    ["inspect", "a.csv", "--onbekend"],
    ["inspect", "a.csv", "--sheet"],
    ["--dev"],
    ["inspect", "a.csv", "--sheet", "x" * 300],
    ["report", "x" * 5000, "-o", "uit.pdf"],
    ["report", "", "-o", "uit.pdf"],
])
def test_argument_errors_are_one_dutch_line_with_exit_2(capsys, argv):
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    line = _one_dutch_line(capsys.readouterr().err)
    assert "--help" in line  # says where to read more


def test_help_is_dutch(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("gebruik: stuurwijzer")
    assert "opties:" in out and "laat deze uitleg zien en stop" in out
    assert "usage" not in out and "show this help" not in out


def test_bounded_int_and_dutch_date_refuse_in_dutch(capsys):
    parser = DutchArgumentParser(prog="stuurwijzer check")
    parser.add_argument("--start-days", type=bounded_int(0, 3650), default=30)
    parser.add_argument("--reference-date", type=dutch_date)
    assert parser.parse_args(["--start-days", "45"]).start_days == 45
    assert str(parser.parse_args(["--reference-date", "15-01-2025"]).reference_date) \
        == "2025-01-15"
    for argv, expected in ((["--start-days", "999999999"], "999.999.999 kan niet"),
                           (["--start-days", "-1"], "tot en met 3.650"),
                           (["--start-days", "veel"], "geen geheel getal"),
                           (["--start-days", "9" * 5000], "geen geheel getal"),
                           (["--reference-date", "2025-01-15"], "DD-MM-JJJJ"),
                           (["--reference-date", "31-02-2025"], "geen datum"),
                           (["--reference-date", "01-01-9999"], "tussen 1900 en 2100")):
        with pytest.raises(SystemExit) as info:
            parser.parse_args(argv)
        assert info.value.code == 2
        line = _one_dutch_line(capsys.readouterr().err)
        assert expected in line and line.startswith(f"bij {argv[0]}:")


def test_argparse_speaks_dutch_only_while_parsing():
    DutchArgumentParser(prog="x").parse_args([])
    assert argparse._("usage: ") == "usage: "  # type: ignore[attr-defined]


@pytest.mark.parametrize(("content", "expected"), [
    (b"[" * 100_000, "te diep genest"),
    (b"{kapot", "geen geldige JSON"),
    (b'{"a": NaN}', "geen geldige JSON"),
    (b" " * 2_000_000, "te groot"),
])
def test_a_json_argument_file_is_read_within_limits(tmp_path, content, expected):
    path = tmp_path / "rollen.json"
    path.write_bytes(content)
    with pytest.raises(UserError, match=expected):
        read_json_argument(path, "Het rollenbestand", max_bytes=1024 * 1024)
    with pytest.raises(UserError, match="niet gevonden"):
        read_json_argument(tmp_path / "weg.json", "Het rollenbestand", max_bytes=1024)
    with pytest.raises(UserError, match="is een map"):
        read_json_argument(tmp_path, "Het rollenbestand", max_bytes=1024)


def test_dev_pointing_at_a_file_is_a_dutch_message(tmp_path):
    a_file = tmp_path / "bestand"
    a_file.write_text("x")
    result = _stuurwijzer("--dev", str(a_file), "inspect", "a.csv")
    assert result.returncode == 2
    assert "is een bestand, geen map" in _one_dutch_line(result.stderr)
    inside = _stuurwijzer("--dev", str(a_file / "sub"), "inspect", "a.csv")
    assert inside.returncode == 2
    assert "kan zijn map" in _one_dutch_line(inside.stderr)


def test_a_closed_pipe_ends_quietly(tmp_path):
    path = tmp_path / "groot.csv"
    path.write_text("a;b\n" + "".join(f"{i};waarde {i}\n" for i in range(20_000)),
                    encoding="utf-8")
    code = "import sys; from desktop.app import main; sys.exit(main(sys.argv[1:]))"
    child = subprocess.Popen([sys.executable, "-c", code, "--dev", str(tmp_path / "home"),
                              "inspect", str(path), "--json"], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, env={**os.environ,
                                                          "PYTHONPATH": str(Path.cwd())})
    assert child.stdout is not None
    child.stdout.read(10)
    child.stdout.close()  # like `| head -c 10`
    stderr = child.stderr.read().decode() if child.stderr else ""
    assert child.wait(timeout=60) == 0
    assert stderr == ""


def test_an_unreadable_project_is_not_called_damaged(tmp_path):
    result = _stuurwijzer("--dev", str(tmp_path / "home"), "report", str(tmp_path),
                          "-o", str(tmp_path / "uit.pdf"))
    assert result.returncode == 2
    line = _one_dutch_line(result.stderr)
    assert "is een map" in line and "beschadigd" not in line


def test_a_too_long_lone_argument_is_an_argument_error(capsys):
    with pytest.raises(SystemExit) as info:
        main(["x" * 5000])
    assert info.value.code == 2
    assert len(_one_dutch_line(capsys.readouterr().err)) < 500
