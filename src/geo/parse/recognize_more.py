"""Recognition beside the model's for newspaper text, old and OCR'd: what ``geo.parse.recognize`` leaves.

- the preposition an NER span took with the name ("de France", "d'Autriche") is cut off;
- an NER span with no capital letter ("dre", "sec" in a broken line) names nothing;
- a place named with its kind ("rue de Rivoli", "16, rue La Boétie", "canton de Vaud", "lac de
  Constance") is one mention, kept whether or not the gazetteer knows it, since the words say it is a place;
- a name the gazetteer knows only in another spelling of old print or OCR ("Laufanne" for Lausanne: the
  long s read as an f; "Vcvey" for Vevey) is kept and placed by that spelling, and so is a capitalised word
  the model's vocabulary does not know whose such reading is a known place ("Ruffie");
- a heading or dateline in capitals ("MONTREUX.—") names its place;
- an unknown NER name after a word that introduces places ("la Prusse", "de Bonvillars") is kept; a
  capitalised common word ("Avoine", "Casino": more often written in lower case) is not a place;
- a name and the adjective that makes it another place ("Suisse romande") is one mention.

The words (prepositions, nouns of places, cues, institutions, adjectives) come from the language pack
(data/lang/<code>/function_words.tsv); a language without them is left as it was. Word frequencies come
from the model's vector table (``geo.parse.nlp.WordRanks``); a model without vectors skips those checks.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

from geo.lang.names import fold, name_key
from geo.lang.pack import pack, words
from geo.model import Mention, Place, PlaceKind
from geo.parse.nlp import PERSON_LABELS, WordRanks
from geo.parse.recognize import Names, Unit
from geo.parse.roles import DETERMINERS, OF_WORDS, REGION_WORDS

# Mentions these sources found stand without a gazetteer entry: the words around them say they are places.
PHRASE, VARIANT, CUED = "phrase", "variant", "ner-cued"
KEPT_UNRESOLVED = frozenset({PHRASE, CUED})
_MAX_VARIANTS = 16
_LARGE_TOWN = 100_000


@lru_cache(maxsize=16)
def _words(language: str, category: str) -> frozenset[str]:
    p = pack(language)
    return frozenset(" ".join(w) for w in p.function_words().get(category, ())) if p else frozenset()


@lru_cache(maxsize=16)
def _raw_words(language: str, category: str) -> tuple[str, ...]:
    """A category's words as the pack writes them, accents kept ("comté" is not "comte"), longest first."""
    p = pack(language)
    rows = p.rows("function_words.tsv") if p else []
    return tuple(sorted({r["word"] for r in rows if r["category"] == category}, key=len, reverse=True))


@lru_cache(maxsize=16)
def _phrase_pattern(language: str) -> re.Pattern[str] | None:
    """A house number, a noun of a place (or its abbreviation and dot: "r.", "bd."), an "of" word, then a
    capitalised name (words joined by hyphens, spaces or the language's "of" words and articles)."""
    nouns, abbreviations = _raw_words(language, "place_noun"), _raw_words(language, "place_noun_abbreviation")
    if not nouns:
        return None
    links = sorted(_words(language, "of") | _words(language, "determiner"), key=len, reverse=True)
    link = "|".join(re.escape(w) for w in links)
    noun = "|".join([re.escape(n) for n in nouns] + [re.escape(a) + r"\." for a in abbreviations])
    cap = r"[^\W\d_a-zà-ÿ][\w'’]+"
    # "16 bis, rue …": the suffixes of a house number, from every pack (an address may quote another language's)
    suffixes = "|".join(re.escape(w) for w in sorted(words("house_number_suffix"), key=lambda w: (-len(w), w)))
    suffix = rf"(?:[ \t]?(?:{suffixes}))?" if suffixes else ""
    name = rf"{cap}(?:(?:-|[ \t]|-?(?:{link})(?:['’]|[ \t-]))+{cap})*"
    return re.compile(
        rf"(?<![\w.])(?P<number>\d{{1,4}}{suffix}[ \t]?[,.]?[ \t]?)?"
        rf"(?P<noun>(?i:{noun}))(?!\w)\s*(?<=[\s.])(?:(?i:{link})(?:['’]\s*|\s+))*(?P<name>{name})",
    )


