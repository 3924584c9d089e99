"""The command-line face of the engine.

Exit codes: 0 success; 2 bad input, with one Dutch line on stderr; 1 internal
error (details in the log, never cell values on the terminal).

Commands register themselves in ``COMMANDS`` with a function that configures
their argparse sub-parser and one that runs them. The desktop entry point adds
``selftest`` (it needs Qt) and starts the app when no command is given.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import dataclass

from core import __version__
from core.errors import UserError
from core.logsetup import get_logger, log_exception

log = get_logger("cli")

EXIT_OK, EXIT_INTERNAL, EXIT_BAD_INPUT = 0, 1, 2


@dataclass(frozen=True)
class Command:
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


# Modules under core/commands/, each with NAME and COMMAND. Listed, not discovered.
COMMAND_MODULES: tuple[str, ...] = ("inspect", "check", "report", "new")


def _load_commands() -> dict[str, Command]:
    import importlib

    found: dict[str, Command] = {}
    for module_name in COMMAND_MODULES:
        module = importlib.import_module(f"core.commands.{module_name}")
        if module.NAME in found:
            raise ValueError(f"command {module.NAME!r} registered twice")
        found[module.NAME] = module.COMMAND
    return found


COMMANDS: dict[str, Command] = _load_commands()


def build_parser(extra: dict[str, Command] | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="stuurwijzer",
        description="Stuurwijzer: van beleidsvraag naar rapport. Zonder opdracht start de app.",
    )
    parser.add_argument("--version", action="version", version=f"Stuurwijzer {__version__}")
    parser.add_argument(
        "--dev",
        metavar="MAP",
        help="bewaar instellingen, logboek en herstelkopieën in deze map (voor testen)",
    )
    sub = parser.add_subparsers(dest="command", metavar="OPDRACHT")
    for name, cmd in {**COMMANDS, **(extra or {})}.items():
        cmd.configure(sub.add_parser(name, help=cmd.help, description=cmd.help))
    return parser


def run_command(cmd: Command, args: argparse.Namespace) -> int:
    """Run one command with the exit-code contract."""
    try:
        return cmd.run(args)
    except UserError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return EXIT_INTERNAL
    except Exception as exc:  # noqa: BLE001 - the last line of defence
        log_exception(log, f"command {args.command} failed", exc)
        print(
            "Er ging iets mis in Stuurwijzer. Details staan in het logbestand "
            "(zonder gegevens uit uw bestanden).",
            file=sys.stderr,
        )
        return EXIT_INTERNAL
