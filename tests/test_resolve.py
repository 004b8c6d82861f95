"""Resolution on hand-built mentions: homonyms, context, countries, confidence, conflicts, demonyms."""

import pytest

from geo.model import Mention, PlaceKind, Precision
from geo.parse.resolve import candidates_for, resolve


def mentions(*names, source="gold"):
    """One mention per (name, sentence index), laid out one after the other as in a text."""
    out, pos = [], 0
    for name, sentence in names:
        out.append(Mention(pos, pos + len(name), name, source, sentence=sentence))
        pos += len(name) + 2
    return out


def resolved(gazetteer, *names, source="gold"):
    found = mentions(*names, source=source)
    resolve(found, gazetteer)
    return found


def spans(pipeline, text, *names, language="en"):
    """Pipeline.resolve_spans on the first occurrence of each name."""
    return pipeline.resolve_spans(text, [(text.index(n), text.index(n) + len(n)) for n in names], language=language)


# ---------------------------------------------------------------- homonyms and context


def test_paris_alone_is_the_french_capital(gazetteer):
    (paris,) = resolved(gazetteer, ("Paris", 0))
    assert paris.place.country == "FR" and paris.place.kind is PlaceKind.SETTLEMENT
    assert paris.place.feature_code == "PPLC"


def test_texas_and_dallas_in_the_story_make_paris_the_texan_town(gazetteer):
    paris, texas, dallas = resolved(gazetteer, ("Paris", 0), ("Texas", 1), ("Dallas", 2))
    assert paris.place.country == "US" and paris.place.admin1 == "Texas"
    assert texas.place.kind is PlaceKind.REGION and dallas.place.admin1 == "Texas"


def test_document_context_through_resolve_spans(pipeline):
    text = "Storms hit Paris on Monday. Crews from Dallas were sent north, Texas officials said."
    paris, dallas, texas = spans(pipeline, text, "Paris", "Dallas", "Texas")
    assert paris.text == "Paris" and paris.source == "gold"
    assert (paris.place.country, paris.place.admin1) == ("US", "Texas")
    assert spans(pipeline, "Storms hit Paris on Monday.", "Paris")[0].place.country == "FR"


def test_resolve_spans_keeps_offsets_and_sentences(pipeline):
    text = "Firefighters in Lyon were called out.\n\nLater, crews from Paris joined them."
    lyon, paris = spans(pipeline, text, "Lyon", "Paris")
    assert text[lyon.start : lyon.end] == "Lyon" and text[paris.start : paris.end] == "Paris"
    assert lyon.sentence == 0 and paris.sentence == 1
    assert lyon.place.country == paris.place.country == "FR"


@pytest.mark.parametrize("region", ["Illinois", "Massachusetts"])
def test_region_in_the_same_sentence_picks_the_settlement_in_it(gazetteer, region):
    (alone,) = resolved(gazetteer, ("Springfield", 0))
    assert alone.place.admin1 == "Missouri"  # the largest Springfield, without context
    springfield, _ = resolved(gazetteer, ("Springfield", 0), (region, 0))
    assert springfield.place.admin1 == region and springfield.place.country == "US"
    assert "in the region the sentence names" in springfield.candidates[0].reasons


@pytest.mark.parametrize("country", ["Ukraine", "Russia"])
def test_one_country_beside_a_world_city_does_not_move_it(gazetteer, country):
    # GeoNames has a Ukrainian village and a Russian one once called Paris; one name is weak evidence.
    paris, _ = resolved(gazetteer, ("Paris", 0), (country, 0))
    assert paris.place.country == "FR"


def test_a_former_name_is_an_alternate_match(gazetteer):
    hows = {p.country: how for p, how in gazetteer.lookup_fuzzy("Paris")}
    assert hows["FR"] == "exact" and hows["UA"] == "alternate"


@pytest.mark.parametrize("here, elsewhere", [("Massachusetts", "Illinois"), ("Illinois", "Massachusetts")])
def test_the_sentences_region_outweighs_one_named_elsewhere(gazetteer, here, elsewhere):
    springfield, _, _ = resolved(gazetteer, ("Springfield", 0), (here, 0), (elsewhere, 1))
    assert springfield.place.admin1 == here


def test_region_in_the_same_sentence_through_resolve_spans(pipeline):
    (springfield, _) = spans(pipeline, "Flooding hit Springfield, Illinois, on Monday.", "Springfield", "Illinois")
    assert springfield.place.admin1 == "Illinois"


# ---------------------------------------------------------------- countries


@pytest.mark.parametrize("name, iso", [("Mexico", "MX"), ("Guatemala", "GT")])
def test_a_countrys_own_name_is_the_country_not_its_capital(gazetteer, name, iso):
    capitals = [p for p, how in gazetteer.lookup_fuzzy(name) if p.feature_code == "PPLC" and p.country == iso]
    assert capitals  # the gazetteer does offer the capital ("Mexico City") for the name
    (m,) = resolved(gazetteer, (name, 0))
    assert m.place.country == iso and m.place.kind is PlaceKind.COUNTRY
    assert m.precision is Precision.COUNTRY
    assert not any(c.place.feature_code == "PPLC" for c in m.candidates)
    assert not any(p.feature_code == "PPLC" for p, _ in candidates_for(Mention(0, len(name), name), gazetteer))


