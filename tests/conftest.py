"""Shared fixtures: the ../shared folder (skipped when absent) and a temp database."""

from __future__ import annotations

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"
SAMPLE = SHARED / "samples" / "raw_news_dump.txt"


@pytest.fixture(scope="session")
def shared_sample() -> Path:
    """The real sample dump from ../shared; skips when it is not there."""
    if not SAMPLE.exists():
        pytest.skip("../shared/samples/raw_news_dump.txt is not present")
    return SAMPLE


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "events.db"
