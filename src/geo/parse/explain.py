"""``--explain``: each stage's decision on a mention or an event, with its main reasons, read off what the
stages recorded (source, role, candidates and their scored reasons, trigger, date and how it was known)."""

from __future__ import annotations

from typing import Sequence

from geo.model import Event, Mention, Role
from geo.parse.doc import Step

TOP_CANDIDATES = 3


def trace(mentions: Sequence[Mention], events: Sequence[Event]) -> None:
    """Attach a trace to every mention and event (in place)."""
    for m in mentions:
        m.trace = mention_trace(m)
    for e in events:
        e.trace = event_trace(e)


def mention_trace(m: Mention) -> list[Step]:
    """recognise → roles → resolve for one mention."""
    found = [f"found by {m.source}"] + ([f"facility noun: {m.facility}"] if m.facility else [])
    if m.kind != "toponym":
        found.append(f"kind: {m.kind}")
    cues = [f"role: {Role(m.role).value}" if m.role else "no cue word around it"]
    cues += ["inside quotation marks"] * m.quoted + ["a region word names it"] * m.region_word
    cues += ["one of a list of names"] * (m.listed >= 0)
    steps = [Step("recognise", f"{m.text!r} names a place", found), Step("roles", cues[0], cues[1:])]
    if m.place is None:
        steps.append(Step("resolve", "no gazetteer place", ["no candidate held up"] if m.candidates else ["no candidate"]))
        return steps
    ranked = sorted(m.candidates, key=lambda c: -c.score)[:TOP_CANDIDATES]
    reasons = [f"{c.place.label} ({c.place.kind.value}, pop. {c.place.population:,}): score {c.score:.2f}"
               + (f" — {'; '.join(c.reasons)}" if c.reasons else "") for c in ranked]
    reasons += [f"confidence {m.confidence:.2f}"] + [f"conflict: {c}" for c in m.conflicts]
    steps.append(Step("resolve", f"{m.place.label}", reasons))
    return steps


def event_trace(e: Event) -> list[Step]:
    """The mention's steps, then link and date for one event."""
    steps = list(e.mention.trace) if e.mention is not None and e.mention.trace else []
    why = [f"trigger word: {e.trigger!r}" if e.trigger else "no trigger word: placed from the dateline"]
    if e.mention is not None:
        role = Role(e.mention.role).value
        why.append(f"where: {e.mention.text!r}" + (f" ({role})" if role else ""))
    why += [f"precision: {e.precision.value}", f"confidence {e.confidence:.2f}"] + [f"conflict: {c}" for c in e.conflicts]
    steps.append(Step("link", f"{e.type.value} at {e.place.label}", why))
    if e.date is None:
        steps.append(Step("date", "undated", ["no date in the sentence and no publication date"]))
    else:
        steps.append(Step("date", e.date.date.isoformat(), [f"how: {e.date.how}", f"precision: {e.date.precision.value}"]))
    return steps
