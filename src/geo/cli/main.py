"""geo-events: the machine interface (ingest, feeds, parse, events, eval, gazetteer build, synth).

Exit codes: 0 ok · 1 error · 2 usage or bad setting · 3 unreadable input · 4 gazetteer missing ·
5 store error · 6 language model missing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from pathlib import Path
from typing import Any, Sequence

from geo.errors import GeoError, InputError
from geo.export.records import (
    dumps,
    event_record,
    mention_record,
    to_geojson,
    trace_record,
)
from geo.ingest.readers import (
    RawArticle,
    decode,
    parse_date,
)


def _date_arg(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date (expected YYYY-MM-DD)") from None


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="geo-events", description=__doc__.split("\n")[0])
    p.add_argument("--db", help="event store: a SQLite file, or a database URL such as "
                                "postgresql+psycopg://USER:PASSWORD@HOST:PORT/DB (default: $GEO_DB, else data/events.db)")
    sub = p.add_subparsers(dest="command", required=True)
    # Commands that use the store also take --db after their name ("geo-events events --db x.db").
    store = argparse.ArgumentParser(add_help=False)
    store.add_argument("--db", default=argparse.SUPPRESS, help="event store, a SQLite file or a URL (as geo-events --db)")

    s = sub.add_parser("ingest", parents=[store], help="parse articles (files, folders, .jsonl, .csv, web pages) and store their events")
    s.add_argument("paths", nargs="*", metavar="FILE|DIR|URL|-",
                   help="article files (.txt .md .html .json), folders, batches (.jsonl, .csv) or http(s) URLs")
    s.add_argument("--published", type=_date_arg, help="publication date (YYYY-MM-DD) when the text lacks one")
    s.add_argument("--lang", help="language code (default: detected)")
    s.add_argument("--url", default="", help="with no FILE: the web page to fetch; with FILE: its source URL")
    s.add_argument("--title", default="", help="the article's title (default: its first line)")
    s.add_argument("--cluster", metavar="tcp://HOST:PORT|local:N",
                   help="parse on a Dask cluster: a running scheduler, or local:N worker processes started here")

    f = sub.add_parser("feeds", help="RSS and Atom feeds: add, list, update (ingest new items), remove")
    fs = f.add_subparsers(dest="action", required=True)
    a = fs.add_parser("add", parents=[store], help="remember one or more feeds")
    a.add_argument("urls", nargs="+", metavar="URL")
    fs.add_parser("list", parents=[store], help="the feeds, with their last update")
    fs.add_parser("update", parents=[store], help="fetch every feed and ingest the items not stored yet")
    r = fs.add_parser("remove", parents=[store], help="forget a feed (its articles stay)")
    r.add_argument("urls", nargs="+", metavar="URL")

    s = sub.add_parser("parse", help="parse without storing; print mentions and events as JSON")
    s.add_argument("paths", nargs="*", metavar="FILE|-")
    s.add_argument("--jsonl", action="store_true", help="read and write one JSON object per line")
    s.add_argument("--published", type=_date_arg)
    s.add_argument("--lang")
    s.add_argument("--explain", action="store_true",
                   help="add a trace to every mention and event: each stage's decision and its reasons")

    s = sub.add_parser("events", parents=[store], help="print stored events")
    s.add_argument("--format", choices=("geojson", "csv", "json", "jsonl", "png"), default="geojson",
                   help="written as the events stream in from the store (jsonl: one event per line; png: a picture)")
    s.add_argument("--from", dest="date_from", type=_date_arg)
    s.add_argument("--to", dest="date_to", type=_date_arg)
    s.add_argument("--type", action="append", default=[], help="event type (repeat or comma-separate)")
    # --format png: a picture of the filtered map for slides (PNG bytes on stdout, never to a terminal).
    s.add_argument("--country", action="append", default=[], help="country code (repeat or comma-separate)")
    s.add_argument("--width", type=int, default=1920, help="PNG width in pixels (default 1920)")
    s.add_argument("--height", type=int, default=1080, help="PNG height in pixels (default 1080)")
    s.add_argument("--lang", choices=("en", "fr"), default="en", help="PNG title and legend language")

    s = sub.add_parser("eval", help="score the geoparser on a gold corpus (lgl, geovirus, hipe or a path), "
                       "or its events: eval events GOLD…")
    s.add_argument("corpus")
    s.add_argument("--limit", type=int, help="only the first N documents")
    s.add_argument("--json", action="store_true", help="print the report as JSON")
    s.add_argument("--gold-spans-only", action="store_true", help="skip end-to-end recognition")
    # `eval events GOLD [GOLD ...]`: events against hand-made gold files or folders (geo.eval.events).
    s.add_argument("gold", nargs="*", metavar="GOLD", help="with 'events': gold .json files or folders of them")
    s.add_argument("--include-background", action="store_true",
                   help="with 'events': also score background and planned gold events and background predictions")
    s.add_argument("--misses", action="store_true",
                   help="with 'events': list each article's missed gold events and extra predictions (stderr)")

    s = sub.add_parser("synth", parents=[store], help="fill the event store with N synthetic events (marked SYNTHETIC)")
    s.add_argument("--events", type=int, required=True, metavar="N", help="how many events to add")
    s.add_argument("--seed", type=int, default=1, help="random seed; the same seed gives the same events")
    s.add_argument("--end", type=_date_arg, help="last day of the events (default: 2025-02-28)")
    s.add_argument("--days", type=int, default=90, help="how many days the events span (default: 90)")

    g = sub.add_parser("gazetteer", help="the offline gazetteer")
    gs = g.add_subparsers(dest="action", required=True)
    b = gs.add_parser("build", help="build the gazetteer index from GeoNames data and data/gazetteer tables")
    b.add_argument("--out", type=Path, help="output path (default: $GEO_GAZETTEER or data/gazetteer/gazetteer.sqlite)")
    return p


def _pipeline():
    from geo.parse.pipeline import Pipeline

    return Pipeline()


def _read_inputs(paths: Sequence[str]) -> tuple[list[RawArticle], list[Any]]:
    """The articles of every input, and the items that could not be read (Failure: each named, with why)."""
    from geo.ingest.batch import read_target
    from geo.ingest.readers import Failure

    out: list[RawArticle] = []
    failed: list[Failure] = []
    for item in paths or ["-"]:
        for found in read_target(item, sys.stdin.buffer):
            (failed if isinstance(found, Failure) else out).append(found)
    return out, failed


def cmd_ingest(args: argparse.Namespace) -> int:
    from geo.cli.ingest import ingest_command

    return ingest_command(args, _pipeline)


def cmd_feeds(args: argparse.Namespace) -> int:
    from geo.cli.ingest import feeds_command

    return feeds_command(args, _pipeline)


def cmd_parse(args: argparse.Namespace) -> int:
    from geo.model import DateInfo
    from geo.parse.pipeline import ParseInput

    pipeline = _pipeline()
    published = DateInfo(args.published, how="given") if args.published else None
    if args.jsonl:
        return _parse_jsonl(args, pipeline)
    raws, failed = _read_inputs(args.paths)
    from geo.ingest.readers import Skipped

    for f in failed:  # named, and the good inputs parsed all the same
        print(f"geo-events: {'not read: ' if isinstance(f, Skipped) else ''}{f.reason}", file=sys.stderr)
    results = pipeline.parse_many(
        ParseInput(r.text, "", r.language or args.lang,
                   published or (DateInfo(r.published, how="given") if r.published else None), r.title,
                   args.explain)
        for r in raws)
    for result in results:
        print(dumps(_parse_output(result)))
    return max((f.exit_code for f in failed), default=0)


def _parse_output(result: Any) -> dict[str, Any]:
    mentions = [mention_record(m) for m in result.mentions]
    events = to_geojson(event_record(e) for e in result.events)
    # --explain: the trace goes beside what it explains (a mention, a GeoJSON feature's properties).
    for record, m in zip(mentions, result.mentions):
        if m.trace:
            record["trace"] = trace_record(m.trace)
    for feature, e in zip(events["features"], result.events):
        if e.trace:
            feature["properties"]["trace"] = trace_record(e.trace)
    return {
        "language": result.language,
        "published": result.published.date.isoformat() if result.published else None,
        "notices": result.notices,
        "mentions": mentions,
        "events": events,
        # Recalled (background) and announced (planned) happenings, off the map: property event_status.
        "other_events": to_geojson(event_record(e) for e in getattr(result, "other_events", [])),
    }


def _parse_jsonl(args: argparse.Namespace, pipeline: Any) -> int:
    """One JSON object in, one out, in input order; a bad line gives an error object and the rest go on."""
    from geo.model import DateInfo
    from geo.parse.pipeline import BATCH_ARTICLES, ParseInput

    source = open(args.paths[0], "rb") if args.paths and args.paths[0] != "-" else sys.stdin.buffer
    errors = 0
    chunk: list[tuple[int, ParseInput | dict[str, Any]]] = []

    def flush() -> None:
        inputs = [item for _, item in chunk if isinstance(item, ParseInput)]
        results = iter(pipeline.parse_many(inputs))
        for n, item in chunk:
            out = {"id": item["id"], "line": n, "error": item["error"]} if isinstance(item, dict) else \
                {"id": item.id, **_parse_output(next(results))}
            sys.stdout.write(dumps(out) + "\n")
        sys.stdout.flush()
        chunk.clear()

    for n, line in enumerate(source, 1):
        if not line.strip():
            continue
        obj: Any = None
        try:
            obj = json.loads(decode(line, f"line {n}"))
            if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
                raise InputError(f"line {n}: expected an object with a \"text\" string")
            day = parse_date(obj.get("published"), f"line {n}") or args.published
            chunk.append((n, ParseInput(obj["text"], str(obj.get("id", n)), obj.get("language") or args.lang,
                                        DateInfo(day, how="given") if day else None, "", args.explain)))
        except (json.JSONDecodeError, RecursionError, InputError) as exc:
            errors += 1
            ident = obj.get("id") if isinstance(obj, dict) else None  # the line's own id, where it has one
            chunk.append((n, {"id": ident if isinstance(ident, (str, int)) else None, "error": _line_error(n, exc)}))
        if len(chunk) >= BATCH_ARTICLES:
            flush()
    flush()
    return 3 if errors else 0


def _line_error(n: int, exc: Exception) -> str:
    """Why line ``n`` of a JSON Lines input gave no article."""
    if isinstance(exc, json.JSONDecodeError):
        return f"line {n}: not JSON ({exc.msg} at column {exc.colno})"
    if isinstance(exc, RecursionError):
        return f"line {n}: JSON nested too deeply to read"
    return str(exc)


def cmd_events(args: argparse.Namespace) -> int:
    from geo.export.records import write_csv, write_geojson, write_json, write_jsonl
    from geo.store.db import EventFilter, Store

    types = [t.strip() for arg in args.type for t in arg.split(",") if t.strip()]
    write = {"geojson": write_geojson, "csv": write_csv, "json": write_json, "jsonl": write_jsonl}.get(args.format)
    with Store(args.db) as store:
        countries = tuple(sorted({c.strip().upper() for arg in args.country for c in arg.split(",") if c.strip()}))
        events = store.iter_events(EventFilter(args.date_from, args.date_to, tuple(types), countries))
        if args.format == "png":
            from geo.export.png import cli_png

            return cli_png(list(events), args, sys.stdout)
        write(events, sys.stdout)
    sys.stdout.flush()
    return 0


def cmd_eval_events(args: argparse.Namespace) -> int:
    """geo-events eval events GOLD…: event recall and precision at 30 and 161 km, per language and overall."""
    from geo.eval.events import evaluate_events
    from geo.eval.gold_events import load_gold_files, predict

    if not args.gold:
        raise InputError("eval events: name at least one gold .json file or folder")
    articles = load_gold_files(args.gold)
    if args.limit:
        articles = articles[: args.limit]
    started = time.perf_counter()
    predictions = predict(_pipeline(), articles)
    report = evaluate_events(" ".join(args.gold), articles, predictions, include_all=args.include_background)
    if args.misses:
        from geo.eval.events import errors_text

        print(errors_text(articles, predictions, include_all=args.include_background), file=sys.stderr)
    return _print_report(report, args.json, started)


def _print_report(report: Any, as_json: bool, started: float) -> int:
    """An eval report as JSON, or as a table with the time it took."""
    if as_json:
        print(json.dumps(report.to_dict(), indent=2))
    else:
        print(report.to_text())
        print(f"({time.perf_counter() - started:.1f} s)")
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    if args.corpus == "events":
        return cmd_eval_events(args)
    if args.gold:
        raise InputError(f"eval {args.corpus}: takes one corpus (did you mean 'eval events GOLD…'?)")
    from geo.eval.corpora import load_corpus
    from geo.eval.score import evaluate

    name, docs = load_corpus(args.corpus)
    if args.limit:
        docs = docs[: args.limit]
    pipeline = _pipeline()
    results: dict[str, Any] = {}

    def recognize(doc):
        if doc.id not in results:
            from geo.parse.pipeline import ParseInput

            for d, r in zip(docs, pipeline.parse_many(ParseInput(d.text, d.id, d.language) for d in docs)):
                results[d.id] = [m for m in r.mentions if d.demonyms_scored or m.kind != "demonym"]
        return results[doc.id]

    def resolve_gold(doc):
        return pipeline.resolve_spans(doc.text, [(p.start, p.end) for p in doc.places], language=doc.language)

    started = time.perf_counter()
    report = evaluate(name, docs, recognize=None if args.gold_spans_only else recognize, resolve_gold=resolve_gold)
    return _print_report(report, args.json, started)


def cmd_gazetteer(args: argparse.Namespace) -> int:
    from geo.gazetteer.build import build

    path = build(args.out)
    print(f"gazetteer written to {path}")
    return 0


def cmd_synth(args: argparse.Namespace) -> int:
    from geo.errors import SettingsError
    from geo.store.db import Store
    from geo.store.synth import DEFAULT_END, fill

    if args.events < 1 or args.days < 1:
        raise SettingsError(f"--events {args.events} --days {args.days}: both must be at least 1")
    started = time.perf_counter()
    with Store(args.db) as store:
        added = fill(store, args.events, seed=args.seed, end=args.end or DEFAULT_END, days=args.days)
    print(f"added {added} synthetic events ({args.events - added} already there) to {store.where} "
          f"in {time.perf_counter() - started:.1f} s")
    return 0


COMMANDS = {"ingest": cmd_ingest, "parse": cmd_parse, "events": cmd_events, "eval": cmd_eval,
            "gazetteer": cmd_gazetteer, "synth": cmd_synth, "feeds": cmd_feeds}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except GeoError as exc:
        print(f"geo-events: {exc}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
