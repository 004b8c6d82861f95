"""Recognition on small hand-made sentences: which spans name places, and what role they play."""

import datetime as dt

import pytest

from geo.model import DateInfo, Mention, PlaceKind, Precision
from geo.parse.recognize import find_dateline, merge
from geo.parse.text import clean_for_nlp, paragraphs

pytestmark = pytest.mark.slow

PUBLISHED = DateInfo(dt.date(2025, 2, 18))


def parse(pipeline, text, language):
    return pipeline.parse(text, language=language, published=PUBLISHED)


def only(result, surface):
    """The one mention with this text."""
    found = [m for m in result.mentions if m.text == surface]
    assert len(found) == 1, [m.text for m in result.mentions]
    return found[0]


def event_names(result):
    return {e.mention.text for e in result.events}


def dateline(result):
    clean = clean_for_nlp(result.text)
    first_body = next(((p.start, p.end) for p in paragraphs(clean) if not p.is_headline), None)
    return find_dateline(result.mentions, first_body, clean)


# ---------------------------------------------------------------- gazetteer match


@pytest.mark.parametrize("text, name, country", [
    ("Residents of Kharkiv queued for water on Sunday.", "Kharkiv", "UA"),  # no entity at all
    ("Power cuts were reported in Odesa late on Sunday.", "Odesa", "UA"),  # the NER says NORP
])
def test_settlement_found_by_gazetteer_match_when_ner_misses_it(pipeline, text, name, country):
    m = only(parse(pipeline, text, "en"), name)
    assert m.source == "gazetteer"
    assert m.place.country == country and m.place.kind is PlaceKind.SETTLEMENT


# ---------------------------------------------------------------- common words


def test_french_common_words_are_not_places(pipeline):
    text = "La réunion des ministres s'est tenue lundi au bord de la mer, près des côtes de Bretagne."
    result = parse(pipeline, text, "fr")
    assert [m.text for m in result.mentions] == ["Bretagne"]


def test_reunion_opening_a_sentence_is_a_meeting(pipeline):
    result = parse(pipeline, "Réunion des ministres à Paris ce lundi.", "fr")
    assert [m.text for m in result.mentions] == ["Paris"]
    assert not any(m.place.country == "RE" for m in result.mentions)


def test_la_reunion_the_island_is_still_found(pipeline):
    m = only(parse(pipeline, "Un cyclone a frappé La Réunion dimanche.", "fr"), "La Réunion")
    assert m.place.country == "RE"


@pytest.mark.parametrize("text, places", [
    ("Prices rose in June and fell in August, the bank in Ottawa said.", ["Ottawa"]),
    ("In May, March organisers met in London.", ["London"]),
])
def test_month_names_are_not_places(pipeline, text, places):
    assert [m.text for m in parse(pipeline, text, "en").mentions] == places


# ---------------------------------------------------------------- names of organisations and titles


@pytest.mark.parametrize("text, language", [
    ("The New York Times reported that troops had left.", "en"),
    ("Le New York Times a révélé lundi que les troupes étaient parties.", "fr"),
])
def test_newspaper_title_is_not_a_place(pipeline, text, language):
    assert parse(pipeline, text, language).mentions == []


def test_newspaper_title_beside_a_real_place(pipeline):
    result = parse(pipeline, "A reporter for the New York Times was detained in Moscow.", "en")
    assert [m.text for m in result.mentions] == ["Moscow"]


@pytest.mark.parametrize("text, part, event_place", [
    ("The Ohio Supreme Court ruled that a protest in Columbus was lawful.", "Ohio", "Columbus"),
    ("A protest was held outside the Texas Department of Health in Austin.", "Texas", "Austin"),
])
def test_place_inside_an_organisation_name_is_a_name_part(pipeline, text, part, event_place):
    result = parse(pipeline, text, "en")
    m = only(result, part)
    assert m.role == "name-part" and not m.locative
    assert m.place is not None and m.place.kind is PlaceKind.REGION
    assert event_names(result) == {event_place}


# ---------------------------------------------------------------- metonymy


