"""Batch ingest throughput: `geo-events ingest batch.jsonl` against `geo-events parse --jsonl` on the same batch.

    .venv/bin/python benchmarks/batch_speed.py [--articles 1000] [--runs 2] [--seed 1]

The batch is made from the demo articles (data/samples): each synthetic article takes a headline and three
to six paragraphs of demo articles in one language, recombined, with its own id and publication date, so that
no two are the same article. Both commands run in this process on one warm pipeline (models loaded before
timing), alternately, each ingest into a fresh temporary database; the target is ingest ≥ 80% of parse in
words per second. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def make_batch(n: int, seed: int) -> list[dict]:
    """n varied articles recombined from the demo articles' paragraphs."""
    from geo.ingest.samples import demo_articles

    rng = random.Random(seed)
    by_language: dict[str, list[tuple[str, list[str]]]] = {}
    for a in demo_articles():
        title, _, body = a.text.partition("\n")
        paragraphs = [p.strip() for p in body.split("\n\n") if p.strip()]
        by_language.setdefault(a.language, []).append((title.strip(), paragraphs))
    out = []
    for i in range(n):
        language = rng.choice(sorted(by_language))
        pool = by_language[language]
        title = rng.choice(pool)[0]
        paragraphs = [p for _, ps in pool for p in ps]
        body = rng.sample(paragraphs, min(len(paragraphs), rng.randint(3, 6)))
        day = dt.date(2025, 2, 1) + dt.timedelta(days=rng.randrange(28))
        text = f"{title} ({i + 1})\n\n" + "\n\n".join(body)
        out.append({"id": f"bench-{seed}-{i}", "text": text, "title": f"{title} ({i + 1})",
                    "published": day.isoformat(), "language": language})
    return out


def timed_parse(path: Path, pipeline) -> float:
    """`geo-events parse --jsonl PATH`, output discarded."""
    from geo.cli.main import _parse_jsonl

    args = argparse.Namespace(paths=[str(path)], published=None, lang=None, explain=False)
    sink = open(os.devnull, "w")
    started = time.perf_counter()
    with contextlib.redirect_stdout(sink):
        code = _parse_jsonl(args, pipeline)
    elapsed = time.perf_counter() - started
    sink.close()
    assert code == 0, f"parse --jsonl exited {code}"
    return elapsed


def timed_ingest(path: Path, pipeline, db: Path) -> tuple[float, dict]:
    """`geo-events --db DB ingest PATH`, output captured; returns seconds and what was stored."""
    from geo.cli.ingest import ingest_command
    from geo.store.db import Store

    args = argparse.Namespace(paths=[str(path)], db=str(db), published=None, lang=None, url="", title="")
    out, err = io.StringIO(), io.StringIO()
    started = time.perf_counter()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = ingest_command(args, lambda: pipeline)
    elapsed = time.perf_counter() - started
    assert code == 0, f"ingest exited {code}: {err.getvalue()[-500:]}"
    with Store(db) as store:
        events = store.events()
        stored = {"articles": store.count_articles(), "events": len(events),
                  "events_with_several_sources": sum(1 for e in events if len(e["sources"]) > 1),
                  "summary": err.getvalue().strip().splitlines()[-1]}
    return elapsed, stored


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()

    from geo.parse.pipeline import ParseInput, Pipeline

    batch = make_batch(args.articles, args.seed)
    words = sum(len(b["text"].split()) for b in batch)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "batch.jsonl"
        path.write_text("".join(json.dumps(b, ensure_ascii=False) + "\n" for b in batch), encoding="utf-8")
        pipeline = Pipeline()
        pipeline.warm_up()
        list(pipeline.parse_many(ParseInput(b["text"], language=b["language"]) for b in batch[:8]))
        parse_s, ingest_s, stored = [], [], {}
        for run in range(args.runs):
            parse_s.append(timed_parse(path, pipeline))
            seconds, stored = timed_ingest(path, pipeline, Path(tmp) / f"events-{run}.db")
            ingest_s.append(seconds)
    parse, ingest = statistics.median(parse_s), statistics.median(ingest_s)
    print(json.dumps({
        "articles": args.articles, "words": words, "runs": args.runs,
        "parse_jsonl": {"seconds": round(parse, 2), "articles_per_s": round(args.articles / parse, 1),
                        "words_per_s": round(words / parse)},
        "ingest": {"seconds": round(ingest, 2), "articles_per_s": round(args.articles / ingest, 1),
                   "words_per_s": round(words / ingest)},
        "ingest_vs_parse": round(parse / ingest, 3), "target": 0.8,
        "each_run_seconds": {"parse_jsonl": [round(s, 2) for s in parse_s], "ingest": [round(s, 2) for s in ingest_s]},
        "stored": stored,
    }, indent=2))


if __name__ == "__main__":
    main()
