"""The article text with the event's sentence and place marked, and the panel's cards: always escaped."""

import re

import pytest

from geo.ui import highlight, panel

TEXT = "Titre <script>alert(1)</script>\n\nLa frappe sur Ilsky & <img src=x onerror=alert(2)> a eu lieu. Fin."


def spans():
    start = TEXT.index("La frappe")
    end = TEXT.index(" Fin.")
    place = TEXT.index("Ilsky")
    return (start, end), (place, place + len("Ilsky"))


def test_sentence_and_place_are_marked():
    sentence, place = spans()
    out = highlight.render(TEXT, sentence, place)
    assert '<mark class="place">Ilsky</mark>' in out
    marked = re.findall(r'<mark class="sentence"[^>]*>(.*?)</mark>(?=[^<]|$)', out)
    assert out.count('id="hl"') == 1 and out.index('id="hl"') < out.index("Ilsky")
    assert "La frappe sur " in marked[0]


def test_everything_from_the_article_is_escaped():
    sentence, place = spans()
    out = highlight.render(TEXT, sentence, place)
    assert "<script>" not in out and "<img" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out and "&lt;img src=x onerror=alert(2)&gt;" in out
    assert "&amp;" in out
    # Nothing is lost: without the tags, the text reads as the article.
    import html
    assert html.unescape(re.sub(r"</?mark[^>]*>", "", out)) == TEXT


@pytest.mark.parametrize("sentence, place", [(None, None), ((None, None), (float("nan"), 3)), ((5, 5), (9, 2)),
                                             ((-10, 10_000), (0, 10_000))])
def test_missing_or_odd_spans_never_break(sentence, place):
    out = highlight.render(TEXT, sentence, place)
    assert "<script>" not in out and "alert(1)" in out


def test_a_place_outside_the_sentence_is_still_marked():
    out = highlight.render("Kyiv. Then Paris.", (6, 17), (0, 4))
    assert out.startswith('<mark class="place">Kyiv</mark>.')
    assert '<mark class="sentence" id="hl">Then Paris.</mark>' in out


def test_page_scrolls_to_the_sentence_and_escapes_the_title():
    sentence, place = spans()
    page = highlight.page(TEXT, sentence, place, title="<b>Titre</b>", notes=["<i>n</i>"])
    assert page.count("<script>") == 1 and "getElementById('hl')" in page and "scrollIntoView" not in page
    assert "&lt;b&gt;Titre&lt;/b&gt;" in page and "&lt;i&gt;n&lt;/i&gt;" in page


# ------------------------------------------------------------------ the panel's cards

ROW = {
    "id": "e1", "type": "strike", "date": "2025-02-17", "date_precision": "day", "date_how": "explicit",
    "place": "Il’skiy", "admin1": "Krasnodar Krai", "country": "RU", "lat": 44.84222, "lon": 38.56686,
    "precision": "facility", "confidence": 0.99, "conflicts": ["text says <b>X</b>, gazetteer says Y"],
    "sentence": "La frappe sur <img src=x onerror=alert(1)> Ilsky.", "headline": "<script>alert(2)</script>",
    "mention_text": "Ilsky", "place_id": 1,
    "candidates": [{"id": 1, "name": "Il’skiy"}, {"id": 2, "name": "<svg onload=alert(3)>", "score": 0.4,
                                                   "reasons": ["<u>r</u>"]}],
}


def test_event_card_shows_everything_escaped():
    card = panel.event_card(ROW, {"url": "javascript:alert(4)", "title": "<em>T</em>", "published": "2025-02-18"})
    for raw in ("<img", "<script>", "<svg onload", "<b>X", "<u>", "<em>", "href='javascript"):
        assert raw not in card
    for shown in ("Il’skiy, Krasnodar Krai, RU", "44.8422, 38.5669", "facility", "99%",
                  "a date stated in the sentence",
                  "&lt;svg onload=alert(3)&gt;", "text says &lt;b&gt;X&lt;/b&gt;", "the text says “Ilsky”"):
        assert shown in card, shown
    assert "Il’skiy</li>" not in card  # the chosen place is not a runner-up


def test_event_card_links_only_http_urls():
    card = panel.event_card(ROW, {"url": "https://example.org/a?b=1&c=<2>"})
    assert "<a href='https://example.org/a?b=1&amp;c=&lt;2&gt;'" in card and 'rel=\'noopener noreferrer\'' in card
    assert panel.safe_url("data:text/html,x") is None and panel.safe_url("http://") is None


def test_briefing_card_is_escaped():
    card = panel.briefing_card(ROW, {"title": "<script>x</script>", "url": "https://e.org"}, 2, 5)
    assert "3 / 5" in card and "<script>" not in card and "<img" not in card and "https://e.org" in card


def test_labels_escape_markdown():
    assert panel.md_escape("[x](javascript:alert(1)) *b* $x$") == \
        r"\[x\]\(javascript\:alert\(1\)\) \*b\* \$x\$"
    assert panel.event_label({"type": "strike", "place": "St. [Petersburg]", "date": None}) == \
        r"strike · St\. \[Petersburg\] · undated"


def test_share_box_escapes_the_url():
    box = panel.share_box("http://h/?q=%3Cscript%3E&x='><img src=x onerror=alert(1)>")
    assert "<img" not in box and "&#x27;&gt;&lt;img" in box and box.count("<script>") == 1
