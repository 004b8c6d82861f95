"""Find the spans of an article that name places: NER, gazetteer match, facility phrases.

Each recogniser proposes spans; ``merge`` keeps one per stretch of text; ``read_roles`` reads the
words before each name (locative, actor, destination). Nothing here chooses a place: see resolve.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Protocol, Sequence

from geo.lexicons import Lexicon
from geo.model import Mention, Sentence
from geo.names import fold, name_key
from geo.nlp import NATIONALITY_LABELS, OTHER_NAME_LABELS, PLACE_LABELS, Entity, Token


class Names(Protocol):
    """What recognition needs from a gazetteer."""

    def lookup(self, name: str, *, limit: int = 50) -> list: ...
    def lookup_fuzzy(self, name: str) -> list: ...
    def demonym(self, word: str): ...


@dataclass(slots=True)
class Unit:
    """A sentence with its tokens and entities, offsets into the article text."""

    index: int
    sentence: Sentence
    tokens: list[Token]
    entities: list[Entity]
    has_ner: bool = False  # whether a statistical NER read this sentence


# Determiners that may open an NER span or stand between a preposition and a name.
_DETERMINERS = {"la", "le", "les", "l", "the", "un", "une", "an"}  # not "a": folded "à"
_JOINERS = {"et", "and", ",", "ou", "or"}
_PRIORITY = {"facility": 3, "ner": 2, "gazetteer": 1}


# ---------------------------------------------------------------- NER


def ner_mentions(unit: Unit, text: str, names: Names) -> list[Mention]:
    """Place entities (and nationalities, as demonyms) from the statistical NER."""
    out: list[Mention] = []
    for ent in unit.entities:
        surface = text[ent.start : ent.end]
        if ent.label in NATIONALITY_LABELS:
            if names.demonym(surface) is not None:
                out.append(Mention(ent.start, ent.end, surface, "ner", "demonym", sentence=unit.index))
            continue
        if ent.label not in PLACE_LABELS:
            continue
        start, end = _trim(text, ent.start, ent.end, names)
        if end > start:
            out.append(Mention(start, end, text[start:end], "ner", sentence=unit.index))
    return out


def _trim(text: str, start: int, end: int, names: Names) -> tuple[int, int]:
    """Drop a leading article ("l'Europe", "the Netherlands" stays if that is its name)."""
    surface = text[start:end]
    while surface and surface[-1] in " .,;:'\"»)":
        surface = surface[:-1]
        end -= 1
    if names.lookup(surface, limit=1):
        return start, end
    folded = fold(surface)
    first = folded.split()[0] if folded.split() else ""
    if first in _DETERMINERS and len(folded.split()) > 1:
        cut = folded.index(first) + len(first)
        while cut < len(surface) and folded[cut] == " ":
            cut += 1
        return start + cut, end
    return start, end


# ---------------------------------------------------------------- gazetteer match


class SurfaceMatcher:
    """Aho-Corasick over folded text for the salient names of the gazetteer."""

    def __init__(self, keys: Iterable[str]) -> None:
        import ahocorasick

        self._automaton = ahocorasick.Automaton()
        for key in keys:
            if key:
                self._automaton.add_word(key, len(key))
        self._automaton.make_automaton()

    def find(self, folded: str) -> list[tuple[int, int]]:
        """Longest non-overlapping whole-word matches as (start, end)."""
        spans = []
        for end_index, length in self._automaton.iter(folded):
            start, end = end_index - length + 1, end_index + 1
            if (start == 0 or not folded[start - 1].isalnum()) and (end == len(folded) or not folded[end].isalnum()):
                spans.append((start, end))
        spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
        out: list[tuple[int, int]] = []
        for s in spans:
            if out and s[0] < out[-1][1]:
                continue
            out.append(s)
        return out


def gazetteer_mentions(unit: Unit, text: str, folded: str, matcher: SurfaceMatcher, names: Names,
                       stop_words: frozenset[str], lexicon: Lexicon | None = None) -> list[Mention]:
    """Capitalised gazetteer names not inside a longer name ("New York Times")."""
    s = unit.sentence
    out: list[Mention] = []
    for start, end in matcher.find(folded[s.start : s.end]):
        start += s.start
        end += s.start
        surface = text[start:end]
        # "réunion", "mer": common words are written in lower case; "région de Tver" ends with a name.
        if not surface[:1].isupper() and not (" " in surface and surface.split()[-1][:1].isupper()):
            continue
        if _names_a_person(unit, start, end) and not _after_locative(unit, start, lexicon):
            continue  # "Marco Rubio" is a person; "in Lyon" is a place even if the NER says PERSON
        if _inside_other_name(unit, start, end, lexicon):
            continue
        first = bool(unit.tokens) and unit.tokens[0].start == start
        opens_paragraph = start == 0 or text[:start].rstrip(" ").endswith("\n")
        at_dateline = opens_paragraph and unit.sentence.paragraph <= 1 and bool(_DATELINE_TAIL.match(text, end))
        lower_tail = " " in surface and not surface.split()[-1][:1].isupper()  # "La réunion", "Arabie saoudite"
        if first and (" " not in surface or lower_tail) and (
                fold(surface) in stop_words or (_ner_disagrees(unit, start, end) and not at_dateline)):
            continue  # "Summit in Geneva…": a capital at a sentence's start is no evidence of a name
        if _continues_as_name(unit, end, names, text, start):
            continue
        if surface.isupper() and len(surface) <= 5 and not _is_notable(names.lookup(surface, limit=5)):
            continue  # "OTAN", "CPC": acronyms name organisations far more often than towns
        out.append(Mention(start, end, surface, "gazetteer", sentence=unit.index))
    return out


def _names_a_person(unit: Unit, start: int, end: int) -> bool:
    return any(e.label in ("PER", "PERSON") and e.start < end and start < e.end for e in unit.entities)


def _after_locative(unit: Unit, start: int, lexicon: Lexicon | None) -> bool:
    if lexicon is None:
        return False
    before = [t.key for t in unit.tokens if t.end <= start]
    return _role(before, lexicon) in ("locative", "target")


def _ner_disagrees(unit: Unit, start: int, end: int) -> bool:
    """Where an NER ran on this sentence and tagged no place here."""
    if not unit.entities and not unit.has_ner:
        return False
    return not any(e.start < end and start < e.end and e.label in PLACE_LABELS for e in unit.entities)


def _is_notable(places: list) -> bool:
    """A country, a region or a city: "US", "UK", "RIYAD", "KYIV" in a dateline."""
    return any(p.kind in ("country", "region") or p.population >= 100_000 for p in places)


def _inside_other_name(unit: Unit, start: int, end: int, lexicon: Lexicon | None = None) -> bool:
    """Inside a longer organisation or work name ("New York Times"), but not inside the name of an
    event, which is where the event happens ("conférence de Munich", "Munich Security Conference")."""
    for e in unit.entities:
        if e.label in OTHER_NAME_LABELS and e.start <= start and end <= e.end and (e.end - e.start) > (end - start):
            if lexicon is not None and _names_an_event(unit, e, lexicon):
                continue
            return True
    return False


def _names_an_event(unit: Unit, entity: Entity, lexicon: Lexicon) -> bool:
    keys = [t.key for t in unit.tokens if entity.start <= t.start < entity.end]
    return any(lexicon.triggers.match(keys, i) for i in range(len(keys)))


def _continues_as_name(unit: Unit, end: int, names: Names, text: str, start: int) -> bool:
    """A capitalised word right after the match makes it part of a longer name, unless a place."""
    for i, t in enumerate(unit.tokens):
        if t.start >= end:
            if t.start - end > 1 or not t.upper or not t.text[:1].isalpha():
                return False
            return not names.lookup(text[start : t.end], limit=1) and not names.lookup(t.text, limit=1)
    return False


# ---------------------------------------------------------------- facilities


def facility_mentions(unit: Unit, text: str, lexicon: Lexicon, names: Names) -> list[Mention]:
    """Names next to a facility noun: "raffinerie de pétrole d'Ilsky", "Kropotkinskaya pumping station"."""
    toks = unit.tokens
    keys = [t.key for t in toks]
    out: list[Mention] = []
    i = 0
    while i < len(toks):
        hit = lexicon.facilities.match(keys, i) if not toks[i].upper or i == 0 else None
        if hit is None:
            i += 1
            continue
        n = hit[0]
        noun_start, noun_end = i, i + n
        # After the noun: up to five lower-case qualifiers, then names joined by "et"/"and"/",".
        j = noun_end
        while j < len(toks) and j - noun_end < 5 and not toks[j].upper and toks[j].text[:1].isalpha():
            j += 1
        phrase_end = toks[j - 1].end if j > noun_end else toks[noun_end - 1].end
        facility = text[toks[noun_start].start : phrase_end]
        found_after = False
        while j < len(toks) and toks[j].upper:
            k = j
            while k < len(toks) and toks[k].upper and toks[k].text[:1].isalpha():
                k += 1
            if k == j:
                break
            m = _facility_name(unit, text, toks[j].start, toks[k - 1].end, facility, names)
            if m is None:
                break
            out.append(m)
            found_after = True
            if k < len(toks) - 1 and toks[k].key in _JOINERS and toks[k + 1].upper:
                j = k + 1
                continue
            break
        if not found_after:
            # Before the noun: "the Ilsky oil refinery", "Kropotkinskaya pumping station".
            b = noun_start
            while b > 0 and noun_start - b < 3 and not toks[b - 1].upper and toks[b - 1].key not in _DETERMINERS \
                    and toks[b - 1].text[:1].isalpha():
                b -= 1
            k = b
            while k > 0 and toks[k - 1].upper and toks[k - 1].text[:1].isalpha():
                k -= 1
            if k < b and k > 0:  # not the sentence's first word: capitalised for another reason
                m = _facility_name(unit, text, toks[k].start, toks[b - 1].end,
                                   text[toks[b].start : toks[noun_end - 1].end] if b < noun_end else facility, names)
                if m is not None:
                    out.append(m)
        i = max(noun_end, j)
    return out


def _facility_name(unit: Unit, text: str, start: int, end: int, facility: str, names: Names) -> Mention | None:
    surface = text[start:end]
    if not names.lookup_fuzzy(surface):
        return None
    return Mention(start, end, surface, "facility", facility=facility, sentence=unit.index, role="facility")


# ---------------------------------------------------------------- merge and roles


def merge(mentions: Sequence[Mention]) -> list[Mention]:
    """One mention per stretch of text: facility over NER over gazetteer, then the longer span."""
    # Facility phrases first; then the longer span ("région de Tver" over the NER's "Tver"); then NER.
    ranked = sorted(mentions, key=lambda m: (m.source != "facility", -(m.end - m.start),
                                             -_PRIORITY.get(m.source, 0), m.start))
    kept: list[Mention] = []
    for m in ranked:
        if any(m.start < k.end and k.start < m.end for k in kept):
            continue
        kept.append(m)
    return sorted(kept, key=lambda m: m.start)


def read_roles(unit: Unit, mentions: Sequence[Mention], lexicon: Lexicon | None) -> None:
    """Set each mention's role from the words just before it (in place)."""
    if lexicon is None:
        return
    toks = unit.tokens
    for m in mentions:
        if m.role == "facility" or m.sentence != unit.index:
            continue
        before = [t.key for t in toks if t.end <= m.start]
        m.role = _role(before, lexicon)