def test_country_stays_the_country_beside_one_of_its_cities(gazetteer):
    mexico, guadalajara = resolved(gazetteer, ("Mexico", 0), ("Guadalajara", 1))
    assert mexico.place.kind is PlaceKind.COUNTRY and mexico.place.country == "MX"
    assert guadalajara.place.country == "MX"


# ---------------------------------------------------------------- confidence and precision


def test_confidence_is_between_0_and_1(gazetteer):
    found = resolved(gazetteer, ("Paris", 0), ("Springfield", 1), ("Texas", 1), ("Kropotkinskaya", 2),
                     ("Mexico", 3), ("Washington", 4), ("Andreapol", 5), ("Krasnodar Krai", 5))
    for m in found:
        assert m.place is not None
        assert 0.0 <= m.confidence <= 1.0
    assert len({m.confidence for m in found}) > 1


def test_lower_confidence_for_a_spelling_variant(gazetteer):
    (exact,) = resolved(gazetteer, ("Kropotkin", 0))
    (variant,) = resolved(gazetteer, ("Kropotkinskaya", 0))
    assert exact.place == variant.place and variant.place.admin1 == "Krasnodar Krai"
    assert any("spelling variant" in r for r in variant.candidates[0].reasons)
    assert variant.confidence < exact.confidence


def test_an_ambiguous_name_alone_has_low_confidence(gazetteer):
    (springfield,) = resolved(gazetteer, ("Springfield", 0))
    (kyiv,) = resolved(gazetteer, ("Kyiv", 0))
    assert springfield.confidence < 0.5 < kyiv.confidence


@pytest.mark.parametrize("name, source, precision", [
    ("Paris", "gold", Precision.SETTLEMENT),
    ("Texas", "gold", Precision.REGION),
    ("Mexico", "gold", Precision.COUNTRY),
    ("Cook County", "gold", Precision.DISTRICT),
    ("Europe", "gold", Precision.CONTINENT),
    ("Black Sea", "gold", Precision.AREA),
    ("Ilsky", "facility", Precision.FACILITY),  # "la raffinerie d'Ilsky": the point is the settlement
    ("Ilsky", "gold", Precision.SETTLEMENT),
])
def test_precision(gazetteer, name, source, precision):
    (m,) = resolved(gazetteer, (name, 0), source=source)
    assert m.precision is precision


@pytest.mark.parametrize("name, country", [("Moscow", "RU"), ("Moscou", "RU"), ("Geneva", "CH"), ("Berlin", "DE")])
def test_a_city_region_is_its_city(gazetteer, name, country):
    (m,) = resolved(gazetteer, (name, 0))
    assert m.place.kind is PlaceKind.SETTLEMENT and m.place.country == country
    assert m.precision is Precision.SETTLEMENT


def test_a_province_is_not_its_capital(gazetteer):
    (m,) = resolved(gazetteer, ("Quebec", 0))
    assert m.place.kind is PlaceKind.REGION  # Quebec City is 600 km from the province's centre


def test_facility_resolves_to_a_settlement(gazetteer):
    (m,) = resolved(gazetteer, ("Kropotkinskaya", 0), source="facility")
    assert m.place.kind is PlaceKind.SETTLEMENT and m.place.name == "Kropotkin"
    assert m.place.admin1 == "Krasnodar Krai" and m.precision is Precision.FACILITY


# ---------------------------------------------------------------- conflicts


def test_text_puts_andreapol_in_a_region_that_has_none(gazetteer):
    (alone,) = resolved(gazetteer, ("Andreapol", 0))
    andreapol, krai = resolved(gazetteer, ("Andreapol", 0), ("Krasnodar Krai", 0))
    assert krai.place.kind is PlaceKind.REGION and krai.place.admin1 == "Krasnodar Krai"
    assert andreapol.place.admin1 == "Tver Oblast" and andreapol.place.country == "RU"
    assert andreapol.conflicts and "Krasnodar Krai" in andreapol.conflicts[0]
    assert "Tver Oblast" in andreapol.conflicts[0]
    assert andreapol.confidence < alone.confidence
    assert alone.conflicts == []


def test_conflict_through_resolve_spans_in_french(pipeline):
    text = "Une station à Andreapol, dans le kraï de Krasnodar, a été touchée."
    andreapol, _ = spans(pipeline, text, "Andreapol", "kraï de Krasnodar", language="fr")
    assert andreapol.place.admin1 == "Tver Oblast" and andreapol.conflicts


def test_no_conflict_when_the_region_is_right_or_elsewhere(gazetteer):
    andreapol, _ = resolved(gazetteer, ("Andreapol", 0), ("Tver Oblast", 0))
    assert andreapol.conflicts == [] and andreapol.place.admin1 == "Tver Oblast"
    andreapol, _ = resolved(gazetteer, ("Andreapol", 0), ("Krasnodar Krai", 1))  # another sentence
    assert andreapol.conflicts == []


