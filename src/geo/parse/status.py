"""Whether an event is news (reported), recalled from before (background) or announced (planned).

From the dates the sentence states relative to the publication date, the words before the event word
that put it ahead (the language pack's ``future`` context), and, where the sentence was parsed
(geo.parse.arguments), the tense and mood of the event's verb and its auxiliaries (spaCy morphology:
Tense=Fut, Mood=Cnd).
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import TYPE_CHECKING, Sequence

from geo.model import DateInfo, DatePrecision, EventType

if TYPE_CHECKING:
    from geo.lang.lexicons import Lexicon
    from geo.parse.arguments import Parse
    from geo.parse.events import DatedSpan, Trigger
    from geo.parse.recognize import Unit

REPORTED, BACKGROUND, PLANNED = "reported", "background", "planned"
STATUSES = (REPORTED, BACKGROUND, PLANNED)
# A happening whose stated date ended this many days before publication is recalled, not news:
# follow-up stories restate last week's strike as news; "in 2014", "last month" are history.
BACKGROUND_DAYS = 21
FUTURE_WINDOW = 4  # words before an event word where "could", "will", "prochain" put it ahead
_CLAUSE_HEADS = ("nsubj", "nsubjpass", "nsubj:pass", "dobj", "obj", "attr")


def period_end(info: DateInfo) -> dt.date:
    """The last day a date's period covers (a month's last day, a year's 31 December)."""
    d = info.date
    if info.precision is DatePrecision.YEAR:
        return dt.date(d.year, 12, 31)
    if info.precision is DatePrecision.MONTH:
        return dt.date(d.year, d.month, calendar.monthrange(d.year, d.month)[1])
    if info.precision is DatePrecision.WEEK:
        return d + dt.timedelta(days=6)
    return d


def is_past_history(info: DateInfo | None, published: DateInfo | None) -> bool:
    """Whether a stated date ended well before publication (``BACKGROUND_DAYS``)."""
    if info is None or published is None or info.how in ("publication", "given", "dateline", "file"):
        return False
    return (published.date - period_end(info)).days > BACKGROUND_DAYS


def future_cue(unit: Unit, trigger: Trigger, lexicon: Lexicon) -> bool:
    """Words that put the happening ahead: "could hold talks", "le prochain sommet", "Talks will resume"
    (not "said he would": what was said is ahead, the saying is not)."""
    keys = [t.key for t in unit.tokens[max(0, trigger.token - FUTURE_WINDOW) : trigger.token]]
    cues = lexicon.context.get("future", ())
    if any(tuple(keys[i : i + len(c)]) == c for c in cues for i in range(len(keys))):
        return True
    if trigger.type is EventType.STATEMENT:
        return False
    after = [t.key for t in unit.tokens[trigger.token + trigger.length : trigger.token + trigger.length + 2]]
    return any((w,) in cues for w in after)


def future_verb(parse: Parse | None, unit: Unit, trigger: Trigger, lexicon: Lexicon) -> bool:
    """The event's verb is in the future or the conditional ("se tiendra", "pourrait"), or has a future
    auxiliary ("will", "would"): the verb is the event word, or the verb an event noun is subject or
    object of ("Talks will resume", "a summit is planned")."""
    if parse is None or not parse.tokens or trigger.type is EventType.STATEMENT:
        return False
    toks = parse.tokens
    i = parse.at(unit.tokens[trigger.token].start)
    if toks[i].pos not in ("VERB", "AUX") and toks[i].dep in _CLAUSE_HEADS and toks[i].head != i:
        i = toks[i].head
    cues = {c[0] for c in lexicon.context.get("future", ()) if len(c) == 1}
    auxiliaries = [j for j, t in enumerate(toks) if t.head == i and t.dep.startswith("aux")]
    # The conditional on the verb itself is ahead ("se tiendrait"); on an auxiliary before a participle
    # it is the press's "reportedly" ("l'attaque aurait fait dix morts"), a happening all the same.
    return "Tense=Fut" in toks[i].morph or "Mood=Cnd" in toks[i].morph or any(
        "Tense=Fut" in toks[j].morph or toks[j].key in cues for j in auxiliaries)


# Without a parse (Russian and Ukrainian: natasha gives no syntax here), the verb of the event's clause
# is the nearest verb to the event word (itself when it is one), within this many words and no clause
# punctuation; its tense (pymorphy3, geo.lang.morphology) puts the happening ahead: "В Минске пройдет
# встреча", "відбудуться переговори", "проводитиме", "Киев возобновит переговоры".
PREDICATE_REACH = 6
_CLAUSE_STOPS = {",", ";", ":", "(", ")", "–", "—", ".", "!", "?"}


def future_predicate(unit: Unit, trigger: Trigger, language: str) -> bool:
    """The verb of the event's clause is in the future tense, read from its form (ru, uk); an infinitive
    takes the tense of a verb right before it ("будет обсуждаться")."""
    from geo.lang.morphology import SLAVIC, verb_tense

    if language not in SLAVIC or trigger.type is EventType.STATEMENT:
        return False
    toks = unit.tokens
    last = trigger.token + trigger.length - 1
    order = [trigger.token]
    for step in range(1, PREDICATE_REACH + 1):
        order += [trigger.token - step, last + step]
    for i in order:
        if not 0 <= i < len(toks):
            continue
        lo, hi = sorted((i, trigger.token))
        if any(t.text in _CLAUSE_STOPS for t in toks[lo + 1 : hi]) or any(
                t.text in _CLAUSE_STOPS for t in toks[last + 1 : i]):
            continue
        tense = verb_tense(toks[i].text, language)
        if tense == "infn":
            tense = next((x for x in (verb_tense(t.text, language) for t in toks[max(0, i - 2) : i]) if x), "")
        if tense:
            return tense == "futr"
    return False


def _weekday_ahead(info: DateInfo | None, published: DateInfo | None) -> DateInfo | None:
    """A bare weekday read back from publication ("vendredi", taken as last Friday) names the coming one
    when the happening is ahead: "doivent se rencontrer vendredi" is next Friday."""
    if info is None or published is None or info.how != "relative" or info.precision is not DatePrecision.DAY:
        return None
    back = (published.date - info.date).days
    if 0 < back < 7:
        return DateInfo(info.date + dt.timedelta(days=7), DatePrecision.DAY, "relative")
    return None


def event_status(unit: Unit, trigger: Trigger, own_dates: Sequence[DatedSpan], date: DateInfo | None,
                 published: DateInfo | None, lexicon: Lexicon, parse: Parse | None = None) -> tuple[str, DateInfo | None]:
    """The event's status and the date it carries: a planned one the day it is announced for (None if
    the text gives none); a reported or background one ``date`` as chosen."""
    anchor = unit.tokens[trigger.token].start if unit.tokens else unit.sentence.start
    nearest = min(own_dates, key=lambda d: abs(d.start - anchor)) if own_dates else None
    if nearest is not None and nearest.future:
        return PLANNED, nearest.info
    ahead = future_verb(parse, unit, trigger, lexicon) if parse is not None and parse.tokens else \
        future_predicate(unit, trigger, lexicon.language)
    if future_cue(unit, trigger, lexicon) or ahead:
        ahead = [d for d in own_dates if d.future]
        if ahead:
            return PLANNED, min(ahead, key=lambda d: abs(d.start - anchor)).info
        return PLANNED, _weekday_ahead(nearest.info if nearest else None, published)
    if is_past_history(date, published):
        return BACKGROUND, date
    return REPORTED, date
