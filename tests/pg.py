"""A throwaway PostgreSQL server from Debian's binaries (scripts/install-postgres.sh), for tests and benchmarks.

initdb refuses to run as root, so as root the cluster belongs to the postgres user (runuser). It listens on
127.0.0.1 on a free port, with its socket in its own folder; everything is deleted when the server stops.
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

_names = itertools.count(1)


def bindir() -> Path:
    """The newest installed PostgreSQL's bin folder ($GEO_PG_BIN first)."""
    if os.environ.get("GEO_PG_BIN"):
        return Path(os.environ["GEO_PG_BIN"])
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    if not found:
        raise RuntimeError("no PostgreSQL server binaries: run `bash scripts/install-postgres.sh` (as root)")
    return Path(found[-1]).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def server(*, fast: bool = True) -> Iterator[str]:
    """Start a PostgreSQL server; yields its base URL (postgresql+psycopg://postgres@127.0.0.1:PORT/).

    fast: no fsync (tests and throwaway benchmarks: durability is not what they measure)."""
    bin_ = bindir()
    root = Path(tempfile.mkdtemp(prefix="geo-pg-"))
    as_root = os.geteuid() == 0
    prefix = ["runuser", "-u", "postgres", "--"] if as_root else []
    if as_root:
        shutil.chown(root, "postgres", "postgres")
    data, log, port = root / "data", root / "server.log", free_port()
    options = f"-h 127.0.0.1 -p {port} -k {root}" + (" -F -c synchronous_commit=off -c full_page_writes=off"
                                                     if fast else "")

    def run(*cmd: str) -> None:
        done = subprocess.run([*prefix, *cmd], capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{' '.join(cmd[:2])} failed ({done.returncode}): {done.stderr.strip()}\n{tail}")

    try:
        run(str(bin_ / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale")
        run(str(bin_ / "pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-t", "60", "-o", options, "start")
        try:
            yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/"
        finally:
            run(str(bin_ / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop")
    finally:
        shutil.rmtree(root, ignore_errors=True)


def create_database(base_url: str, name: str | None = None) -> str:
    """A new empty database on the server; returns its URL."""
    import psycopg

    name = name or f"geo_{os.getpid()}_{next(_names)}"
    with psycopg.connect(base_url.replace("postgresql+psycopg://", "postgresql://") + "postgres",
                         autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return base_url + name
