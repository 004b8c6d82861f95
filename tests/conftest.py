"""Shared pytest fixtures."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

# Property tests search a fixed sequence of examples, so that a run of `make test` (and CI) is repeatable;
# HYPOTHESIS_PROFILE=explore searches afresh each run, to look for new failures.
settings.register_profile("repeatable", max_examples=300, derandomize=True, database=None)
settings.register_profile("explore", max_examples=3000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))


@pytest.fixture(scope="session")
def gazetteer():
    """The offline gazetteer: data/gazetteer/gazetteer.sqlite ($GEO_GAZETTEER), built once if missing or stale."""
    from geo.gazetteer.build import ensure_built
    from geo.gazetteer.index import Gazetteer

    gaz = Gazetteer.open(ensure_built())
    yield gaz
    gaz.close()


@pytest.fixture(scope="session")
def pipeline(gazetteer):
    """The real geoparser (spaCy models loaded once per test session)."""
    from geo.parse.pipeline import Pipeline

    return Pipeline(gazetteer)


@pytest.fixture(scope="session")
def shared():
    """../shared (evaluation data beside the repo); tests that need it skip where it is absent."""
    from geo.eval.corpora import shared_dir

    path = shared_dir()
    if path is None:
        pytest.skip("../shared is not beside the repo (a user's clone): evaluation data absent")
    return path


@pytest.fixture
def site():
    """A real HTTP server on 127.0.0.1 (tests/web.py) to publish pages and feeds."""
    from web import serve

    with serve() as s:
        yield s


@pytest.fixture(scope="session")
def postgres():
    """A throwaway PostgreSQL server for the session (tests/pg.py); its base URL.

    Where it cannot start: a failure in CI (CI=true), a skip on a developer's machine without the binaries."""
    import pg

    try:
        ctx = pg.server()
        url = ctx.__enter__()
    except Exception as exc:  # noqa: BLE001 - reported whole, below
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL could not start (CI needs it): {exc}", pytrace=False)
        pytest.skip(f"PostgreSQL could not start: {exc}")
    yield url
    ctx.__exit__(None, None, None)


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    """Where a new, empty event store lives: a SQLite file, or a fresh database on the PostgreSQL server."""
    if request.param == "sqlite":
        return str(tmp_path / "events.db")
    import pg

    return pg.create_database(request.getfixturevalue("postgres"))