def _role(before: list[str], lexicon: Lexicon) -> str:
    words = [w for w in before if w]
    # Skip determiners between the preposition and the name ("dans la capitale", "in the city of").
    while words and words[-1] in _DETERMINERS:
        words.pop()
    best, best_len = "", 0
    for role in ("actor", "direction", "target", "locative"):
        for phrase in lexicon.context.get(role, ()):
            n = len(phrase)
            if n > best_len and tuple(words[-n:]) == phrase:
                best, best_len = role, n
    if best:
        return best
    # Apposition: "dans la capitale de l'Arabie saoudite, Riyad" takes the role of its head.
    if words and words[-1] == ",":
        window = words[-10:-1]
        for w in reversed(window):
            if w in {".", ";", ":", "«", "»", "(", ")"}:
                break
            if (w,) in lexicon.context.get("locative", ()):
                return "locative"
    return ""


def stop_words(language: str) -> frozenset[str]:
    """Common words of a language that a capital at the start of a sentence does not make a name."""
    try:
        from spacy.util import get_lang_class

        return frozenset(fold(w) for w in get_lang_class(language).Defaults.stop_words)
    except Exception:  # noqa: BLE001 - an unknown language simply has no stop list
        return frozenset()


def name_keys(mentions: Iterable[Mention]) -> set[str]:
    """Lookup keys of the mentions' surface texts."""
    return {name_key(m.text) for m in mentions}


_OPEN_QUOTES, _CLOSE_QUOTES = "«“", "»”"


def mark_quoted(mentions: Sequence[Mention], paragraphs: Sequence[tuple[int, int]], text: str) -> None:
    """Flag mentions inside quotation marks; quotes never run across paragraphs (in place)."""
    for m in mentions:
        start = next((s for s, e in paragraphs if s <= m.start < e), None)
        if start is None:
            continue
        before = text[start : m.start]
        depth = sum(before.count(c) for c in _OPEN_QUOTES) - sum(before.count(c) for c in _CLOSE_QUOTES)
        m.quoted = depth > 0 or before.count('"') % 2 == 1


_DATELINE_TAIL = re.compile(r"\s*(?:\([^)]{0,40}\)\s*)?[,–—-]")


def find_dateline(mentions: Sequence[Mention], first_body: tuple[int, int] | None, text: str) -> Mention | None:
    """The place a report is filed from: a name opening the first paragraph, then a comma or a dash
    ("RIYAD, 18 février 2025 –", "Kyiv (Reuters) -")."""
    if first_body is None:
        return None
    for m in mentions:
        if m.start == first_body[0] and m.place is not None and m.kind == "toponym":
            if _DATELINE_TAIL.match(text, m.end):
                return m
    return None
