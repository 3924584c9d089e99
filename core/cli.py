"""The command-line face of the engine.

Exit codes: 0 success; 2 bad input, with one Dutch line on stderr; 1 internal
error (details in the log, never cell values on the terminal).

Commands register themselves in ``COMMANDS`` with a function that configures
their argparse sub-parser and one that runs them. The desktop entry point adds
``selftest`` (it needs Qt) and starts the app when no command is given.

Arguments are input like any other: ``DutchArgumentParser`` (every parser here
and every sub-parser it makes) speaks Dutch, reports a wrong argument in one line
with exit 2, and the argument types below bound every value (``bounded_int``,
``dutch_date``, ``path_argument``, ``folder_argument``, ``bounded_text``);
``read_json_argument`` reads a JSON file named on the command line within limits.
A closed pipe (``stuurwijzer inspect ... | head``) ends quietly.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from core import __version__, limits, safejson
from core.errors import UserError
from core.i18n import _
from core.logsetup import get_logger, log_exception

log = get_logger("cli")

EXIT_OK, EXIT_INTERNAL, EXIT_BAD_INPUT = 0, 1, 2


@dataclass(frozen=True)
class Command:
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


# Modules under core/commands/, each with NAME and COMMAND. Listed, not discovered.
COMMAND_MODULES: tuple[str, ...] = ("inspect", "check", "indicator", "report", "new")


def _load_commands() -> dict[str, Command]:
    import importlib

    found: dict[str, Command] = {}
    for module_name in COMMAND_MODULES:
        module = importlib.import_module(f"core.commands.{module_name}")
        if module.NAME in found:
            raise ValueError(f"command {module.NAME!r} registered twice")
        found[module.NAME] = module.COMMAND
    return found




# --------------------------------------------------------------------------- Dutch argparse

# argparse's own texts (Python 3.11), as a gettext catalogue: argparse looks its
# module-level ``_`` and ``ngettext`` up each time it makes a text.
_ARGPARSE_NL = {
    "usage: ": "gebruik: ",
    "positional arguments": "argumenten",
    "options": "opties",
    "show this help message and exit": "laat deze uitleg zien en stop",
    "argument %(argument_name)s: %(message)s": "bij %(argument_name)s: %(message)s",
    "unknown parser %(parser_name)r (choices: %(choices)s)":
        "onbekende opdracht %(parser_name)r (kies uit: %(choices)s)",
    "can't open '%(filename)s': %(error)s": "kan '%(filename)s' niet openen: %(error)s",
    "unrecognized arguments: %s": "onbekende argumenten: %s",
    "not allowed with argument %s": "kan niet samen met %s",
    "ignored explicit argument %r": "hier hoort geen waarde achter (%r)",
    "the following arguments are required: %s": "dit ontbreekt nog: %s",
    "one of the arguments %s is required": "geef een van deze op: %s",
    "expected one argument": "hier hoort een waarde achter",
    "expected at most one argument": "hier hoort hoogstens één waarde achter",
    "expected at least one argument": "hier hoort minstens één waarde achter",
    "ambiguous option: %(option)s could match %(matches)s":
        "onduidelijke optie: %(option)s kan %(matches)s zijn",
    "unexpected option string: %s": "onverwachte optie: %s",
    "invalid %(type)s value: %(value)r": "ongeldige waarde %(value)r",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "%(value)r kan niet; kies uit %(choices)s",
}
_MAX_MESSAGE_CHARS = 300  # an argument is echoed in the message; keep it one readable line


def _dutch_text(text: str) -> str:
    return _ARGPARSE_NL.get(text, text)


def _dutch_plural(singular: str, plural: str, n: int) -> str:
    if singular == "expected %s argument":
        return "hier horen %s waarden achter"
    return singular if n == 1 else plural


@contextlib.contextmanager
def _dutch_argparse() -> Iterator[None]:
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._, argparse.ngettext = _dutch_text, _dutch_plural  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


class DutchArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser that speaks Dutch and reports a wrong command line in one line on
    stderr with exit code 2 (the command-line contract). Sub-parsers made with
    ``add_subparsers().add_parser`` are of this class too."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        with _dutch_argparse():
            super().__init__(*args, **kwargs)

    def parse_args(self, args=None, namespace=None):  # type: ignore[override]
        with _dutch_argparse():
            return super().parse_args(args, namespace)

    def parse_known_args(self, args=None, namespace=None):  # type: ignore[override]
        with _dutch_argparse():
            return super().parse_known_args(args, namespace)

    def format_usage(self) -> str:
        with _dutch_argparse():
            return super().format_usage()

    def format_help(self) -> str:
        with _dutch_argparse():
            return super().format_help()

    def error(self, message: str) -> None:  # type: ignore[override]
        line = " ".join(message.split())
        if len(line) > _MAX_MESSAGE_CHARS:
            line = line[:_MAX_MESSAGE_CHARS] + "…"
        hint = _("Typ '{prog} --help' voor uitleg.").format(prog=self.prog)
        self.exit(EXIT_BAD_INPUT, f"{line.rstrip('.')}. {hint}\n")


# --------------------------------------------------------------------------- argument types
# Each returns a function for ``add_argument(type=...)``: it turns the text into a value
# or raises ``argparse.ArgumentTypeError`` with a Dutch message.


def _number(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _bad(message: str, **values: Any) -> argparse.ArgumentTypeError:
    return argparse.ArgumentTypeError(_(message).format(**values))


def bounded_int(low: int, high: int) -> Callable[[str], int]:
    """A whole number from ``low`` to ``high`` (both included)."""

    def parse(text: str) -> int:
        try:
            value = int(text.strip()) if len(text) <= 20 else None
        except ValueError:
            value = None
        if value is None:
            raise _bad("'{text}' is geen geheel getal; geef een getal van {low} tot en met "
                       "{high}", text=text[:20], low=_number(low), high=_number(high))
        if not low <= value <= high:
            raise _bad("{value} kan niet; geef een getal van {low} tot en met {high}",
                       value=_number(value), low=_number(low), high=_number(high))
        return value

    parse.__name__ = "getal"
    return parse


def dutch_date(text: str) -> date:
    """A date written as DD-MM-JJJJ, between MIN_YEAR and MAX_YEAR."""
    try:
        value = datetime.strptime(text.strip(), "%d-%m-%Y").date() if len(text) <= 20 else None
    except ValueError:
        value = None
    if value is None:
        raise _bad("'{text}' is geen datum; schrijf de datum als DD-MM-JJJJ, bijvoorbeeld "
                   "15-01-2025", text=text[:20])
    if not limits.MIN_YEAR <= value.year <= limits.MAX_YEAR:
        raise _bad("kies een datum tussen {low} en {high}", low=limits.MIN_YEAR,
                   high=limits.MAX_YEAR)
    return value


dutch_date.__name__ = "datum"


def bounded_text(max_chars: int) -> Callable[[str], str]:
    """A name (e.g. a sheet): not empty, at most ``max_chars`` characters."""

    def parse(text: str) -> str:
        if not text.strip():
            raise _bad("hier hoort een naam achter")
        if len(text) > max_chars:
            raise _bad("de naam is te lang (meer dan {n} tekens)", n=_number(max_chars))
        return text

    parse.__name__ = "tekst"
    return parse


def path_argument(text: str) -> Path:
    """A path to a file or folder: not empty, not longer than the system allows."""
    if not text.strip():
        raise _bad("hier hoort een bestandsnaam achter")
    if len(text) > limits.MAX_PATH_CHARS or "\x00" in text:
        raise _bad("deze bestandsnaam is te lang")
    if any(len(part.encode("utf-8", "surrogateescape")) > 255 for part in Path(text).parts):
        raise _bad("een deel van deze bestandsnaam is te lang")
    return Path(text)


path_argument.__name__ = "bestandsnaam"


def folder_argument(text: str) -> Path:
    """A folder (it may not exist yet), not a file."""
    path = path_argument(text)
    if path.exists() and not path.is_dir():
        raise _bad("'{name}' is een bestand, geen map", name=path.name)
    return path


folder_argument.__name__ = "map"


def read_json_argument(path: Path, what: str, *, max_bytes: int) -> Any:
    """The JSON value of a file named on the command line, read within limits (size,
    nesting, strict JSON). ``what`` names the file in Dutch ("Het rollenbestand").
    Raises ``UserError`` with a Dutch message for a missing, unreadable, too big or
    invalid file."""
    name = path.name
    try:
        return safejson.read(path, max_bytes=max_bytes)
    except (FileNotFoundError, NotADirectoryError):
        raise UserError(_("{what} '{name}' is niet gevonden.").format(what=what, name=name),
                        _("Geef het pad naar een bestaand JSON-bestand.")) from None
    except IsADirectoryError:
        raise UserError(_("{what} '{name}' is een map, geen bestand.").format(
            what=what, name=name), _("Geef het pad naar een JSON-bestand.")) from None
    except OSError as exc:
        raise UserError(_("{what} '{name}' kan niet worden geopend (systeemfout {code}).")
                        .format(what=what, name=name, code=exc.errno or type(exc).__name__),
                        _("Controleer of u het bestand mag lezen.")) from None
    except safejson.JsonProblem as exc:
        if exc.reason == safejson.TOO_BIG:
            raise UserError(_("{what} '{name}' is te groot (meer dan {n} kB of te veel "
                              "onderdelen).").format(what=what, name=name, n=max_bytes // 1024),
                            _("Zo'n bestand is maar een paar regels lang.")) from None
        if exc.reason == safejson.TOO_DEEP:
            raise UserError(_("{what} '{name}' is te diep genest.").format(what=what, name=name),
                            _("Schrijf het als een eenvoudige lijst van namen en waarden.")
                            ) from None
        raise UserError(_("{what} '{name}' is geen geldige JSON.").format(what=what, name=name),
                        _("Controleer de haakjes, komma's en aanhalingstekens.")) from None


# --------------------------------------------------------------------------- the parser


def build_parser(extra: dict[str, Command] | None = None) -> argparse.ArgumentParser:
    parser = DutchArgumentParser(
        prog="stuurwijzer",
        description="Stuurwijzer: van beleidsvraag naar rapport. Zonder opdracht start de app.",
    )
    parser.add_argument("--version", action="version", version=f"Stuurwijzer {__version__}",
                        help="laat het versienummer zien en stop")
    parser.add_argument(
        "--dev",
        metavar="MAP",
        type=folder_argument,
        help="bewaar instellingen, logboek en herstelkopieën in deze map (voor testen)",
    )
    sub = parser.add_subparsers(dest="command", metavar="OPDRACHT")
    for name, cmd in {**COMMANDS, **(extra or {})}.items():
        cmd.configure(sub.add_parser(name, help=cmd.help, description=cmd.help))
    return parser


def quiet_closed_pipe() -> None:
    """The reader of our output went away (``| head``): point stdout at nothing, so the
    interpreter's last flush does not complain, and end quietly."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def run_command(cmd: Command, args: argparse.Namespace) -> int:
    """Run one command with the exit-code contract."""
    try:
        return cmd.run(args)
    except BrokenPipeError:
        quiet_closed_pipe()
        return EXIT_OK
    except UserError as exc:
        print(" ".join(str(exc).split()), file=sys.stderr)
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


# Last: the command modules import the argument types above.
COMMANDS: dict[str, Command] = _load_commands()