# ---------------------------------------------------------------- demonyms


@pytest.mark.parametrize("given", ["demonym", "toponym"])
def test_region_demonym(gazetteer, given):
    m = Mention(0, 9, "Ontarians", "ner", given, sentence=0)
    resolve([m], gazetteer)
    assert m.kind == "demonym"  # a nationality word is a demonym even where the NER called it a place
    assert m.place.name == "Ontario" and m.place.country == "CA" and m.place.kind is PlaceKind.REGION
    assert m.precision is Precision.REGION


@pytest.mark.parametrize("word", ["Cypriot", "Cypriots"])
def test_country_demonym(gazetteer, word):
    m = Mention(0, len(word), word, "ner", "demonym", sentence=0)
    resolve([m], gazetteer)
    assert m.place.name == "Cyprus" and m.place.kind is PlaceKind.COUNTRY and m.place.country == "CY"


# ---------------------------------------------------------------- unknown names


def test_unknown_name_resolves_to_no_place(gazetteer):
    unknown, kyiv = resolved(gazetteer, ("Zzyzxqplonk", 0), ("Kyiv", 0))
    assert unknown.place is None and unknown.candidates == [] and unknown.precision is None
    assert unknown.confidence == 0.0 and unknown.conflicts == []
    assert kyiv.place.country == "UA"


def test_unknown_demonym_and_empty_input(gazetteer):
    m = Mention(0, 11, "Zzyzxqplonk", "ner", "demonym")
    resolve([m], gazetteer)
    assert m.place is None
    resolve([], gazetteer)  # nothing to do, nothing raised


# ---------------------------------------------------------------- region words and lists


@pytest.mark.parametrize("text", [
    "The cow came from a Washington state farm, officials said.",
    "The first case was found in December in the state of Washington.",
])
def test_washington_named_as_a_state_is_the_state(pipeline, text):
    (m,) = spans(pipeline, text, "Washington")
    assert m.place.kind is PlaceKind.REGION and m.place.country == "US"


def test_a_name_listed_among_states_is_the_state(pipeline):
    text = "Cases were reported in Oregon, Utah, Washington, West Virginia and Wyoming."
    found = spans(pipeline, text, "Oregon", "Utah", "Washington", "West Virginia", "Wyoming")
    assert all(m.place.kind is PlaceKind.REGION and m.place.country == "US" for m in found)
    assert found[2].place.name == "Washington"


def test_washington_alone_in_a_list_of_cities_stays_the_capital(pipeline):
    text = "Flights leave from New York, Chicago and Washington every day."
    found = spans(pipeline, text, "New York", "Chicago", "Washington")
    assert found[2].place.feature_code == "PPLC"


@pytest.mark.parametrize("context, iso", [
    ("Kinshasa", "CD"),
    ("Brazzaville", "CG"),
])
def test_congo_alone_is_the_congo_the_story_is_in(gazetteer, context, iso):
    congo, _ = resolved(gazetteer, ("Congo", 0), (context, 1))
    assert congo.place.kind is PlaceKind.COUNTRY and congo.place.country == iso


def test_a_great_lake_is_an_area(gazetteer):
    (erie,) = resolved(gazetteer, ("Lake Erie", 0))
    assert erie.place.kind is PlaceKind.AREA and abs(erie.place.lat - 42.2) < 1


# ---------------------------------------------------------------- other names: exonyms and former names


@pytest.mark.parametrize("name, iso, capital", [
    ("Moscou", "RU", True), ("Varsovie", "PL", True), ("Pékin", "CN", True), ("Odessa", "UA", False),
    ("Bakhmout", "UA", False),
])
def test_a_large_places_name_in_another_language_counts_in_full(gazetteer, name, iso, capital):
    (m,) = resolved(gazetteer, (name, 0))
    assert m.place.country == iso and (m.place.feature_code == "PPLC") is capital


def test_a_former_name_of_a_town_in_the_same_country_is_not_an_exonym(gazetteer):
    # GeoNames lists "Elizabethtown" among Elizabeth, New Jersey's names; the towns called so come first.
    (m,) = resolved(gazetteer, ("Elizabethtown", 0))
    assert m.place.name == "Elizabethtown"


@pytest.mark.parametrize("name, kind", [("Gaza", PlaceKind.AREA), ("Red Sea", PlaceKind.AREA)])
def test_an_areas_name_is_the_area_not_a_province_abroad_named_like_it(gazetteer, name, kind):
    (m,) = resolved(gazetteer, (name, 0))
    assert m.place.kind is kind and m.place.country in ("", "PS")


@pytest.mark.parametrize("text, town, admin1", [
    ("A tornado damaged homes in Athens, Georgia, on Monday.", "Athens", "Georgia"),
    ("Protests were held in Paris, Texas, on Monday.", "Paris", "Texas"),
])
def test_a_town_comma_its_region_is_the_town_in_that_region(pipeline, text, town, admin1):
    m, region = spans(pipeline, text, town, admin1)
    assert m.place.country == "US" and m.place.admin1 == admin1 and region.place.kind is PlaceKind.REGION
