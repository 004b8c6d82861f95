"""Shared pytest fixtures."""

from __future__ import annotations

import pytest


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
