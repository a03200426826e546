"""Shared fixtures: the ../shared folder (skipped when absent) and a temp database."""

from __future__ import annotations

from pathlib import Path

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/ from the current output")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))

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
