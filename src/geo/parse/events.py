"""From sentences, resolved mentions and dates to events: one per happening per article."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from geo.happening import MERGE_KM, Report, day_of, days_agree, same_happening
from geo.lang.lexicons import Lexicon
from geo.lang.morphology import SLAVIC, cases, verb_tense
from geo.lang.pack import words
from geo.model import (
    DateInfo,
    DatePrecision,
    Event,
    EventType,
    Mention,
    PlaceKind,
    Precision,
    Role,
    Sentence,
)
from geo.parse import arguments
from geo.parse.arguments import Parse, pair_features
from geo.parse.recognize import Unit
from geo.parse.resolve import haversine_km, in_region
from geo.parse.roles import AUXILIARIES, DETERMINERS, JOINERS
from geo.parse.status import BACKGROUND, REPORTED, STATUSES, event_status

# How far (in words) a trigger may stand from a place it applies to, by the place's role.
MAX_DISTANCE = {Role.LOCATIVE: 15, Role.TARGET: 12, Role.FACILITY: 20, Role.NONE: 2}
_HITS = {EventType.STRIKE, EventType.CLASH, EventType.PROTEST}
# Roles of names that are not where anything happens: who acts, where things go, what is talked about,
# what another place is near, and places inside other names.
_NO_EVENT_ROLES = (Role.ACTOR, Role.DIRECTION, Role.TOPIC, Role.REFERENCE, Role.NAME_PART)
MAX_STATEMENT_DISTANCE = 8
# After the saying verb, only a place close to it says where: "a déclaré lundi à Kyiv", "said in Kyiv".
MAX_SAID_AT_DISTANCE = 4
# A reporting clause: at most this many tokens from the comma to the saying verb ("the Pentagon said")
# and from the verb to the end of the sentence ("said on Monday.").
_REPORTER_TOKENS = 7
_REPORT_END_TOKENS = 12
# "Samedi également, à Munich, l'émissaire américain …, Keith Kellogg, a fait savoir": a place set off
# at the head of the sentence frames its main verb, however long the subject between them.
MAX_FRONTED_DISTANCE = 30
_FRONT_TOKENS = 6
_ACTOR_LABELS = {"PER", "PERSON", "ORG"}
_COARSE = {Precision.REGION, Precision.AREA, Precision.COUNTRY, Precision.CONTINENT}
_COARSENESS = {Precision.REGION: 1, Precision.AREA: 1, Precision.COUNTRY: 2, Precision.CONTINENT: 3}


# After these a capital opens a clause, not a name: "KYIV (Reuters) – Strikes hit…", "Bilan : Frappe…".
_OPENERS = {">", ":", "«", '"', "“", "-", "–", "—"}

_NAMED_EVENTS = {EventType.MEETING.value}

# Trigger strength (event_triggers.tsv, column "strength"): a weak verb shared by several kinds of
# happening ("gathered", "struck", "frappé") takes the type of a strong word naming who or what did it.
WEAK, NORMAL, STRONG = 0, 1, 2
_STRENGTHS = {"weak": WEAK, "": NORMAL, "strong": STRONG}
# How far a strong word may stand from a weak one to be read as its subject ("Des manifestants se sont
# réunis", "Thousands of protesters have gathered") or, after it, as the agent of a passive ("struck by
# an earthquake", "frappé par un séisme"), with no clause punctuation between ("Wildfires fanned by Santa
# Ana winds have destroyed"). Further on it more often belongs to another clause.
SUBJECT_REACH = 8
# How far after a verb of condemnation (context.tsv, role "condemning") the happening it judges may stand.
CONDEMNED_REACH = 8
AGENT_REACH = 3
# Punctuation that closes a clause: a strong word beyond it is not the weak verb's subject.
_CLAUSE_BREAKS = {",", ";", ":", "(", ")", "«", "»", '"', "“", "”", "–", "—"}
# Types that say something happened to a place; statements and "other" (disasters, voting) yield to them.
_FIRST_TIER = {EventType.STRIKE, EventType.CLASH, EventType.MEETING, EventType.PROTEST}


@dataclass(frozen=True, slots=True)
class Trigger:
    token: int
    type: EventType
    text: str
    strength: int = NORMAL
    length: int = 1  # in tokens: "conférence de presse" is 3
    condemned: bool = False  # the object of a condemnation ("a condamné à Paris l'attaque contre Kyiv")


@dataclass(frozen=True, slots=True)
class DatedSpan:
    """A date found in a sentence (offsets into the article)."""

    start: int
    end: int
    info: DateInfo
    future: bool


def triggers(unit: Unit, lexicon: Lexicon) -> list[Trigger]:
    """Event words of a sentence, a weak one typed by the strong word that is its subject or agent;
    capitalised words inside a sentence are names, not triggers, unless a listed phrase."""
    keys = [t.key for t in unit.tokens]
    strengths = lexicon.strengths
    out: list[Trigger] = []
    i = 0
    while i < len(keys):
        tok = unit.tokens[i]
        hit = lexicon.triggers.match(keys, i)
        if tok.upper and i > 0 and not unit.sentence.is_headline and unit.tokens[i - 1].text not in _OPENERS \
                and not (hit and (hit[0] > 1 or hit[1] in _NAMED_EVENTS)):
            # A listed phrase names a body that meets ("General Assembly"); a meeting is named with a
            # capital ("the NATO Summit", "le Forum mondial de la langue française").
            i += 1
            continue
        if hit:
            n, kind = hit
            strength = strengths.match(keys, i)
            out.append(Trigger(i, EventType(kind), " ".join(t.text for t in unit.tokens[i : i + n]),
                               _STRENGTHS.get(strength[1], NORMAL) if strength else NORMAL, n))
            i += n
        else:
            i += 1
    typed = [_typed_by_evidence(unit, t, out) for t in out]
    condemning = lexicon.context.get("condemning", ())
    return [_condemned(unit, t, typed, condemning) for t in typed]


def _condemned(unit: Unit, trigger: Trigger, found: list[Trigger],
               condemning: tuple[tuple[str, ...], ...]) -> Trigger:
    """A happening named as what someone condemned happened where its target is, not where they spoke:
    "Macron a condamné mardi à Paris l'attaque contre Kyiv", "Scholz condemned the attack on Sumy"."""
    if trigger.type not in _FIRST_TIER:
        return trigger
    for s in found:
        if s.type is EventType.STATEMENT and s.token < trigger.token <= s.token + CONDEMNED_REACH \
                and (unit.tokens[s.token].key,) in condemning \
                and not any(t.text in _CLAUSE_BREAKS for t in unit.tokens[s.token + 1 : trigger.token]):
            return Trigger(trigger.token, trigger.type, trigger.text, trigger.strength, trigger.length, True)
    return trigger


def _typed_by_evidence(unit: Unit, trigger: Trigger, found: list[Trigger]) -> Trigger:
    """A weak trigger with a strong one of another type as its subject or agent takes that type:
    "Protesters gathered" is a protest, "An earthquake struck" no military strike. Its text becomes
    the words from one to the other, the evidence a reader sees."""
    if trigger.strength != WEAK:
        return trigger
    near = [s for s in found if s.strength == STRONG and s.type is not trigger.type
            and (0 < trigger.token - s.token <= SUBJECT_REACH or 0 < s.token - trigger.token <= AGENT_REACH)
            and _same_clause(unit, s, trigger)]
    if not near:
        return trigger
    strong = min(near, key=lambda s: abs(s.token - trigger.token))
    first, last = sorted((strong, trigger), key=lambda t: t.token)
    text = " ".join(t.text for t in unit.tokens[first.token : last.token + last.length])
    return Trigger(trigger.token, strong.type, text, trigger.strength, trigger.length)


def _same_clause(unit: Unit, a: Trigger, b: Trigger) -> bool:
    """No clause-closing punctuation between two triggers."""
    lo, hi = sorted((a.token, b.token))
    return not any(t.text in _CLAUSE_BREAKS for t in unit.tokens[lo + 1 : hi])


def _token_index(unit: Unit, offset: int) -> int:
    for i, t in enumerate(unit.tokens):
        if t.end > offset:
            return i
    return len(unit.tokens) - 1


def link(unit: Unit, mention: Mention, found: list[Trigger], lexicon: Lexicon | None = None,
         others: Sequence[Mention] = (), dated: frozenset[int] = frozenset()) -> Trigger | None:
    """The trigger a place mention belongs to, if the words tie them together (``others``: the
    sentence's other mentions; ``dated``: tokens of date expressions, which add no distance: "a visé
    dans la nuit de samedi à dimanche plusieurs dépôts dans l'ouest de l'Ukraine")."""
    if mention.place is None or mention.kind != "toponym" or mention.role in _NO_EVENT_ROLES:
        return None
    if mention.place.kind is PlaceKind.CONTINENT:
        return None
    if mention.role is Role.NONE and lexicon is not None and lexicon.language in SLAVIC:
        # Russian and Ukrainian mark by case what English marks by position: no cue, no place, unless
        # the name is the object of the event word ("відвідав Київ", "прибыл в Вашингтон").
        return _object_of(unit, mention, found, lexicon.language)
    if mention.role is Role.NONE and mention.place.kind is not PlaceKind.SETTLEMENT:
        # "délégations des États-Unis": a country without a cue is an actor, unless it names the
        # place of the happening it modifies ("the Hong Kong legislative election").
        return _modified(unit, mention, found)
    at = _token_index(unit, _anchor(unit, mention, lexicon))
    end = _token_index(unit, mention.end - 1)
    limit = MAX_DISTANCE.get(mention.role, 2)
    best: tuple[int, int, Trigger] | None = None
    own = _token_index(unit, mention.start)
    for t in found:
        if own <= t.token <= end:
            continue  # part of the name itself
        if t.token < at:
            distance = at - t.token
        elif t.token > end:
            distance = t.token - end
        else:  # between the facility noun and its name: "stations … ont été touchées : celle d'Andreapol"
            distance = t.token - at
        if dated and t.type is not EventType.STATEMENT:  # "a déclaré lundi à Kyiv" counts its date already
            lo, hi = sorted((t.token, at if t.token < at else end))
            distance -= sum(1 for i in range(lo + 1, hi) if i in dated)
        if unit.sentence.is_headline and mention.role:
            distance = min(distance, limit)
        if _across_clause(unit, own, end, t):
            continue  # "заявил в Москве, что переговоры состоятся…": the talks are not in Moscow
        if t.condemned and mention.role is not Role.TARGET:
            continue  # "a condamné à Paris l'attaque contre Kyiv": the attack was not in Paris
        if mention.role is Role.TARGET and t.type not in _HITS and t.type is not EventType.OTHER:
            continue  # "un accord sur l'Ukraine" is a topic, not a place; an earthquake does hit one
        if t.type is EventType.STATEMENT:
            # Where something was said ("a déclaré Donald Tusk à Varsovie", "À Kyiv, Zelensky a affirmé"),
            # never a place inside what was said ("« … en Ukraine », a déclaré").
            fronted = _fronted(unit, mention)
            reach = MAX_FRONTED_DISTANCE if fronted and t.token > end else MAX_STATEMENT_DISTANCE
            if mention.role is not Role.LOCATIVE or distance > reach or mention.quoted:
                continue
            if t.token > end and not fronted and _reporting_tail(unit, end, t.token, found):
                continue  # "… villagers in northern Mali, officials said": the place is in what was said
            if t.token > end and not fronted and any(
                    o.role is Role.ACTOR and mention.end <= o.start and o.end <= unit.tokens[t.token].start for o in others):
                continue  # "… troops in Ukraine, while Kyiv insisted": the verb is another speaker's
            if t.token < at and distance > MAX_SAID_AT_DISTANCE:
                continue  # "Moscow said it would not accept troops in Ukraine": said about, not in
        elif distance > limit:
            continue
        # What happened at a place beats what was said there or a disaster or vote named near it.
        rank = (0 if t.type in _FIRST_TIER else 1, distance)
        if best is None or rank < best[:2]:
            best = (*rank, t)
    return best[2] if best else None


# Words that open a subordinate clause after a comma ("что", "щоб"; function_words.tsv, "complementizer").
_COMPLEMENTIZERS = words("complementizer")


def _across_clause(unit: Unit, own: int, end: int, t: Trigger) -> bool:
    """Whether a comma and a complementizer stand between a name and an event word: one is in the main
    clause, the other in what it says or wants ("заявил в Москве, что переговоры…")."""
    lo, hi = (end + 1, t.token) if t.token > end else (t.token + t.length, own)
    return any(unit.tokens[i].text == "," and unit.tokens[i + 1].key in _COMPLEMENTIZERS for i in range(lo, hi - 1))


def choose_trigger(unit: Unit, mention: Mention, found: list[Trigger], lexicon: Lexicon,
                   others: Sequence[Mention] = (), parse: Parse | None = None,
                   dated: frozenset[int] = frozenset()) -> Trigger | None:
    """The trigger a place mention belongs to, by the learned scorer of geo.parse.arguments over each
    (place, trigger) pair (the rules of ``link`` are one of its features): the most probable pair the
    scorer accepts (a rule link unless the scorer is against it, another if it is confident). Without a
    weight file, ``link`` decides alone."""
    sc = arguments.scorer()
    if sc is None:
        return link(unit, mention, found, lexicon, others, dated)
    if mention.place is None or mention.kind != "toponym" or mention.place.kind is PlaceKind.CONTINENT:
        return None
    own, end = _token_index(unit, mention.start), _token_index(unit, mention.end - 1)
    fronted = _fronted(unit, mention)
    best: tuple[tuple[int, float], Trigger] | None = None
    for t in found:
        if own <= t.token <= end:
            continue  # part of the name itself
        rule = link(unit, mention, [t], lexicon, others, dated) is not None
        p = sc.probability(pair_features(parse, unit, mention, t, rule=rule, found=found,
                                         language=lexicon.language, fronted=fronted))
        # What happened at a place beats what was said there or a disaster named near it, as in ``link``.
        rank = (0 if t.type in _FIRST_TIER else 1, -p)
        # "Nigeria : crash d'un avion à Lagos": a headline's lead place says where its happening was, a
        # form the scorer never saw (it learned from body sentences); the rule link stands.
        lead = rule and unit.sentence.is_headline and _lead(unit, mention)
        if (lead or sc.accepts(p, rule)) and (best is None or rank < best[0]):
            best = (rank, t)
    return best[1] if best else None


# Event words a place name before them places ("the Hong Kong legislative election", "the Lagos plane
# crash", "the Iran protests"); a strike or a clash so named is more often the attacker's ("US strikes").
_MODIFIED = {EventType.OTHER, EventType.MEETING, EventType.PROTEST}
MODIFIER_REACH = 2  # the name, at most one lowercase word ("legislative", "plane"), the event word
_POSSESSIVE = {"'s", "’s"}


def _modified(unit: Unit, mention: Mention, found: list[Trigger]) -> Trigger | None:
    """The event word a place name modifies, right after it with only lowercase words between."""
    end = _token_index(unit, mention.end - 1)
    for t in found:
        between = unit.tokens[end + 1 : t.token]
        if t.type in _MODIFIED and 0 < t.token - end <= MODIFIER_REACH and all(
                b.text in _POSSESSIVE or (b.text.isalpha() and not b.upper) for b in between):
            return t
    return None


# How far an event word may stand before the name it takes as object: "відвідав сьогодні нашу Одесу".
OBJECT_REACH = 4


def _object_of(unit: Unit, mention: Mention, found: list[Trigger], language: str) -> Trigger | None:
    """The event word a Russian or Ukrainian name is the accusative object of: the word stands before it,
    with only lowercase words between and no clause punctuation, and the name can be accusative
    ("посетил Москву", "прибув у Київ"). A name before its event word is its subject ("Киев возобновит
    переговоры"), one in the genitive another noun's complement ("прем'єр Польщі відвідав"): neither
    is where the happening was."""
    words = [t.text for t in unit.tokens if mention.start <= t.start and t.end <= mention.end]
    if not words or "accs" not in cases(words[-1], language):
        return None
    own = _token_index(unit, mention.start)
    for t in sorted(found, key=lambda t: -t.token):
        gap = unit.tokens[t.token + t.length : own]
        if t.type is EventType.STATEMENT or not verb_tense(unit.tokens[t.token].text, language):
            continue  # only a verb takes an object; "заявил Киев": after a saying verb, who said it
        if t.token < own and len(gap) < OBJECT_REACH and all(g.text.isalpha() and not g.upper for g in gap):
            return t
    return None


def _reporting_tail(unit: Unit, end: int, verb: int, found: list[Trigger]) -> bool:
    """Whether the saying verb ends the sentence in a reporting clause after a comma that follows the
    name, and what comes before states a happening ("Gunmen killed … in northern Mali, officials said."):
    the place is in what was said. "In Berlin on Monday, the chancellor accused…" is no such clause."""
    comma = max((i for i in range(end + 1, verb) if unit.tokens[i].text == ","), default=-1)
    if comma < 0 or verb - comma > _REPORTER_TOKENS or len(unit.tokens) - verb > _REPORT_END_TOKENS:
        return False
    # French puts the reporter after the verb: "…, a annoncé l'OMS à Genève." is always a reporting clause.
    inverted = all(unit.tokens[i].key in AUXILIARIES for i in range(comma + 1, verb))
    return inverted or any(f.token < comma and f.type is not EventType.STATEMENT for f in found)


# "…, notamment dans la région de Lviv", "…, including Khan Younis and Rafah": what a list names next.
_INCLUDING = words("including")
_LOCATIVE_ROLES = ("locative", "target", "facility", "")


def _coordinated(linked: list[tuple[Mention, Trigger | None]], unit: Unit,
                 lexicon: Lexicon | None = None) -> list[tuple[Mention, Trigger | None]]:
    """A name joined to a linked one by "et"/"and"/"," shares its trigger ("touché Vinnytsia et Poltava"),
    and so does one it introduces as a part ("l'ouest de l'Ukraine, notamment dans la région de Lviv")."""
    singles = {p[0] for p in lexicon.context.get("locative", ()) if len(p) == 1} if lexicon else set()
    out: list[tuple[Mention, Trigger | None]] = []
    ordered = sorted(linked, key=lambda x: x[0].start)
    for i, (m, trig) in enumerate(ordered):
        if trig is None and i > 0:
            prev, prev_trig = out[-1]
            between = [t.key for t in unit.tokens if t.start >= prev.end and t.end <= m.start]
            if (prev_trig is not None and between and all(w in JOINERS for w in between)
                    and m.role == prev.role and m.kind == "toponym" and m.place is not None
                    and m.place.kind is prev.place.kind) or (prev_trig is not None and between and any(w in _INCLUDING for w in between)
                    and all(w in JOINERS or w in _INCLUDING or w in DETERMINERS or w in singles for w in between)
                    and m.kind == "toponym" and m.place is not None and m.role in _LOCATIVE_ROLES):
                trig = prev_trig
        out.append((m, trig))
    return out


def _held(linked: list[tuple[Mention, Trigger | None]]) -> list[tuple[Mention, Trigger | None]]:
    """A name written as held by a linked one ("along the coast of Aceh, Indonesia") says more precisely
    where that happening was: it takes the holder's trigger (the holder then folds into it on merging)."""
    holders = {m.start: t for m, t in linked if t is not None}
    return [(m, holders.get(m.within) if t is None and m.within >= 0 and m.place is not None
             and m.kind == "toponym" and m.role not in _NO_EVENT_ROLES else t) for m, t in linked]


def _lead(unit: Unit, mention: Mention) -> bool:
    """The mention opens the sentence and a colon follows it: "Zaporijjia : deux personnes tuées…"."""
    start, end = _token_index(unit, mention.start), _token_index(unit, mention.end - 1)
    return start == 0 and end + 1 < len(unit.tokens) and unit.tokens[end + 1].key == ":"


def _fronted(unit: Unit, mention: Mention) -> bool:
    """The mention opens the sentence, set off by a comma or a colon ("À Kyiv, …", "Samedi, à Munich, …",
    "Zaporijjia : deux personnes ont été tuées…")."""
    start, end = _token_index(unit, mention.start), _token_index(unit, mention.end - 1)
    return start < _FRONT_TOKENS and end + 1 < len(unit.tokens) and unit.tokens[end + 1].key in (",", ":")


def _anchor(unit: Unit, mention: Mention, lexicon: Lexicon | None) -> int:
    """Where a mention stands for linking: a facility's noun ("stations … Andreapol"), the
    preposition of the phrase it is in apposition to ("dans la capitale de l'Arabie saoudite, Riyad"),
    else its name."""
    if mention.role is Role.FACILITY and mention.facility:
        base = unit.sentence.start
        found = unit.sentence.text.rfind(mention.facility, 0, mention.start - base)
        if found >= 0:
            return base + found
    if mention.role is Role.LOCATIVE and lexicon is not None:
        before = [t for t in unit.tokens if t.end <= mention.start]
        if before and before[-1].key == ",":
            singles = {p[0] for p in lexicon.context.get(Role.LOCATIVE, ()) if len(p) == 1}
            for t in reversed(before[-10:-1]):
                if t.key in singles:
                    return t.start
    return mention.start


def choose_date(unit: Unit, trigger: Trigger, dates: dict[int, list[DatedSpan]], units: Sequence[Unit],
                published: DateInfo | None) -> DateInfo | None:
    """A date in the sentence; else the day an earlier sentence of the story set (``carried_date``);
    else a day named elsewhere in its section; else the publication date."""
    own = _stated(dates, unit.index)
    if own:
        anchor = unit.tokens[trigger.token].start if unit.tokens else unit.sentence.start
        return min(own, key=lambda d: abs(d.start - anchor)).info
    carried = carried_date(unit, dates, units)
    if carried is not None:
        return carried
    section = [
        (abs(u.index - unit.index), d)
        for u in units if u.sentence.section == unit.sentence.section
        for d in dates.get(u.index, [])
        if not d.future and d.info.precision is DatePrecision.DAY and d.info.how == "explicit"
    ]
    if section:
        return min(section, key=lambda x: x[0])[1].info
    if published is not None:
        return DateInfo(published.date, published.precision, "publication")
    return None


def _stated(dates: dict[int, list[DatedSpan]], index: int) -> list[DatedSpan]:
    """The dates a sentence states for what happened: an announced one ("next Friday") dates nothing yet."""
    return [d for d in dates.get(index, []) if not d.future]


def carried_date(unit: Unit, dates: dict[int, list[DatedSpan]], units: Sequence[Unit]) -> DateInfo | None:
    """The day an undated sentence continues from, as a reader takes it: "On Monday night, drones attacked
    Odesa. The strikes damaged a port in Izmail." puts Izmail on Monday too.

    The nearest earlier sentence stating a date, in the paragraph, else in the paragraph just before
    (same section), sets it when that date is a day (explicit, weekday or "yesterday"); a week, month or
    year there sets no day, and sentences before it are not read. A day is not carried into a paragraph
    that states a different date of its own, nor over a paragraph that states none: by then the story
    has moved on, and a day named in passing further back ("Starmer, who wrote on Sunday…") is no
    longer the story's.
    """
    paragraph = unit.sentence.paragraph
    # Only this paragraph and the one before it are read: walk back no further (a long text stays linear).
    section: list[Unit] = []
    seen: set[int] = set()
    for i in range(min(unit.index, len(units)) - 1, -1, -1):
        u = units[i]
        if u.sentence.section != unit.sentence.section:
            break
        seen.add(u.sentence.paragraph)
        if len(seen - {paragraph}) > 1:
            break
        section.append(u)
    before = max((u.sentence.paragraph for u in section if u.sentence.paragraph < paragraph), default=None)
    for u in sorted(section, key=lambda u: u.index, reverse=True):
        if u.sentence.paragraph not in (paragraph, before):
            return None
        stated = _stated(dates, u.index)
        if not stated:
            continue
        days = [d for d in stated if d.info.precision is DatePrecision.DAY]
        if not days:
            return None
        day = days[-1].info.date  # the last day named is the one the next sentence goes on from
        if u.sentence.paragraph != paragraph and _paragraph_dates(unit, dates, units) - {day}:
            return None
        return DateInfo(day, DatePrecision.DAY, "context")
    return None


def _paragraph_dates(unit: Unit, dates: dict[int, list[DatedSpan]], units: Sequence[Unit]) -> set[dt.date]:
    """Every date the paragraph of ``unit`` states (future ones aside)."""
    same = [u for u in _around(unit, units) if u.sentence.paragraph == unit.sentence.paragraph]
    return {d.info.date for u in same for d in _stated(dates, u.index)}


def _around(unit: Unit, units: Sequence[Unit]) -> list[Unit]:
    """The units of ``unit``'s paragraph (units are in text order, ``index`` their position)."""
    lo = hi = min(unit.index, len(units) - 1)
    while lo > 0 and units[lo - 1].sentence.paragraph == unit.sentence.paragraph:
        lo -= 1
    while hi + 1 < len(units) and units[hi + 1].sentence.paragraph == unit.sentence.paragraph:
        hi += 1
    return list(units[lo : hi + 1])


def event_id(article_id: str, type_: EventType, place_id: int, date: DateInfo | None) -> str:
    """Stable id: the same happening in the same article gets the same id on every parse."""
    raw = f"{article_id}|{type_.value}|{place_id}|{date.date.isoformat() if date else ''}"
    return hashlib.sha1(raw.encode()).hexdigest()[:16]


def find_events(units: Sequence[Unit], mentions: Sequence[Mention], lexicon: Lexicon | None, *,
                dates: dict[int, list[DatedSpan]], published: DateInfo | None, article_id: str,
                title: str = "", dateline: Mention | None = None, parses: dict[int, Parse] | None = None,
                statuses: Sequence[str] = (REPORTED,)) -> list[Event]:
    """Events of an article, merged so that one happening gives one event.

    A sentence of the opening paragraph that states a happening without naming where is placed at
    the dateline ("RIYAD, 18 février – Les délégations se sont retrouvées mardi…"), less surely.
    With ``parses`` (sentence index → dependency parse), the learned scorer of geo.parse.arguments
    ties places to triggers (``choose_trigger``); else the rules of ``link``. Only events of the
    ``statuses`` asked for are returned (geo.parse.status: reported, background, planned).
    """
    if lexicon is None:
        return []
    by_unit: dict[int, list[Mention]] = {}
    for m in mentions:
        by_unit.setdefault(m.sentence, []).append(m)
    headlines = {u.sentence.section: u.sentence.text for u in units if u.sentence.is_headline}
    dateline_paragraph = next((u.sentence.paragraph for u in units if dateline and u.index == dateline.sentence), -1)
    raw: list[Event] = []
    for unit in units:
        found = triggers(unit, lexicon)
        if not found:
            continue
        here = by_unit.get(unit.index, [])
        dated = _dated_tokens(unit, dates.get(unit.index, []))
        if parses is not None:
            parse = parses.get(unit.index)
            chosen = [(m, choose_trigger(unit, m, found, lexicon, here, parse, dated)) for m in here]
        else:
            parse = None
            chosen = [(m, link(unit, m, found, lexicon, here, dated)) for m in here]
        linked = _held(_coordinated(chosen, unit, lexicon))
        linked = [(m, t) for m, t in linked if t is not None]
        if not linked and dateline is not None and unit.sentence.paragraph == dateline_paragraph:
            # A meeting or a protest happens where the reporter files from; a strike reported from
            # Moscow ("MOSCOW (Reuters) - Drones attacked a refinery…") may be anywhere.
            hits = [t for t in found if t.type in (EventType.MEETING, EventType.PROTEST)]
            if hits:
                linked = [(dateline, hits[0])]
        for m, trig in linked:
            chosen_date = choose_date(unit, trig, dates, units, published)
            status, date = event_status(unit, trig, dates.get(unit.index, []), chosen_date, published, lexicon, parse)
            if status == BACKGROUND and lexicon.language in SLAVIC and not _stated(dates, unit.index) \
                    and carried_date(unit, dates, units) is None:
                # A day named paragraphs away ("з 24 лютого" near the end) dates an undated sentence
                # for want of better; it does not make what the sentence reports history. (Measured on
                # ru/uk only: on the fr/en development sets it lets old happenings back in.)
                status = REPORTED
            if status not in statuses:
                continue
            confidence = m.confidence * (1.0 if m.locative else 0.8) * (0.9 if trig.type is EventType.STATEMENT else 1.0)
            if m is dateline and m.sentence != unit.index:
                confidence *= 0.7
            raw.append(Event(
                id="", type=trig.type, place=m.place, precision=m.precision, confidence=round(confidence, 3),
                date=date, sentences=[unit.sentence], headline=headlines.get(unit.sentence.section, title),
                trigger=trig.text, mention=m, conflicts=list(m.conflicts),
                actors=_actors(unit), article_id=article_id, sources=[article_id] if article_id else [],
                event_status=status,
            ))
    # A planned meeting and the one held, or an old strike and today's, at one place stay two events.
    events = sorted((e for s in STATUSES for e in _merge([r for r in raw if r.event_status == s])),
                    key=_reading_position)
    for e in events:
        e.id = event_id(article_id, e.type, e.place.id, e.date)
    return events


def _dated_tokens(unit: Unit, spans: Sequence[DatedSpan]) -> frozenset[int]:
    """The tokens of a sentence inside its date expressions."""
    return frozenset(i for i, t in enumerate(unit.tokens) for d in spans if d.start <= t.start and t.end <= d.end)


def _actors(unit: Unit) -> list[str]:
    text = unit.sentence.text
    base = unit.sentence.start
    names = [text[e.start - base : e.end - base] for e in unit.entities if e.label in _ACTOR_LABELS]
    return list(dict.fromkeys(n.strip() for n in names if n.strip()))


def _dates_agree(a: DateInfo | None, b: DateInfo | None) -> bool:
    return days_agree(day_of(a), day_of(b))


def _report(e: Event) -> Report:
    return Report(e.type, e.precision, e.place.lat, e.place.lon, day_of(e.date))


def _absorb(into: Event, other: Event) -> None:
    """Fold ``other`` into ``into``: sentences, conflicts, actors; a stated date beats the publication's."""
    # The body's mention beats the headline's: it is the one the panel highlights.
    if into.sentences[0].is_headline and not other.sentences[0].is_headline and other.place == into.place:
        into.mention = other.mention
    into.sentences = _ordered(into.sentences + other.sentences, into.mention)
    if into.conflicts or other.conflicts:
        into.confidence = min(into.confidence, other.confidence)
    else:
        into.confidence = max(into.confidence, other.confidence)
    into.conflicts = list(dict.fromkeys(into.conflicts + other.conflicts))
    into.actors = list(dict.fromkeys(into.actors + other.actors))
    if _date_rank(other.date) > _date_rank(into.date):
        into.date = other.date


# "context": a day carried from an earlier sentence (``carried_date``), surer than no date at all.
_DATE_RANK = {"explicit": 3, "relative": 2, "context": 1, "dateline": 1, "publication": 0}


def _date_rank(d: DateInfo | None) -> int:
    """A stated day ("le 17 février") beats a weekday ("mardi"), which beats a day carried from an
    earlier sentence, which beats the publication date."""
    return -1 if d is None else _DATE_RANK.get(d.how, 1)


def _ordered(sentences: list[Sentence], mention: Mention | None) -> list[Sentence]:
    """The sentence naming the event's place first, then the others in reading order, headlines last."""
    unique = list(dict.fromkeys(sentences))
    key = (lambda s: (not (mention and s.start <= mention.start < s.end), s.is_headline, s.start))
    return sorted(unique, key=key)


def _merge(raw: list[Event]) -> list[Event]:
    """Same type and place → one event; a region or country event joins a finer one inside it."""
    merged: list[Event] = []
    for e in raw:
        twin = next((m for m in merged if m.type == e.type and m.place.id == e.place.id
                     and _dates_agree(m.date, e.date)), None)
        if twin:
            _absorb(twin, e)
        else:
            merged.append(e)
    merged = _merge_nearby(merged)
    fine = [e for e in merged if e.precision not in _COARSE]
    out = list(fine)
    # Finest first: a region or an area folds into a town it holds, then a country into whatever finer
    # event is left in it ("à Java, en Indonésie" is one event, at Java).
    for e in sorted((e for e in merged if e.precision in _COARSE), key=lambda e: _COARSENESS[e.precision]):
        fine = [f for f in out if _COARSENESS.get(f.precision, -1) < _COARSENESS[e.precision]]
        inside = [f for f in fine if f.type == e.type and _contains(e, f) and _dates_agree(f.date, e.date)]
        if not inside:
            out.append(e)
            continue
        start = e.sentences[0].start
        nearest = min(inside, key=lambda f: min(abs(s.start - start) for s in f.sentences))
        _absorb(nearest, e)
    return sorted(out, key=_reading_position)


def _reading_position(e: Event) -> int:
    """Where the body first states the event (a headline only when the body never does)."""
    body = [s.start for s in e.sentences if not s.is_headline]
    return min(body) if body else e.sentences[0].start


NEARBY_KM = MERGE_KM
AREA_REACH_KM = 600.0  # Darfur, Donbas, the Sahel: an area's point to its far edges
_FINENESS = {Precision.FACILITY: 0, Precision.SETTLEMENT: 1, Precision.DISTRICT: 2}


def _merge_nearby(events: list[Event]) -> list[Event]:
    """Same type, a few km apart, same days: one happening ("at the White House" and "in Washington")."""
    out: list[Event] = []
    for e in sorted(events, key=lambda e: _FINENESS.get(e.precision, 9)):
        if e.precision in _COARSE:
            out.append(e)
            continue
        twin = next((o for o in out if same_happening(_report(o), _report(e), NEARBY_KM)), None)
        if twin:
            _absorb(twin, e)
        else:
            out.append(e)
    return out


def _contains(coarse: Event, fine: Event) -> bool:
    if coarse.precision is Precision.COUNTRY:
        return fine.place.country == coarse.place.country
    if coarse.precision is Precision.REGION:
        return in_region(fine.place, coarse.place)
    if coarse.precision is Precision.AREA:
        # "près d'El-Fasher, au Darfour": an area has no borders here; a place it is said to hold in the
        # same sentence, and near enough, is in it.
        same_sentence = {s.start for s in coarse.sentences} & {s.start for s in fine.sentences}
        return bool(same_sentence) and coarse.place.country in ("", fine.place.country) and haversine_km(
            coarse.place.lat, coarse.place.lon, fine.place.lat, fine.place.lon) <= AREA_REACH_KM
    return False
