"""The PNG for slides: 1920×1080 by default, drawn offline from the shipped basemap; the CLI never writes to a tty."""

from __future__ import annotations

import io
import os
import pty
import subprocess
import sys

import numpy as np
import pytest
from PIL import Image

from geo.cli.main import main
from geo.export import png
from geo.store.db import Store
from geo.store.synth import fill
from geo.ui import view as views
from geo.ui.i18n import Translator
from geo.ui.view import ViewState
from geo.paths import REPO_ROOT


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("png") / "synth.db"
    with Store(path) as store:
        fill(store, 300, seed=5)
    return path


def frame(db):
    with Store(db) as store:
        return views.frame(store.events())


def test_default_size_and_the_events_drawn_in_their_colours(db):
    df = frame(db)
    data = png.render(df, png.title_line(ViewState(), df, Translator("en")))
    image = Image.open(io.BytesIO(data)).convert("RGB")
    assert image.size == (1920, 1080)
    pixels = np.asarray(image).reshape(-1, 3)
    # the strike colour (#D55E00) and the land colour are both there: markers over the basemap
    assert (np.abs(pixels - [0xD5, 0x5E, 0x00]).sum(axis=1) < 30).sum() > 200
    assert (np.abs(pixels - [0xF4, 0xF1, 0xEA]).sum(axis=1) < 6).sum() > 100_000


def test_title_line_says_dates_filters_and_count_in_the_language():
    df = frame_dates = None
    import pandas as pd

    df = pd.DataFrame({"date": ["2025-02-17", "2025-02-20"], "type": ["strike", "clash"]})
    fr = png.title_line(ViewState(types=("strike",), countries=("UA",)), df, Translator("fr"))
    assert fr == "Que s’est-il passé, et où · 17 févr. 2025 – 20 févr. 2025 · frappe · UA · 2 événements"
    en = png.title_line(ViewState(), df, Translator("en"))
    assert en == "What happened where · Feb 17, 2025 – Feb 20, 2025 · 2 events"


def test_cli_writes_a_png_of_the_asked_size_to_a_pipe(db, tmp_path):
    out = subprocess.run([sys.executable, "-m", "geo.cli.main", "--db", str(db), "events", "--format", "png",
                          "--width", "800", "--height", "450", "--type", "strike", "--lang", "fr"],
                         capture_output=True, env=dict(os.environ, PYTHONPATH=str(REPO_ROOT / "src")), timeout=300)
    assert out.returncode == 0, out.stderr.decode()
    assert out.stdout[:8] == b"\x89PNG\r\n\x1a\n"
    assert Image.open(io.BytesIO(out.stdout)).size == (800, 450)


def test_cli_refuses_to_write_a_png_to_a_terminal(db):
    leader, follower = pty.openpty()
    try:
        out = subprocess.run([sys.executable, "-m", "geo.cli.main", "--db", str(db), "events", "--format", "png"],
                             stdout=follower, stderr=subprocess.PIPE, timeout=300,
                             env=dict(os.environ, PYTHONPATH=str(REPO_ROOT / "src")))
    finally:
        os.close(follower)
        os.close(leader)
    assert out.returncode == 2 and b"redirect it to a file" in out.stderr


def test_an_empty_view_still_gives_a_picture():
    import pandas as pd

    empty = views.frame([])
    data = png.render(empty, "nothing", Translator("en"), 640, 360)
    assert Image.open(io.BytesIO(data)).size == (640, 360)
    assert main  # the CLI entry point imports
