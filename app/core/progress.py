"""A text progress bar for long CLI runs, on stderr (a terminal or a log both read it)."""

from __future__ import annotations

import sys
import time
from typing import TextIO

WIDTH = 30


class ProgressBar:
    def __init__(self, total: int, label: str, out: TextIO = sys.stderr) -> None:
        self.total, self.label, self.out = max(total, 0), label, out
        self.done = 0
        self.started = time.monotonic()

    def advance(self, count: int) -> None:
        self.done += count
        self.show()

    def show(self) -> None:
        share = min(self.done / self.total, 1.0) if self.total else 1.0
        filled = int(share * WIDTH)
        rate = self.done / max(time.monotonic() - self.started, 1e-9)
        self.out.write(
            f"\r{self.label} [{'#' * filled}{'.' * (WIDTH - filled)}] "
            f"{self.done:,}/{self.total:,} ({share:.0%}, {rate:,.0f}/s)"
        )
        self.out.flush()

    def finish(self) -> None:
        self.show()
        self.out.write("\n")
