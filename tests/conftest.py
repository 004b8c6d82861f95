"""Shared pytest fixtures."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def gazetteer():
    """The offline gazetteer: data/gazetteer/gazetteer.sqlite ($GEO_GAZETTEER), built once if missing or stale."""
    from geo.gazetteer import Gazetteer
    from geo.gazetteer_build import ensure_built

    gaz = Gazetteer.open(ensure_built())
    yield gaz
    gaz.close()
