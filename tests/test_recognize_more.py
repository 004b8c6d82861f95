"""Recognition on old and OCR'd French newspaper text (geo.parse.recognize_more), through the real pipeline."""

import pytest

from geo.parse.recognize_more import spelling_variants
from geo.parse.text import normalise

pytestmark = pytest.mark.slow


def names(pipeline, text):
    return [m.text for m in pipeline.parse(text, language="fr").mentions]


def test_street_addresses_are_one_place_with_their_number(pipeline):
    text = "Les adhérents se réuniront hier soir, 16, rue La Boétie, puis place de l'Etoile."
    found = names(pipeline, text)
    assert "16, rue La Boétie" in found
    assert "place de l'Etoile" in found


def test_a_region_named_with_its_kind_is_one_mention_placed_by_its_name(pipeline):
    result = pipeline.parse("Le gouvernement du canton de Vaud a refusé la capitulation.", language="fr")
    mention = next(m for m in result.mentions if m.text == "canton de Vaud")
    assert mention.place is not None and mention.place.country == "CH"


def test_the_preposition_is_not_part_of_the_name(pipeline):
    found = names(pipeline, "Il faut savoir que l'ambassadeur de France n'a fait aucune démarche officielle.")
    assert "France" in found and "de France" not in found


def test_a_long_s_read_as_an_f_is_the_known_place(pipeline):
    result = pipeline.parse("Un domaine à vendre à trois lieues de Laufanne, confiftant en prés et champs.",
                            language="fr")
    mention = next(m for m in result.mentions if m.text == "Laufanne")
    assert mention.place is not None and mention.place.name == "Lausanne"


def test_a_word_broken_at_a_line_end_is_read_whole_and_mapped_back():
    text = "le sultan de Constan¬\ntinople et la Boli¬\nvie"
    norm = normalise(text)
    assert norm.clean == "le sultan de Constantinople et la Bolivie"
    start = norm.clean.index("Constantinople")
    s, e = norm.to_original(start, start + len("Constantinople"))
    assert text[s:e] == "Constan¬\ntinople"


def test_a_broken_name_is_found_across_the_line_end(pipeline):
    text = "Les délégués des Républiques du Pérou, de la Boli¬\nvie et de l'Equateur sont arrivés."
    result = pipeline.parse(text, language="fr")
    assert "Boli¬\nvie" in [m.text for m in result.mentions]


def test_institutions_after_an_article_are_not_places(pipeline):
    found = names(pipeline, "Le ministre a parlé devant la Chambre et défendu les finances de l'Etat.")
    assert "Chambre" not in found and "Etat" not in found


def test_spelling_variants_read_the_long_s():
    assert "Lausanne" in spelling_variants("Laufanne")
    assert spelling_variants("Paris") == []


def test_a_dateline_in_capitals_names_its_place(pipeline):
    text = "Nouvelles de l'étranger.\nMONTREUX.— La Société romande a tenu hier son assemblée annuelle."
    result = pipeline.parse(text, language="fr")
    mention = next(m for m in result.mentions if m.text == "MONTREUX")
    assert mention.place is not None and mention.place.country == "CH"


def test_ocr_readings_of_unknown_words_are_known_places(pipeline):
    result = pipeline.parse("Les marchandises ne seront point admises en Ruffie, nous écrit-on de Vcvey.",
                            language="fr")
    placed = {m.text: m.place and m.place.country for m in result.mentions}
    assert placed.get("Ruffie") == "RU" and placed.get("Vcvey") == "CH"
