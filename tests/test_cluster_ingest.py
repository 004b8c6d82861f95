"""Ingest on a Dask LocalCluster into PostgreSQL (and SQLite): the same events as one process, nothing lost when
a worker is killed with kill -9, nothing stored twice when the batch runs again."""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from pathlib import Path

import pytest

from geo.ingest.batch import read_target
from geo.ingest.cluster import ClusterParser, check_spec
from geo.ingest.workflow import ingest_items
from geo.store.db import Store

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from batch_speed import make_batch  # noqa: E402 - real demo paragraphs recombined into distinct articles

pytestmark = pytest.mark.slow

ARTICLES = 48


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("batch") / "batch.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in make_batch(ARTICLES, 5)))
    return path


@pytest.fixture(scope="module")
def client():
    """A LocalCluster of two worker processes (each loads the models on its first task)."""
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as c:
        yield c


def answers(store: Store) -> list[tuple]:
    """What must agree between two stores: each event's type, date, place, point and sources."""
    return sorted((e["id"], e["type"], e["date"], e["place"], e["country"], round(e["lat"], 6), round(e["lon"], 6),
                   tuple(e["sources"])) for e in store.events())


@pytest.fixture(scope="module")
def reference(batch, pipeline, tmp_path_factory) -> list[tuple]:
    """The batch ingested by one process into SQLite."""
    with Store(tmp_path_factory.mktemp("ref") / "events.db") as store:
        summary = ingest_items(read_target(str(batch)), pipeline, store)
        assert summary.ingested == ARTICLES and not summary.failures
        return answers(store)


def cluster_ingest(client, batch: Path, store: Store, **kw):
    parser = ClusterParser(client, store.place_aliases())
    return ingest_items(read_target(str(batch)), None, store, parse_chunks=parser.parse_chunks, **kw)


def test_the_cluster_gives_the_events_of_one_process_and_a_rerun_stores_nothing(client, batch, reference,
                                                                                 store_url):
    with Store(store_url) as store:
        ticks = []
        summary = cluster_ingest(client, batch, store, total=ARTICLES, progress=lambda d, n: ticks.append((d, n)))
        assert (summary.ingested, summary.failures) == (ARTICLES, [])
        assert ticks[-1] == (ARTICLES, ARTICLES)  # the progress bar sees every article
        assert answers(store) == reference
        again = cluster_ingest(client, batch, store)
        assert (again.ingested, again.duplicates, again.failures) == (0, ARTICLES, [])
        assert answers(store) == reference and store.count_articles() == ARTICLES


def test_a_worker_killed_with_kill_9_mid_batch_costs_a_retry_not_an_article(client, batch, reference, postgres):
    import pg

    before = client.run(os.getpid)
    killed: list[int] = []

    def kill_one() -> None:
        if not killed:  # once the first results are in and the next chunks are being parsed
            pid = next(iter(before.values()))
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)

    with Store(pg.create_database(postgres)) as store:
        summary = cluster_ingest(client, batch, store, on_parsed=kill_one)
        assert killed, "no worker was killed"
        assert (summary.ingested, summary.duplicates, summary.failures) == (ARTICLES, 0, [])
        assert answers(store) == reference  # nothing lost, nothing twice
        deadline = time.monotonic() + 60
        while len(client.scheduler_info()["workers"]) < 2 and time.monotonic() < deadline:
            time.sleep(0.5)  # the nanny restarts the killed worker
        assert killed[0] not in client.run(os.getpid).values()


def test_cli_ingest_on_a_running_scheduler(client, batch, reference, postgres, capsys):
    import pg

    from geo.cli.main import main

    url = pg.create_database(postgres)
    assert main(["--db", url, "ingest", str(batch), "--cluster", client.scheduler.address]) == 0
    assert f"summary: {ARTICLES} ingested" in capsys.readouterr().err
    with Store(url) as store:
        assert answers(store) == reference


def test_bad_cluster_values_are_refused_with_a_reason(tmp_path, capsys):
    from geo.cli.main import main

    for value in ("local:0", "local:two", "somewhere"):
        assert main(["--db", str(tmp_path / "e.db"), "ingest", "-", "--cluster", value]) == 2
        assert "--cluster" in capsys.readouterr().err
    assert check_spec(" local:2 ") == "local:2"


def test_a_client_killed_mid_batch_and_started_again_completes_the_rest_once(client, batch, reference, postgres):
    import subprocess

    import pg

    url = pg.create_database(postgres)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    cmd = [sys.executable, "-m", "geo.cli.main", "--db", url, "ingest", str(batch), "--cluster",
           client.scheduler.address]
    first = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with Store(url) as store:
        deadline = time.monotonic() + 180
        while store.count_articles() < 5 and first.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        first.kill()  # SIGKILL: no cleanup of any kind
        first.wait()
        partly = store.count_articles()
        assert 5 <= partly < ARTICLES, f"{partly} articles stored when the client was killed"
        again = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
        assert again.returncode == 0, again.stderr[-1000:]
        assert f"summary: {ARTICLES - partly} ingested" in again.stderr
        assert f"{partly} skipped as duplicate, 0 failed" in again.stderr
        assert answers(store) == reference
