"""The demo articles shipped in data/samples/, and their hand-made gold events.

Each article is ``<yyyy-mm-dd>-<slug>-<lang>.txt``: the first line is the headline, then
a blank line, then paragraphs separated by blank lines. The date in the file name is the
publication date; the language is the suffix. ``gold.json`` lists the events each article
reports (see data/samples/README.md).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path

from geo.errors import InputError
from geo.paths import SAMPLES_DIR

__all__ = ["SAMPLES_DIR", "DemoArticle", "demo_articles", "demo_gold"]

_NAME = re.compile(r"^(?P<date>\d{4}-\d{2}-\d{2})-(?P<slug>[a-z0-9-]+)-(?P<lang>[a-z]{2})\.txt$")


@dataclass(frozen=True, slots=True)
class DemoArticle:
    """One demo article. ``text`` is the whole file, headline included (so offsets
    into it match the file); ``title`` is its first line."""

    path: Path
    title: str
    text: str
    language: str
    published: dt.date

    @property
    def name(self) -> str:
        return self.path.name


def demo_articles(directory: Path | str | None = None) -> list[DemoArticle]:
    """The demo articles, sorted by file name (so by date). Files not named
    ``<yyyy-mm-dd>-<slug>-<lang>.txt`` are ignored."""
    folder = Path(directory) if directory is not None else SAMPLES_DIR
    out: list[DemoArticle] = []
    for path in sorted(folder.glob("*.txt")):
        m = _NAME.match(path.name)
        if not m:
            continue
        try:
            text = path.read_text(encoding="utf-8")
            published = dt.date.fromisoformat(m.group("date"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise InputError(f"{path}: cannot read demo article: {exc}") from exc
        text = text.removeprefix("\ufeff")
        title = text.split("\n", 1)[0].strip()
        out.append(DemoArticle(path, title, text, m.group("lang"), published))
    return out


def demo_gold(directory: Path | str | None = None) -> list[dict]:
    """The gold events of the demo articles, from ``gold.json``: one dict per event with
    file, type, place, mention, country, lat, lon, date, until (ISO strings or None) and
    evidence (a verbatim extract of the article stating the event)."""
    folder = Path(directory) if directory is not None else SAMPLES_DIR
    path = folder / "gold.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"{path}: cannot read demo gold events: {exc}") from exc
    if not isinstance(data, list):
        raise InputError(f"{path}: expected a JSON list of events")
    return data
