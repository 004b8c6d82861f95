"""Paragraphs and the models' analyses → sentence units with tokens and entities in article offsets."""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections import deque
from typing import Iterable, Iterator, Sequence

from geo.model import Sentence
from geo.parse.nlp import Analysis, Token, _word
from geo.parse.recognize import Unit
from geo.parse.text import Paragraph


def build_units(paras: list[Paragraph], analyses: Iterable[Analysis], original: str | None = None) -> list[Unit]:
    """Sentences with tokens and entities in article offsets; sentence text as given in ``original``."""
    units: list[Unit] = []
    window = Window()
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
            tokens = Tokens(analysis.tokens[bisect_left(token_starts, s_start) : bisect_left(token_starts, s_end)],
                            para.text, para.start, window)
            ents = [e.__class__(e.start + para.start, e.end + para.start, e.label)
                    for e in analysis.entities[bisect_left(entity_starts, s_start) : bisect_left(entity_starts, s_end)]]
            units.append(Unit(len(units), sentence, tokens, ents, analysis.has_ner))
    return units


# Sentences whose Token objects are kept at once: some 30 tokens each, a few MB at most. An article of
# fewer sentences keeps all of them; a longer one keeps those read last (each stage reads in text order).
WINDOW_UNITS = 2_000


class Window:
    """The sentences of one article whose tokens are held as objects; beyond the limit, those made
    longest ago are dropped (and made again if read again)."""

    __slots__ = ("_held", "limit")

    def __init__(self, limit: int = WINDOW_UNITS) -> None:
        self.limit = limit
        self._held: deque[Tokens] = deque()

    def hold(self, tokens: Tokens) -> None:
        """Keep ``tokens``' objects, dropping those made longest ago beyond the limit."""
        self._held.append(tokens)
        if len(self._held) > self.limit:
            self._held.popleft()._made = None


class Tokens(Sequence[Token]):
    """A sentence's tokens, in article offsets, kept as offsets into their paragraph and made into Token
    objects when read: a long text's sentences do not each hold their tokens' objects for the whole parse
    (about 140 bytes a token), only the window of those read last does."""

    __slots__ = ("_base", "_made", "_spans", "_text", "_window")

    def __init__(self, tokens: Sequence[Token], text: str, base: int, window: Window) -> None:
        """``tokens`` with offsets into ``text``, the paragraph that starts at article offset ``base``."""
        self._spans = array("i", [x for t in tokens for x in (t.start, t.end)])
        self._text = text
        self._base = base
        self._window = window
        self._made: list[Token] | None = None

    def _tokens(self) -> list[Token]:
        made = self._made
        if made is None:
            spans, text, base = self._spans, self._text, self._base
            made = self._made = [_token_at(base, spans[i], spans[i + 1], text) for i in range(0, len(spans), 2)]
            self._window.hold(self)
        return made

    def __getitem__(self, i):  # type: ignore[override]
        return self._tokens()[i]

    def __iter__(self) -> Iterator[Token]:
        return iter(self._tokens())

    def __len__(self) -> int:
        return len(self._spans) // 2

    def __eq__(self, other: object) -> bool:
        return list(self) == list(other) if isinstance(other, Sequence) else NotImplemented

    def __repr__(self) -> str:
        return repr(self._tokens())


def _token_at(base: int, start: int, end: int, text: str) -> Token:
    word, key, upper = _word(text[start:end])
    return Token(base + start, base + end, word, key, upper)


def unit_at(units: list[Unit], offset: int) -> int:
    """The index of the unit holding an offset, or -1."""
    for u in units:
        if u.sentence.start <= offset < u.sentence.end + 1:
            return u.index
    return -1