def phrase_mentions(text: str, units: Sequence[Unit], language: str) -> list[Mention]:
    """Places named with their kind: "rue de Rivoli", "16, rue La Boétie", "canton de Vaud"."""
    pattern = _phrase_pattern(language)
    if pattern is None:
        return []
    out = []
    starts = [u.sentence.start for u in units]
    for m in pattern.finditer(text):
        if m.group("noun")[:1].isupper() and m.group("number") is None and _opens_sentence(text, m.start()):
            continue  # "Place de Paris" opening a sentence may be a heading; "Rue" as a title
        start, end = m.start(), m.end("name")
        while end > start and text[end - 1] in "'’-":
            end -= 1
        index = units[max(0, bisect.bisect_right(starts, start) - 1)].index if units else -1
        out.append(Mention(start, end, text[start:end], PHRASE, sentence=index))
    return out


def _opens_sentence(text: str, start: int) -> bool:
    before = text[:start].rstrip(" \t")
    return not before or before[-1] in ".!?\n:;»"


def trim_prepositions(mentions: Sequence[Mention], text: str, names: Names, language: str) -> list[Mention]:
    """Cut the preposition (and article) an NER span opens with: "de France" -> "France"."""
    preps = _words(language, "name_preposition")
    if not preps:
        return list(mentions)
    out = []
    for m in mentions:
        if m.source == "ner" and m.kind == "toponym":
            m = _trimmed(m, text, names, preps)
            if m is None:
                continue
        out.append(m)
    return out


def _trimmed(m: Mention, text: str, names: Names, preps: frozenset[str]) -> Mention | None:
    start, end = m.start, m.end
    if "(" in text[start + 1 : end]:  # "Tournus(Saône-et-Loire": the tokenizer left the bracket inside
        end = start + 1 + text[start + 1 : end].index("(")
        while end > start and text[end - 1].isspace():
            end -= 1
        m = replace(m, end=end, text=text[start:end])
    tail = _TAIL.search(text, start, end)  # "Laufanne.—": the sentence's stop and dash, not the name's
    if tail and tail.start() > start:
        end = tail.start()
        m = replace(m, end=end, text=text[start:end])
    folded = fold(text[start:end])
    cut = 0
    while True:
        word = re.match(r"\s*(\w+)\s*", folded[cut:])
        if not word or word.end() + cut >= len(folded):
            break
        w = word.group(1)
        rest = text[start + cut + word.end() : end]
        if w in preps or (w in DETERMINERS and cut and not names.lookup(text[start + cut : end], limit=1)):
            if not rest[:1].isupper():
                break
            cut += word.end()
            continue
        break
    surface = text[start + cut : end]
    if not any(c.isupper() for c in surface):
        return None  # "dre", "sec": a word, not a name
    if sum(c.isalpha() for c in surface) < 3 and not any(
            p.kind in (PlaceKind.COUNTRY, PlaceKind.REGION) for p in names.lookup(surface, limit=3)):
        return None  # "II", "ON", "A": OCR debris and initials, unless a country's or region's code
    return m if cut == 0 else replace(m, start=start + cut, text=text[start + cut : end])


