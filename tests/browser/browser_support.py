"""Browser-test support: Debian's Chromium and a `streamlit run` per database (used by conftest and tests)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
# Screenshots of failed browser tests: outside the repo (no test writes into it); GEO_TEST_ARTIFACTS moves them.
ARTIFACTS = Path(os.environ.get("GEO_TEST_ARTIFACTS") or Path(tempfile.gettempdir()) / "geo-events-test-artifacts")
CHROMIUM = "/usr/bin/chromium"
# Flags measured in ../shared/NOTES-map.md: headless, no sandbox (root in CI), nothing phoning home.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


def chromium() -> str:
    """Debian's Chromium, installed by scripts/install-browser.sh when missing; skip only if that cannot work."""
    if not os.access(CHROMIUM, os.X_OK):
        result = subprocess.run([str(REPO / "scripts" / "install-browser.sh")], capture_output=True, text=True)
        if not os.access(CHROMIUM, os.X_OK):
            reason = f"Chromium is not installed and could not be: {result.stderr.strip() or result.returncode}"
            if os.environ.get("CI"):
                pytest.fail(reason)  # in CI the browser tests must run
            pytest.skip(reason)
    return CHROMIUM


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`streamlit run dashboard.py` on a free port, in its own process group, against one database."""

    def __init__(self, db: Path, log: Path, script: str = "dashboard.py") -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        env = dict(os.environ, GEO_DB=str(db))
        self.log = log.open("w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", script, "--server.headless", "true",
             "--server.port", str(self.port), "--browser.gatherUsageStats", "false",
             "--server.fileWatcherType", "none"],  # an edit during a test run must not rerun the app
            cwd=REPO, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"streamlit exited ({self.process.returncode}); see {log}")
            try:
                if urllib.request.urlopen(self.url + "_stcore/health", timeout=2).read() == b"ok":
                    return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"streamlit did not answer on {self.url} within 60 s; see {log}")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
        self.log.close()
