"""A progress bar for the command line: drawn on a terminal, silent in a pipe or a log."""

from __future__ import annotations

import time
from typing import Callable, TextIO

WIDTH = 28


class ProgressBar:
    """`[#######.....]  120/1000  12.3/s  label` on one line of ``stream``, redrawn at most 10 times a second."""

    def __init__(self, stream: TextIO, label: str = "articles", *, force: bool = False,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.stream, self.label, self.clock = stream, label, clock
        self.enabled = force or (hasattr(stream, "isatty") and stream.isatty())
        self.started = clock()
        self._drawn = 0.0
        self._shown = False

    def update(self, done: int, total: int) -> None:
        """Redraw for ``done`` of ``total`` items (total 0: unknown)."""
        if not self.enabled:
            return
        now = self.clock()
        if now - self._drawn < 0.1 and done != total:
            return
        self._drawn = now
        rate = done / max(now - self.started, 1e-9)
        if total:
            filled = min(WIDTH, WIDTH * done // total)
            bar = f"[{'#' * filled}{'.' * (WIDTH - filled)}] {done}/{total}"
        else:
            bar = f"{done}"
        self.stream.write(f"\r{bar} {self.label}  {rate:.1f}/s\x1b[K")
        self.stream.flush()
        self._shown = True

    def close(self) -> None:
        """End the bar's line (before the summary is printed)."""
        if self._shown:
            self.stream.write("\n")
            self.stream.flush()
            self._shown = False