@pytest.mark.parametrize("text, actor, venue", [
    ("Les négociations à Varsovie visaient une normalisation entre nous et Washington.", "Washington", "Varsovie"),
    ("Le sommet à Bruxelles a porté sur l'aide à Kyiv.", "Kyiv", "Bruxelles"),
])
def test_metonymy_gives_no_event(pipeline, text, actor, venue):
    result = parse(pipeline, text, "fr")
    assert only(result, actor).role == "actor"
    assert only(result, venue).role == "locative"
    assert event_names(result) == {venue}  # the sentence has an event, just not at the actor


# ---------------------------------------------------------------- facilities


@pytest.mark.parametrize("text, language, name, facility, settlement", [
    ("Un drone a frappé la raffinerie d'Ilsky dans la nuit.", "fr", "Ilsky", "raffinerie d'", "Il’skiy"),
    ("Une frappe a touché la station de pompage Kropotkinskaya mardi.", "fr", "Kropotkinskaya",
     "station de pompage", "Kropotkin"),
    ("Drones struck a refinery near Tuapse overnight.", "en", "Tuapse", "refinery near", "Tuapse"),
])
def test_facility_phrase_resolves_to_the_nearby_settlement(pipeline, text, language, name, facility, settlement):
    result = parse(pipeline, text, language)
    m = only(result, name)
    assert m.source == "facility" and m.role == "facility" and m.facility == facility
    assert m.place.name == settlement and m.place.admin1 == "Krasnodar Krai"
    assert m.place.kind is PlaceKind.SETTLEMENT and m.precision is Precision.FACILITY
    (event,) = result.events
    assert event.place == m.place and event.precision is Precision.FACILITY


# ---------------------------------------------------------------- datelines


@pytest.mark.parametrize("text, language", [
    ("Drones hit power plants\n\n"
     "KYIV, Feb. 17 (Reuters) - Russian drones struck energy facilities overnight, officials said.", "en"),
    ("Frappes sur le réseau électrique\n\n"
     "KYIV, 17 février (AFP) – Des drones ont frappé des installations énergétiques dans la nuit.", "fr"),
])
def test_dateline_is_recognised(pipeline, text, language):
    result = parse(pipeline, text, language)
    line = dateline(result)
    assert line is not None and line.text == "KYIV" and line.start == text.index("KYIV")
    assert line.place.name == "Kyiv" and line.place.country == "UA"
    # The body names no other place, and a strike reported from Kyiv may have been anywhere: no event.
    assert result.events == []


@pytest.mark.parametrize("text, language", [
    ("Talks resume\n\nRIYADH, Feb. 18 (Reuters) - The delegations met for four hours on Tuesday.", "en"),
    ("Reprise des pourparlers\n\nRIYAD, 18 février (AFP) – Les délégations se sont retrouvées mardi.", "fr"),
])
def test_a_meeting_without_a_place_is_put_at_the_dateline(pipeline, text, language):
    result = parse(pipeline, text, language)
    assert [(e.type.value, e.place.name) for e in result.events] == [("meeting", "Riyadh")]


def test_a_name_inside_the_first_sentence_is_no_dateline(pipeline):
    text = "Drones hit power plants\n\nOfficials in KYIV said on Feb. 17 that drones struck energy facilities."
    result = parse(pipeline, text, "en")
    assert only(result, "KYIV").place.name == "Kyiv"
    assert dateline(result) is None


# ---------------------------------------------------------------- demonyms


@pytest.mark.parametrize("text, language, word, place, kind", [
    ("Russian forces attacked overnight, the governor said.", "en", "Russian", "Russia", PlaceKind.COUNTRY),
    ("Protesters gathered as many Ontarians marched against the plan.", "en", "Ontarians", "Ontario",
     PlaceKind.REGION),
    ("Les Ontariens votent jeudi.", "fr", "Ontariens", "Ontario", PlaceKind.REGION),
])
def test_demonyms_are_demonym_mentions_not_events(pipeline, text, language, word, place, kind):
    result = parse(pipeline, text, language)
    m = only(result, word)
    assert m.kind == "demonym" and m.place.name == place and m.place.kind is kind
    assert result.events == []


# ---------------------------------------------------------------- offsets


