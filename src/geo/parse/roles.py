"""What the words around a place name make of it: a location, a target, an actor, a reference point,
a topic; which names form a list, which a region word or a "Town, Region" pair binds.

Reads tokens only (``geo.parse.recognize.Unit``); nothing here chooses a place, except ``finer_references``,
which runs after resolution.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from typing import TYPE_CHECKING

from geo.lang.lexicons import Lexicon
from geo.lang.morphology import SLAVIC, cases
from geo.lang.pack import phrases, words
from geo.lang.regions import ADMIN1_WORDS
from geo.model import Mention, Role

if TYPE_CHECKING:
    from geo.parse.recognize import Unit

# Function words of every language pack (data/lang/<code>/function_words.tsv), as token keys.
# Determiners may open an NER span or stand between a preposition and a name.
DETERMINERS = words("determiner")
JOINERS = words("joiner") | {","}  # what joins names in a list
OF_WORDS = words("of")
_AND = words("and")
_NEAR = phrases("near")  # "X, près de Y": Y is a reference point
# Nouns of administrative areas: a name beside them is a region, never a facility's town.
REGION_WORDS = words("region_noun")
WIDE_KINDS = ("country", "region", "continent", "area")
_PLURAL_REGION_WORDS = words("plural_region_noun")
# "Washington state", "the state of Washington", "l'État de Washington": the state, not the capital.
_STATE_WORDS = words("state_noun")
_STATE_OF = phrases("state_of")
_APPOSITION_ENDS = {",", ".", ";", ":", ")", "»", "!", "?"}
_QUANTIFIERS = words("quantifier")
_BETWEEN = words("between")
# Auxiliaries between a name or a comma and its verb: "Pékin a dénoncé", "…, a annoncé l'OMS".
AUXILIARIES = words("auxiliary")


def read_roles(unit: Unit, mentions: Sequence[Mention], lexicon: Lexicon | None) -> None:
    """Set each mention's role from the words around it (in place)."""
    if lexicon is None:
        return
    keys = [t.key for t in unit.tokens]
    starts = [t.start for t in unit.tokens]
    ends = [t.end for t in unit.tokens]  # tokens do not overlap: ends are sorted too

    def words(start: int, end: int) -> list[str]:
        """Keys of the tokens lying within [start, end)."""
        return keys[bisect.bisect_left(starts, start) : bisect.bisect_right(ends, end)]

    previous: Mention | None = None
    for m in sorted((m for m in mentions if m.sentence == unit.index), key=lambda m: m.start):
        if m.role in (Role.FACILITY, Role.NAME_PART):
            previous = m
            continue
        if _glued(unit, m):
            m.role = Role.NAME_PART  # "pro-Beijing", "anti-Kremlin": an adjective of a party or a stance
            previous = m
            continue
        before = words(0, m.start)
        after = bisect.bisect_left(starts, m.end)
        role = role_before(before, lexicon, apposition=False)
        between = words(previous.end, m.start) if previous is not None else []
        if not role and between and all(w in JOINERS or w in OF_WORDS or w in DETERMINERS for w in between) \
                and any(w in JOINERS for w in between):
            role = previous.role  # "touché Vinnytsia et Poltava", "régions de Kharkiv et de Soumy": shared
        elif not role and before and before[-1] in _AND and any(w in _BETWEEN for w in before[-8:-1]):
            role = Role.ACTOR  # "entre nous et Washington"
        if role and between[:1] == [","] and tuple(between[1:]) in _NEAR:
            role = Role.REFERENCE  # "à Brovary, près de Kyiv": Kyiv says where Brovary is; nothing happens there
        if not role and hit_right_before(before, lexicon):
            role = Role.TARGET  # "a frappé Odessa", "hit the Kursk region": what the strike hit
        if not role and _hit_right_after(keys, bisect.bisect_left(starts, m.end), lexicon):
            role = Role.TARGET  # "Odessa a de nouveau été visée", "Kharkiv was hit": the subject of a passive
        if not role and not before and after < len(keys) and keys[after] == ":":
            role = Role.LOCATIVE  # "Zaporijjia : deux personnes ont été tuées…": the place the lead is about
        if not role and between in (["'s"], ["s"], ["’s"]) and previous is not None:
            role = previous.role  # "in Russia's Bryansk region": the region is where
        if not role:
            # "as Brussels urged restraint", "Moscow said": a name right before a saying verb is who speaks.
            verb = after
            while verb < len(keys) and verb - after < 2 and keys[verb] in AUXILIARIES:
                verb += 1  # "Pékin a dénoncé", "Moscow has warned"
            hit = lexicon.triggers.match(keys, verb) if verb < len(keys) else None
            if hit and hit[1] == "statement":
                role = Role.ACTOR  # even after a comma: "… near Hodeidah overnight, the Pentagon said"
        if not role and (after >= len(keys) or keys[after] in _APPOSITION_ENDS) and not (
                lexicon.language in SLAVIC and between == [","]):
            # An apposition ends where the name does; a name after another and a comma is the next of
            # a list ("государств — России, Украины, Франции"), where case, not position, says the role.
            role = _appositionrole_before(before, lexicon)
        if role == Role.LOCATIVE and lexicon.language in SLAVIC:
            role = _case_role(unit, m, before, lexicon)
        m.role = Role(role)
        previous = m


