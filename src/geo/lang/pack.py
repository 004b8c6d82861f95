"""A language pack: everything the parser knows of one language, read from data/lang/<code>/.

Adding a language is adding a folder (see data/lang/README.md) and, where one exists, a model name in
geo.parse.nlp. The code holds no words of any language: it asks a pack, or all packs, by category.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from geo.lang.names import fold
from geo.lang.tsv import read_tsv
from geo.paths import LANG_DIR

Phrase = tuple[str, ...]


def phrase(text: str) -> Phrase:
    """A word or phrase as the matchers see it: folded words."""
    return tuple(fold(text).split())


@dataclass(frozen=True)
class LanguagePack:
    """One language's data: function words, event triggers, place context, facility nouns, date words."""

    code: str
    directory: Path

    def rows(self, name: str) -> list[dict[str, str]]:
        """The rows of one of the pack's TSV files (none if the pack lacks it)."""
        return read_tsv(self.directory / name)

    def function_words(self) -> dict[str, frozenset[Phrase]]:
        """Category (determiner, joiner, auxiliary, ...) -> folded phrases (function_words.tsv)."""
        out: dict[str, set[Phrase]] = {}
        for row in self.rows("function_words.tsv"):
            out.setdefault(row["category"], set()).add(phrase(row["word"]))
        return {category: frozenset(words) for category, words in out.items()}

    def dates(self) -> dict[str, Any] | None:
        """The date grammar of dates.toml (month and weekday names, relative phrases), or None."""
        path = self.directory / "dates.toml"
        if not path.is_file():
            return None
        with path.open("rb") as f:
            return tomllib.load(f)


def available(directory: Path = LANG_DIR) -> tuple[str, ...]:
    """The codes of the language packs present, sorted."""
    return tuple(sorted(p.name for p in directory.iterdir() if p.is_dir() and not p.name.startswith(".")))


@lru_cache(maxsize=16)
def pack(code: str, directory: Path = LANG_DIR) -> LanguagePack | None:
    """The pack of one language, or None when there is no folder for it."""
    folder = directory / code
    return LanguagePack(code, folder) if folder.is_dir() else None


@lru_cache(maxsize=64)
def words(category: str, directory: Path = LANG_DIR) -> frozenset[str]:
    """A category's entries in every pack as token keys (folded; "region's" is one key, "region s"): cues
    that hold whichever language a sentence is in."""
    return frozenset(" ".join(p) for p in phrases(category, directory))


@lru_cache(maxsize=64)
def phrases(category: str, directory: Path = LANG_DIR) -> frozenset[Phrase]:
    """Words and phrases of a category in every pack, as folded word tuples."""
    out: set[Phrase] = set()
    for code in available(directory):
        out |= pack(code, directory).function_words().get(category, frozenset())
    return frozenset(out)
