"""geo-events in-process (one shared pipeline) and as the installed console script (exit codes)."""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

import geo.cli.main
import geo.errors
from geo.cli.main import main

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = Path(sys.executable).with_name("geo-events")
# Curly apostrophes, accents and a double space: offsets must be into this text exactly as given.
FR = ("Frappe sur Kharkiv et sommet à Genève\n\n"
      "Selon l’état-major,  une frappe de drones a touché Kharkiv lundi soir, d’après la mairie.\n"
      "Les ministres se sont réunis à Genève mardi pour des pourparlers de paix.\n")
PUBLISHED = "2025-02-18"  # a Tuesday: "lundi" is 2025-02-17


@pytest.fixture(scope="module")
def pipeline():
    from geo.parse.pipeline import Pipeline

    return Pipeline()


@pytest.fixture
def cli(pipeline, monkeypatch, capsys):
    """Run main(argv) with the shared pipeline; returns (exit code, stdout, stderr)."""
    monkeypatch.setattr(geo.cli.main, "_pipeline", lambda: pipeline)
    monkeypatch.delenv("GEO_DB", raising=False)

    def run(*argv: str, stdin: bytes | None = None) -> tuple[int, str, str]:
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "kharkiv.txt"
    path.write_text(FR, encoding="utf-8")
    return path


def stored_articles(db: Path) -> int:
    return sqlite3.connect(db).execute("SELECT count(*) FROM articles").fetchone()[0] if db.exists() else 0


@pytest.mark.slow
def test_parse_prints_mentions_with_exact_offsets_and_a_feature_collection(cli, article):
    code, out, err = cli("parse", str(article), "--published", PUBLISHED)
    assert code == 0 and err == ""
    (line,) = out.splitlines()
    result = json.loads(line)
    mentions = result["mentions"]
    assert {m["name"] for m in mentions} >= {"Kharkiv", "Geneva"}
    for m in mentions:
        assert m["text"] == FR[m["start"]:m["end"]]
        assert {"start", "end", "text", "name", "country", "lat", "lon", "precision", "confidence"} <= set(m)
    events = result["events"]
    assert events["type"] == "FeatureCollection"
    by_type = {f["properties"]["type"]: f for f in events["features"]}
    strike, meeting = by_type["strike"], by_type["meeting"]
    assert strike["properties"]["place"] == "Kharkiv" and strike["properties"]["country"] == "UA"
    assert strike["properties"]["date"] == "2025-02-17"
    lon, lat = strike["geometry"]["coordinates"]
    assert strike["geometry"]["type"] == "Point" and abs(lon - 36.25) < 0.1 and abs(lat - 49.98) < 0.1
    assert meeting["properties"]["country"] == "CH" and meeting["properties"]["date"] == PUBLISHED


@pytest.mark.slow
def test_parse_reads_standard_input(cli):
    code, out, _ = cli("parse", "-", "--published", PUBLISHED, stdin=FR.encode("utf-8"))
    mentions = json.loads(out)["mentions"]
    assert code == 0 and mentions and all(m["text"] == FR[m["start"]:m["end"]] for m in mentions)


@pytest.mark.slow
def test_parse_jsonl_reports_a_bad_line_and_parses_the_others(cli, tmp_path):
    lines = tmp_path / "in.jsonl"
    lines.write_text(json.dumps({"id": "a", "text": FR, "published": PUBLISHED}, ensure_ascii=False) + "\n"
                     + "this is not JSON\n"
                     + json.dumps({"id": "c", "text": "Protesters marched in Lyon on Monday.", "language": "en",
                                   "published": PUBLISHED}) + "\n", encoding="utf-8")
    code, out, _ = cli("parse", "--jsonl", str(lines))
    assert code == 3
    objs = [json.loads(line) for line in out.splitlines()]
    assert len(objs) == 3
    (error,) = [o for o in objs if "error" in o]
    assert error["line"] == 2 and error["id"] is None and error["error"]
    results = {o["id"]: o for o in objs if "error" not in o}
    assert set(results) == {"a", "c"}
    assert all(m["text"] == FR[m["start"]:m["end"]] for m in results["a"]["mentions"])
    assert [f["properties"]["place"] for f in results["c"]["events"]["features"]] == ["Lyon"]


def test_a_bad_jsonl_line_with_an_id_is_reported_under_that_id(cli, tmp_path):
    lines = tmp_path / "in.jsonl"
    lines.write_text('{"id": "no-text"}\n{"id": "bad-date", "text": "Kyiv", "published": "2025-99-01"}\n')
    code, out, _ = cli("parse", "--jsonl", str(lines))
    objs = [json.loads(line) for line in out.splitlines()]
    assert code == 3 and [(o["id"], o["line"]) for o in objs] == [("no-text", 1), ("bad-date", 2)]
    assert "not a date" in objs[1]["error"]


@pytest.mark.slow
def test_ingest_twice_stores_once(cli, article, tmp_path):
    db = tmp_path / "e.db"
    code, out, _ = cli("--db", str(db), "ingest", str(article), "--published", PUBLISHED)
    assert code == 0 and out.startswith("ingested\t") and "2 events" in out
    code, out, _ = cli("--db", str(db), "ingest", str(article), "--published", PUBLISHED)
    assert code == 0 and out.startswith("duplicate\t")
    assert stored_articles(db) == 1


@pytest.fixture
def filled_db(cli, article, tmp_path):
    db = tmp_path / "events.db"
    other = tmp_path / "lyon.txt"
    other.write_text("Manifestation à Lyon\n\nDes milliers de personnes ont manifesté à Lyon le 10 février.\n",
                     encoding="utf-8")
    assert cli("--db", str(db), "ingest", str(article), str(other), "--published", PUBLISHED)[0] == 0
    return db


