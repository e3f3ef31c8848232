"""Resource limits per document, and a deadline the pipeline checks between stages and pages."""

from __future__ import annotations

import time
from dataclasses import dataclass

from parsers.soc2.errors import LimitExceeded


@dataclass(frozen=True)
class ParseLimits:
    """What one document may cost: pages, bytes on disk, wall-clock seconds, worker memory;
    and how far its process gives way for the CPU (`nice`, 0 to 19: on a machine shared with
    an API and its database, a parse takes the cores they leave)."""

    max_pages: int = 2000
    max_bytes: int = 200 * 1024 * 1024
    timeout_seconds: float = 120.0
    max_memory_mb: int = 2048
    nice: int = 0


class Deadline:
    """Wall-clock budget for one parse; `check()` raises LimitExceeded once it has run out."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._end = time.monotonic() + seconds

    def check(self) -> None:
        """Raise LimitExceeded when the budget is spent."""
        if time.monotonic() > self._end:
            raise LimitExceeded(f"parse took longer than the {self.seconds:g} s time limit")