@pytest.mark.parametrize("text, language, names", [
    ("Frappe sur l’usine d’Ilsky, dans le kraï de Krasnodar, d’après l’état-major.", "fr",
     ["Ilsky", "kraï de Krasnodar"]),
    ("L&#39;armée a frappé Kharkiv&nbsp;mardi, selon l&rsquo;état-major à Kyiv.", "fr", ["Kharkiv", "Kyiv"]),
    ("Kyiv’s mayor said the strike on Kharkiv&nbsp;region’s grid was the worst since 2022.", "en",
     ["Kyiv", "Kharkiv&nbsp;region"]),  # as the plain text "Kharkiv region’s" gives
    ("« Nous resterons à Kharkiv », a déclaré le maire d’Odessa.", "fr", ["Kharkiv", "Odessa"]),
])
def test_offsets_are_into_the_text_as_given(pipeline, text, language, names):
    result = parse(pipeline, text, language)
    assert [m.text for m in result.mentions] == names
    for m in result.mentions:
        assert text[m.start : m.end] == m.text
    for s in result.sentences:
        assert text[s.start : s.end] == s.text


def test_facility_text_keeps_the_curly_apostrophe(pipeline):
    m = only(parse(pipeline, "Frappe sur l’usine d’Ilsky dans la nuit.", "fr"), "Ilsky")
    assert m.facility == "usine d’" and m.place.admin1 == "Krasnodar Krai"


def test_quoted_place_is_flagged(pipeline):
    result = parse(pipeline, "« Nous resterons à Kharkiv », a déclaré le maire d’Odessa.", "fr")
    assert only(result, "Kharkiv").quoted and not only(result, "Odessa").quoted


# ---------------------------------------------------------------- merge (no models)


def test_merge_keeps_facility_then_longer_span_then_ner():
    facility = Mention(10, 15, "Ilsky", "facility", role="facility")
    ner = Mention(10, 15, "Ilsky", "ner")
    region = Mention(20, 34, "région de Tver", "gazetteer")
    short = Mention(30, 34, "Tver", "ner")
    gaz = Mention(40, 46, "Moscou", "gazetteer")
    ner_same = Mention(40, 46, "Moscou", "ner")
    kept = merge([ner, short, gaz, facility, region, ner_same])
    assert [(m.text, m.source) for m in kept] == [("Ilsky", "facility"), ("région de Tver", "gazetteer"),
                                                  ("Moscou", "ner")]


# ---------------------------------------------------------------- coordination and model mistakes


@pytest.mark.parametrize("text, language", [
    ("Des frappes ont touché Vinnytsia et Poltava mardi.", "fr"),
    ("Drones hit Kharkiv and Poltava overnight.", "en"),  # the small model tags them ORG and PERSON
    ("Russian missiles struck Kharkiv and Odesa overnight.", "en"),  # ... or one WORK_OF_ART
])
def test_joined_places_are_each_where_it_happened(pipeline, text, language):
    result = parse(pipeline, text, language)
    places = [e.mention.text for e in result.events]
    assert len(places) == 2 and all(e.type.value == "strike" for e in result.events), places


def test_entre_nous_et_is_still_an_actor(pipeline):
    result = parse(pipeline, "Il n'y a aucune confiance entre nous et Washington, a déclaré le ministre à Paris.", "fr")
    assert only(result, "Washington").role == "actor"
    assert event_names(result) == {"Paris"}


def test_a_town_that_names_its_region_is_well_known(pipeline):
    # GeoNames counts 66,000 people in Kherson; as the seat of Kherson Oblast it is found without a cue.
    result = parse(pipeline, "Residents of Kherson queued for water on Monday.", "en")
    assert only(result, "Kherson").place.admin1 == "Kherson Oblast"


def test_a_person_is_not_read_as_a_place(pipeline):
    result = parse(pipeline, "Paris Hilton arrived late.", "en")
    assert not result.events


def test_an_acting_name_places_nothing_and_is_its_capital(pipeline):
    result = parse(pipeline, "Les négociations à Genève visaient une normalisation entre nous et Washington.", "fr")
    geneva, washington = only(result, "Genève"), only(result, "Washington")
    assert geneva.place.country == "CH" and not geneva.conflicts  # Washington acts: it does not place Genève
    assert washington.role == "actor" and washington.place.feature_code == "PPLC"


