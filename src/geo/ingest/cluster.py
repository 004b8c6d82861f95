"""Parsing on a Dask distributed cluster: `geo-events ingest --cluster tcp://HOST:PORT` or `--cluster local:N`.

Workers only parse (a pure function of the article and the reviewers' aliases): each worker process loads the
gazetteer and the language models once, on its first task, and keeps them. The client stores the results in
the order of the input, through the same Store.add as a single process, so the same batch gives the same
events either way, and storing stays idempotent: a worker killed mid-batch has its tasks run again elsewhere
(Dask reschedules them), an article sent twice is stored once, and a batch run again stores nothing twice.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections import deque
from contextlib import contextmanager
from typing import Any, Iterable, Iterator

from geo.errors import SettingsError
from geo.gazetteer.corrected import CorrectedPlaces
from geo.ingest.readers import RawArticle
from geo.ingest.workflow import Failure, ParsedChunk, _parse

CHUNK = 8  # articles per task: small enough to balance two workers, large enough for spaCy's batching
IN_FLIGHT = 3  # tasks queued per worker thread, so that no worker waits for the client

Chunk = list[tuple[RawArticle, str]]


def check_spec(spec: str) -> str:
    """A --cluster value: local:N (N worker processes here) or a scheduler address (tcp://HOST:PORT)."""
    spec = spec.strip()
    if spec.startswith("local:"):
        n = spec.removeprefix("local:")
        if not n.isdigit() or not 1 <= int(n) <= 256:
            raise SettingsError(f"--cluster {spec}: local:N needs a number of worker processes from 1 to 256")
        return spec
    if "://" not in spec:
        raise SettingsError(f"--cluster {spec}: give local:N or a Dask scheduler address such as tcp://HOST:8786")
    return spec


class _Snapshot:
    """The reviewers' aliases as read by the client when the batch started (what CorrectedPlaces asks a store)."""

    aliases_version = 0

    def __init__(self, records: dict[str, dict[str, Any]]) -> None:
        self.records = records

    def data_version(self) -> tuple[int]:
        return (0,)

    def place_aliases(self) -> dict[str, dict[str, Any]]:
        return self.records


class _Taught(CorrectedPlaces):
    """CorrectedPlaces over a snapshot: workers never open the store."""

    def store(self) -> Any:
        return self._store


_worker: dict[str, Any] = {}  # this worker process's pipeline and the aliases it was built with


def worker_pipeline(aliases_key: str, aliases: dict[str, dict[str, Any]]) -> Any:
    """This process's pipeline: the gazetteer and models loaded on the first call, kept for every later one."""
    from geo.parse.pipeline import Pipeline

    if "pipeline" not in _worker:
        _worker["pipeline"] = Pipeline()
        _worker["plain"] = _worker["pipeline"].gazetteer
    pipeline = _worker["pipeline"]
    if _worker.get("aliases_key") != aliases_key:
        pipeline.gazetteer = _Taught(_worker["plain"], _Snapshot(aliases))
        pipeline.__dict__.pop("matcher", None)  # corrected names join the names the matcher looks for
        _worker["aliases_key"] = aliases_key
    return pipeline


def parse_task(chunk: Chunk, aliases_key: str, aliases: dict[str, dict[str, Any]]) -> list[Any]:
    """Run on a worker: parse results (or Failures) for a chunk of articles, in chunk order."""
    return list(_parse(chunk, worker_pipeline(aliases_key, aliases)))


class ClusterParser:
    """Sends chunks of articles to a Dask cluster and gives back their parse results in input order."""

    def __init__(self, client: Any, aliases: dict[str, dict[str, Any]]) -> None:
        self.client = client
        self.aliases = aliases
        self.aliases_key = hashlib.sha1(json.dumps(aliases, sort_keys=True).encode()).hexdigest()

    @classmethod
    @contextmanager
    def connect(cls, spec: str, aliases: dict[str, dict[str, Any]]) -> Iterator["ClusterParser"]:
        """A parser on the cluster ``spec`` names (local:N starts one here and stops it afterwards)."""
        from distributed import Client, LocalCluster

        spec = check_spec(spec)
        try:
            if spec.startswith("local:"):
                with LocalCluster(n_workers=int(spec.removeprefix("local:")), threads_per_worker=1, processes=True,
                                  dashboard_address=None, silence_logs=logging.ERROR) as cluster, \
                        Client(cluster) as client:
                    yield cls(client, aliases)
                return
            with Client(spec, timeout="30s") as client:
                yield cls(client, aliases)
        except OSError as exc:
            raise SettingsError(f"--cluster {spec}: cannot reach the Dask scheduler ({exc})") from exc

    def workers(self) -> int:
        """How many worker threads the cluster has now (at least 1)."""
        return max(1, sum(w.get("nthreads", 1) for w in self.client.scheduler_info()["workers"].values()))

    def parse_chunks(self, chunks: Iterable[Chunk]) -> Iterator[ParsedChunk]:
        """(chunk, results) for every chunk, in order, while later chunks are being parsed on the cluster."""
        window: deque[tuple[Chunk, Any]] = deque()
        limit = IN_FLIGHT * self.workers()
        for chunk in chunks:
            for i in range(0, len(chunk), CHUNK):
                part = chunk[i:i + CHUNK]
                window.append((part, self.client.submit(parse_task, part, self.aliases_key, self.aliases,
                                                        pure=False)))
                while len(window) >= limit:
                    yield self._result(*window.popleft())
        while window:
            yield self._result(*window.popleft())

    @staticmethod
    def _result(chunk: Chunk, future: Any) -> ParsedChunk:
        try:
            return chunk, future.result()
        except Exception as exc:  # noqa: BLE001 - the chunk fails, reported article by article; nothing stored
            reason = f"not parsed on the cluster ({type(exc).__name__}: {exc}); run the batch again to retry"
            return chunk, [Failure(raw.name, f"{raw.name}: {reason}") for raw, _ in chunk]
