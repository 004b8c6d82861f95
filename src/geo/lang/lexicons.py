"""A language's lexicon for the parser, from its pack (data/lang/<code>/): event triggers, place-context words, facility nouns."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from geo.lang.names import fold
from geo.lang.pack import available, pack
from geo.model import EventType
from geo.paths import LANG_DIR


@dataclass(frozen=True)
class TermList:
    """Single- and multi-word terms, exact or prefix (``word*``), matched on folded words."""

    exact: dict[tuple[str, ...], str] = field(default_factory=dict)
    prefixes: tuple[tuple[str, str], ...] = ()
    _words: dict[str, str | None] = field(default_factory=dict, compare=False, repr=False)
    # First words of the multi-word terms: any other word can only be a term alone.
    _heads: frozenset[str] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_heads", frozenset(k[0] for k in self.exact if len(k) > 1))

    def match(self, words: list[str], i: int) -> tuple[int, str] | None:
        """Length (in words) and value of the longest term starting at words[i], if any."""
        if words[i] in self._heads:
            for n in (3, 2):
                key = tuple(words[i : i + n])
                if len(key) == n and key in self.exact:
                    return n, self.exact[key]
        value = self.word(words[i])
        return (1, value) if value is not None else None

    def word(self, w: str) -> str | None:
        """The value of a single word (exact or by prefix), remembered: news reuses its words."""
        if w not in self._words:
            value = self.exact.get((w,))
            if value is None:
                value = next((v for prefix, v in self.prefixes if w.startswith(prefix)), None)
            self._words[w] = value
        return self._words[w]


TRIGGER_STRENGTHS = ("weak", "", "strong")
# Context roles whose phrases hold in any language: names of media and of things named after a place.
SHARED_ROLES = ("media", "eponym")


def _term_list(rows: list[tuple[str, str]]) -> TermList:
    exact: dict[tuple[str, ...], str] = {}
    prefixes: list[tuple[str, str]] = []
    for term, value in rows:
        key = fold(term).strip()
        if key.endswith("*"):
            prefixes.append((key[:-1], value))
        else:
            exact[tuple(key.split())] = value
    # Longest prefixes first, so "contre-offensive" wins over "contre".
    prefixes.sort(key=lambda p: -len(p[0]))
    return TermList(exact, tuple(prefixes))


@dataclass(frozen=True)
class Lexicon:
    """Everything one language needs to find events and read place context."""

    language: str
    triggers: TermList
    strengths: TermList  # trigger term -> "weak", "strong" or "" (event_triggers.tsv, column strength)
    facilities: TermList
    context: dict[str, tuple[tuple[str, ...], ...]]  # role -> phrases (folded word tuples)

    @cached_property
    def context_by_last_word(self) -> dict[str, dict[str, tuple[tuple[str, ...], ...]]]:
        """Last word -> role -> the phrases of ``context`` ending with it, in their order: the words
        before a name can only end with a phrase that ends with their last word."""
        out: dict[str, dict[str, list[tuple[str, ...]]]] = defaultdict(lambda: defaultdict(list))
        for role, phrases in self.context.items():
            for phrase in phrases:
                if phrase:
                    out[phrase[-1]][role].append(phrase)
        return {w: {role: tuple(p) for role, p in roles.items()} for w, roles in out.items()}


@lru_cache(maxsize=8)
def shared_words(role: str, directory: Path = LANG_DIR) -> frozenset[str]:
    """The first words of a role's phrases in every pack's context.tsv (folded), for a role that holds in every
    language (SHARED_ROLES: media, eponym): what a language without a pack of its own still knows ("Times")."""
    phrases = (fold(r["phrase"]).split() for code in available(directory)
               for r in pack(code, directory).rows("context.tsv") if r["role"] == role)
    return frozenset(p[0] for p in phrases if p)


@lru_cache(maxsize=8)
def lexicon(language: str, directory: Path = LANG_DIR) -> Lexicon | None:
    """The lexicon of a language, from its pack's event_triggers, facilities and context files; None without triggers."""
    lang = pack(language, directory)
    rows = lang.rows("event_triggers.tsv") if lang else []
    if not rows:
        return None
    triggers = [(r["term"], r["type"]) for r in rows]
    strengths = [(r["term"], r.get("strength", "")) for r in rows]
    for r, (term, strength) in zip(rows, strengths):
        EventType(r["type"])  # a typo in the data file fails here, naming the value
        if strength not in TRIGGER_STRENGTHS:
            raise ValueError(f"event_triggers.tsv: strength {strength!r} of {term!r} is not weak, strong or blank")
    facilities = [(r["term"], "facility") for r in lang.rows("facilities.tsv")]
    context: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for code in available(directory):
        for r in pack(code, directory).rows("context.tsv"):
            # Newspapers and viruses keep their names across languages ("le New York Times", "le Marburg virus").
            if code == language or r["role"] in SHARED_ROLES:
                context[r["role"]].append(tuple(fold(r["phrase"]).split()))
    return Lexicon(
        language,
        _term_list(triggers),
        _term_list(strengths),
        _term_list(facilities),
        {role: tuple(sorted(p, key=len, reverse=True)) for role, p in context.items()},
    )