def test_a_place_at_the_head_of_the_sentence_frames_its_statement(pipeline):
    text = ("Samedi, à Munich, l'émissaire américain pour l'Ukraine et la Russie, Keith Kellogg, "
            "a fait savoir que les Européens ne seraient pas à la table.")
    result = parse(pipeline, text, "fr")
    assert [(e.type.value, e.mention.text) for e in result.events] == [("statement", "Munich")]


@pytest.mark.parametrize("text, language", [
    ("Un drone a frappé la centrale, une attaque que Kyiv impute à la Russie.", "fr"),
    ("Turkey, which keeps ties with both Kyiv and Moscow, hosted talks in Istanbul.", "en"),
])
def test_who_blames_or_deals_is_not_where(pipeline, text, language):
    result = parse(pipeline, text, language)
    assert not event_names(result) & {"Kyiv", "Moscow", "Russie"}, [e.mention.text for e in result.events]


# ---------------------------------------------------------------- where, on realistic news sentences


def events_of(pipeline, text, language):
    result = parse(pipeline, text, language)
    return [(e.type.value, e.place.name, e.place.country, e.precision.value) for e in result.events]


@pytest.mark.parametrize("text, language, expected", [
    # A facility "in Russia's X region" is the town named before the noun, never a town called Russia.
    ("A drone attack set fire to the Ilsky oil refinery in Russia's Krasnodar region on Monday.", "en",
     [("strike", "Il’skiy", "RU", "facility")]),
    ("Une frappe a touché une centrale thermique dans la région de Kharkiv dimanche.", "fr",
     [("strike", "Kharkiv Oblast", "UA", "region")]),
    # The capital, not the state; Delhi, not Dili (whose old name it is).
    ("Zelensky held talks in Washington with Donald Trump on Friday.", "en",
     [("meeting", "Washington", "US", "settlement")]),
    ("Farmers marched in Delhi on Feb. 5.", "en", [("protest", "Delhi", "IN", "settlement")]),
    # "the city of", "in central", "dans les rues de" put the event at the place.
    ("Russian forces shelled the city of Kherson on Monday.", "en", [("strike", "Kherson", "UA", "settlement")]),
    ("A Russian missile strike hit an apartment block in central Kharkiv on Monday.", "en",
     [("strike", "Kharkiv", "UA", "settlement")]),
    ("Des milliers de manifestants ont défilé samedi dans les rues de Berlin.", "fr",
     [("protest", "Berlin", "DE", "settlement")]),
    # Who speaks is not where; "près de Kyiv" says where Brovary is; "se rendre en" is where one goes next.
    ("Tens of thousands of students rallied in Belgrade on Saturday, as Brussels urged restraint.", "en",
     [("protest", "Belgrade", "RS", "settlement")]),
    ("Des débris de drones sont tombés sur un entrepôt à Brovary, près de Kyiv, mercredi.", "fr",
     [("strike", "Brovary", "UA", "facility")]),
    ("Zelensky est arrivé dimanche à Abou Dhabi, avant de se rendre en Turquie.", "fr",
     [("meeting", "Abu Dhabi", "AE", "settlement")]),
    # A list of names before "regions" (or after "les régions de") names regions, not their cities.
    ("Air defences shot down drones over the Belgorod and Kursk regions overnight.", "en",
     [("strike", "Belgorod Oblast", "RU", "region"), ("strike", "Kursk Oblast", "RU", "region")]),
    ("Des drones ont frappé les régions de Kharkiv et de Soumy dans la nuit.", "fr",
     [("strike", "Kharkiv Oblast", "UA", "region"), ("strike", "Sumy Oblast", "UA", "region")]),
    ("Missiles struck Kharkiv, Sumy and Poltava overnight.", "en",
     [("strike", "Kharkiv", "UA", "settlement"), ("strike", "Sumy", "UA", "settlement"),
      ("strike", "Poltava", "UA", "settlement")]),
])
def test_where_it_happened(pipeline, text, language, expected):
    assert events_of(pipeline, text, language) == expected