def with_adjectives(mentions: Sequence[Mention], text: str, names: Names, language: str) -> list[Mention]:
    """A name and the adjective that makes it another place: "Suisse romande", "Roumélie orientale",
    "Inde anglaise" (a pack's ``place_adjective`` or a demonym) is one PHRASE mention."""
    adjectives = _words(language, "place_adjective")
    if not adjectives:
        return list(mentions)
    institutions = _words(language, "institution_noun")
    out = []
    for m in mentions:
        first = fold(m.text).split()[:1]
        people = names.demonym(m.text) is not None and not names.lookup(m.text, limit=1)
        if m.kind == "toponym" and m.source in ("ner", "gazetteer", CUED, VARIANT) \
                and not people and first and first[0] not in institutions:
            word = _ADJECTIVE_AFTER.match(text, m.end)  # not "Suisses allemands", "Empire britannique"
            if word and (fold(word.group(1)) in adjectives or names.demonym(word.group(1)) is not None):
                end = word.end(1)
                m = replace(m, end=end, text=text[m.start : end], source=PHRASE)
        out.append(m)
    return out


_ADJECTIVE_AFTER = re.compile(r"[ \t]+([a-zà-ÿ]+)\b(?![-'’])")


_TAIL = re.compile(r"(?<=[^\W\d_]{3})\.?[—–-]+$|(?<=[^\W\d_]{3})\.$")


def _overlaps_any(m: Mention, others: Sequence[Mention]) -> bool:
    return any(o.start < m.end and m.start < o.end for o in others)


def drop_inside_phrases(mentions: Sequence[Mention]) -> list[Mention]:
    """A place named with its kind is one mention: the name inside "rue de Rivoli" is the street's."""
    phrases = [m for m in mentions if m.source == PHRASE]
    if not phrases:
        return list(mentions)
    return [m for m in mentions if m.source == PHRASE or m.source == "facility"
            or not any(p.start < m.end and m.start < p.end for p in phrases)]


def spelling_variants(name: str) -> list[str]:
    """Other readings of an old or OCR'd name: the long s printed or read as an f ("Laufanne")."""
    positions = [i for i, c in enumerate(name) if c in "fſ" and i > 0]
    if not positions:
        return []
    out = []
    for n in range(1, len(positions) + 1):
        for chosen in itertools.combinations(positions, n):
            chars = list(name)
            for i in chosen:
                chars[i] = "s"
            out.append("".join(chars))
            if len(out) >= _MAX_VARIANTS:
                return out
    return out


# Letters OCR takes for others in old print, one edit at a time: "Vcvey" (Vevey), "Anbonne" (Aubonne).
_CONFUSIONS = (("c", "e"), ("e", "c"), ("n", "u"), ("u", "n"), ("rn", "m"), ("m", "rn"), ("ii", "u"),
               ("li", "h"), ("h", "li"), ("l", "i"), ("i", "l"), ("cl", "d"), ("ck", "k"))
_SMALL_TOWN, _TOWN = 1_000, 15_000


def ocr_variants(name: str) -> list[str]:
    """Readings of a name one OCR confusion away ("Vcvey" -> "Vevey"), a doubled letter undone
    ("Carracas" -> "Caracas"); the long-s readings first."""
    out = spelling_variants(name)
    for wrong, right in _CONFUSIONS:
        i = name.find(wrong, 1)
        while i > 0:
            out.append(name[:i] + right + name[i + len(wrong):])
            i = name.find(wrong, i + 1)
    out += [name[:i] + name[i + 1:] for i in range(2, len(name)) if name[i] == name[i - 1] and name[i].isalpha()]
    return list(dict.fromkeys(v for v in out if v != name))


def _variant_place(name: str, names: Names) -> Place | None:
    """The place an OCR'd or old spelling stands for: by the long s a town, by another confusion a
    country, region or large town (one wrong letter makes many small places)."""
    long_s = set(spelling_variants(name))
    for v in ocr_variants(name):
        for p in names.lookup(v, limit=3):
            big = p.kind != PlaceKind.SETTLEMENT or p.population >= _TOWN
            if big or (v in long_s and p.population >= _SMALL_TOWN):
                return p
    return None


