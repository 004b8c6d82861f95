"""Big stores: server-side filter changes and `events --format geojson` memory, PostgreSQL and SQLite.

    .venv/bin/python benchmarks/store_scale.py [--pg-events 1000000] [--sqlite-events 100000] [--runs 5]

Fills a throwaway PostgreSQL server (tests/pg.py, Debian's binaries, fsync off) and a temporary SQLite file
with synthetic events (geo.store.synth, 100,000 per seed), then measures:
- first open, server side: query.overview of every event (count, facets per type and country, map grid);
- a filter change, server side: the same two for each of a set of filters (dates, types, countries, a map
  view), median over the set and the runs;
- `geo-events events --format geojson` as a child process writing to /dev/null, its peak RSS for results of
  growing size (--to a later and later day): flat means streaming.
Prints one JSON object.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]

PER_SEED = 100_000
END = dt.date(2025, 2, 28)
DAYS = 90


def fill(url: str, n: int) -> float:
    from sqlalchemy import text

    from geo.store.db import Store
    from geo.store.synth import fill as synth_fill, load_places

    places = load_places()
    started = time.perf_counter()
    with Store(url) as store:
        import geo.store.synth as synth

        synth.load_places = lambda gazetteer=None: places  # read the gazetteer once, not per seed
        for seed in range(1, n // PER_SEED + 1):
            synth_fill(store, PER_SEED, seed=seed, end=END, days=DAYS)
        if n % PER_SEED:
            synth_fill(store, n % PER_SEED, seed=10_000, end=END, days=DAYS)
        # What autovacuum does in time on a live server: statistics, and the visibility map that lets
        # PostgreSQL answer from an index alone (the first VACUUM after a bulk load leaves it unset here).
        with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            for statement in (("VACUUM ANALYZE", "VACUUM") if store.dialect == "postgresql" else ("ANALYZE",)):
                conn.execute(text(statement))
    return time.perf_counter() - started


def filters():
    from geo.store.db import EventFilter

    week = (END - dt.timedelta(days=6), END)
    return [
        EventFilter(date_from=week[0], date_to=week[1]),
        EventFilter(types=("strike",)),
        EventFilter(types=("strike", "clash"), date_from=END - dt.timedelta(days=29)),
        EventFilter(countries=("UA", "RU")),
        EventFilter(countries=("FR",), types=("protest",)),
        EventFilter(bbox=(44.0, 22.0, 53.0, 41.0)),  # Ukraine on screen
        EventFilter(bbox=(35.0, -10.0, 60.0, 30.0), date_from=week[0]),
        EventFilter(min_conf=0.8, date_from=END - dt.timedelta(days=13)),
    ]


def server_side(store, where, cell_deg: float) -> float:
    """One filter change: what the page asks the database (count, facets and grid: query.overview, one pass)."""
    from geo.store import query

    started = time.perf_counter()
    query.overview(store, where, cell_deg=cell_deg)
    return time.perf_counter() - started


def measure_queries(url: str, runs: int) -> dict:
    from geo.store.db import EventFilter, Store

    with Store(url) as store:
        server_side(store, EventFilter(), 1.0)  # warm the cache once
        first = [server_side(store, EventFilter(), 2.0) for _ in range(runs)]
        timed = [[server_side(store, f, 0.5 if f.bbox else 2.0) for f in filters()] for _ in range(runs)]
        changes = [x for run in timed for x in run]
        per_filter = [round(1000 * statistics.median(col)) for col in zip(*timed)]
        total = store.count_events()
    return {"events": total, "first_open_median_ms": round(1000 * statistics.median(first)),
            "filter_change_median_ms": round(1000 * statistics.median(changes)),
            "filter_change_max_ms": round(1000 * max(changes)), "filter_changes_timed": len(changes), "per_filter_median_ms": per_filter}


def peak_rss(url: str, to: dt.date) -> tuple[int, int, float]:
    """(peak RSS in MiB, bytes written, seconds) of `geo-events events --format geojson --to DAY`."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen([sys.executable, "-m", "geo.cli.main", "--db", url, "events", "--format", "geojson",
                                 "--to", to.isoformat()], stdout=out, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        assert proc.returncode == 0, f"events exited {proc.returncode}"
        size = out.seek(0, os.SEEK_END)
    return round(usage.ru_maxrss / 1024), size, time.perf_counter() - started


def measure_streaming(url: str) -> list[dict]:
    from geo.store.db import EventFilter, Store

    out = []
    for days in (1, 9, 45, 90):
        to = END - dt.timedelta(days=DAYS - days)
        with Store(url) as store:
            n = store.count_events(EventFilter(date_to=to))
        rss, size, seconds = peak_rss(url, to)
        out.append({"events": n, "geojson_mib": round(size / 2**20), "peak_rss_mib": rss, "seconds": round(seconds, 1)})
    return out


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--pg-events", type=int, default=1_000_000)
    p.add_argument("--sqlite-events", type=int, default=100_000)
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--no-streaming", action="store_true", help="only the queries (streaming takes minutes)")
    args = p.parse_args()
    stream = (lambda url: "skipped") if args.no_streaming else measure_streaming
    import pg

    report: dict = {}
    with pg.server() as base:
        url = pg.create_database(base, "bench")
        report["postgresql"] = {"fill_s": round(fill(url, args.pg_events), 1), **measure_queries(url, args.runs),
                                "streaming": stream(url)}
        print(json.dumps(report["postgresql"]), file=sys.stderr)
    with tempfile.TemporaryDirectory() as tmp:
        url = str(Path(tmp) / "events.db")
        report["sqlite"] = {"fill_s": round(fill(url, args.sqlite_events), 1), **measure_queries(url, args.runs),
                            "streaming": stream(url)}
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