def test_city_states_raise_no_conflict(pipeline):
    result = parse(pipeline, "Farmers protested in Berlin and Hamburg on Monday.", "en")
    assert {e.place.name for e in result.events} == {"Berlin", "Hamburg"}
    assert not any(e.conflicts for e in result.events)


@pytest.mark.parametrize("text, language", [
    ("Ukraine and Russia could hold talks in Istanbul next month, officials said.", "en"),
    ("Emmanuel Macron will host a second meeting on Ukraine in Paris on Wednesday.", "en"),
    ("Le prochain sommet de l'OTAN aura lieu à La Haye en juin.", "fr"),
    ("La Suisse s'est dite prête à accueillir à Genève un sommet.", "fr"),
])
def test_what_has_not_happened_yet_is_no_event(pipeline, text, language):
    result = parse(pipeline, text, language)
    assert not result.events, [(e.type.value, e.place.name) for e in result.events]


def test_a_month_called_may_is_no_modal(pipeline):
    result = pipeline.parse("In May, Russian drones struck Odesa.", language="en",
                            published=DateInfo(dt.date(2025, 6, 18)))
    assert [e.place.name for e in result.events] == ["Odesa"]


# ---------------------------------------------------------------- people, eponyms, abbreviations, spans


def test_a_surname_of_someone_named_in_full_is_not_a_place(pipeline):
    text = ("Film producer Andy Trapani has moved to Los Angeles. Trapani is now working on a new film "
            "with a studio in Burbank.")
    result = parse(pipeline, text, "en")
    assert "Trapani" not in {m.text for m in result.mentions}
    assert {"Los Angeles", "Burbank"} <= {m.text for m in result.mentions}


def test_a_surname_after_a_locative_word_is_still_the_place(pipeline):
    text = "Detective Mary Jackson said the suspect was arrested in Jackson on Monday."
    result = parse(pipeline, text, "en")
    jackson = [m for m in result.mentions if m.text == "Jackson"]
    assert len(jackson) == 1 and jackson[0].locative


def test_a_country_is_never_taken_for_a_surname(pipeline):
    # The small English model tags "Rethinking Egypt" a person: Egypt stays a country.
    result = parse(pipeline, "Rethinking Egypt. Egypt cooperated closely with its neighbours for years.", "en")
    assert "Egypt" in {m.text for m in result.mentions}


@pytest.mark.parametrize("text, language, name", [
    ("The Soviet Union prepared Marburg virus samples for use as a weapon.", "en", "Marburg"),
    ("Three cases of Lassa fever were confirmed by health officials this week.", "en", "Lassa"),
    ("Les autorités ont confirmé trois cas de fièvre de Lassa cette semaine.", "fr", "Lassa"),
    ("Le virus Zika se propage rapidement, selon les autorités sanitaires.", "fr", "Zika"),
])
def test_a_disease_named_after_a_place_is_not_a_mention_of_it(pipeline, text, language, name):
    assert name not in {m.text for m in parse(pipeline, text, language).mentions}


def test_an_abbreviation_needs_its_dot(pipeline):
    titled = parse(pipeline, "Devon Stansbury of Rockford won in the Miss category on Saturday.", "en")
    assert "Miss" not in {m.text for m in titled.mentions}
    dotted = parse(pipeline, "The festival in Tupelo, Miss., drew large crowds on Saturday.", "en")
    assert any(m.text == "Miss." and m.place is not None and m.place.admin1 == "Mississippi"
               for m in dotted.mentions)


def test_the_article_is_not_part_of_a_country_name(pipeline):
    result = parse(pipeline, "Health authorities in the Netherlands reported two new cases.", "en")
    m = only(result, "Netherlands")
    assert m.place.country == "NL"


def test_a_county_named_with_its_unit_word_is_found_inside_an_organisation_name(pipeline):
    result = parse(pipeline, "Moore was taken to the Butler County Jail, where she was later released.", "en")
    m = only(result, "Butler County")
    assert m.place is not None and m.place.country == "US"


def test_an_organisation_that_gazetteers_list_as_a_towns_other_name_is_not_searched_for(pipeline):
    result = parse(pipeline, "For Hamas, the talks in Cairo are the last chance.", "en")
    assert "Hamas" not in {m.text for m in result.mentions}


