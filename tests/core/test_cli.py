"""The command line: version, and the exit-code contract."""

from __future__ import annotations

import subprocess
import sys

import pytest

from core import __version__
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
