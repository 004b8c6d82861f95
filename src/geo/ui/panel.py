"""The side panel's and the briefing's HTML for one event (pure; every string from an article escaped)."""

from __future__ import annotations

import html
import json
import re
from typing import Any, Mapping, Sequence
from urllib.parse import urlparse

from geo.ui.i18n import Translator, _
from geo.ui.mapview import TYPE_STYLE

DATE_HOW = {
    "given": _("publication date given with the article"),
    "dateline": _("the article's dateline"),
    "day-counter": _("the headline's day counter"),
    "file": _("the file's date"),
    "explicit": _("a date stated in the sentence"),
    "relative": _("a weekday or relative date in the text"),
    "context": _("a day stated in an earlier sentence of the story"),
    "publication": _("the article's publication date"),
}
PRECISIONS = {  # place and date precisions as the interface names them
    "facility": _("facility"), "settlement": _("town"), "district": _("district"), "region": _("region"),
    "country": _("country"), "continent": _("continent"), "day": _("day"), "week": _("week"),
    "month": _("month"), "year": _("year"),
}
# The parser's stages as the panel names them in "why is this dot here?" (geo.parse.explain's step names).
TRACE_STAGES = {
    "recognise": _("Found in the text"),
    "roles": _("What the words around it say"),
    "resolve": _("Which place"),
    "link": _("Which event"),
    "date": _("When"),
}
TRACE_REASONS = 3  # reasons shown per stage: the main ones, first first
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def e(value: Any) -> str:
    """Escape one value for HTML (None → '')."""
    return html.escape("" if value is None else str(value))


def md_escape(text: Any) -> str:
    """Text for a Streamlit label rendered as Markdown: every Markdown/LaTeX character backslash-escaped."""
    return _MD_SPECIAL.sub(r"\\\1", "" if text is None else str(text))


def safe_url(url: Any) -> str | None:
    """The URL if it is http(s), else None (no javascript: or data: links from an article's metadata)."""
    text = str(url or "").strip()
    return text if urlparse(text).scheme in ("http", "https") and urlparse(text).netloc else None


def event_label(row: Mapping[str, Any], tr: Translator | None = None) -> str:
    """'strike · Kropotkin · 17 Feb 2025' (Markdown-escaped, for buttons)."""
    tr = tr or Translator()
    when = tr.date(row.get("date")) or tr("undated")
    return md_escape(f"{tr.type(str(row.get('type')))} · {row.get('place')} · {when}")


GLYPH = {"triangle": "▲", "diamond": "◆", "square": "■", "circle": "●"}


def type_badge(kind: str, tr: Translator | None = None) -> str:
    """The event type with its map symbol (a glyph: st.html's sanitiser drops inline SVG shapes)."""
    tr = tr or Translator()
    style = TYPE_STYLE.get(kind, TYPE_STYLE["other"])
    return (f"<span class='ge-badge' style='border-color:{style['color']}'>"
            f"<span style='color:{style['color']}'>{GLYPH[style['shape']]}</span> {e(tr.type(kind))}</span>")


def _word(tr: Translator, value: Any) -> str:
    return tr(PRECISIONS[value]) if value in PRECISIONS else str(value or "")


def _date_line(row: Mapping[str, Any], tr: Translator) -> str:
    if not row.get("date"):
        return e(tr("undated"))
    precision = _word(tr, row.get("date_precision") or "day")
    key = str(row.get("date_how"))
    how = tr(DATE_HOW[key]) if key in DATE_HOW else str(row.get("date_how") or tr("unknown"))
    detail = tr("{precision} precision; from {how}", precision=precision, how=how)
    return f"{e(tr.date(row['date']))} <small>({e(detail)})</small>"


def _candidates(candidates: Sequence[Mapping[str, Any]], chosen_id: Any, tr: Translator) -> str:
    others = [c for c in candidates or () if c.get("id") != chosen_id][:4]
    if not others:
        return ""
    items = "".join(
        f"<li>{e(c.get('name'))} <small>{e(tr('score'))} {e(c.get('score'))} — "
        f"{e('; '.join(c.get('reasons') or []))}</small></li>"
        for c in others
    )
    return f"<div class='ge-sub'>{e(tr('Runner-up places'))}</div><ul class='ge-cands'>{items}</ul>"