# Cases that put a name where something is after a preposition of place: "в Киеве", "под Курском",
# "у Харкова", "над Курской областью". The accusative alone after the same preposition is motion
# towards it: "в Москву", "на Донбасс", "у Київ".
_WHERE_CASES = frozenset({"loct", "loc2", "ablt", "gent", "gen2", "datv"})


def _case_role(unit: Unit, m: Mention, before: list[str], lexicon: Lexicon) -> Role:
    """A Russian or Ukrainian name after a one-word preposition of place, read by its case: a location
    unless it can only be accusative; then the target of a strike or fighting word right before the
    preposition ("наступление на Киев", "вторглись в Курскую область"), else a destination, no place
    of what happens ("отправилась в Киев"): role "" (a visit word right before it still places a visit)."""
    if not before or (before[-1],) not in lexicon.context.get("locative", ()):
        return Role.LOCATIVE
    last = [t.text for t in unit.tokens if m.start <= t.start and t.end <= m.end]
    found = cases(last[-1], lexicon.language) if last else frozenset()
    if "accs" not in found or found & _WHERE_CASES:
        return Role.LOCATIVE
    return Role.TARGET if hit_right_before(before[:-1], lexicon) else Role.NONE


def _glued(unit: Unit, m: Mention) -> bool:
    """The name ends a hyphenated word whose first part is a lowercase word ("pro-Beijing")."""
    at = m.start - unit.sentence.start
    text = unit.sentence.text
    return at >= 2 and text[at - 1] == "-" and text[at - 2].isalpha() and text[at - 2].islower()


def finer_references(mentions: Sequence[Mention]) -> None:
    """"dans le sud du Liban, près de Nabatiyé": a town near which a country or region is placed says
    more precisely where, so it takes the wider name's role (in place; after resolution)."""
    previous: Mention | None = None
    for m in sorted(mentions, key=lambda m: (m.sentence, m.start)):
        if m.role is Role.REFERENCE and previous is not None and previous.sentence == m.sentence \
                and previous.place is not None and m.place is not None \
                and previous.place.kind.value in WIDE_KINDS and m.place.kind.value in ("settlement", "district") \
                and previous.place.country in ("", m.place.country) \
                and (previous.place.kind.value != "region" or previous.place.admin1_code == m.place.admin1_code):
            m.role = previous.role
        previous = m


def read_region_words(unit: Unit, mentions: Sequence[Mention]) -> None:
    """Mark names that a region word makes regions: "over the Kharkiv, Sumy and Poltava regions",
    "les régions de Kharkiv et de Soumy" (in place). A list shares the word of its last or first name;
    the names of a list are numbered by its first name's offset, so that resolution reads them together."""
    keys = [t.key for t in unit.tokens]
    starts = [t.start for t in unit.tokens]
    ends = [t.end for t in unit.tokens]
    ordered = sorted((m for m in mentions if m.sentence == unit.index and m.kind == "toponym"), key=lambda m: m.start)
    groups: list[list[Mention]] = []
    for m in ordered:  # runs of names joined by ",", "and", "et", "de"
        if groups:
            gap = keys[bisect.bisect_left(starts, groups[-1][-1].end) : bisect.bisect_right(ends, m.start)]
            if gap and all(w in JOINERS or w in OF_WORDS for w in gap):
                groups[-1].append(m)
                continue
        groups.append([m])
    for group in groups:
        if len(group) > 1:
            for m in group:
                m.listed = group[0].start
        if len(group) == 2 and keys[bisect.bisect_left(starts, group[0].end) : bisect.bisect_right(ends, group[1].start)] == [","]:
            group[0].within = group[1].start  # "Athens, Georgia", "Valence, France": the second holds the first
        after = bisect.bisect_left(starts, group[-1].end)
        before = bisect.bisect_right(ends, group[0].start)
        word_after = keys[after] if after < len(keys) else ""
        words_before = tuple(keys[max(0, before - 2) : before])
        if word_after in _PLURAL_REGION_WORDS or (len(group) > 1 and word_after in REGION_WORDS) or (
                len(words_before) == 2 and words_before[0] in _PLURAL_REGION_WORDS and words_before[1] in OF_WORDS) or (
                word_after in _STATE_WORDS or words_before in _STATE_OF) or (
                len(group) == 1 and (word_after in ADMIN1_WORDS or (
                    len(words_before) == 2 and words_before[0] in ADMIN1_WORDS and words_before[1] in OF_WORDS))):
            for m in group:
                m.region_word = True