@pytest.mark.slow
def test_the_store_may_be_named_after_the_command_too(cli, filled_db, tmp_path):
    before = cli("--db", str(filled_db), "events", "--format", "jsonl")[1]
    assert cli("events", "--db", str(filled_db), "--format", "jsonl")[1] == before != ""
    assert cli("feeds", "list", "--db", str(tmp_path / "other.db"))[0] == 0
    assert (tmp_path / "other.db").exists()  # the store named after the command is the one used


@pytest.mark.slow
def test_events_in_three_formats_with_filters(cli, filled_db):
    db = str(filled_db)
    code, out, _ = cli("--db", db, "events")
    features = json.loads(out)["features"]
    assert code == 0 and sorted(f["properties"]["type"] for f in features) == ["meeting", "protest", "strike"]
    assert all(set(f["properties"]) >= {"id", "date", "place", "country", "sources", "conflicts"} for f in features)

    _, out, _ = cli("--db", db, "events", "--format", "geojson", "--type", "strike")
    assert [f["properties"]["place"] for f in json.loads(out)["features"]] == ["Kharkiv"]

    _, out, _ = cli("--db", db, "events", "--format", "csv", "--from", "2025-02-17", "--to", "2025-02-17")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["type"], r["place"], r["date"]) for r in rows] == [("strike", "Kharkiv", "2025-02-17")]
    assert float(rows[0]["lon"]) == pytest.approx(36.25, abs=0.1)

    _, out, _ = cli("--db", db, "events", "--format", "json", "--type", "meeting,protest", "--to", "2025-02-18")
    assert [(r["type"], r["date"]) for r in json.loads(out)] == [("protest", "2025-02-10"), ("meeting", PUBLISHED)]

    _, out, _ = cli("--db", db, "events", "--format", "json", "--from", "2025-03-01")
    assert json.loads(out) == []


BAD_FILES = {
    "empty.txt": (b"", "empty"),
    "image.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
}


@pytest.mark.parametrize("name", BAD_FILES)
@pytest.mark.parametrize("command", ["ingest", "parse"])
def test_unreadable_input_is_a_one_line_error_naming_the_file(cli, tmp_path, name, command):
    data, reason = BAD_FILES[name]
    path = tmp_path / name
    path.write_bytes(data)
    db = tmp_path / "e.db"
    code, out, err = cli("--db", str(db), command, str(path))
    assert code == 3 == geo.errors.InputError.exit_code
    assert out == "" and err.count("\n") == 1 and str(path) in err and reason in err
    assert stored_articles(db) == 0


def test_missing_file_exits_3(cli, tmp_path):
    code, _, err = cli("--db", str(tmp_path / "e.db"), "ingest", str(tmp_path / "nope.txt"))
    assert code == 3 and "nope.txt" in err and "no such file" in err


def test_a_store_that_cannot_be_created_exits_5(cli, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    code, out, err = cli("--db", str(blocker / "events.db"), "events")
    assert code == 5 and out == ""
    assert err.startswith("geo-events: cannot open the event store") and str(blocker) in err


def test_geo_db_environment_variable_is_honoured(cli, tmp_path, monkeypatch):
    db = tmp_path / "from-env.db"
    monkeypatch.setenv("GEO_DB", str(db))
    assert cli("synth", "--events", "5")[0] == 0
    code, out, _ = cli("events", "--format", "json")
    assert code == 0 and len(json.loads(out)) == 5 and db.exists()
    monkeypatch.setenv("GEO_DB", "  ")
    code, _, err = cli("events")
    assert code == 5 and "GEO_DB" in err
    code, out, _ = cli("--db", str(tmp_path / "other.db"), "events", "--format", "json")
    assert code == 0 and json.loads(out) == []  # --db wins over GEO_DB


def test_readme_documents_every_exit_code():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    listed = {int(code) for code in re.findall(r"`(\d)` [a-z]", readme.split("Exit codes:")[1].split("\n\n")[0])}
    codes = {cls.exit_code for cls in vars(geo.errors).values()
             if isinstance(cls, type) and issubclass(cls, geo.errors.GeoError)}
    assert codes | {0, 2} <= listed


def run_script(*argv: str, stdin: str | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(SCRIPT), *argv], input=stdin, capture_output=True, text=True, timeout=120,
                          env=env)


@pytest.mark.skipif(not SCRIPT.exists(), reason="geo-events is not installed beside this Python")
def test_console_script_exit_codes_without_loading_models(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    done = run_script("--db", str(tmp_path / "e.db"), "ingest", str(empty))
    assert done.returncode == 3 and done.stderr == f"geo-events: {empty}: empty: no text to parse\n"
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    assert run_script("--db", str(blocker / "x.db"), "events").returncode == 5
    done = run_script("events", "--from", "2025-13-01")
    assert done.returncode == 2 and "not a date" in done.stderr
    assert run_script("--help").returncode == 0


@pytest.mark.slow
@pytest.mark.skipif(not SCRIPT.exists(), reason="geo-events is not installed beside this Python")
def test_console_script_parse_jsonl_from_stdin(tmp_path):
    lines = "\n".join([json.dumps({"id": "a", "text": FR, "published": PUBLISHED}), "{broken",
                       json.dumps({"id": "c", "text": "Une frappe a touché Odessa lundi.", "published": PUBLISHED})])
    done = run_script("parse", "--jsonl", stdin=lines + "\n")
    assert done.returncode == 3, done.stderr
    objs = [json.loads(line) for line in done.stdout.splitlines()]
    assert sorted(str(o["id"]) for o in objs) == ["None", "a", "c"]
    assert [o["line"] for o in objs if "error" in o] == [2]