def trace_section(trace: Sequence[Mapping[str, Any]] | None, tr: Translator | None = None) -> str:
    """Why the dot is here: the parser's stages, each with its decision and main reasons, in a closed
    <details> section (escaped HTML; '' when the event was stored without a trace)."""
    if not trace:
        return ""
    tr = tr or Translator()
    items = []
    for step in trace:
        stage = str(step.get("stage") or "")
        name = tr(TRACE_STAGES[stage]) if stage in TRACE_STAGES else stage
        reasons = [str(r) for r in step.get("reasons") or []][:TRACE_REASONS]
        why = f"<br><small>{'<br>'.join(e(r) for r in reasons)}</small>" if reasons else ""
        items.append(f"<li><b>{e(name)}</b>: {e(step.get('decision'))}{why}</li>")
    return (f"<details class='ge-trace'><summary>{e(tr('Why is this dot here?'))}</summary>"
            f"<ol>{''.join(items)}</ol></details>")


def event_card(row: Mapping[str, Any], article: Mapping[str, Any] | None = None,
               tr: Translator | None = None, trace: Sequence[Mapping[str, Any]] | None = None) -> str:
    """The selected event: headline, type, date, place (with why), quote and source, as escaped HTML; with
    ``trace`` (Store.trace), the parser's reasons in a collapsible section."""
    tr = tr or Translator()
    article = article or {}
    conflicts = "".join(f"<div class='ge-conflict'>⚠ {e(c)}</div>" for c in row.get("conflicts") or [])
    place_bits = [row.get("place"), row.get("admin1"), row.get("country")]
    place = ", ".join(e(p) for p in place_bits if p)
    mention = row.get("mention_text")
    said = (f" <small>({e(tr('the text says “{mention}”', mention=mention))})</small>"
            if mention and mention != row.get("place") else "")
    url = safe_url(article.get("url"))
    title = article.get("title") or row.get("headline") or ""
    source = (f"<a href='{e(url)}' target='_blank' rel='noopener noreferrer'>{e(url)}</a>" if url
              else e(article.get("url") or article.get("source") or tr("no URL recorded")))
    published = (f" · {e(tr('published {date}', date=tr.date(article['published'])))}"
                 if article.get("published") else "")
    facts = tr("precision {precision} · confidence {confidence}", precision=_word(tr, row.get("precision")),
               confidence=tr.pct(float(row.get("confidence") or 0)))
    return (
        f"<div class='ge-card'>"
        f"<div class='ge-headline'>{e(row.get('headline') or title)}</div>"
        f"<div>{type_badge(str(row.get('type')), tr)} · {_date_line(row, tr)}</div>"
        f"<blockquote class='ge-quote'>{e(row.get('sentence'))}</blockquote>"
        f"<div class='ge-sub'>{e(tr('Place'))}</div>"
        f"<div>{place}{said}</div>"
        f"<div><small>{tr.num(float(row['lat']), 4)}, {tr.num(float(row['lon']), 4)} · {e(facts)}</small></div>"
        f"{conflicts}{_candidates(row.get('candidates') or [], row.get('place_id'), tr)}"
        f"{trace_section(trace, tr)}"
        f"<div class='ge-sub'>{e(tr('Source'))}</div><div>{e(title)}{published}<br>{source}</div>"
        f"</div>"
    )


def briefing_card(row: Mapping[str, Any], article: Mapping[str, Any] | None, step: int, total: int,
                  tr: Translator | None = None) -> str:
    """One briefing step in large type: where, when, what, the quote and the source."""
    tr = tr or Translator()
    article = article or {}
    url = safe_url(article.get("url"))
    source = e(article.get("title") or row.get("headline") or "")
    if url:
        source += f"<br><small>{e(url)}</small>"
    where = ", ".join(e(p) for p in (row.get("place"), row.get("admin1"), row.get("country")) if p)
    when = tr.date(row.get("date"), "long") or tr("undated")
    return (
        f"<div class='ge-brief'>"
        f"<div class='ge-brief-step'>{tr.num(step + 1)} / {tr.num(total)}</div>"
        f"<div class='ge-brief-where'>{where}</div>"
        f"<div class='ge-brief-when'>{e(when)} · {type_badge(str(row.get('type')), tr)}</div>"
        f"<blockquote class='ge-brief-quote'>{e(row.get('sentence'))}</blockquote>"
        f"<div class='ge-brief-source'>{source}</div>"
        f"</div>"
    )