_HIT_TYPES = ("strike", "clash")


def hit_right_before(before: list[str], lexicon: Lexicon) -> bool:
    """Whether a strike or fighting word ends right before the name, past its determiners: the name is
    its object ("a touché la région de Mykolaïv", "shelled the town")."""
    words = list(before)
    while words and words[-1] in DETERMINERS:
        words.pop()
    for n in (1, 2, 3):
        hit = lexicon.triggers.match(words, len(words) - n) if len(words) >= n else None
        if hit and hit[0] == n and hit[1] in _HIT_TYPES:
            return True
    return False


_PASSIVE = words("passive_gap")  # words between a name and a passive strike word ("a de nouveau été")
_PASSIVE_AUXILIARIES = words("passive_auxiliary")  # among them, what makes the verb passive ("été", "was")


def _hit_right_after(keys: list[str], i: int, lexicon: Lexicon) -> bool:
    """Whether a passive strike word follows the name past its auxiliaries ("a de nouveau été visée",
    "was hit"): the name is what was struck. An active verb needs its auxiliary: "Kyiv attacked"
    is who attacked."""
    j = i
    while j < len(keys) and j - i < 5 and keys[j] in _PASSIVE:
        j += 1
    if j == i or j >= len(keys) or not any(k in _PASSIVE_AUXILIARIES for k in keys[i:j]):
        return False
    hit = lexicon.triggers.match(keys, j)
    return bool(hit) and hit[1] in _HIT_TYPES


def role_before(before: list[str], lexicon: Lexicon, *, apposition: bool = True) -> Role:
    """The role the words right before a name give it; with ``apposition``, also the role of the head
    of an apposition the name ends."""
    # A hyphenated word is one token ("nord-est"), its phrase several words ("nord est du").
    words = [p for w in before if w for p in w.split()]
    # Skip determiners between the preposition and the name ("dans la capitale", "with both Kyiv").
    while words and (words[-1] in DETERMINERS or words[-1] in _QUANTIFIERS):
        words.pop()
    best, best_len = Role.NONE, 0
    # "de", "du", "des", "d'" are one word to a phrase: "commune de" also reads "dans la commune du".
    lasts = (OF_WORDS if words and words[-1] in OF_WORDS else ()) or words[-1:]
    for last in lasts:
        ending = lexicon.context_by_last_word.get(last, {})
        # The roles context.tsv gives a word before a name, the first listed winning a tie.
        for role in (Role.ACTOR, Role.TOPIC, Role.DIRECTION, Role.TARGET, Role.LOCATIVE):
            for phrase in ending.get(role, ()):
                n = len(phrase)
                if n > best_len and tuple(words[-n:-1]) == phrase[:-1]:
                    best, best_len = role, n
    return best or (_appositionrole_before(before, lexicon) if apposition else Role.NONE)


def _appositionrole_before(before: list[str], lexicon: Lexicon) -> Role:
    """Apposition: "dans la capitale de l'Arabie saoudite, Riyad" takes the role of its head."""
    words = [w for w in before if w]
    while words and (words[-1] in DETERMINERS or words[-1] in _QUANTIFIERS):
        words.pop()
    if words and words[-1] == ",":
        window = words[-10:-1]
        for w in reversed(window):
            if w in {".", ";", ":", "«", "»", "(", ")"}:
                break
            if (w,) in lexicon.context.get(Role.LOCATIVE, ()):
                return Role.LOCATIVE
    return Role.NONE
