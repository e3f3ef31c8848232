"""Fixtures for end-to-end tests: the API and a real queue worker on the same database."""

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest

from app.jobs.worker import Worker
from app.settings import Settings

SHARED = Path(__file__).resolve().parents[3] / "shared"
REAL_REPORTS = SHARED / "soc2-samples" / "real"


@pytest.fixture
def run_worker(database_url: str, settings: Settings) -> Callable[[], Awaitable[None]]:
    """Runs a worker (in this process) until the job queue is empty."""

    async def drain() -> None:
        await Worker(settings, database_url).run(drain=True)

    return drain
