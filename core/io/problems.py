"""The Dutch messages for files that cannot be read, in one place.

Each function returns a ``FileProblem`` (a ``UserError``): what is wrong and what
to do. Messages name the file and line numbers, never cell values.
"""

from __future__ import annotations

import contextlib
import errno
from collections.abc import Iterator, Sequence
from pathlib import Path

from core.errors import UserError
from core.i18n import _
from core.limits import MAX_COLUMNS
from core.limits import MAX_WORKBOOK_UNPACKED_BYTES as MAX_UNPACKED_BYTES


class FileProblem(UserError):
    """A file the user chose cannot be read (as it is)."""


def _name(path: Path | str) -> str:
    return Path(path).name


def not_found(path: Path) -> FileProblem:
    return FileProblem(
        _("Het bestand '{name}' is niet gevonden.").format(name=_name(path)),
        _("Misschien is het verplaatst of verwijderd. Kies het bestand opnieuw."),
    )


def locked(path: Path) -> FileProblem:
    return FileProblem(
        _("Stuurwijzer kan '{name}' niet openen: het bestand is in gebruik door een ander "
          "programma, meestal Excel.").format(name=_name(path)),
        _("Sluit het bestand in Excel (of in het andere programma) en probeer het opnieuw. "
          "Lukt het dan nog niet? Kopieer het bestand naar uw eigen map en kies de kopie."),
    )


def unreadable(path: Path, code: object) -> FileProblem:
    return FileProblem(
        _("Het bestand '{name}' kan niet worden gelezen (systeemfout {code}).").format(
            name=_name(path), code=code),
        _("Controleer of het bestand nog bestaat en of de schijf of netwerkmap bereikbaar is."),
    )


def is_folder(path: Path) -> FileProblem:
    return FileProblem(
        _("'{name}' is een map, geen bestand.").format(name=_name(path)),
        _("Open de map en kies het CSV- of Excel-bestand dat erin staat."),
    )


def empty(path: Path) -> FileProblem:
    return FileProblem(
        _("Het bestand '{name}' is leeg.").format(name=_name(path)),
        _("Maak de export opnieuw of kies een ander bestand."),
    )


def no_data_rows(path: Path) -> FileProblem:
    return FileProblem(
        _("Het bestand '{name}' heeft kolomnamen, maar geen rijen met gegevens.").format(
            name=_name(path)),
        _("Controleer of de export goed is gegaan, bijvoorbeeld of de gekozen periode "
          "gegevens heeft. Maak de export daarna opnieuw."),
    )


def encrypted(path: Path) -> FileProblem:
    return FileProblem(
        _("Het bestand '{name}' is beveiligd met een wachtwoord. Daardoor kan Stuurwijzer "
          "het niet lezen.").format(name=_name(path)),
        _("Open het bestand in Excel en haal het wachtwoord weg: Bestand > Info > Werkmap "
          "beveiligen > Versleutelen met wachtwoord, maak het vak leeg en sla op. "
          "Kies het bestand daarna opnieuw."),
    )


