"""The offline gazetteer: build, lookups, variants, regions, demonyms, surface forms, geometry."""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest

from geo.errors import GazetteerError
from geo.gazetteer.build import stable_id
from geo.gazetteer.index import Gazetteer, distance_km, haversine_km
from geo.model import PlaceKind


def near(place, lat, lon, km=5.0):
    return haversine_km(place.lat, place.lon, lat, lon) <= km


def test_open_missing_file_says_how_to_build(tmp_path):
    with pytest.raises(GazetteerError, match="geo-events gazetteer build"):
        Gazetteer.open(tmp_path / "nope.sqlite")


def test_open_refuses_an_older_build(tmp_path):
    old = tmp_path / "old.sqlite"
    with sqlite3.connect(old) as con:
        con.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
        con.execute("INSERT INTO meta VALUES ('schema', '1')")
    with pytest.raises(GazetteerError, match="older version.*geo-events gazetteer build"):
        Gazetteer.open(old)


def test_open_is_fast(gazetteer):
    t = time.perf_counter()
    g = Gazetteer.open(gazetteer.path)
    assert g.lookup("Paris")
    assert time.perf_counter() - t < 2.0


def test_stable_ids():
    assert stable_id("ADM1", "RU", "38") == stable_id("ADM1", "RU", "38") < 0
    assert stable_id("ADM1", "RU", "38") != stable_id("ADM1", "RU", "77")


def test_riyad_alias(gazetteer):
    found = gazetteer.lookup("Riyad")
    riyadh = [p for p in found if p.country == "SA" and p.kind is PlaceKind.SETTLEMENT]
    assert riyadh and near(riyadh[0], 24.69, 46.72)
    assert riyadh[0].name == "Riyadh"


def test_kropotkinskaya_only_by_variant(gazetteer):
    assert gazetteer.lookup("Kropotkinskaya") == []
    fuzzy = gazetteer.lookup_fuzzy("Kropotkinskaya")
    hits = [(p, how) for p, how in fuzzy if p.name == "Kropotkin" and p.admin1 == "Krasnodar Krai"]
    assert hits
    place, how = hits[0]
    assert near(place, 45.44, 40.57) and how == "variant:kropotkin"


def test_ilsky(gazetteer):
    found = gazetteer.lookup_fuzzy("Ilsky")
    assert any(p.name in ("Il’skiy", "Il'skiy") and near(p, 44.84, 38.57) for p, _ in found)
    assert any(near(p, 44.84, 38.57) for p, _ in gazetteer.lookup_fuzzy("Il'skiy"))


def test_andreapol_in_tver_oblast(gazetteer):
    found = gazetteer.lookup("Andreapol")
    assert found[0].name == "Andreapol’" and found[0].admin1 == "Tver Oblast" and found[0].country == "RU"


@pytest.mark.parametrize(
    "name, expected",
    [
        ("kraï de Krasnodar", "Krasnodar Krai"),
        ("Krasnodar Krai", "Krasnodar Krai"),
        ("oblast de Tver", "Tver Oblast"),
        ("Tver region", "Tver Oblast"),
        ("région de Tver", "Tver Oblast"),
        ("oblast de Kharkiv", "Kharkiv Oblast"),
        ("Kharkiv Oblast", "Kharkiv Oblast"),
        ("région de Kharkiv", "Kharkiv Oblast"),
        ("oblast d'Odesa", "Odesa Oblast"),
        ("Krasnoyarsk Krai", "Krasnoyarsk Krai"),
        ("Moscow Oblast", "Moscow Oblast"),
    ],
)
def test_region_forms(gazetteer, name, expected):
    regions = [p for p in gazetteer.lookup(name) if p.kind is PlaceKind.REGION]
    assert regions and regions[0].name == expected


def test_region_by_code_and_contains(gazetteer):
    krai = gazetteer.region("RU", "38")
    assert krai.name == "Krasnodar Krai" and krai.feature_code == "ADM1"
    kropotkin = next(p for p in gazetteer.lookup("Kropotkin") if p.admin1_code == "38")
    assert gazetteer.contains(krai, kropotkin)
    assert gazetteer.contains(gazetteer.country("RU"), kropotkin)
    assert gazetteer.contains(gazetteer.continent("EU"), kropotkin)
    assert not gazetteer.contains(gazetteer.continent("AS"), kropotkin)
    assert not gazetteer.contains(gazetteer.region("RU", "77"), kropotkin)
    assert not gazetteer.contains(kropotkin, krai)


@pytest.mark.parametrize(
    "name, iso",
    [("Arabie saoudite", "SA"), ("États-Unis", "US"), ("Etats-Unis", "US"), ("U.S.", "US"), ("USA", "US"),
     ("Royaume-Uni", "GB"), ("Britain", "GB"), ("Russie", "RU"), ("Biélorussie", "BY"), ("Pologne", "PL"),
     ("Allemagne", "DE"), ("Chine", "CN")],
)
def test_country_names(gazetteer, name, iso):
    top = gazetteer.lookup(name)[0]
    assert top.kind is PlaceKind.COUNTRY and top.country == iso


def test_country_points(gazetteer):
    assert near(gazetteer.country("RU"), 60, 100, 1)
    assert near(gazetteer.country("US"), 39.76, -98.5, 1)
    assert gazetteer.country("FR").feature_code == "PCLI"
    assert gazetteer.country("ZZ") is None


def test_canada_point_is_its_centre_not_alberta(gazetteer):
    assert near(gazetteer.country("CA"), 60, -95, 1)


