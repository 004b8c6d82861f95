"""A parse of the clean text, mapped back onto the text as given: offsets, and every slice shown.

The stages read ``geo.parse.text.normalise(text).clean`` (HTML entities decoded, odd spaces and apostrophes
made plain); users, the store and the GeoJSON want offsets and slices of what they gave.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Sequence

from geo.model import Event, Mention, Sentence
from geo.parse.text import Normalised

if TYPE_CHECKING:
    from geo.parse.pipeline import ParseResult


def as_given(result: ParseResult, norm: Normalised, original: str, *,
             title_span: tuple[int, int] | None = None) -> ParseResult:
    """A result found in ``norm.clean``, its offsets mapped into ``original`` and every shown slice taken from it.

    ``title_span`` is where in the clean text the title was read, None when it was given.
    """
    clean = result.text
    sentences = {s: _sentence_to_original(s, norm, original) for s in result.sentences}
    mentions = {id(m): _mention_to_original(m, norm, original, _facility_span(m, result.sentences, clean))
                for m in result.mentions}
    # A headline is a headline sentence's text, or the title: strings without offsets, looked up by text.
    shown = {s.text: mapped.text for s, mapped in sentences.items() if s.is_headline}
    title = result.title
    if title_span is not None:
        start, end = norm.to_original(*title_span)
        shown[title] = title = original[start:end]

    def sentence(s: Sentence) -> Sentence:
        return sentences.get(s) or _sentence_to_original(s, norm, original)

    def mention(m: Mention | None) -> Mention | None:
        if m is None:
            return None
        return mentions.get(id(m)) or _mention_to_original(m, norm, original,
                                                           _facility_span(m, result.sentences, clean))

    same = norm.edits is None and clean == original

    def actors(e: Event) -> list[str]:
        # Names cut from the event's sentences, without offsets: found again there.
        if same:
            return list(e.actors)
        return [_as_given(a, [(s.start, s.end) for s in e.sentences], clean, norm, original) for a in e.actors]

    def event(e: Event) -> Event:
        return replace(e, sentences=[sentence(s) for s in e.sentences], mention=mention(e.mention),
                       headline=shown.get(e.headline, e.headline), actors=actors(e))

    return replace(result, text=original, title=title, sentences=list(sentences.values()),
                   mentions=list(mentions.values()), events=[event(e) for e in result.events],
                   other_events=[event(e) for e in result.other_events])


def _as_given(piece: str, spans: Sequence[tuple[int, int]], clean: str, norm: Normalised, original: str) -> str:
    """A string cut from one of these spans of the clean text, as the text given has it (else as it is)."""
    for lo, hi in spans:
        at = clean.find(piece, lo, hi)
        if at >= 0:
            start, end = norm.to_original(at, at + len(piece))
            return original[start:end]
    return piece


def _sentence_to_original(s: Sentence, norm: Normalised, original: str) -> Sentence:
    start, end = norm.to_original(s.start, s.end)
    return replace(s, start=start, end=end, text=original[start:end])


def _facility_span(m: Mention, sentences: Sequence[Sentence], clean: str) -> tuple[int, int] | None:
    """Where the mention's facility phrase stands in the clean text: the nearest before the name in its
    sentence ("raffinerie d'Ilsky", "celle d'Andreapol"), else after it ("the Ilsky oil refinery")."""
    if not m.facility:
        return None
    lo, hi = (sentences[m.sentence].start, sentences[m.sentence].end) if 0 <= m.sentence < len(sentences) \
        else (0, len(clean))
    at = clean.rfind(m.facility, lo, m.start)
    if at < 0:
        at = clean.find(m.facility, m.end, hi)
    return (at, at + len(m.facility)) if at >= 0 else None


def _mention_to_original(m: Mention, norm: Normalised, original: str,
                         facility: tuple[int, int] | None = None) -> Mention:
    start, end = norm.to_original(m.start, m.end)
    changes: dict[str, object] = {"start": start, "end": end, "text": original[start:end]}
    if facility is not None:  # the phrase has no offsets of its own: shown as given, like the name
        f_start, f_end = norm.to_original(*facility)
        changes["facility"] = original[f_start:f_end]
    if m.listed >= 0:  # a list's number is its first name's offset: map it like one
        changes["listed"] = norm.original_start(m.listed)
    if m.within >= 0:
        changes["within"] = norm.original_start(m.within)
    return replace(m, **changes)
