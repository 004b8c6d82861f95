import html

import pytest

from geo.parse.text import (
    _SAME_LENGTH,
    clean_for_nlp,
    detect_language,
    is_headline,
    normalise,
    paragraphs,
    split_sentences,
)


def test_clean_keeps_length_and_fixes_apostrophes_and_entities():
    raw = "l’envoi\u00a0de troupes &amp; d&#8217;armes"
    clean = clean_for_nlp(raw)
    assert len(clean) == len(raw)
    assert clean.startswith("l'envoi de troupes &")
    assert "d'" in clean


def test_paragraphs_offsets_and_headline_sections():
    text = "Jour 3 de la guerre: titre\n\nUn paragraphe qui finit par un point.\nFrappe sur la raffinerie de Paris\n\nLe 17 février, une frappe a eu lieu."
    paras = paragraphs(text)
    assert [p.is_headline for p in paras] == [True, False, True, False]
    for p in paras:
        assert text[p.start : p.end] == p.text
    assert paras[0].section == 0 and paras[1].section == 0
    assert paras[2].section == 1 and paras[3].section == 1


def test_headline_rules():
    assert is_headline("Frappe sur la raffinerie de pétrole d'Ilsky et deux stations en Russie")
    assert not is_headline("Rutte a déclaré que l'Europe était prête.")
    assert not is_headline("Ok")


def test_a_dateline_opens_a_body_not_a_headline():
    assert not is_headline("KYIV, Feb. 17 (Reuters) - Drones struck a depot.", first=True)
    assert is_headline("UKRAINE, RUSSIA TALKS RESUME", first=True)
    assert is_headline("Frappes sur Kharkiv, Soumy et Poltava", first=True)


def test_a_one_line_text_is_all_body():
    (para,) = paragraphs("Drones struck a fuel depot near Kharkiv overnight")
    assert not para.is_headline


def test_rule_based_sentences_keep_offsets():
    text = "Première phrase ici. Deuxième phrase à Paris! Troisième?"
    (para,) = paragraphs("Titre court du jour\n" + text)[1:]
    sents = split_sentences(para)
    assert [s.text for s in sents] == ["Première phrase ici.", "Deuxième phrase à Paris!", "Troisième?"]
    full = "Titre court du jour\n" + text
    assert all(full[s.start : s.end] == s.text for s in sents)


def test_language_detection():
    assert detect_language("Les négociations se sont achevées dans la capitale de l'Arabie saoudite.") == "fr"
    assert detect_language("The talks ended in the Saudi capital on Tuesday, officials said.") == "en"
    assert detect_language("   ") == "und"


# ---------------------------------------------------------------- normalise: the offset map


def _char_sources(text):
    """For each clean character, the original slice that produced it (start and end mapped separately)."""
    norm = normalise(text)
    return norm, [text[norm.original_start(i) : norm.original_end(i + 1)] for i in range(len(norm.clean))]


def test_normalise_without_entities_is_the_identity_and_keeps_one_for_one_replacements():
    raw = "l’envoi\u00a0de troupes à Kyiv\tlundi"
    norm = normalise(raw)
    assert norm.clean == "l'envoi de troupes à Kyiv lundi"
    assert norm.edits is None
    assert norm.to_original(3, 7) == (3, 7) and norm.to_clean(3, 7) == (3, 7)
    assert norm.original_start(5) == 5 and norm.original_end(5) == 5


def test_normalise_decodes_several_entities_and_maps_every_character_back():
    raw = "Frappe sur la raffinerie d&rsquo;Ilsky&nbsp;: caf&eacute; &amp; th&eacute;."
    norm, sources = _char_sources(raw)
    assert norm.clean == "Frappe sur la raffinerie d'Ilsky : café & thé."
    for char, source in zip(norm.clean, sources):
        assert html.unescape(source).translate(_SAME_LENGTH) == char
    start = norm.clean.index("Ilsky")
    s, e = norm.to_original(start, start + len("Ilsky"))
    assert raw[s:e] == "Ilsky"
    s, e = norm.to_original(norm.clean.index("d'Ilsky"), start + len("Ilsky"))
    assert raw[s:e] == "d&rsquo;Ilsky"


