"""Ingest throughput on one process against a Dask LocalCluster: `geo-events ingest batch.jsonl [--cluster local:2]`.

    .venv/bin/python benchmarks/cluster_speed.py [--articles 2000] [--runs 2] [--workers 2] [--postgresql]

The batch is batch_speed.make_batch's (demo paragraphs recombined into distinct articles). Each run is the real
command as a child process into a fresh store, single process and cluster alternately, so both pay their start
(models loaded in the one process, or in every worker at once). A one-article batch measures that start, and
steady-state throughput is articles ÷ (wall time − start). The stores of the two modes must hold the same events.
--postgresql: the cluster runs store into a throwaway PostgreSQL server (tests/pg.py) instead of SQLite.
Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests"), str(ROOT / "benchmarks")]


def ingest(db: str, batch: Path, cluster: str | None) -> float:
    """Wall time of one `geo-events ingest` child process."""
    cmd = [sys.executable, "-m", "geo.cli.main", "--db", db, "ingest", str(batch)]
    if cluster:
        cmd += ["--cluster", cluster]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    started = time.perf_counter()
    done = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - started
    assert done.returncode == 0, done.stderr[-2000:]
    assert " 0 failed" in done.stderr.strip().splitlines()[-1], done.stderr.strip().splitlines()[-1]
    return elapsed


def answers(db: str) -> list[tuple]:
    from geo.store.db import Store

    with Store(db) as store:
        return sorted((e["id"], e["type"], e["date"], e["place"], round(e["lat"], 6), round(e["lon"], 6),
                       tuple(e["sources"])) for e in store.events())


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--articles", type=int, default=2000)
    p.add_argument("--runs", type=int, default=2)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--postgresql", action="store_true")
    args = p.parse_args()
    from batch_speed import make_batch

    cluster = f"local:{args.workers}"
    with ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        if args.postgresql:
            import pg

            base = stack.enter_context(pg.server())
            new_db = lambda name: pg.create_database(base, name)  # noqa: E731
        else:
            new_db = lambda name: str(tmp / f"{name}.db")  # noqa: E731
        batch, one = tmp / "batch.jsonl", tmp / "one.jsonl"
        rows = make_batch(args.articles, args.seed)
        batch.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
        one.write_text(json.dumps(make_batch(1, args.seed + 1)[0], ensure_ascii=False) + "\n")
        start = {"single": [ingest(str(tmp / f"start{i}.db"), one, None) for i in range(args.runs)],
                 "cluster": [ingest(new_db(f"start{i}"), one, cluster) for i in range(args.runs)]}
        wall: dict[str, list[float]] = {"single": [], "cluster": []}
        stores = {}
        for i in range(args.runs):
            stores["single"] = str(tmp / f"single{i}.db")
            wall["single"].append(ingest(stores["single"], batch, None))
            stores["cluster"] = new_db(f"cluster{i}")
            wall["cluster"].append(ingest(stores["cluster"], batch, cluster))
        same = answers(stores["single"]) == answers(stores["cluster"])
    med = {k: statistics.median(v) for k, v in wall.items()}
    st = {k: statistics.median(v) for k, v in start.items()}
    steady = {k: args.articles / max(1e-9, med[k] - st[k]) for k in med}
    print(json.dumps({
        "articles": args.articles, "runs": args.runs, "cores": os.cpu_count(), "cluster": cluster,
        "cluster_store": "postgresql" if args.postgresql else "sqlite",
        "wall_s": {k: [round(x, 1) for x in v] for k, v in wall.items()},
        "start_s": {k: round(v, 1) for k, v in st.items()},
        "articles_per_s": {k: round(args.articles / v, 1) for k, v in med.items()},
        "speedup_wall": round(med["single"] / med["cluster"], 2),
        "steady_articles_per_s": {k: round(v, 1) for k, v in steady.items()},
        "steady_speedup": round(steady["cluster"] / steady["single"], 2),
        "steady_articles_per_s_per_worker": round(steady["cluster"] / args.workers, 1),
        "same_events": same,
    }, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
