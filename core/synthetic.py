"""Deterministic synthetic youth-care data with planted, documented defects.

The fictional municipality of Westerdijk (about 30,000 inhabitants) exports its
berichtenverkeer (iJw messages 301, 303, 305, 307) the way a case-management
system does: semicolons, decimal comma, ``dd-mm-jjjj`` dates, Windows-1252 or
UTF-8 with BOM, amounts as ``€ 1.234,56``. Clean records are generated first;
then every defect kind of DOMAIN.md is planted a known number of times. The
returned ``defects`` dictionary states the exact count each check must find
(see resources/example/DEFECTS.md for the definitions).

The same generator makes the bundled example project (``write_example``) and
the large files for the benchmarks (``combined_messages`` with about 1M rows).
All randomness comes from one seeded generator, so the output is identical on
every machine.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

MUNICIPALITY = "Westerdijk"
MUNICIPALITY_CODE = "GM9999"  # fictional; real codes stop at GM1999
REGION_CODE = "JZ99"
EXAMPLE_SEED = 20250115

DISTRICTS = ["Centrum", "Noord", "Oost", "Zuid", "West", "Buitengebied"]
DISTRICT_WEIGHTS = [0.14, 0.22, 0.18, 0.2, 0.16, 0.1]
POSTCODE_BASE = 8831  # district i has postcodes 8831+i

PROVIDERS = [
    # AGB code (leading zeros are meaningful), name, median waiting days, products
    ("03010512", "Jeugdzorg De Hoop B.V.", 48, ["45A01", "45A02", "45A10"]),
    ("98123401", "Stichting Kompas Jeugdhulp", 14, ["45A01", "44A31", "44A01"]),
    ("98123402", "Horizon Ambulante Begeleiding", 12, ["45A01", "45A02"]),
    ("98123403", "Pedagogisch Centrum Zeekant", 20, ["41A05", "45A02"]),
    ("98123404", "Stichting Sterk Thuis", 10, ["45A01", "44A01"]),
    ("07001122", "De Vlinder Kinder- en Jeugdpraktijk", 25, ["45A10", "45D01"]),
    ("98123406", "Buurtzorg Jong Westerdijk", 7, ["45A01"]),
    ("98123407", "Jeugd-GGZ Polderland", 35, ["45A10", "45A11"]),
]
PROVIDER_WEIGHTS = [0.18, 0.13, 0.15, 0.1, 0.12, 0.09, 0.13, 0.1]

# product code: category, product name, unit, tariff, frequency, weekly volume. The
# category is the national iJw one (its name: resources/reference/product_categories.json);
# the codes themselves are the municipality's own choice, as in real contracts.
PRODUCTS: dict[str, tuple[str, str, str, float, str, tuple[int, int]]] = {
    "45A01": ("45", "Individuele begeleiding", "uur", 68.40, "week", (1, 6)),
    "45A02": ("45", "Groepsbegeleiding", "dagdeel", 44.80, "week", (1, 3)),
    "45A10": ("45", "Jeugd-GGZ behandeling basis", "uur", 112.20, "week", (1, 2)),
    "45A11": ("45", "Jeugd-GGZ behandeling specialistisch", "uur", 128.60, "week", (1, 3)),
    "41A05": ("41", "Dagbehandeling", "dagdeel", 71.90, "week", (2, 6)),
    "44A31": ("44", "Verblijf gezinshuis", "etmaal", 186.50, "totaal binnen geldigheidsduur",
              (7, 7)),
    "44A01": ("44", "Pleegzorg", "etmaal", 41.20, "totaal binnen geldigheidsduur", (7, 7)),
    "45D01": ("45", "Dyslexiebehandeling", "uur", 98.00, "week", (1, 1)),
}

# Reasons a care ended, as iJw JZ588 codes with their text (resources/reference).
END_REASON_PLANNED = "31 Levering is volgens plan beëindigd"
END_REASONS_OTHER = [
    "32 Voortijdig afgesloten: eenzijdig door de cliënt",
    "33 Voortijdig afgesloten: eenzijdig door de aanbieder",
    "34 Voortijdig afgesloten: in overeenstemming",
    "35 Voortijdig afgesloten: wegens externe omstandigheden",
    "38 Overstap naar andere aanbieder",
]
FREQUENCY_TEXT = {"week": "Per week", "totaal": "Totaal binnen geldigheidsduur toewijzing",
                  "dag": "Per dag"}

FIRST_NAMES = [
    "Daan", "Sem", "Noah", "Liam", "Lucas", "Finn", "Levi", "Milan", "Bram", "Jesse", "Emma",
    "Julia", "Mila", "Tess", "Sophie", "Zoë", "Sara", "Nora", "Eva", "Lotte", "Fleur", "Saar",
    "Mohammed", "Yara", "Amira", "Ayoub", "Jayden", "Lina", "Femke", "Thijs",
]
SURNAMES = [
    "de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen", "Visser",
    "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks",
    "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra", "Smits", "de Graaf", "Yilmaz",
    "El Amrani", "Kaya", "van der Meer", "Kramer", "Postma",
]

COLUMNS_301 = [
    "Berichtcode", "Gemeente", "BSN", "Naam cliënt", "Geboortedatum", "Postcode", "Huisnummer",
    "Wijk", "Beschikkingnummer", "Toewijzingnummer", "AGB-code aanbieder", "Naam aanbieder",
    "Productcategorie", "Productcode", "Product", "Ingangsdatum toewijzing",
    "Einddatum toewijzing", "Volume", "Eenheid", "Frequentie", "Opmerking",
]
# Start and stop messages name their toewijzing by its number (most providers' software
# fills it in); the 305 has no beschikkingnummer, the 307 only sometimes.
COLUMNS_305 = [
    "Berichtcode", "BSN", "AGB-code aanbieder", "Productcategorie", "Productcode",
    "Toewijzingnummer", "Begindatum zorg",
]
COLUMNS_307 = [
    "Berichtcode", "BSN", "AGB-code aanbieder", "Productcategorie", "Productcode",
    "Toewijzingnummer", "Beschikkingnummer", "Einddatum zorg", "Reden beëindiging",
]
COLUMNS_303 = [
    "Declaratienummer", "BSN", "AGB-code aanbieder", "Naam aanbieder", "Productcategorie",
    "Productcode", "Toewijzingnummer", "Beschikkingnummer", "Begindatum periode",
    "Einddatum periode", "Geleverd volume", "Eenheid", "Bedrag",
]
# The flattened export of a case-management system's reporting module (DOMAIN.md).
COLUMNS_TRAJECTEN = [
    "Beschikkingnummer", "BSN cliënt", "Naam aanbieder", "AGB aanbieder", "Productcategorie",
    "Productcode", "Ingangsdatum toewijzing", "Einddatum toewijzing", "Datum start zorg (305)",
    "Datum einde zorg (307)", "Volume", "Eenheid", "Frequentie", "Bedrag", "Wijk",
]

# Defect counts for the example size (600 clients); other sizes scale them.
BASE_COUNTS = {
    "301_missing_postcode": 12,
    "301_duplicate_rows": 4,
    "301_reused_assignment_number": 3,
    "301_overlaps": 6,
    "301_variant_lowercase_bv": 9,
    "301_variant_double_space": 6,
    "301_variant_typo": 4,
    "301_district_whitespace": 5,
    "301_district_lowercase": 3,
    "301_birth_before_1900": 1,
    "301_birth_future": 1,
    "301_adult_age": 3,
    "301_implausible_volume": 2,
    "305_duplicate_rows": 2,
    "305_impossible_date": 2,
    "305_unmatched_number": 4,
    "305_unmatched_product": 3,
    "305_never_reported": 9,
    "307_before_305": 5,
    "307_unmatched": 3,
    "307_without_305": 4,
    "307_never_reported": 5,
    "303_duplicate_rows": 6,
    "303_implausible_volume": 4,
    "303_volume_text": 3,
    "303_missing_product": 5,
    "303_amount_outlier": 3,
    "303_without_assignment": 4,
    "303_outside_period": 3,
    "303_above_assigned": 5,
}
# Shares of the clean data (not defects): aspecific assignments (product category only)
# among ambulant assignments of clients with one assignment at that provider, and
# start/stop/invoice messages without a toewijzingnummer (older software).
ASPECIFIC_SHARE = 0.12
UNNUMBERED_SHARE = 0.15

EXAMPLE_CLIENTS = 600
RECENT_WINDOW_DAYS = 20  # assignments this young may lack a 305 without it being a defect


@dataclass(frozen=True)
class SyntheticConfig:
    n_clients: int = EXAMPLE_CLIENTS
    seed: int = EXAMPLE_SEED
    export_date: date = date(2025, 1, 15)
    first_day: date = date(2023, 1, 2)


@dataclass
class SyntheticData:
    frames: dict[str, pd.DataFrame]  # "301", "305", "307", "303", "trajecten": text as written
    defects: dict[str, Any] = field(default_factory=dict)
    config: SyntheticConfig = field(default_factory=SyntheticConfig)
    # per frame and row: the (clean) assignment the row truly belongs to, -1 for none
    truth: dict[str, np.ndarray] = field(default_factory=dict)


# --------------------------------------------------------------------------- formatting


def _fmt_dates(days: np.ndarray) -> np.ndarray:
    """int days since epoch -> 'dd-mm-jjjj' strings (vectorised)."""
    ts = pd.to_datetime(days.astype("int64"), unit="D")
    return np.asarray(ts.strftime("%d-%m-%Y"), dtype=object)


def _fmt_decimal(values: np.ndarray, decimals: int) -> np.ndarray:
    """Dutch decimal comma, no thousands separator: 12,5 / 3."""
    out = np.char.mod(f"%.{decimals}f", np.round(values.astype(float), decimals))
    out = np.char.rstrip(np.char.rstrip(out, "0"), ".") if decimals else out
    return np.char.replace(out, ".", ",").astype(object)


def format_euro(amount: float) -> str:
    """1234.5 -> '€ 1.234,50' (the way exports write amounts as text)."""
    sign = "-" if amount < 0 else ""
    whole, cents = f"{abs(amount):.2f}".split(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return f"{sign}€ {'.'.join(groups)},{cents}"


def _fmt_euros(values: np.ndarray) -> np.ndarray:
    return np.array([format_euro(v) for v in values], dtype=object)


def _day(d: date) -> int:
    return (d - date(1970, 1, 1)).days


def _bsn_numbers(rng: np.random.Generator, n: int) -> np.ndarray:
    """n unique 9-digit strings that pass the elfproef (some start with 0)."""
    found: list[str] = []
    seen: set[str] = set()
    weights = np.array([9, 8, 7, 6, 5, 4, 3, 2])
    while len(found) < n:
        digits = rng.integers(0, 10, size=(n * 2, 8))
        digits[:, 0] = rng.integers(0, 4, size=n * 2)  # real BSNs start low; 0 keeps zeros
        check = (digits @ weights) % 11
        ok = check < 10
        for row, c in zip(digits[ok], check[ok], strict=True):
            text = "".join(map(str, row)) + str(c)
            if text not in seen and text != "000000000":
                seen.add(text)
                found.append(text)
                if len(found) == n:
                    break
    return np.array(found, dtype=object)


def _scaled(config: SyntheticConfig) -> dict[str, int]:
    factor = config.n_clients / EXAMPLE_CLIENTS
    return {k: max(1, round(v * factor)) for k, v in BASE_COUNTS.items()}


# --------------------------------------------------------------------------- generation


def generate(config: SyntheticConfig | None = None) -> SyntheticData:
    config = config or SyntheticConfig()
    rng = np.random.default_rng(config.seed)
    counts = _scaled(config)
    export_day = _day(config.export_date)
    first_day = _day(config.first_day)
    n = config.n_clients

    # ---- clients
    bsn = _bsn_numbers(rng, n)
    birth = rng.integers(_day(date(2005, 6, 1)), _day(date(2022, 12, 31)), size=n)
    district = rng.choice(len(DISTRICTS), size=n, p=DISTRICT_WEIGHTS)
    letters = np.array(list("ABCDEGHJKLMNPRSTVWXZ"))
    postcode = np.array(
        [f"{POSTCODE_BASE + d} {a}{b}" for d, a, b in zip(
            district, rng.choice(letters, n), rng.choice(letters, n), strict=True)],
        dtype=object,
    )
    house = rng.integers(1, 180, size=n)
    names = np.array(
        [f"{FIRST_NAMES[i]} {SURNAMES[j]}" for i, j in zip(
            rng.integers(0, len(FIRST_NAMES), n), rng.integers(0, len(SURNAMES), n),
            strict=True)],
        dtype=object,
    )

    # ---- assignments (301): 1-3 per client, each with its own provider+product, so
    # that clean data has no overlapping periods for the same client/provider/product.
    per_client = rng.choice([1, 2, 3], size=n, p=[0.7, 0.22, 0.08])
    client_idx = np.repeat(np.arange(n), per_client)
    m = len(client_idx)
    combos = [(p, prod) for p, (_, _, _, prods) in enumerate(PROVIDERS) for prod in prods]
    combo_w = np.array([PROVIDER_WEIGHTS[p] / len(PROVIDERS[p][3]) for p, _ in combos])
    combo_w /= combo_w.sum()
    combo = np.empty(m, dtype=int)
    start = 0
    for k in per_client:  # distinct combos per client
        combo[start:start + k] = rng.choice(len(combos), size=k, replace=False, p=combo_w)
        start += k
    prov = np.array([combos[c][0] for c in combo])
    prod = np.array([combos[c][1] for c in combo], dtype=object)

    begin = rng.integers(first_day, export_day - 100, size=m)
    recent = rng.random(m) < 0.012  # a few brand-new assignments, care not started yet
    begin[recent] = rng.integers(export_day - RECENT_WINDOW_DAYS, export_day - 1, size=recent.sum())
    length = rng.choice([91, 182, 365], size=m, p=[0.25, 0.45, 0.3])
    end = begin + length - 1

    unit = np.array([PRODUCTS[p][2] for p in prod], dtype=object)
    freq = np.where(np.array([PRODUCTS[p][4] for p in prod]) == "week", "week", "totaal")
    weekly = np.array([rng.integers(PRODUCTS[p][5][0], PRODUCTS[p][5][1] + 1) for p in prod])
    volume_301 = np.where(freq == "totaal", length, weekly)
    decision = np.array([f"B{1000 + i:05d}" for i in range(m)], dtype=object)
    assignment_no = np.array([f"T{200000 + i}" for i in range(m)], dtype=object)
    # Aspecific assignments name only the category: ambulant care of clients with no other
    # assignment at that provider (so their messages can only belong to this one).
    same_provider = pd.Series(client_idx * 100 + prov).duplicated(keep=False).to_numpy()
    ambulant = np.array([PRODUCTS[p][0] == "45" for p in prod])
    aspecific = ambulant & ~same_provider & (rng.random(m) < ASPECIFIC_SHARE)

    # ---- start of care (305): waiting time depends on the provider
    median_wait = np.array([PROVIDERS[p][2] for p in prov])
    wait = np.minimum(np.rint(rng.gamma(2.0, median_wait / 1.68)), 90).astype(int)
    wait = np.minimum(wait, length - 30)
    care_start = begin + wait
    has_start = ~recent

    # ---- end of care (307)
    planned_end = end - rng.integers(0, 21, size=m)
    early = rng.random(m) < 0.12
    early_len = (rng.random(m) * (planned_end - care_start - 14)).astype(int) + 14
    care_end = np.where(early, care_start + early_len, planned_end)
    care_end = np.maximum(care_end, care_start + 7)
    has_end = has_start & (care_end < export_day - 5)
    reason = np.where(early, rng.choice(END_REASONS_OTHER, size=m),
                      END_REASON_PLANNED).astype(object)

    a = pd.DataFrame(
        {
            "client": client_idx, "prov": prov, "prod": prod, "begin": begin, "end": end,
            "care_start": care_start, "care_end": care_end, "has_start": has_start,
            "has_end": has_end, "unit": unit, "weekly": weekly, "volume": volume_301,
            "freq": freq, "decision": decision, "assignment_no": assignment_no,
            "reason": reason, "aspecific": aspecific,
            "start_numbered": rng.random(m) >= UNNUMBERED_SHARE,
            "stop_numbered": rng.random(m) >= UNNUMBERED_SHARE,
            "stop_decision": rng.random(m) < 0.4,
            "invoice_numbered": rng.random(m) >= UNNUMBERED_SHARE,
        }
    )

    # Planted: assignments whose 305 never came (older than the window), and stops
    # without a start. Chosen among assignments with a start and no other role.
    # A stop before the start still falls inside the assignment (so it is matched): it
    # needs a waiting time of at least 10 days to fit between assignment and start.
    old_enough = a.has_start & (a.begin < export_day - 60)
    waited = old_enough & (a.care_start - a.begin >= 10)
    stop_before = rng.choice(a.index[waited].to_numpy(), size=counts["307_before_305"],
                             replace=False)
    eligible = np.setdiff1d(a.index[old_enough].to_numpy(), stop_before)
    chosen = rng.choice(eligible, size=counts["305_never_reported"] + counts["307_without_305"]
                        + counts["305_impossible_date"], replace=False)
    never = chosen[: counts["305_never_reported"]]
    stop_no_start = chosen[len(never): len(never) + counts["307_without_305"]]
    bad_date = chosen[len(never) + len(stop_no_start):]
    a.loc[never, ["has_start", "has_end"]] = False
    a.loc[stop_no_start, "has_end"] = True
    a.loc[stop_before, "has_end"] = True
    wait_days = (a.loc[stop_before, "care_start"] - a.loc[stop_before, "begin"]).to_numpy()
    a.loc[stop_before, "care_end"] = a.loc[stop_before, "begin"].to_numpy() + (
        rng.random(len(stop_before)) * (wait_days - 1)).astype(int)
    # Care that ended long ago and was declared, but whose stop (307) never came.
    taken = np.concatenate([stop_before, chosen])
    ended = a.index[a.has_start & a.has_end & (a.end < export_day - 60)].to_numpy()
    no_stop = rng.choice(np.setdiff1d(ended, taken), size=counts["307_never_reported"],
                         replace=False)

    frames: dict[str, pd.DataFrame] = {}
    frames["301"] = _frame_301(a, bsn, names, birth, postcode, house, district)
    frames["303"] = _frame_303(a[a.has_start], bsn, export_day)
    a.loc[no_stop, "has_end"] = False
    frames["305"] = _frame_305(a[a.has_start & ~a.index.isin(stop_no_start)], bsn)
    frames["307"] = _frame_307(a[a.has_end], bsn)

    defects = _plant(frames, a, bsn, rng, counts, bad_date, config)
    defects["recent_assignments_without_305"] = int(recent.sum())
    defects["clean_assignments"] = int(m)
    defects["aspecific_assignments"] = int(a.aspecific.sum())
    defects["307_never_reported"] = len(no_stop)
    frames["trajecten"] = _trajecten(frames, a)
    defects["trajecten_rows"] = len(frames["trajecten"])
    truth = {k: f.pop("_a").to_numpy() for k, f in frames.items() if "_a" in f}
    return SyntheticData(frames=frames, defects=defects, config=config, truth=truth)


def _provider_cols(prov: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    agb = np.array([PROVIDERS[p][0] for p in prov], dtype=object)
    name = np.array([PROVIDERS[p][1] for p in prov], dtype=object)
    return agb, name


def _category(prod: np.ndarray) -> list[str]:
    return [PRODUCTS[p][0] for p in prod]


def _frame_301(a, bsn, names, birth, postcode, house, district) -> pd.DataFrame:
    agb, pname = _provider_cols(a.prov.to_numpy())
    c = a.client.to_numpy()
    prod = a["prod"].to_numpy()
    aspecific = a.aspecific.to_numpy()
    return pd.DataFrame(
        {
            "Berichtcode": "301",
            "Gemeente": MUNICIPALITY,
            "BSN": bsn[c],
            "Naam cliënt": names[c],
            "Geboortedatum": _fmt_dates(birth[c]),
            "Postcode": postcode[c],
            "Huisnummer": house[c].astype(str).astype(object),
            "Wijk": np.array(DISTRICTS, dtype=object)[district[c]],
            "Beschikkingnummer": a.decision.to_numpy(),
            "Toewijzingnummer": a.assignment_no.to_numpy(),
            "AGB-code aanbieder": agb,
            "Naam aanbieder": pname,
            "Productcategorie": _category(prod),
            "Productcode": np.where(aspecific, "", prod),
            "Product": np.where(aspecific, "", [PRODUCTS[p][1] for p in prod]),
            "Ingangsdatum toewijzing": _fmt_dates(a.begin.to_numpy()),
            "Einddatum toewijzing": _fmt_dates(a.end.to_numpy()),
            "Volume": a.volume.astype(str).to_numpy(),
            "Eenheid": a.unit.to_numpy(),
            "Frequentie": [FREQUENCY_TEXT[f] for f in a.freq],
            "Opmerking": "",
            "_a": a.index.to_numpy(),
        },
        columns=[*COLUMNS_301, "_a"],
    )


def _numbers(a: pd.DataFrame, column: str) -> np.ndarray:
    return np.where(a[column].to_numpy(), a.assignment_no.to_numpy(), "").astype(object)


def _frame_305(a, bsn) -> pd.DataFrame:
    agb, _ = _provider_cols(a.prov.to_numpy())
    prod = a["prod"].to_numpy()
    return pd.DataFrame(
        {
            "Berichtcode": "305",
            "BSN": bsn[a.client.to_numpy()],
            "AGB-code aanbieder": agb,
            "Productcategorie": _category(prod),
            "Productcode": prod,
            "Toewijzingnummer": _numbers(a, "start_numbered"),
            "Begindatum zorg": _fmt_dates(a.care_start.to_numpy()),
            "_a": a.index.to_numpy(),
        },
        columns=[*COLUMNS_305, "_a"],
    ).sort_values("Begindatum zorg", key=_date_key, kind="stable").reset_index(drop=True)


def _frame_307(a, bsn) -> pd.DataFrame:
    agb, _ = _provider_cols(a.prov.to_numpy())
    prod = a["prod"].to_numpy()
    return pd.DataFrame(
        {
            "Berichtcode": "307",
            "BSN": bsn[a.client.to_numpy()],
            "AGB-code aanbieder": agb,
            "Productcategorie": _category(prod),
            "Productcode": prod,
            "Toewijzingnummer": _numbers(a, "stop_numbered"),
            "Beschikkingnummer": np.where(a.stop_decision.to_numpy(), a.decision.to_numpy(),
                                          "").astype(object),
            "Einddatum zorg": _fmt_dates(a.care_end.to_numpy()),
            "Reden beëindiging": a.reason.to_numpy(),
            "_a": a.index.to_numpy(),
        },
        columns=[*COLUMNS_307, "_a"],
    ).sort_values("Einddatum zorg", key=_date_key, kind="stable").reset_index(drop=True)


def _date_key(col: pd.Series) -> pd.Series:
    return pd.to_datetime(col, format="%d-%m-%Y", errors="coerce")


def _frame_303(a, bsn, export_day: int) -> pd.DataFrame:
    """One invoice line per assignment per calendar month of care, up to last month. The
    declared volume never exceeds the assigned volume for the period (floored)."""
    last_month_end = (pd.Timestamp(export_day, unit="D").to_period("M") - 2).end_time
    last_day = int((last_month_end.normalize() - pd.Timestamp(0)).days)
    stop = np.where(a.has_end, a.care_end, last_day)
    stop = np.minimum(stop, last_day)
    start = a.care_start.to_numpy()
    keep = stop >= start
    a, start, stop = a[keep], start[keep], stop[keep]
    start_m = pd.to_datetime(start, unit="D").to_period("M").astype("int64").to_numpy()
    stop_m = pd.to_datetime(stop, unit="D").to_period("M").astype("int64").to_numpy()
    months = stop_m - start_m + 1
    idx = np.repeat(np.arange(len(a)), months)
    offset = np.arange(len(idx)) - np.repeat(np.cumsum(months) - months, months)
    month = start_m[idx] + offset
    month_start = pd.PeriodIndex.from_ordinals(month, freq="M").start_time
    month_end = pd.PeriodIndex.from_ordinals(month, freq="M").end_time.normalize()
    ms = ((month_start - pd.Timestamp(0)).days).to_numpy()
    me = ((month_end - pd.Timestamp(0)).days).to_numpy()
    p_start = np.maximum(ms, start[idx])
    p_end = np.minimum(me, stop[idx])
    days = p_end - p_start + 1

    unit = a.unit.to_numpy()[idx]
    weekly = a.weekly.to_numpy()[idx]
    prod = a["prod"].to_numpy()[idx]
    rng = np.random.default_rng(int(export_day))
    factor = rng.uniform(0.75, 1.0, size=len(idx))
    raw = weekly * days / 7 * factor
    vol = np.where(unit == "uur", np.floor(raw * 4) / 4, np.floor(raw))
    vol = np.where(unit == "etmaal", days, vol)
    ok = vol > 0
    tariff = np.array([PRODUCTS[p][3] for p in prod])
    amount = np.round(vol * tariff, 2)
    agb, pname = _provider_cols(a.prov.to_numpy()[idx])
    month_text = pd.PeriodIndex.from_ordinals(month, freq="M").strftime("%Y%m")
    frame = pd.DataFrame(
        {
            "Declaratienummer": np.char.add(
                np.char.add("D", month_text.to_numpy().astype(str)),
                np.char.add("-", np.array([s[-4:] for s in agb]).astype(str)),
            ).astype(object),
            "BSN": bsn[a.client.to_numpy()[idx]],
            "AGB-code aanbieder": agb,
            "Naam aanbieder": pname,
            "Productcategorie": _category(prod),
            "Productcode": prod,
            "Toewijzingnummer": _numbers(a, "invoice_numbered")[idx],
            "Beschikkingnummer": a.decision.to_numpy()[idx],
            "Begindatum periode": _fmt_dates(p_start),
            "Einddatum periode": _fmt_dates(p_end),
            "Geleverd volume": _fmt_decimal(vol, 2),
            "Eenheid": unit,
            "Bedrag": _fmt_euros(amount),
            "_days": days,
            "_amount": amount,
            "_weekly": a.freq.to_numpy()[idx] == "week",
            "_a": a.index.to_numpy()[idx],
        },
        columns=[*COLUMNS_303, "_days", "_amount", "_weekly", "_a"],
    )
    return frame[ok].reset_index(drop=True)


# --------------------------------------------------------------------------- defects


def _pick(rng, pool: np.ndarray, k: int, used: set[int]) -> np.ndarray:
    pool = np.array([i for i in pool if i not in used])
    picked = rng.choice(pool, size=k, replace=False)
    used.update(int(i) for i in picked)
    return np.sort(picked)


def _plant(frames, a, bsn, rng, counts, bad_date_idx, config) -> dict[str, Any]:
    export_day = _day(config.export_date)
    d: dict[str, Any] = {}

    # ---------------- 301
    f = frames["301"]
    used: set[int] = set()
    rows = np.arange(len(f))
    pick = _pick(rng, rows, counts["301_missing_postcode"], used)
    f.loc[pick, "Postcode"] = ""

    hoop = rows[f["Naam aanbieder"] == PROVIDERS[0][1]]
    f.loc[_pick(rng, hoop, counts["301_variant_lowercase_bv"], used), "Naam aanbieder"] = (
        "jeugdzorg de hoop bv")
    f.loc[_pick(rng, hoop, counts["301_variant_double_space"], used), "Naam aanbieder"] = (
        "Jeugdzorg  De Hoop")
    horizon = rows[f["Naam aanbieder"] == PROVIDERS[2][1]]
    f.loc[_pick(rng, horizon, counts["301_variant_typo"], used), "Naam aanbieder"] = (
        "Horizon Ambulante Begeleidng")
    noord = rows[f["Wijk"] == "Noord"]
    ws = _pick(rng, noord, counts["301_district_whitespace"], used)
    f.loc[ws, "Wijk"] = [" Noord" if i % 2 else "Noord " for i in range(len(ws))]
    f.loc[_pick(rng, noord, counts["301_district_lowercase"], used), "Wijk"] = "noord"

    # Birth dates: one before 1900, one in the future, some adults (age > 23).
    # The planted assignments' own clients must not appear in other rows, so
    # pick rows of clients with exactly one assignment.
    single = rows[~f["BSN"].duplicated(keep=False)]
    r = _pick(rng, single, counts["301_birth_before_1900"], used)
    f.loc[r, "Geboortedatum"] = "14-03-1899"
    r = _pick(rng, single, counts["301_birth_future"], used)
    f.loc[r, "Geboortedatum"] = "02-07-2031"
    r = _pick(rng, single, counts["301_adult_age"], used)
    f.loc[r, "Geboortedatum"] = _fmt_dates(
        rng.integers(_day(date(1961, 1, 1)), _day(date(1975, 12, 31)), size=len(r)))
    d["301_dates_before_1900"] = counts["301_birth_before_1900"]
    d["301_dates_future"] = counts["301_birth_future"]
    d["301_implausible_age"] = (counts["301_birth_before_1900"] + counts["301_birth_future"]
                                + counts["301_adult_age"])

    # 24 hours of ambulant care a day assigned (a typing error in the omvang).
    hourly = rows[(f["Eenheid"] == "uur").to_numpy() & (a.freq.to_numpy() == "week")]
    r = _pick(rng, hourly, counts["301_implausible_volume"], used)
    f.loc[r, "Volume"] = "24"
    f.loc[r, "Frequentie"] = FREQUENCY_TEXT["dag"]
    d["301_implausible_volume"] = counts["301_implausible_volume"]
    per_day = set(f.loc[r, "_a"].tolist())  # 24 hours a day assigned: nothing declared is above

    # Overlapping assignments: a second assignment for the same client, provider and
    # product that starts inside the first one (its own decision and number). Their
    # messages carry the toewijzingnummer: without it they could belong to either.
    cand = a.index[(a.begin < export_day - 200) & a.has_start & ~a.has_end
                   & ~a.aspecific].to_numpy()
    planted = set(int(i) for i in bad_date_idx)
    cand = np.array([i for i in cand if i not in used and i not in planted])
    base_rows = np.sort(rng.choice(cand, size=counts["301_overlaps"], replace=False))
    used.update(int(i) for i in base_rows)
    extra = f.loc[base_rows].copy()
    shift = rng.integers(20, 60, size=len(extra))
    new_begin = a.loc[base_rows, "begin"].to_numpy() + shift
    extra["Ingangsdatum toewijzing"] = _fmt_dates(new_begin)
    new_end = np.maximum(new_begin + 181, export_day + 90)
    extra["Einddatum toewijzing"] = _fmt_dates(new_end)
    total = (extra["Frequentie"] == FREQUENCY_TEXT["totaal"]).to_numpy()  # a day per day
    extra.loc[total, "Volume"] = (new_end - new_begin + 1)[total].astype(str)
    extra["Beschikkingnummer"] = [f"B9{i:04d}" for i in range(len(extra))]
    extra["Toewijzingnummer"] = [f"T9{i:05d}" for i in range(len(extra))]
    extra["_a"] = np.arange(len(extra)) + len(a)
    # Their own start messages, so the overlap is the only thing wrong with them.
    overlap_305 = pd.DataFrame(
        {
            "Berichtcode": "305",
            "BSN": extra["BSN"].to_numpy(),
            "AGB-code aanbieder": extra["AGB-code aanbieder"].to_numpy(),
            "Productcategorie": extra["Productcategorie"].to_numpy(),
            "Productcode": extra["Productcode"].to_numpy(),
            "Toewijzingnummer": extra["Toewijzingnummer"].to_numpy(),
            "Begindatum zorg": _fmt_dates(new_begin + 3),
            "_a": extra["_a"].to_numpy(),
        },
        columns=[*COLUMNS_305, "_a"],
    )
    d["301_overlapping_pairs"] = counts["301_overlaps"]
    numbered = {int(i) for i in base_rows}

    # Reused assignment numbers: a different assignment (another client) carries an
    # earlier number. Its own messages name no number, so they link by the rule.
    k = counts["301_reused_assignment_number"]
    reuse_dst = _pick(rng, rows, k, used)
    clients_dst = set(f.loc[reuse_dst, "BSN"])
    others = rows[~f["BSN"].isin(clients_dst).to_numpy()]
    reuse_src = _pick(rng, others, k, used)
    f.loc[reuse_dst, "Toewijzingnummer"] = f.loc[reuse_src, "Toewijzingnummer"].to_numpy()
    unnumbered = {int(i) for i in reuse_dst}

    dup = f.loc[_pick(rng, rows, counts["301_duplicate_rows"], used)].copy()
    f = pd.concat([f, extra, dup], ignore_index=True)
    frames["301"] = f
    d["301_rows"] = len(f)
    d["301_missing"] = {"Postcode": counts["301_missing_postcode"], "Opmerking": len(f)}
    d["301_empty_columns"] = ["Opmerking"]
    d["301_constant_columns"] = ["Berichtcode", "Gemeente"]
    d["301_duplicate_rows"] = counts["301_duplicate_rows"]
    d["301_duplicate_key_rows"] = {
        "Toewijzingnummer": counts["301_duplicate_rows"] + counts["301_reused_assignment_number"]
    }
    d["301_provider_variants"] = {
        PROVIDERS[0][1]: {
            "jeugdzorg de hoop bv": counts["301_variant_lowercase_bv"],
            "Jeugdzorg  De Hoop": counts["301_variant_double_space"],
        },
        PROVIDERS[2][1]: {"Horizon Ambulante Begeleidng": counts["301_variant_typo"]},
    }
    d["301_whitespace"] = {"Wijk": counts["301_district_whitespace"],
                           "Naam aanbieder": counts["301_variant_double_space"]}
    d["301_case_variants"] = {"Wijk": counts["301_district_lowercase"]}

    def set_numbers(frame: pd.DataFrame) -> None:
        truth = frame["_a"].to_numpy()
        frame.loc[np.isin(truth, list(numbered)), "Toewijzingnummer"] = a.assignment_no.to_numpy()[
            [t for t in truth if t in numbered]]
        frame.loc[np.isin(truth, list(unnumbered)), "Toewijzingnummer"] = ""

    # ---------------- 305
    s = frames["305"]
    set_numbers(s)
    s = pd.concat([s, overlap_305], ignore_index=True)
    srows = np.arange(len(s))
    sused: set[int] = set()
    # Impossible calendar dates on the 305 of chosen assignments.
    bad_rows = srows[np.isin(s["_a"].to_numpy(), bad_date_idx)]
    impossible = ["31-02-2024", "29-02-2023", "31-04-2024", "30-02-2024"]
    for j, row in enumerate(bad_rows):
        s.loc[row, "Begindatum zorg"] = impossible[j % len(impossible)]
    sused.update(int(i) for i in bad_rows)
    # Unmatched: a toewijzingnummer the municipality never issued, or (without a number)
    # a product that was never assigned.
    k1, k2 = counts["305_unmatched_number"], counts["305_unmatched_product"]
    src = s.loc[_pick(rng, srows, k1 + k2, sused)].copy()
    src["Toewijzingnummer"] = [f"T8{i:05d}" if i < k1 else "" for i in range(k1 + k2)]
    src.iloc[k1:, src.columns.get_loc("Productcategorie")] = "99"
    src.iloc[k1:, src.columns.get_loc("Productcode")] = "99A99"
    src["_a"] = -1
    sdup = s.loc[_pick(rng, srows, counts["305_duplicate_rows"], sused)].copy()
    s = pd.concat([s, src, sdup], ignore_index=True)
    frames["305"] = s
    d["305_rows"] = len(s)
    d["305_invalid_dates"] = {"Begindatum zorg": len(bad_rows)}
    d["305_unmatched"] = k1 + k2
    d["305_duplicate_rows"] = counts["305_duplicate_rows"]
    d["301_without_305_after_30_days"] = (
        counts["305_never_reported"] + counts["307_without_305"]
    )

    # ---------------- 307
    t = frames["307"]
    set_numbers(t)
    trows = np.arange(len(t))
    tused: set[int] = set()
    un = t.loc[_pick(rng, trows, counts["307_unmatched"], tused)].copy()
    un["Toewijzingnummer"] = [f"T7{i:05d}" for i in range(len(un))]
    un["_a"] = -1
    t = pd.concat([t, un], ignore_index=True)
    frames["307"] = t
    d["307_rows"] = len(t)
    d["307_before_305"] = counts["307_before_305"]
    d["307_unmatched"] = counts["307_unmatched"]
    d["307_without_305"] = counts["307_without_305"]
    # The 307 names the beschikking only sometimes: empty is not a defect there.
    d["307_missing"] = {c: int((t[c] == "").sum()) for c in ("Toewijzingnummer",
                                                              "Beschikkingnummer")}
    d["305_missing"] = {"Toewijzingnummer": int((s["Toewijzingnummer"] == "").sum())}

    # ---------------- 303
    v = frames["303"]
    set_numbers(v)
    vrows = np.arange(len(v))
    vused: set[int] = set()
    # Week volumes are compared per row, not as a running total.
    weekly = vrows[v["_weekly"].to_numpy() & ~v["_a"].isin(per_day).to_numpy()]
    hour_full = vrows[(v["Eenheid"] == "uur").to_numpy() & (v["_days"].to_numpy() >= 28)]
    r = _pick(rng, hour_full, counts["303_implausible_volume"], vused)
    v.loc[r, "Geleverd volume"] = _fmt_decimal(v.loc[r, "_days"].to_numpy() * 24 * 1.5, 2)
    r = _pick(rng, vrows, counts["303_volume_text"], vused)
    v.loc[r, "Geleverd volume"] = "onbekend"
    r = _pick(rng, vrows, counts["303_missing_product"], vused)
    v.loc[r, "Productcode"] = ""
    r = _pick(rng, vrows, counts["303_amount_outlier"], vused)
    v.loc[r, "Bedrag"] = _fmt_euros(v.loc[r, "_amount"].to_numpy() * 40)
    # Above the assigned volume: half as much again as the week volume allows, far
    # below 24 hours a day.
    r = _pick(rng, weekly, counts["303_above_assigned"], vused)
    assigned = a.weekly.to_numpy()[v.loc[r, "_a"].to_numpy()] * v.loc[r, "_days"].to_numpy() / 7
    v.loc[r, "Geleverd volume"] = _fmt_decimal(np.floor(assigned * 1.5) + 1, 2)
    # Declared for a month after the toewijzing ended (the number still names it).
    ended = weekly[(a.end.to_numpy()[v["_a"].to_numpy()[weekly]] < export_day - 90)
                   & (v["Toewijzingnummer"].to_numpy()[weekly] != "")]
    r = _pick(rng, ended, counts["303_outside_period"], vused)
    after = a.end.to_numpy()[v.loc[r, "_a"].to_numpy()] + 20
    month_start = pd.to_datetime(after, unit="D").to_period("M").start_time
    month_end = pd.to_datetime(after, unit="D").to_period("M").end_time.normalize()
    v.loc[r, "Begindatum periode"] = np.asarray(month_start.strftime("%d-%m-%Y"), dtype=object)
    v.loc[r, "Einddatum periode"] = np.asarray(month_end.strftime("%d-%m-%Y"), dtype=object)
    # Declared on a toewijzingnummer that does not exist (no toewijzing at all).
    r = _pick(rng, vrows, counts["303_without_assignment"], vused)
    lonely = v.loc[r].copy()
    lonely["Toewijzingnummer"] = [f"T6{i:05d}" for i in range(len(lonely))]
    lonely["Beschikkingnummer"] = [f"B6{i:04d}" for i in range(len(lonely))]
    lonely["_a"] = -1
    vdup = v.loc[_pick(rng, weekly, counts["303_duplicate_rows"], vused)].copy()
    v = pd.concat([v, lonely, vdup], ignore_index=True).drop(
        columns=["_days", "_amount", "_weekly"])
    frames["303"] = v
    d["303_rows"] = len(v)
    d["303_duplicate_rows"] = counts["303_duplicate_rows"]
    d["303_implausible_volume"] = counts["303_implausible_volume"]
    d["303_invalid"] = {"Geleverd volume": counts["303_volume_text"]}
    d["303_missing"] = {"Productcode": counts["303_missing_product"],
                        "Toewijzingnummer": int((v["Toewijzingnummer"] == "").sum())}
    d["303_amount_outliers"] = counts["303_amount_outlier"]
    d["303_without_assignment"] = counts["303_without_assignment"]
    d["303_outside_period"] = counts["303_outside_period"]
    # Every declaration of 24 hours a day is above its assigned volume too.
    d["303_above_assigned"] = counts["303_above_assigned"] + counts["303_implausible_volume"]
    return d


def _trajecten(frames: dict[str, pd.DataFrame], a: pd.DataFrame) -> pd.DataFrame:
    """The same toewijzingen as the reporting module shows them: one row per 301 (exact
    copies once), with the first start (305) and stop (307) that truly belong to it.
    Messages that belong to no toewijzing are not in such an export."""
    f = frames["301"].drop_duplicates(subset=[c for c in frames["301"].columns if c != "_a"])

    def first(frame: pd.DataFrame, column: str) -> pd.Series:
        own = frame[frame["_a"] >= 0]
        order = own.assign(_d=_date_key(own[column])).sort_values(
            ["_a", "_d"], na_position="last", kind="stable")
        return order.drop_duplicates("_a").set_index("_a")[column]

    truth = f["_a"].to_numpy()
    starts = first(frames["305"], "Begindatum zorg").reindex(truth).fillna("")
    stops = first(frames["307"], "Einddatum zorg").reindex(truth).fillna("")
    volume = pd.to_numeric(f["Volume"], errors="coerce").to_numpy()
    weeks = ((_date_key(f["Einddatum toewijzing"]) - _date_key(f["Ingangsdatum toewijzing"]))
             .dt.days.to_numpy() + 1) / 7
    # The product (an aspecific row names none: its truth does; copies are never aspecific)
    product = np.where(f["Productcode"].to_numpy() != "", f["Productcode"].to_numpy(),
                       a["prod"].to_numpy()[np.minimum(truth, len(a) - 1)])
    tariff = np.array([PRODUCTS[p][3] for p in product])
    per_unit = np.select([f["Frequentie"].to_numpy() == FREQUENCY_TEXT["week"],
                          f["Frequentie"].to_numpy() == FREQUENCY_TEXT["dag"]],
                         [weeks, weeks * 7], 1.0)
    return pd.DataFrame(
        {
            "Beschikkingnummer": f["Beschikkingnummer"].to_numpy(),
            "BSN cliënt": f["BSN"].to_numpy(),
            "Naam aanbieder": f["Naam aanbieder"].to_numpy(),
            "AGB aanbieder": f["AGB-code aanbieder"].to_numpy(),
            "Productcategorie": f["Productcategorie"].to_numpy(),
            "Productcode": f["Productcode"].to_numpy(),
            "Ingangsdatum toewijzing": f["Ingangsdatum toewijzing"].to_numpy(),
            "Einddatum toewijzing": f["Einddatum toewijzing"].to_numpy(),
            "Datum start zorg (305)": starts.to_numpy(),
            "Datum einde zorg (307)": stops.to_numpy(),
            "Volume": f["Volume"].to_numpy(),
            "Eenheid": f["Eenheid"].to_numpy(),
            "Frequentie": f["Frequentie"].to_numpy(),
            "Bedrag": _fmt_euros(np.round(volume * per_unit * tariff, 2)),
            "Wijk": f["Wijk"].to_numpy(),
            "_a": truth,
        },
        columns=[*COLUMNS_TRAJECTEN, "_a"],
    )


# --------------------------------------------------------------------------- files


def cbs_region_frame() -> pd.DataFrame:
    """A CBS OData-style table at *region* level: mixing it with own data is a planted defect."""
    years = [2020, 2021, 2022, 2023, 2024]
    youth = [3310, 3405, 3520, 3610, 3688]
    rate = [118.4, 121.0, 124.9, 127.3, 129.6]
    return pd.DataFrame(
        {
            "ID": [str(i) for i in range(len(years))],
            "RegioS": [f"{REGION_CODE}  " for _ in years],  # CBS pads codes to 6
            "Perioden": [f"{y}JJ00" for y in years],
            "JongerenMetJeugdhulp_1": [str(v) for v in youth],
            "JongerenMetJeugdhulpPer1000_2": [f"{v:.1f}" for v in rate],
        }
    )


BUDGETS = {  # provider index -> ceiling 2024 (euro)
    0: 1_450_000, 1: 1_900_000, 2: 760_000, 3: 640_000,
    4: 520_000, 5: 410_000, 6: 380_000, 7: 980_000,
}


def write_budget_workbook(path: Path) -> None:
    """Budget ceilings as the finance department keeps them: a title, merged headers,
    a Totaal row, a footnote and an explanation sheet."""
    from openpyxl import Workbook

    wb = Workbook()
    info = wb.active
    info.title = "Toelichting"
    info["A1"] = "Toelichting"
    info["A2"] = "Dit bestand bevat de budgetplafonds jeugdhulp per aanbieder voor 2024."
    info["A3"] = "Bedragen in euro's. Bron: afdeling Financiën, gemeente Westerdijk."
    ws = wb.create_sheet("Plafonds 2024")
    ws["A1"] = "Budgetplafonds jeugdhulp 2024 - Gemeente Westerdijk"
    ws["A3"] = "Aanbieder"
    ws["B3"] = "AGB-code"
    ws["C3"] = "Budget 2024"
    ws.merge_cells("A3:A4")
    ws.merge_cells("B3:B4")
    ws.merge_cells("C3:D3")
    ws["C4"] = "Plafond"
    ws["D4"] = "Ophoging"
    row = 5
    for idx, ceiling in BUDGETS.items():
        ws.cell(row, 1, PROVIDERS[idx][1])
        ws.cell(row, 2, PROVIDERS[idx][0])  # text, keeps its leading zero
        ws.cell(row, 3, ceiling)
        ws.cell(row, 4, 25_000 if idx in (0, 7) else 0)
        row += 1
    ws.cell(row, 1, "Totaal")
    ws.cell(row, 3, sum(BUDGETS.values()))
    ws.cell(row, 4, 50_000)
    ws.cell(row + 2, 1, "* Plafonds vastgesteld door het college op 12-12-2023.")
    fixed = pd.Timestamp("2024-01-08T09:00:00").to_pydatetime()
    wb.properties.created = fixed
    wb.properties.modified = fixed
    wb.save(path)


EXPORT_FILES = {
    # message -> (file name, encoding); how Westerdijk's systems write them
    "301": ("toewijzingen_301.csv", "cp1252"),
    "305": ("start_zorg_305.csv", "cp1252"),
    "307": ("stop_zorg_307.csv", "cp1252"),
    "303": ("declaraties_303.csv", "utf-8-sig"),
}


def write_csv(frame: pd.DataFrame, path: Path, encoding: str, delimiter: str = ";") -> None:
    frame.to_csv(path, sep=delimiter, index=False, encoding=encoding, lineterminator="\r\n")


def write_example(folder: Path, data: SyntheticData | None = None) -> SyntheticData:
    """Write the example project's source files and defect manifest to ``folder``."""
    data = data or generate()
    folder.mkdir(parents=True, exist_ok=True)
    for message, (name, encoding) in EXPORT_FILES.items():
        write_csv(data.frames[message], folder / name, encoding)
    write_csv(cbs_region_frame(), folder / "cbs_jeugdhulp_regio.csv", "utf-8-sig")
    write_budget_workbook(folder / "budgetplafonds_2024.xlsx")
    manifest = {"seed": data.config.seed, "clients": data.config.n_clients,
                "export_date": data.config.export_date.isoformat(), **data.defects}
    (folder / "defects.json").write_text(
        json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return data


COMBINED_COLUMNS = [
    "Berichtcode", "BSN", "AGB-code aanbieder", "Naam aanbieder", "Productcode",
    "Beschikkingnummer", "Begindatum", "Einddatum", "Volume", "Eenheid", "Bedrag", "Wijk",
]


def combined_messages(n_rows: int, seed: int = EXAMPLE_SEED) -> pd.DataFrame:
    """One berichtenverkeer export of about ``n_rows`` rows and 12 columns, all messages
    in one table with a message-type column (for the benchmarks)."""
    per_client_rows = 10.5  # a little below the measured ~11, so there are enough rows
    config = SyntheticConfig(n_clients=max(60, int(n_rows / per_client_rows)), seed=seed)
    data = generate(config)
    while sum(len(f) for f in data.frames.values()) < n_rows:
        config = SyntheticConfig(n_clients=int(config.n_clients * 1.2), seed=seed)
        data = generate(config)
    f301, f303, f305, f307 = (data.frames[k] for k in ("301", "303", "305", "307"))
    district = dict(zip(f301["BSN"], f301["Wijk"], strict=False))
    name = dict(zip(f301["AGB-code aanbieder"], f301["Naam aanbieder"], strict=False))

    def part(frame, code, begin, end, volume, unit, amount):
        n = len(frame)
        return pd.DataFrame(
            {
                "Berichtcode": code,
                "BSN": frame["BSN"].to_numpy(),
                "AGB-code aanbieder": frame["AGB-code aanbieder"].to_numpy(),
                "Naam aanbieder": frame["AGB-code aanbieder"].map(name).to_numpy(),
                "Productcode": frame["Productcode"].to_numpy(),
                "Beschikkingnummer": (frame["Beschikkingnummer"].to_numpy()
                                      if "Beschikkingnummer" in frame else [""] * n),
                "Begindatum": frame[begin].to_numpy() if begin else [""] * n,
                "Einddatum": frame[end].to_numpy() if end else [""] * n,
                "Volume": frame[volume].to_numpy() if volume else [""] * n,
                "Eenheid": frame[unit].to_numpy() if unit else [""] * n,
                "Bedrag": frame[amount].to_numpy() if amount else [""] * n,
                "Wijk": frame["BSN"].map(district).to_numpy(),
            },
            columns=COMBINED_COLUMNS,
        )

    out = pd.concat(
        [
            part(f301, "301", "Ingangsdatum toewijzing", "Einddatum toewijzing", "Volume",
                 "Eenheid", None),
            part(f305, "305", "Begindatum zorg", None, None, None, None),
            part(f307, "307", None, "Einddatum zorg", None, None, None),
            part(f303, "303", "Begindatum periode", "Einddatum periode", "Geleverd volume",
                 "Eenheid", "Bedrag"),
        ],
        ignore_index=True,
    )
    return out.head(n_rows).reset_index(drop=True)
