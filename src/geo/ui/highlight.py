"""An article's text as HTML with the event's sentence and place name marked; every piece of text escaped."""

from __future__ import annotations

import html
from typing import Sequence

Span = tuple[int, int] | None

_STYLE = """
body { font: 15px/1.55 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; padding: 0 .4rem;
       color: #1f2328; background: #fff; }
.article { white-space: pre-wrap; overflow-wrap: anywhere; }
mark.sentence { background: #fff3b0; padding: .05em 0; border-radius: 2px; }
mark.place { background: #ffd166; font-weight: 600; padding: 0 .1em; border-radius: 2px;
             outline: 1px solid #c98f00; }
"""

# Ours, not the article's: scrolls this frame (only: scrollIntoView would scroll the whole app page too) so that
# the marked sentence sits a third of the way down.
_SCROLL = ("<script>window.addEventListener('load',function(){var m=document.getElementById('hl');"
           "if(m){window.scrollTo(0,m.getBoundingClientRect().top+window.scrollY-window.innerHeight/3);}});"
           "</script>")


def _span(span: Span, length: int) -> tuple[int, int] | None:
    """A span clamped to the text; None when missing or empty."""
    try:
        start, end = max(0, int(span[0])), min(length, int(span[1]))  # type: ignore[index]
    except (TypeError, ValueError):  # None, or NaN from a DataFrame column with missing values
        return None
    return (start, end) if start < end else None


def render(text: str, sentence_span: Span, mention_span: Span = None) -> str:
    """The text as escaped HTML: the sentence in <mark class="sentence" id="hl">, the place in <mark class="place">."""
    sentence = _span(sentence_span, len(text))
    mention = _span(mention_span, len(text))
    cuts = sorted({0, len(text), *(sentence or ()), *(mention or ())})
    out: list[str] = []
    for start, end in zip(cuts, cuts[1:]):
        piece = html.escape(text[start:end])
        if mention and mention[0] <= start and end <= mention[1]:
            piece = f'<mark class="place">{piece}</mark>'
        if sentence and sentence[0] <= start and end <= sentence[1]:
            # The id goes on the first piece of the sentence only: scrolling targets its start.
            mark_id = ' id="hl"' if start == sentence[0] else ""
            piece = f'<mark class="sentence"{mark_id}>{piece}</mark>'
        out.append(piece)
    return "".join(out)


def page(text: str, sentence_span: Span, mention_span: Span = None, *, title: str = "",
         notes: Sequence[str] = ()) -> str:
    """A whole HTML document for an iframe: title, the highlighted text, scrolled to the sentence."""
    head = f"<h3>{html.escape(title)}</h3>" if title else ""
    extra = "".join(f"<p><small>{html.escape(n)}</small></p>" for n in notes)
    return (f"<!doctype html><html><head><meta charset='utf-8'><style>{_STYLE}</style></head><body>{head}"
            f"<div class='article'>{render(text, sentence_span, mention_span)}</div>{extra}{_SCROLL}</body></html>")
