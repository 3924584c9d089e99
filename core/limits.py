"""Every size limit on untrusted input, in one place, with its reason.

Files come from outside: a project file is mailed from colleague to colleague, an
export comes from a supplier's system, a command line comes from a script. Each
limit below keeps one such input from taking the machine down (memory, time,
recursion) or from reaching a place it must not (paths), while staying far above
what a real file needs. A file over a limit is refused with a Dutch message that
names the limit; nothing is cut off silently.

Memory budget: opening any project file under 100 MB stays under about 1.5 GB of
memory. The biggest project the data limits allow costs roughly: 250 MB for the
largest ``project.json`` (the parsed document), 256 MB for one data member while it is
decoded, 8 bytes per cell for the column offsets and the text itself; with the
interpreter and its libraries (about 200 MB) that is about 1.4 GB at most.
"""

from __future__ import annotations

import re

MB = 1024**2

# --------------------------------------------------------------------------- identifiers

# Project and dataset ids become file names: the pseudonymisation key
# (<config>/sleutels/<project-id>.key), the recovery copy and the zip member
# data/<dataset-id>.parquet. Stuurwijzer makes them as 12 hex characters; the
# pattern allows letters, digits, '-' and '_' so that nothing in an id can leave
# its folder ('/', '\\', '..', ':' and absolute paths cannot be written with it).
ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
MAX_ID_CHARS = 64
# On Windows these names are devices in every folder ("NUL.key" writes nowhere).
RESERVED_IDS = frozenset(
    ["con", "prn", "aux", "nul"]
    + [f"{dev}{n}" for dev in ("com", "lpt") for n in range(10)]
)


def is_safe_id(value: object) -> bool:
    """True for an id that may be part of a file name (see ID_PATTERN)."""
    return (isinstance(value, str) and ID_PATTERN.fullmatch(value) is not None
            and value.lower() not in RESERVED_IDS)


# --------------------------------------------------------------------------- the project file

# A project file holds a manifest, project.json and one parquet member per dataset.
# More members than this is not a Stuurwijzer file; the zip directory is checked
# before it is read, because reading it costs memory per member.
MAX_PROJECT_MEMBERS = 1_000
# The zip directory's own size (about 100 bytes per member).
MAX_ZIP_DIRECTORY_BYTES = 1 * MB
# Unpacked size of one member and of all members together, checked in the zip
# directory before anything is unpacked, and again while unpacking (a directory can
# lie). A member is read whole into memory, so this bounds the memory of one read.
MAX_MEMBER_BYTES = 256 * MB
MAX_UNPACKED_BYTES = 1024 * MB
MAX_MANIFEST_BYTES = 64 * 1024
# project.json: question, metadata, cleaning log, maturity answers, charts, report
# texts, a logo (2 MB at most). The example is 30 kB; a cleaning log that lists the
# rows of a 1M-row file is about 8 MB. Parsed, 16 MB costs at most about 250 MB.
MAX_DOCUMENT_BYTES = 16 * MB
# Dicts and lists in project.json (a bound on the parsed size, counted before parsing:
# an empty dict costs 64 bytes for 3 bytes of text). 100 datasets of 1,000 columns
# need 100,000.
MAX_JSON_CONTAINERS = 1_000_000
# Nesting of JSON (project.json, recovery notes, roles files). The deepest real
# document nests 6 levels; deeper nesting only serves to exhaust the recursion limit.
MAX_JSON_DEPTH = 32
# Any one text in project.json (a title, a note, a column name, a cleaning value).
# The report limits its own texts to 20,000 characters (core.report.section.MAX_TEXT);
# other texts get room, but a 5 MB title costs Typst over a minute and gigabytes.
MAX_TEXT_CHARS = 100_000
# The logo is kept in project.json as base64 (core.report.section.MAX_LOGO_BYTES = 2 MB).
MAX_LOGO_TEXT_CHARS = 3 * MB
# Items in one list of project.json (datasets, operations, rows of an operation...).
MAX_LIST_ITEMS = 2_000_000

# --------------------------------------------------------------------------- the data

# Datasets in one project; columns in one dataset, which is also the widest CSV or sheet
# that is read. Exports are at most a few hundred columns wide (Excel allows 16,384);
# reading costs about 2 ms per column, so 1,000 columns take a few seconds.
MAX_DATASETS = 100
MAX_COLUMNS = 1_000
# Cells (rows x columns) of all datasets of a project: 30M is 2.5M rows of 12 columns.
# Each cell costs at least 8 bytes once decoded.
MAX_CELLS = 30_000_000
# Text bytes of all datasets once decoded. A parquet member stores repeated values
# once (dictionary encoding), so 1 MB on disk can decode to gigabytes: the decoded
# size is computed before the text is made.
MAX_TEXT_BYTES = 400 * MB
# A parquet member's own metadata (its footer), checked before it is parsed.
MAX_PARQUET_FOOTER_BYTES = 8 * MB
MAX_ROW_GROUPS = 10_000

# --------------------------------------------------------------------------- CSV and Excel reading

# An Excel file is a zip archive; one whose directory declares more than this unpacked is
# refused before anything is unpacked (a real export of a million rows is ~200 MB).
MAX_WORKBOOK_UNPACKED_BYTES = 1024 * MB

# The CSV parser reads in blocks (core.io.text.BLOCK_BYTES) and needs one whole row in a
# block. Longer rows are read with a bigger block, up to this; a longer row is refused.
MAX_CSV_ROW_BYTES = 64 * MB

# --------------------------------------------------------------------------- other inputs

# A filled maturity answer form (core.maturity.form) is about 30 kB.
MAX_FORM_BYTES = 5 * MB
MAX_FORM_UNPACKED_BYTES = 50 * MB

# A recovery note is a few hundred bytes of JSON.
MAX_NOTE_BYTES = 64 * 1024
# A roles file (stuurwijzer check --roles) maps column names to roles.
MAX_ROLES_BYTES = 1 * MB
# A path on the command line (Windows allows 32,767 characters, Linux 4,096 bytes).
MAX_PATH_CHARS = 4_096
# A sheet name on the command line (Excel allows 31 characters).
MAX_SHEET_CHARS = 255
# Days an assignment may wait for its start message (check --start-days): ten years.
MAX_START_DAYS = 3_650
# Dates on the command line (check --reference-date).
MIN_YEAR, MAX_YEAR = 1900, 2100