# ---------------------------------------------------------------- region forms on a town's name, objects of strikes


@pytest.mark.parametrize("text, language, region", [
    ("Des drones ont frappé des installations dans la région de Koursk.", "fr", "Kursk Oblast"),
    ("Une frappe a touché l'oblast de Zaporijjia dans la nuit.", "fr", "Zaporizhzhia Oblast"),
    ("Une attaque a visé la région d'Odessa mardi.", "fr", "Odesa Oblast"),
    ("Drones hit the Kursk region overnight, officials said.", "en", "Kursk Oblast"),
])
def test_a_region_named_in_any_spelling_of_its_town_is_the_region_and_what_was_hit(pipeline, text, language, region):
    result = parse(pipeline, text, language)
    assert [(e.type.value, e.place.name) for e in result.events] == [("strike", region)]


def test_names_joined_past_a_determiner_share_their_role(pipeline):
    result = parse(pipeline, "Des bombardements ont visé Kherson et la région de Dnipropetrovsk.", "fr")
    assert sorted(e.place.name for e in result.events) == ["Dnipropetrovsk Oblast", "Kherson"]


def test_a_street_named_after_a_place_is_not_the_place(pipeline):
    result = parse(pipeline, "Crews filled potholes at Washington Avenue and Hazel Street in Laconia on Monday.", "en")
    assert "Washington" not in {m.text for m in result.mentions}
    fr = parse(pipeline, "Une manifestation a eu lieu rue de Paris, à Lille, samedi.", "fr")
    # The street is a place of its own (geo.parse.recognize_more), never Paris; the event is in Lille.
    assert [(m.text, m.place and m.place.name) for m in fr.mentions] == [("rue de Paris", None), ("Lille", "Lille")]
    assert [e.place.name for e in fr.events] == ["Lille"]


def test_a_compass_word_before_a_place_points_into_it(pipeline):
    result = parse(pipeline, "A rumor spread across East Texas through text messages.", "en")
    m = only(result, "Texas")
    assert m.place.kind is PlaceKind.REGION and m.place.country == "US"


def test_a_small_village_named_in_full_is_not_the_town_its_first_word_names(pipeline):
    text = "Les forces ukrainiennes ont lancé une contre-offensive près de Mala Tokmachka, dans l'oblast de Zaporijjia."
    m = only(parse(pipeline, text, "fr"), "Mala Tokmachka")
    assert m.place.country == "UA"


def test_a_word_of_a_hyphenated_name_is_not_a_place(pipeline):
    result = parse(pipeline, "Le Hamas a remis jeudi à la Croix-Rouge les corps de quatre otages à Khan Younès.", "fr")
    assert [m.text for m in result.mentions] == ["Khan Younès"]
    pair = parse(pipeline, "Rep. Gilliard, D-Charleston, backed an EU-Israel summit in Dallas-Fort Worth.", "en")
    assert {"Charleston", "Israel", "Dallas", "Fort Worth"} <= {m.text for m in pair.mentions}


def test_the_object_of_a_strike_word_is_a_place_even_when_the_ner_says_otherwise(pipeline):
    result = parse(pipeline, "Des frappes ont touché Kostiantynivka dans la nuit.", "fr")
    assert [(e.type.value, e.place.name) for e in result.events] == [("strike", "Kostyantynivka")]


def test_french_transliterations_of_ukrainian_names_are_variants():
    from geo.lang.names import variant_keys
    assert "shostka" in variant_keys("Chostka") and "zhytomyr" in variant_keys("Jytomyr")
    assert "huliaipole" in variant_keys("Houliaïpole") and "chernihiv" in variant_keys("Tchernihiv")


def test_a_capital_before_an_auxiliary_and_a_saying_verb_is_its_government(pipeline):
    text = "Pékin a dénoncé jeudi les nouvelles taxes douanières annoncées par Washington."
    m = only(parse(pipeline, text, "fr"), "Pékin")
    assert m.role == "actor" and m.place.country == "CN"


def test_the_article_opening_a_sentence_is_no_facility_name(pipeline):
    result = parse(pipeline, "Une usine de la ville a été endommagée dans la nuit par une frappe de drone.", "fr")
    assert result.mentions == [] and result.events == []
