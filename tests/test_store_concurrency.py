"""Concurrent writers on one store (several ingests, the Sources page, feed updates): nothing lost, nothing twice.

Each writer has its own Store (its own connections), as separate processes would; they start together."""

from __future__ import annotations

import datetime as dt
import threading

from helpers import KROPOTKIN, make_event

from geo.model import Article, Place, PlaceKind
from geo.store.db import Store

WRITERS = 4
NEAR = [Place(990000 + i, f"Depot {i}", "RU", 45.43 + 0.01 * i, 40.57, PlaceKind.SETTLEMENT, 0, "Krasnodar Krai")
        for i in range(WRITERS)]


def together(url: str, work) -> list:
    """Run work(store, i) in WRITERS threads released at the same moment; their results in thread order."""
    stores = [Store(url) for _ in range(WRITERS)]
    barrier = threading.Barrier(WRITERS)
    results: list = [None] * WRITERS
    errors: list[BaseException] = []

    def run(i: int) -> None:
        try:
            barrier.wait()
            results[i] = work(stores[i], i)
        except BaseException as exc:  # noqa: BLE001 - re-raised in the test's thread
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(WRITERS)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(120)
    for s in stores:
        s.close()
    assert not errors, errors
    return results


def test_the_same_articles_from_several_writers_are_stored_once(store_url):
    articles = [Article(f"a{n}", f"text {n}", url=f"https://news.example/{n}") for n in range(20)]

    def day(a: Article) -> str:  # three days apart: no two are one happening
        return (dt.date(2025, 1, 1) + dt.timedelta(days=3 * int(a.id[1:]))).isoformat()

    def work(store: Store, i: int) -> list[str]:
        order = articles[i::1] + articles[:i]  # each writer starts somewhere else
        return [store.add(a, [make_event(f"e{a.id}", article_id=a.id, day=day(a))]).status
                for a in order]

    statuses = together(store_url, work)
    assert sum(s.count("ingested") for s in statuses) == len(articles)
    with Store(store_url) as store:
        assert store.count_articles() == len(articles)
        assert sorted(e["id"] for e in store.events()) == sorted(f"e{a.id}" for a in articles)
        assert all(e["sources"] == [e["article_id"]] for e in store.events())


def test_one_happening_reported_by_several_writers_at_once_is_one_event_with_every_source(store_url):
    def work(store: Store, i: int) -> str:
        event = make_event(f"strike-{i}", place=NEAR[i] if i else KROPOTKIN, article_id=f"w{i}")
        return store.add(Article(f"w{i}", f"report {i}"), [event]).status

    assert together(store_url, work) == ["ingested"] * WRITERS
    with Store(store_url) as store:
        (event,) = store.events()
        assert sorted(event["sources"]) == [f"w{i}" for i in range(WRITERS)]
        assert len(event["source_sentences"]) == WRITERS
