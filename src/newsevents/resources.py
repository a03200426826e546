"""Finds and loads the package's data files once per process."""

from __future__ import annotations

import csv
import os
from functools import lru_cache
from importlib import resources as _importlib_resources
from pathlib import Path
from typing import Any

import yaml

from .errors import DataError


def data_path(name: str) -> Path:
    """Path of a file shipped under ``newsevents/data``."""
    path = Path(str(_importlib_resources.files("newsevents") / "data" / name))
    if not path.exists():
        raise DataError(f"data file {name!r} is missing from the package", "reinstall newsevents (pip install -e .)")
    return path


@lru_cache(maxsize=None)
def load_yaml(name: str) -> Any:
    """Parsed YAML data file, loaded once per process."""
    with data_path(name).open(encoding="utf-8") as handle:
        try:
            return yaml.safe_load(handle)
        except yaml.YAMLError as exc:
            raise DataError(f"data file {name!r} is not valid YAML: {exc}", "fix the file or reinstall") from exc


@lru_cache(maxsize=None)
def load_csv(name: str) -> tuple[dict[str, str], ...]:
    """Rows of a CSV data file; lines starting with '#' are comments."""
    with data_path(name).open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        return tuple(dict(row) for row in rows)


def cache_dir() -> Path:
    """Per-user cache for derived indexes (e.g. the gazetteer), created on demand."""
    base = os.environ.get("NEWSEVENTS_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "newsevents"
    )
    path = Path(base)
    path.mkdir(parents=True, exist_ok=True)
    return path
