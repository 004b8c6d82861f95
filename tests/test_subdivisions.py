"""ISO 3166-2 points for admin-1 regions: loading and matching, on hand-made data."""

from geo.gazetteer.subdivisions import (
    match_subdivision,
    region_keys,
    subdivision_points,
)

DATA = {
    "CA": {
        "CA-ON": {"name": "Ontario", "localOtherName": "Ontario (fra)", "parentCode": None, "latLng": [50.0, -86.0]},
        "CA-BC": {"name": "British Columbia", "localOtherName": "Colombie-Britannique (fra)", "parentCode": None,
                  "latLng": [55.0, -125.0]},
    },
    "RU": {
        "RU-KDA": {"name": "Krasnodarskij kraj", "localOtherName": "", "parentCode": None, "latLng": [45.77, 39.03]},
        "RU-TVE": {"name": "Tverskaja oblast'", "localOtherName": None, "parentCode": None, "latLng": [57.11, 35.17]},
    },
    "FR": {
        "FR-IDF": {"name": "Île-de-France", "parentCode": None, "latLng": [48.64, 2.75]},
        "FR-75": {"name": "Paris", "parentCode": "FR-IDF", "latLng": [48.86, 2.35]},  # not top level
        "FR-XX": {"name": "Nowhere", "parentCode": None, "latLng": []},  # no point
    },
}


def test_keys_drop_unit_words_and_accents():
    assert region_keys(["Tver Oblast"]) == {"tver oblast", "tver"}
    assert "ile de france" in region_keys(["Île-de-France"])


def test_only_top_level_subdivisions_with_points():
    points = subdivision_points(DATA)
    assert [s.code for s in points["FR"]] == ["FR-IDF"]
    assert {s.code for s in points["CA"]} == {"CA-ON", "CA-BC"}


def test_match_by_name_even_far_from_the_cities():
    points = subdivision_points(DATA)
    ontario = match_subdivision(points["CA"], region_keys(["Ontario"]), (46.0, -83.5))
    assert ontario and ontario.code == "CA-ON"
    french = match_subdivision(points["CA"], region_keys(["Colombie-Britannique"]), (51.8, -122.0))
    assert french and french.code == "CA-BC"


def test_close_spelling_only_near_the_cities():
    points = subdivision_points(DATA)
    keys = region_keys(["Krasnodarskiy Kray"])
    near = match_subdivision(points["RU"], keys, (45.3, 39.5))
    assert near and near.code == "RU-KDA"
    assert match_subdivision(points["RU"], keys, (55.0, 60.0)) is None


def test_no_match_for_an_unknown_region():
    points = subdivision_points(DATA)
    assert match_subdivision(points["RU"], region_keys(["Amur Oblast"]), (52.0, 128.0)) is None