def too_big(path: Path) -> FileProblem:
    return FileProblem(
        _("Het Excel-bestand '{name}' wordt uitgepakt groter dan {limit} GB. Zo'n groot "
          "bestand opent Stuurwijzer niet, om uw computer niet vast te laten lopen.").format(
            name=_name(path), limit=MAX_UNPACKED_BYTES // 1024**3),
        _("Is het een echte export? Sla dan alleen het werkblad dat u nodig hebt op als CSV "
          "(Bestand > Opslaan als > CSV) en lees dat bestand in. Weet u niet waar het bestand "
          "vandaan komt? Open het dan niet."),
    )


def text_named_excel(path: Path) -> FileProblem:
    return FileProblem(
        _("'{name}' heet een Excel-bestand, maar het is een tekstbestand (CSV).").format(
            name=_name(path)),
        _("Geef het bestand de extensie .csv (bijvoorbeeld in de Verkenner: Naam wijzigen) "
          "en kies het opnieuw. Of open het in Excel en sla het op als Excel-werkmap."),
    )


def not_a_table(path: Path) -> FileProblem:
    return FileProblem(
        _("'{name}' is geen CSV- of Excel-bestand.").format(name=_name(path)),
        _("Kies een bestand dat eindigt op .csv, .txt, .xlsx, .xls of .ods. Komt het uit een "
          "ander programma? Sla het daar op als CSV of als Excel-werkmap."),
    )


def corrupt_excel(path: Path) -> FileProblem:
    return FileProblem(
        _("Het bestand '{name}' is beschadigd of niet compleet. Het is geen leesbaar "
          "Excel-bestand.").format(name=_name(path)),
        _("Open het in Excel en sla het opnieuw op, of vraag om een nieuwe export. Is het "
          "bestand gekopieerd of gedownload? Probeer dat dan nog een keer."),
    )


def no_sheets(path: Path) -> FileProblem:
    return FileProblem(
        _("Het Excel-bestand '{name}' heeft geen werkblad met gegevens.").format(
            name=_name(path)),
        _("Controleer in Excel of de gegevens in dit bestand staan, en of ze niet alleen "
          "in een grafiek staan."),
    )


def sheet_missing(path: Path, sheet: str) -> FileProblem:
    return FileProblem(
        _("Het werkblad '{sheet}' staat niet in '{name}'.").format(
            sheet=sheet, name=_name(path)),
        _("Kies een van de werkbladen die wel in het bestand staan."),
    )


def _line_list(lines: Sequence[int]) -> str:
    shown = [str(n) for n in lines[:5]]
    if len(lines) > 5:
        return _("{first} en nog {more} andere").format(
            first=", ".join(shown), more=len(lines) - 5)
    if len(shown) == 1:
        return shown[0]
    return _("{first} en {last}").format(first=", ".join(shown[:-1]), last=shown[-1])


def ragged_rows(path: Path, lines: Sequence[int], columns: int) -> FileProblem:
    if len(lines) == 1:
        message = _("In '{name}' heeft regel {lines} een ander aantal waarden dan de "
                    "kopregel ({columns} kolommen).")
    else:
        message = _("In '{name}' hebben {count} regels een ander aantal waarden dan de "
                    "kopregel ({columns} kolommen): regel {lines}.")
    return FileProblem(
        message.format(name=_name(path), count=len(lines), columns=columns,
                       lines=_line_list(lines)),
        _("Waarschijnlijk staat er een scheidingsteken te veel of te weinig in die regels. "
          "Herstel ze in Kladblok of Excel, of kies bij de instellingen dat deze regels "
          "worden overgeslagen."),
    )


def ragged_rows_skipped(lines: Sequence[int]) -> str:
    return _("{count} regel(s) met een afwijkend aantal waarden zijn overgeslagen: "
             "regel {lines}.").format(count=len(lines), lines=_line_list(lines))


def too_many_columns(path: Path, columns: int, *, at_least: bool = False) -> FileProblem:
    count = f"{columns:,}".replace(",", ".")
    return FileProblem(
        (_("'{name}' heeft minstens {count} kolommen. Stuurwijzer leest tabellen tot {limit} "
           "kolommen.") if at_least else
         _("'{name}' heeft {count} kolommen. Stuurwijzer leest tabellen tot {limit} kolommen."))
        .format(name=_name(path), count=count, limit=f"{MAX_COLUMNS:,}".replace(",", ".")),
        _("Is het scheidingsteken goed gekozen? Zo niet, kies een ander. Staan er echt zoveel "
          "kolommen in? Maak dan een export met alleen de kolommen die u nodig hebt."),
    )


def line_too_long(path: Path, limit: int) -> FileProblem:
    return FileProblem(
        _("De eerste regel van '{name}' is langer dan {size} kB. Zo'n bestand is geen "
          "gewone tabel.").format(name=_name(path), size=limit // 1024),
        _("Misschien ontbreken de regeleinden, of heeft het bestand heel veel kolommen. "
          "Open het in Excel of Kladblok om te zien wat erin staat, en maak de export "
          "opnieuw."),
    )


def row_too_long(path: Path, limit: int) -> FileProblem:
    return FileProblem(
        _("Een regel in '{name}' is langer dan {size} MB. Zo'n lange regel leest Stuurwijzer "
          "niet.").format(name=_name(path), size=limit // 1024**2),
        _("Meestal klopt er een aanhalingsteken niet, zodat veel regels als één regel worden "
          "gelezen. Open het bestand in Excel en sla het op als CSV, of maak de export "
          "opnieuw."),
    )


def broken_quotes(path: Path) -> FileProblem:
    return FileProblem(
        _("De aanhalingstekens in '{name}' kloppen niet: alle gegevens komen in één kolom "
          "terecht.").format(name=_name(path)),
        _("Het bestand is waarschijnlijk verkeerd opgeslagen. Maak de export opnieuw, of "
          "open het in Excel en sla het op als CSV (gescheiden door puntkomma's)."),
    )


@contextlib.contextmanager
def reading(path: Path) -> Iterator[None]:
    """Turn the operating system's errors while reading ``path`` into Dutch messages."""
    try:
        yield
    except FileNotFoundError:
        raise not_found(path) from None
    except IsADirectoryError:
        raise is_folder(path) from None
    except PermissionError:
        raise locked(path) from None
    except OSError as exc:
        # Windows reports a file Excel holds open as a sharing violation (errno 13 or
        # winerror 32/33), which Python does not always map to PermissionError.
        if exc.errno in (errno.EACCES, errno.EBUSY) or getattr(exc, "winerror", None) in (32, 33):
            raise locked(path) from None
        raise unreadable(path, exc.errno or type(exc).__name__) from None