def variant_mentions(units: Sequence[Unit], text: str, found: Sequence[Mention], names: Names,
                     ranks: WordRanks | None) -> list[Mention]:
    """Capitalised words no vocabulary or gazetteer knows whose OCR reading is a known place
    ("Ruffie", "Odeffa", "Vcvey"): VARIANT mentions. Only where the model's vocabulary tells unknown words."""
    if ranks is None:
        return []
    taken = sorted((m.start, m.end) for m in found)
    starts = [a for a, _ in taken]
    out = []
    for unit in units:
        people = [e for e in unit.entities if e.label in PERSON_LABELS]
        for t in unit.tokens:
            word = t.text
            if len(word) < 4 or not word[:1].isupper() or word.isupper() or not word.isalpha():
                continue
            i = bisect.bisect_right(starts, t.start) - 1
            if i >= 0 and taken[i][1] > t.start:
                continue  # inside a mention already
            if any(e.start <= t.start < e.end for e in people) or ranks.rank(word) is not None:
                continue
            if names.lookup(word, limit=1):
                continue
            if _variant_place(word, names) is not None:
                out.append(Mention(t.start, t.end, word, VARIANT, sentence=unit.index))
    return out


# A heading or dateline in capitals: a line's or sentence's first words, then a comma, a dash, a stop or a
# day of the month ("ODESSA 22 octobre", "MONTREUX.—", "ANGLETERRE.").
_HEADING = re.compile(r"(?:^|(?<=\n)|(?<=[.!?»:;]))[ \t*•]*(?P<name>[^\W\d_a-zà-ÿ][^\W\d_a-zà-ÿ'’-]{3,}"
                      r"(?:[ -][^\W\d_a-zà-ÿ][^\W\d_a-zà-ÿ'’-]{2,})?)(?=[ \t]*(?:,|\.|[—–-]|\d{1,2}\b|\n|$))")


def heading_mentions(text: str, units: Sequence[Unit], found: Sequence[Mention], names: Names,
                     ranks: WordRanks | None) -> list[Mention]:
    """Places named in a heading or dateline in capitals ("RUSSIE.", "ODESSA 22 octobre",
    "PBTERSBOURG, 3 août" read as Pétersbourg), which the model reads as organisations or nothing."""
    if ranks is None:
        return []
    starts = [u.sentence.start for u in units]
    out = []
    for m in _HEADING.finditer(text):
        start, end = m.start("name"), m.end("name")
        name = m.group("name")
        if any(f.start < end and start < f.end and f.kind == "toponym" for f in found):
            continue
        title = name.title()
        if ranks.common_noun(title):
            continue  # "DIVERS", "THEATRES": words in capitals
        places = names.lookup(name, limit=3)
        place = next((p for p in places if p.kind != PlaceKind.SETTLEMENT or p.population >= _SMALL_TOWN), None)
        source = "gazetteer"
        if place is None and not places:
            place, source = _variant_place(title, names), VARIANT
        if place is not None:
            index = units[max(0, bisect.bisect_right(starts, start) - 1)].index if units else -1
            out.append(Mention(start, end, name, source, sentence=index))
    return out


def known_variants(mentions: Sequence[Mention], names: Names) -> list[Mention]:
    """NER names the gazetteer knows only in another spelling become VARIANT mentions."""
    out = []
    for m in mentions:
        if m.source == "ner" and m.kind == "toponym" and not names.lookup(m.text, limit=1) \
                and _variant_place(m.text, names) is not None:
            m = replace(m, source=VARIANT)
        out.append(m)
    return out


