import json

import pytest

from geo.errors import InputError
from geo.ingest.readers import article_id, decode, iter_paths, read_bytes


def test_article_id_ignores_whitespace_and_unicode_form():
    assert article_id("Frappe  à\nParis") == article_id("Frappe a\u0300 Paris")
    assert article_id("a") != article_id("b")


@pytest.mark.parametrize("data, fragment", [
    (b"", "empty"),
    (b"   \n\t ", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    (b"x" * 5_000_001, "too large"),
])
def test_bad_input_is_refused_with_a_clear_one_line_message(data, fragment):
    with pytest.raises(InputError) as err:
        decode(data, "article.txt")
    message = str(err.value)
    assert fragment in message and "article.txt" in message and "\n" not in message


def test_utf8_bom_and_utf16_are_read():
    assert decode("\ufeffBonjour".encode("utf-8"), "a") == "Bonjour"
    assert decode("Bonjour Kyiv".encode("utf-16"), "a") == "Bonjour Kyiv"
    # Other encodings are detected (charset-normalizer), not refused.
    assert decode("Frappe à Kharkiv, selon les autorités régionales.".encode("latin-1"), "a") \
        == "Frappe à Kharkiv, selon les autorités régionales."


def test_json_articles_and_html_pages(tmp_path):
    items = [{"text": "Frappe sur Kharkiv.", "title": "T", "published": "2025-02-17", "language": "fr"}]
    (a,) = read_bytes(json.dumps(items).encode(), "batch.json")
    assert a.title == "T" and a.published.isoformat() == "2025-02-17" and a.language == "fr"
    (bad,) = read_bytes(b'[{"title": "x"}]', "bad.json")  # a bad item is named; the others are read
    assert 'bad.json[0]: no "text"' in bad.reason
    html = ("<html><head><title>Strike on Kharkiv</title></head><body><article><p>"
            + "Russian drones struck Kharkiv overnight, officials said. " * 5
            + "</p><script>alert(1)</script></article></body></html>")
    (page,) = read_bytes(html.encode(), "page.html")
    assert "struck Kharkiv" in page.text and "alert" not in page.text


def test_iter_paths_walks_folders_and_names_missing_paths(tmp_path):
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "README.md").write_text("x")
    (tmp_path / "img.png").write_bytes(b"x")
    assert [p.name for p in iter_paths(tmp_path)] == ["a.txt"]
    with pytest.raises(InputError, match="no such file"):
        list(iter_paths(tmp_path / "nope.txt"))
