"""Batches through `geo-events ingest`: folders, JSONL, CSV; one bad item never stops the rest."""

from __future__ import annotations

import io
import json

import pytest
from helpers import cli_runner

import geo.cli.main
from geo.ingest.batch import read_csv, read_jsonl
from geo.ingest.progress import ProgressBar
from geo.ingest.workflow import Failure
from geo.store.db import Store

pytestmark = pytest.mark.slow

TEXTS = [
    "Protest in Lyon\n\nThousands of people marched in Lyon on Saturday against the pension reform.",
    "Frappe sur Kharkiv\n\nUne frappe de drones a touché Kharkiv lundi soir, selon la mairie.",
    "Talks in Geneva\n\nThe ministers met in Geneva on Tuesday for peace talks.",
]


@pytest.fixture
def cli(pipeline, monkeypatch, capsys, store_url):
    db = store_url  # a SQLite file, or a PostgreSQL database
    monkeypatch.setattr(geo.cli.main, "_pipeline", lambda: pipeline)

    return cli_runner(db, capsys)


def stored(db) -> list[tuple]:
    with Store(db) as store:
        return sorted((a["title"], a["published"]) for a in store.articles())


def test_a_jsonl_batch_with_a_line_that_is_not_json_goes_on(cli, tmp_path):
    path = tmp_path / "batch.jsonl"
    lines = [json.dumps({"id": "a", "text": TEXTS[0], "published": "2025-02-17", "title": "Lyon"}),
             "{this is not json",
             json.dumps({"id": "b", "text": TEXTS[1], "published": "2025-02-18", "language": "fr"}),
             json.dumps({"id": "c", "title": "no text"}),
             json.dumps({"id": "d", "text": TEXTS[0]}),  # the same article again
             json.dumps({"id": "e", "text": TEXTS[2], "published": "18/02/2025"}),
             json.dumps(["a", "list"])]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = cli("ingest", str(path))
    assert code == 3
    assert out.count("ingested\t") == 2 and out.count("duplicate\t") == 1
    assert f"{path} line 2: not JSON (Expecting property name" in err
    assert f"{path} line 4 (id c): no \"text\"" in err
    assert f"{path} line 6 (id e): '18/02/2025' is not a date" in err
    assert f"{path} line 7: expected a JSON object" in err
    assert err.strip().splitlines()[-1] == "summary: 2 ingested, 1 skipped as duplicate, 4 failed"
    assert stored(cli.db) == [("Frappe sur Kharkiv", "2025-02-18"), ("Lyon", "2025-02-17")]


def test_a_csv_with_a_broken_row_goes_on(cli, tmp_path):
    path = tmp_path / "batch.csv"
    path.write_text(
        "id,title,text,published\n"
        f'1,Lyon,"{TEXTS[0]}",2025-02-17\n'
        "2,Too many,fields,2025-02-17,extra\n"
        f'3,Geneva,"{TEXTS[2]}",2025-02-18\n'
        "4,Empty,,2025-02-18\n"
        '5,Unterminated,"Une frappe a touché Odessa, 2025-02-18\n', encoding="utf-8")
    code, out, err = cli("ingest", str(path))
    assert code == 3 and out.count("ingested\t") == 2
    # Line numbers are the file's: the articles' quoted texts span three lines each.
    assert f"{path} line 5: 5 fields where the header has 4" in err
    assert f"{path} line 9 (id 4): no \"text\"" in err
    assert f"{path} line 10: broken CSV row (unexpected end of data" in err  # an unterminated quote
    assert "summary: 2 ingested, 0 skipped as duplicate, 3 failed" in err
    assert [t for t, _ in stored(cli.db)] == ["Geneva", "Lyon"]


def test_a_folder_with_an_unreadable_file_goes_on(cli, tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXTS[0], encoding="utf-8")
    (folder / "b.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (folder / "c.md").write_text(TEXTS[2], encoding="utf-8")
    code, out, err = cli("ingest", str(folder), "--published", "2025-02-18")
    assert code == 3 and out.count("ingested\t") == 2
    assert "b.txt: binary file" in err and "summary: 2 ingested, 0 skipped as duplicate, 1 failed" in err
    code, out, err = cli("ingest", str(folder), "--published", "2025-02-18")
    assert "summary: 0 ingested, 2 skipped as duplicate, 1 failed" in err


def test_readers_keep_going_after_bad_items():
    items = list(read_jsonl([b'{"text": "a"}\n', b"\xff\xfe broken\n", b'{"text": "b"}\n'], "x.jsonl"))
    assert [type(i).__name__ for i in items] == ["RawArticle", "Failure", "RawArticle"]
    items = list(read_csv(io.StringIO("title\nno text column\n"), "x.csv"))
    assert [i.reason for i in items] == ['x.csv: the header has no "text" column (found: title)']
    items = list(read_csv(io.StringIO("text,url\nA strike.,https://x/1\n\x00bad,\nAnother.,\n"), "y.csv"))
    assert [type(i).__name__ for i in items][0] == "RawArticle" and isinstance(items[1], Failure)
    assert items[-1].text == "Another." and items[0].url == "https://x/1"


def test_progress_bar_draws_on_a_terminal_and_stays_silent_in_a_pipe():
    out = io.StringIO()
    bar = ProgressBar(out, force=True, clock=iter(range(100)).__next__)
    for i in range(1, 5):
        bar.update(i, 4)
    bar.close()
    text = out.getvalue()
    assert "[" + "#" * 28 + "] 4/4 articles" in text and text.endswith("\n")
    quiet = io.StringIO()
    ProgressBar(quiet).update(1, 2)
    assert quiet.getvalue() == ""