PANEL_CSS = """<style>
.ge-card { font-size: .95rem; line-height: 1.45; }
.ge-headline { font-size: 1.15rem; font-weight: 650; margin-bottom: .3rem; }
.ge-badge { display: inline-flex; align-items: center; gap: 2px; border: 1.5px solid; border-radius: 10px;
  padding: 0 .5rem; font-size: .85rem; }
.ge-quote { margin: .5rem 0; padding: .4rem .7rem; border-left: 4px solid #e0b400; background: #fff8d6; }
.ge-sub { font-weight: 600; margin-top: .5rem; font-size: .8rem; text-transform: uppercase; color: #666; }
.ge-conflict { color: #8a1c1c; background: #fdecec; padding: .25rem .5rem; border-radius: 4px; margin-top: .3rem; }
.ge-cands { margin: 0; padding-left: 1.1rem; font-size: .85rem; }
.ge-trace { margin-top: .5rem; font-size: .85rem; }
.ge-trace summary { cursor: pointer; font-weight: 600; color: #444; }
.ge-trace ol { margin: .2rem 0 0; padding-left: 1.3rem; }
.ge-brief { font-size: 1.6rem; line-height: 1.4; }
.ge-brief-step { color: #555; font-size: 1.6rem; font-weight: 600; font-variant-numeric: tabular-nums; }
.ge-brief-where { font-size: 3rem; font-weight: 750; line-height: 1.15; margin: .3rem 0; }
.ge-brief-when { font-size: 2rem; }
.ge-brief-when .ge-badge { font-size: 1.4rem; }
.ge-brief-quote { font-size: 1.9rem; line-height: 1.35; margin: .8rem 0; padding: .6rem 1rem;
  border-left: 8px solid #e0b400; background: #fff8d6; }
.ge-brief-source { color: #444; font-size: 1.2rem; }
</style>"""

# Briefing on a screen: no sidebar or app chrome, larger buttons.
BRIEFING_CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stSidebarNav"],
header[data-testid="stHeader"], [data-testid="stToolbar"] { display: none !important; }
[data-testid="stMainBlockContainer"] { padding-top: 1.2rem; max-width: 100%; }
.st-key-brief_prev button p, .st-key-brief_next button p, .st-key-brief_exit button p { font-size: 1.2rem; }
</style>"""

# Ours (no article text): ← and → press the briefing's buttons, Esc leaves; ignored while typing.
BRIEFING_KEYS = """<script>
(function () {
  if (window.__geoBriefingKeys) { return; }
  window.__geoBriefingKeys = true;
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.isContentEditable)) {
      return;
    }
    // Space and the page keys too: presentation clickers send PageDown / PageUp.
    var key = {ArrowRight: "brief_next", ArrowLeft: "brief_prev", " ": "brief_next", PageDown: "brief_next",
               PageUp: "brief_prev", Escape: "brief_exit"}[event.key];
    var button = key && document.querySelector(".st-key-" + key + " button");
    if (button && !button.disabled) { event.preventDefault(); button.click(); }
  });
})();
</script>"""


def share_box(url: str, tr: Translator | None = None) -> str:
    """The link to this view in a read-only field, with a Copy button (our script; the URL is escaped)."""
    tr = tr or Translator()
    copy, copied = json.dumps(tr("Copy link")), json.dumps(tr("Copied"))
    return (
        "<div class='ge-share'>"
        f"<input class='ge-share-url' readonly value='{e(url)}' aria-label='{e(tr('Link to this view'))}'>"
        f"<button class='ge-share-copy' type='button'>{e(tr('Copy link'))}</button></div>"
        "<script>(function(){var boxes=document.querySelectorAll('.ge-share');"
        "boxes.forEach(function(box){var b=box.querySelector('button'),i=box.querySelector('input');"
        "if(b.dataset.ready){return;}b.dataset.ready='1';i.addEventListener('focus',function(){i.select();});"
        "b.addEventListener('click',function(){i.select();"
        "var done=function(){b.textContent=" + copied + ";setTimeout(function(){b.textContent=" + copy + ";},1500);};"
        "if(navigator.clipboard&&window.isSecureContext){navigator.clipboard.writeText(i.value).then(done);}"
        "else{document.execCommand('copy');done();}});});})();</script>"
    )


SHARE_CSS = """<style>
.ge-share { display: flex; gap: .3rem; }
.ge-share-url { flex: 1; min-width: 0; font: .8rem ui-monospace, monospace; padding: .3rem; border: 1px solid #ccc;
  border-radius: .3rem; background: #fafafa; }
.ge-share-copy { border: 1px solid #ccc; border-radius: .3rem; background: #fff; padding: .2rem .5rem;
  cursor: pointer; font-size: .8rem; }
</style>"""

# Exploring on a wall screen: less empty space above the map; the panel's toggle sits at its top right.
EXPLORE_CSS = """<style>
[data-testid="stMainBlockContainer"] { padding-top: 3.2rem; padding-bottom: 1rem; max-width: 100%; }
.st-key-panel_toggle { text-align: right; }
</style>"""
