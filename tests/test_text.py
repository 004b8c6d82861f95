from geo.text import clean_for_nlp, detect_language, is_headline, paragraphs, split_sentences


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
