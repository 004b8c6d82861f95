"""Rebuild the plain text of the development set's articles from where they were retrieved (run by hand once).

Two sources, both Wikinews (CC BY 2.5):
- GUM (github amir-zeldes/gum, dep/GUM_news_*.conllu): each sentence's "# text =" line, paragraphs at "# newpar";
- the French Wikinews keyphrase corpus (github boudinfl/wikinews-2013-pre, src/WikinewsKeyphraseCorpus-master.zip,
  documents/<page id>.html): <h1> and <p> elements.
The text written is the headline, a blank line, then the body's paragraphs separated by blank lines. Nothing is
reworded; only markup is dropped and whitespace normalised.

    python scripts/devset_import.py gum FILE.conllu OUT.txt
    python scripts/devset_import.py frwikinews FILE.html OUT.txt
"""

from __future__ import annotations

import html
import re
import sys
from html.parser import HTMLParser
from pathlib import Path


def from_conllu(text: str) -> str:
    """Paragraphs of a GUM .conllu file: sentences' text joined by spaces, paragraphs by blank lines."""
    paragraphs: list[list[str]] = []
    for line in text.splitlines():
        if line.startswith("# newpar") and not line.startswith("# newpar_block"):
            paragraphs.append([])
        elif line.startswith("# text = "):
            if not paragraphs:
                paragraphs.append([])
            paragraphs[-1].append(line[len("# text = "):].strip())
    return "\n\n".join(" ".join(p) for p in paragraphs if p) + "\n"


class _Blocks(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._open = False

    def handle_starttag(self, tag, attrs):
        if tag in ("h1", "p"):
            self.blocks.append("")
            self._open = True

    def handle_endtag(self, tag):
        if tag in ("h1", "p"):
            self._open = False

    def handle_data(self, data):
        if self._open:
            self.blocks[-1] += data


def from_html(text: str) -> str:
    """<h1> and <p> elements of a keyphrase-corpus page, whitespace collapsed, blocks separated by blank lines."""
    parser = _Blocks()
    parser.feed(text)
    blocks = [re.sub(r"\s+", " ", html.unescape(b)).strip() for b in parser.blocks]
    return "\n\n".join(b for b in blocks if b) + "\n"


def main(argv: list[str]) -> int:
    kind, source, out = argv
    raw = Path(source).read_text(encoding="utf-8")
    text = from_conllu(raw) if kind == "gum" else from_html(raw)
    Path(out).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
