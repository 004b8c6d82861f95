"""Paragraphs and the models' analyses → sentence units with tokens and entities in article offsets."""

from __future__ import annotations

from bisect import bisect_left

from geo.model import Sentence
from geo.parse.nlp import Analysis
from geo.parse.recognize import Unit
from geo.parse.text import Paragraph


def build_units(paras: list[Paragraph], analyses: list[Analysis], original: str | None = None) -> list[Unit]:
    """Sentences with tokens and entities in article offsets; sentence text as given in ``original``."""
    units: list[Unit] = []
    for para, analysis in zip(paras, analyses):
        # Tokens and entities come in text order: each sentence takes its slice, found by bisection,
        # rather than scanning the paragraph's tokens once per sentence.
        token_starts = [t.start for t in analysis.tokens]
        entity_starts = [e.start for e in analysis.entities]
        for s_start, s_end in analysis.sentences:
            chunk = para.text[s_start:s_end]
            lead = len(chunk) - len(chunk.lstrip())
            chunk = chunk.strip()
            if not chunk:
                continue
            start = para.start + s_start + lead
            end = start + len(chunk)
            shown = original[start:end] if original is not None else chunk
            sentence = Sentence(start, end, shown, para.index, para.section, para.is_headline)
            tokens = [t.__class__(t.start + para.start, t.end + para.start, t.text, t.key, t.upper)
                      for t in analysis.tokens[bisect_left(token_starts, s_start) : bisect_left(token_starts, s_end)]]
            ents = [e.__class__(e.start + para.start, e.end + para.start, e.label)
                    for e in analysis.entities[bisect_left(entity_starts, s_start) : bisect_left(entity_starts, s_end)]]
            units.append(Unit(len(units), sentence, tokens, ents, analysis.has_ner))
    return units


def unit_at(units: list[Unit], offset: int) -> int:
    """The index of the unit holding an offset, or -1."""
    for u in units:
        if u.sentence.start <= offset < u.sentence.end + 1:
            return u.index
    return -1
