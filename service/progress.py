"""A progress bar on standard error for long jobs (a line per step when not a terminal)."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class ProgressBar:
    def __init__(self, label: str, stream: TextIO | None = None, unit: str = "files") -> None:
        self.label = label
        self.unit = unit
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.started = time.monotonic()

    def __call__(self, done: int, total: int, item: str) -> None:
        if total <= 0:
            return
        elapsed = time.monotonic() - self.started
        if self.tty:
            filled = int(30 * done / total)
            bar = "█" * filled + "░" * (30 - filled)
            self.stream.write(f"\r{self.label} {bar} {done}/{total} {elapsed:5.1f}s {item[:40]:<40}")
            if done == total:
                self.stream.write("\n")
        elif done < total:
            self.stream.write(f"{self.label} {done + 1}/{total}: {item}\n")
        else:
            self.stream.write(f"{self.label} done: {total} {self.unit} in {elapsed:.1f}s\n")
        self.stream.flush()