def cued_names(mentions: Sequence[Mention], text: str, names: Names, language: str) -> list[Mention]:
    """NER names no gazetteer knows, after a word that introduces a place rather than a person (the
    article of "la Prusse", "l'Angleterre"; "de"): kept as CUED mentions, where other unknown names are
    dropped at resolution."""
    cues = _words(language, "name_cue")
    if not cues:
        return list(mentions)
    institutions = _words(language, "institution_noun")  # "la Chambre", "l'Etat": no place's name
    out = []
    for m in mentions:
        first = fold(m.text).split()[:1]
        if m.source == "ner" and m.kind == "toponym" and m.text[:1].isupper() and not m.text.isupper() \
                and first and first[0] not in institutions \
                and fold(_word_before(text, m.start)) in cues and not names.lookup(m.text, limit=1):
            m = replace(m, source=CUED)
        out.append(m)
    return out


def _word_before(text: str, start: int) -> str:
    """The word just before an offset, across spaces and an elided article's apostrophe."""
    end = start
    while end > 0 and text[end - 1] in " \t\n'’":
        end -= 1
    begin = end
    while begin > 0 and text[begin - 1].isalpha():
        begin -= 1
    return text[begin:end]


def titled_places(units: Sequence[Unit], text: str, language: str) -> frozenset[str]:
    """Last words of people's names that follow the language's "de" ("S. A. S. E. de Bade", "le prince
    de Galles"): the place of a title, which ``recognize.surnames`` must not take for a surname."""
    preps = _words(language, "name_preposition")
    out = set()
    for unit in units:
        for e in unit.entities:
            words = text[e.start : e.end].split()
            if e.label in PERSON_LABELS and len(words) >= 3 and fold(words[-2]).strip() in preps \
                    and (words[-3].islower() or words[-3].endswith(".")):  # not "Charles de Gaulle"
                out.add(words[-1])
    return frozenset(out)


def not_common_words(mentions: Sequence[Mention], ranks: WordRanks | None) -> list[Mention]:
    """After resolution: drop one-word names that are common words written with a capital ("Avoine",
    "Casino", "Empire") unless they name a country, a region or a large town."""
    if ranks is None:
        return list(mentions)
    return [m for m in mentions if not (
        m.kind == "toponym" and m.source != "facility" and " " not in m.text.strip() and m.text[:1].isupper()
        and not m.text.isupper() and ranks.common_noun(m.text.strip())
        and (m.place is None or (m.place.kind == PlaceKind.SETTLEMENT and m.place.population < _LARGE_TOWN)))]


def place_unresolved(mentions: Sequence[Mention], names: Names) -> None:
    """After resolution: a VARIANT takes the place of its known spelling; a region named with its kind
    ("canton de Vaud") the place of its name (in place)."""
    for m in mentions:
        if m.place is not None:
            continue
        if m.source == VARIANT:
            m.place = _variant_place(m.text, names)
        elif m.source == PHRASE:
            words = name_key(m.text).split()
            rest: list[str] = []
            if words and words[0] in REGION_WORDS:  # "canton de Vaud": Vaud
                rest = words[1:]
                while rest and (rest[0] in OF_WORDS or rest[0] in DETERMINERS):
                    rest = rest[1:]
            elif len(words) > 1 and m.text.split()[-1].islower():  # "Suisse romande": in Switzerland
                rest = words[:-1]
            places = names.lookup(" ".join(rest), limit=1) if rest else []
            m.place = next((p for p in places if p.kind != PlaceKind.SETTLEMENT or p.population >= _TOWN), None)


def refine(found: Sequence[Mention], text: str, units: Sequence[Unit], names: Names,
           language: str, ranks: WordRanks | None = None) -> list[Mention]:
    """The recognisers' mentions with this module's: trimmed, variants known, places named with their kind."""
    mentions = trim_prepositions(found, text, names, language)
    mentions += variant_mentions(units, text, mentions, names, ranks)
    heads = heading_mentions(text, units, mentions, names, ranks)
    mentions = [m for m in mentions if not _overlaps_any(m, heads)] + heads
    mentions = known_variants(mentions, names)
    mentions = cued_names(mentions, text, names, language)
    mentions = with_adjectives(mentions, text, names, language)
    mentions += phrase_mentions(text, units, language)
    return drop_inside_phrases(mentions)