def test_entities_at_the_start_and_the_end():
    raw = "&Eacute;vry et caf&eacute;"
    norm = normalise(raw)
    assert norm.clean == "Évry et café"
    assert raw[slice(*norm.to_original(0, 4))] == "&Eacute;vry"
    assert raw[slice(*norm.to_original(8, 12))] == "caf&eacute;"
    assert norm.to_original(0, len(norm.clean)) == (0, len(raw))
    assert norm.original_start(len(norm.clean)) == len(raw)  # an empty span at the end stays at the end


def test_numeric_entities_decimal_and_hex():
    raw = "Kh&#233;rson d&#x2019;abord &#X41;"
    norm = normalise(raw)
    assert norm.clean == "Khérson d'abord A"
    assert raw[slice(*norm.to_original(0, 7))] == "Kh&#233;rson"
    assert raw[slice(*norm.to_original(8, 15))] == "d&#x2019;abord"


@pytest.mark.parametrize("raw", ["&foo; reste", "AT&T et R&D", "?a=1&copy=2", "&notit; n'est pas ¬it;", "& ;"])
def test_what_is_no_complete_entity_is_left_as_is(raw):
    norm = normalise(raw)
    assert norm.clean == raw and norm.edits is None


def test_an_entity_decoding_to_two_characters():
    raw = "a&fjlig;ord b"
    norm = normalise(raw)
    assert norm.clean == "afjord b"
    # Each of "f" and "j" came from the whole entity: a start maps to its start, an end to its end.
    assert norm.original_start(1) == norm.original_start(2) == 1
    assert norm.original_end(2) == norm.original_end(3) == 8
    assert norm.to_original(2, 3) == (1, 8)
    assert norm.to_original(0, 6) == (0, 11) and raw[11:] == " b"
    assert norm.to_original(7, 8) == (12, 13)


def test_start_and_end_offsets_map_separately():
    raw = "d&rsquo;Ilsky"
    norm = normalise(raw)
    assert norm.clean == "d'Ilsky"
    assert (norm.original_start(1), norm.original_end(1)) == (1, 1)  # before the entity
    assert (norm.original_start(2), norm.original_end(2)) == (8, 8)  # after it
    assert norm.to_original(1, 2) == (1, 8)  # the apostrophe is the whole entity
    assert norm.to_original(2, 2) == (8, 8)


def test_adjacent_entities_and_one_decoding_to_nothing():
    raw = "&amp;&amp;x&#1;y"
    norm = normalise(raw)
    assert norm.clean == "&&xy"
    assert norm.to_original(0, 1) == (0, 5) and norm.to_original(1, 2) == (5, 10)
    assert norm.to_original(2, 3) == (10, 11)  # "x" ends before the deleted entity
    assert norm.to_original(3, 4) == (15, 16)  # "y" starts after it


def test_spans_of_the_text_as_given_map_into_the_clean_text_and_back():
    raw = "Storms hit Paris&nbsp;and Orl&eacute;ans on Monday, AT&amp;T said."
    norm = normalise(raw)
    for name in ("Paris", "Orl&eacute;ans", "Monday", "AT&amp;T"):
        start = raw.index(name)
        s, e = norm.to_clean(start, start + len(name))
        assert norm.clean[s:e] == html.unescape(name)
        assert norm.to_original(s, e) == (start, start + len(name))
    # A span cutting an entity in two takes it whole.
    cut = raw.index("&eacute;") + 2
    assert norm.clean[slice(*norm.to_clean(cut, cut + 1))] == "é"


def test_a_long_text_with_many_entities():
    unit = "Frappe &agrave; Kyiv&nbsp;et d&rsquo;Ilsky. "
    raw = unit * 20_000
    norm = normalise(raw)
    clean_unit = "Frappe à Kyiv et d'Ilsky. "
    assert norm.clean == clean_unit * 20_000
    assert len(norm.edits.clean_starts) == 60_000
    i = 12_345
    s, e = norm.to_original(i * len(clean_unit), (i + 1) * len(clean_unit))
    assert raw[s:e] == unit
    assert norm.to_clean(s, e) == (i * len(clean_unit), (i + 1) * len(clean_unit))


def test_clean_for_nlp_pads_only_one_character_entities():
    raw = "caf&eacute; &fjlig; &foo;"
    clean = clean_for_nlp(raw)
    assert len(clean) == len(raw)
    assert clean == "café" + " " * 8 + "&fjlig; &foo;"