@pytest.mark.parametrize("name,lat,lon", [
    ("Ontario", 50.0, -86.0),  # its cities line the southern edge: their centre is 480 km off
    ("South Australia", -30.0, 135.0),  # not Adelaide
    ("Chukotka Autonomous Okrug", 66.0, 171.0),  # straddles the antimeridian
])
def test_region_points_are_region_centres(gazetteer, name, lat, lon):
    region = next(p for p in gazetteer.lookup(name) if p.kind is PlaceKind.REGION)
    assert haversine_km(region.lat, region.lon, lat, lon) < 200


def test_texas_point(gazetteer):
    texas = next(p for p in gazetteer.lookup("Texas") if p.kind is PlaceKind.REGION)
    assert texas.country == "US" and texas.admin1_code == "TX"
    assert haversine_km(texas.lat, texas.lon, 31.25, -99.25) < 161


def test_aliases_and_capitals(gazetteer):
    assert gazetteer.lookup("Kiev")[0].name == "Kyiv"
    assert gazetteer.lookup("Kharkov")[0].name == "Kharkiv"
    assert gazetteer.lookup("Odessa")[0].name == "Odesa"
    assert gazetteer.lookup("Moscou")[0].name == "Moscow"
    assert gazetteer.lookup("Varsovie")[0].name == "Warsaw"
    assert gazetteer.lookup("Londres")[0].country == "GB"
    assert gazetteer.lookup("Pékin")[0].name == "Beijing"
    dc = gazetteer.lookup("Washington D.C.")[0]
    assert dc.country == "US" and near(dc, 38.9, -77.04, 10)
    paris = next(p for p in gazetteer.lookup("Paris") if p.kind is PlaceKind.SETTLEMENT)
    assert paris.feature_code == "PPLC" and paris.admin1 == "Île-de-France"


def test_lookup_order_and_limit(gazetteer):
    found = gazetteer.lookup("Georgia")
    kinds = [p.kind for p in found]
    assert kinds[0] is PlaceKind.COUNTRY and PlaceKind.REGION in kinds
    assert len(gazetteer.lookup("Springfield", limit=3)) == 3
    pops = [p.population for p in gazetteer.lookup("Springfield") if p.kind is PlaceKind.SETTLEMENT]
    assert pops == sorted(pops, reverse=True)


def test_continents(gazetteer):
    assert gazetteer.lookup("Europe")[0].kind is PlaceKind.CONTINENT
    assert gazetteer.lookup("Afrique")[0].name == "Africa"


def test_demonyms(gazetteer):
    assert gazetteer.demonym("Russian").country == "RU"
    assert gazetteer.demonym("Russians").country == "RU"
    assert gazetteer.demonym("américains").country == "US"
    assert gazetteer.demonym("ukrainienne").country == "UA"
    assert gazetteer.demonym("Palestinian").country == "PS"
    assert gazetteer.demonym("israéliens").country == "IL"
    assert gazetteer.demonym("table") is None
    assert gazetteer.lookup("américains") == []  # demonyms are not place names


@pytest.mark.parametrize("word,name,kind", [
    ("Ontarians", "Ontario", PlaceKind.REGION),
    ("Chechen", "Chechnya", PlaceKind.REGION),
    ("South Ossetian", "South Ossetia", PlaceKind.AREA),
    ("Cypriot", "Cyprus", PlaceKind.COUNTRY),
])
def test_demonyms_of_regions_and_areas(gazetteer, word, name, kind):
    place = gazetteer.demonym(word)
    assert place is not None and place.name == name and place.kind is kind


def test_surface_forms(gazetteer):
    forms = set(gazetteer.surface_forms())
    for common in ("reunion", "mer", "des", "sur", "la", "us", "june", "august", "university"):
        assert common not in forms
    for place in ("paris", "nice", "krasnodar krai", "oblast de tver", "russie", "etats unis", "kropotkin", "moscou"):
        assert place in forms
    assert "andreapol" not in forms  # 9 209 inhabitants
    assert "andreapol" in set(gazetteer.surface_forms(min_population=5000))
    assert all(len(k) >= 3 for k in forms)
    assert gazetteer.lookup("Réunion")  # still a place by lookup


def test_bare_county_names(gazetteer):
    sarpy = gazetteer.lookup("Sarpy")
    assert sarpy and sarpy[0].name == "Sarpy County" and sarpy[0].kind is PlaceKind.DISTRICT
    # Georgia has no settlement called DeKalb, so there the bare name is the county; Illinois has one.
    dekalb = gazetteer.lookup("DeKalb")
    assert any(p.kind is PlaceKind.DISTRICT and p.admin1 == "Georgia" for p in dekalb)
    assert not any(p.kind is PlaceKind.DISTRICT and p.admin1 == "Illinois" for p in dekalb)
    assert "sarpy" not in set(gazetteer.surface_forms(min_population=5000))  # resolved, never searched for


def test_reverse(gazetteer):
    assert gazetteer.reverse(45.44, 40.57).name == "Kropotkin"
    assert gazetteer.reverse(48.853, 2.349).name == "Paris"
    assert gazetteer.reverse(0.0, -160.0) is not None  # middle of the Pacific: still the nearest


def test_distance():
    assert haversine_km(0, 0, 0, 1) == pytest.approx(111.2, abs=0.2)
    assert haversine_km(48.85, 2.35, 48.85, 2.35) == 0


def test_distance_km(gazetteer):
    paris = gazetteer.get(2988507)
    london = gazetteer.get(2643743)
    assert distance_km(paris, london) == pytest.approx(344, abs=5)


def test_threads_share_a_gazetteer(gazetteer):
    results, errors = [], []

    def work():
        try:
            results.append(gazetteer.lookup("Kropotkin")[0].id)
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and results == [540761] * 8
