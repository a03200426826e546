"""Finds and loads the package's data files once per process."""

from __future__ import annotations

import csv
import dataclasses
import os
import types
import typing
from functools import cache
from importlib import resources as _importlib_resources
from pathlib import Path
from typing import Any, TypeVar

import yaml

from .errors import DataError


def data_path(name: str) -> Path:
    """Path of a file shipped under ``newsevents/data``."""
    path = Path(str(_importlib_resources.files("newsevents") / "data" / name))
    if not path.exists():
        raise DataError(f"data file {name!r} is missing from the package", "reinstall newsevents (pip install -e .)")
    return path


@cache
def load_yaml(name: str) -> Any:
    """Parsed YAML data file, loaded once per process."""
    with data_path(name).open(encoding="utf-8") as handle:
        try:
            # libyaml's loader when PyYAML was built with it (its wheels are): the same data, 7x faster.
            return yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        except yaml.YAMLError as exc:
            raise DataError(f"data file {name!r} is not valid YAML: {exc}", "fix the file or reinstall") from exc


T = TypeVar("T")


@cache
def load_rules(name: str, schema: type[T]) -> T:
    """A YAML data file as the frozen dataclass ``schema`` (``tuple[Schema, ...]`` for a list), checked against its annotations.

    Every unknown key, missing key and value of the wrong kind is reported at once, by its path
    in the file, so a typo in a lexicon fails at load time and not when a rare path reads it.
    """
    errors: list[str] = []
    rules = _conform(load_yaml(name), schema, "", errors)
    if errors:
        raise DataError(f"data file {name!r} does not fit its schema: " + "; ".join(errors), "fix those keys in the file")
    return typing.cast(T, rules)


@cache
def load_table(name: str, row: type[T]) -> tuple[T, ...]:
    """A CSV data file as frozen ``row`` dataclasses, one per line; lines starting with '#' are comments.

    Columns map to the row's fields by name. A ``str`` field takes the cell as it is, ``int`` and
    ``float`` fields are parsed, ``X | None`` is None for an empty cell, and ``tuple[str, ...]``
    splits the cell on the field's ``metadata["sep"]`` ("|" unless given). Every unknown or missing
    column and every cell that does not parse is reported at once, by line and column.
    """
    fields = {f.name: f for f in dataclasses.fields(typing.cast("type[Any]", row))}
    hints = typing.get_type_hints(row)
    with data_path(name).open(encoding="utf-8", newline="") as handle:
        lines = [(number, line) for number, line in enumerate(handle, 1) if not line.startswith("#")]
    reader = csv.DictReader(line for _, line in lines)
    header = reader.fieldnames or []
    errors = [f"unknown column {c!r}" for c in header if c not in fields]
    errors += [f"missing column {c!r}" for c, f in fields.items() if c not in header and _required(f)]
    rows: list[T] = []
    for (number, _), cells in zip(lines[1:], reader):
        problems: list[str] = []
        kwargs = {c: _cell(cells[c], hints[c], fields[c], problems) for c in fields if c in header}
        errors += [f"line {number} column {p}" for p in problems]
        if not problems and not errors:
            rows.append(typing.cast("type[Any]", row)(**kwargs))
    if errors:
        raise DataError(f"data file {name!r} does not fit its schema: " + "; ".join(errors), "fix those cells in the file")
    return tuple(rows)


def _required(spec: dataclasses.Field[Any]) -> bool:
    return spec.default is dataclasses.MISSING and spec.default_factory is dataclasses.MISSING


def _cell(text: str | None, annotation: Any, spec: dataclasses.Field[Any], problems: list[str]) -> Any:
    """One CSV cell as ``annotation``; what does not parse is added to ``problems``."""
    text = (text or "").strip()
    if type(None) in typing.get_args(annotation):
        if not text:
            return None
        [annotation] = [a for a in typing.get_args(annotation) if a is not type(None)]
    if typing.get_origin(annotation) is tuple:
        return tuple(part.strip() for part in text.split(spec.metadata.get("sep", "|")) if part.strip())
    if annotation in (int, float):
        try:
            return annotation(text)
        except ValueError:
            problems.append(f"{spec.name!r}: {text!r} is not of type {annotation.__name__}")
            return None
    return text


def _conform(value: Any, annotation: Any, where: str, errors: list[str]) -> Any:
    """``value`` converted to ``annotation`` (lists become tuples, mappings dataclasses); problems go to ``errors``."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if annotation is Any:
        return value
    if origin in (typing.Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        kinds = [a for a in args if a is not type(None)]
        if len(kinds) == 1:
            return _conform(value, kinds[0], where, errors)
        for kind in kinds:
            trial: list[str] = []
            converted = _conform(value, kind, where, trial)
            if not trial:
                return converted
        errors.append(f"{where or 'the file'} should be {annotation}")
        return value
    if dataclasses.is_dataclass(annotation):
        if not isinstance(value, dict):
            errors.append(f"{where or 'the file'} should be a mapping")
            return value
        hints = typing.get_type_hints(annotation)
        fields = {f.name: f for f in dataclasses.fields(annotation)}
        errors.extend(f"unknown key {where}{key}" for key in value if key not in fields)
        kwargs = {}
        for key, spec in fields.items():
            if key in value:
                kwargs[key] = _conform(value[key], hints[key], f"{where}{key}.", errors)
            elif spec.default is dataclasses.MISSING and spec.default_factory is dataclasses.MISSING:
                errors.append(f"missing key {where}{key}")
        # A schema annotation is a class; is_dataclass() also admits instances, which mypy then cannot call.
        return typing.cast("type[Any]", annotation)(**kwargs) if not errors else value
    if origin is tuple:
        if not isinstance(value, list):
            errors.append(f"{where.rstrip('.') or 'the file'} should be a list")
            return value
        if args[-1] is Ellipsis:
            return tuple(_conform(v, args[0], f"{where}{i}.", errors) for i, v in enumerate(value))
        if len(value) != len(args):
            errors.append(f"{where.rstrip('.')} should have {len(args)} items")
            return value
        return tuple(_conform(v, kind, f"{where}{i}.", errors) for i, (v, kind) in enumerate(zip(value, args)))
    if origin is dict:
        if not isinstance(value, dict):
            errors.append(f"{where.rstrip('.')} should be a mapping")
            return value
        return {k: _conform(v, args[1], f"{where}{k}.", errors) for k, v in value.items()}
    expected = {float: (int, float)}.get(annotation, annotation)
    if not isinstance(value, expected) or (annotation is int and isinstance(value, bool)):
        errors.append(f"{where.rstrip('.')} should be {annotation.__name__}, not {type(value).__name__}")
    return float(value) if annotation is float and isinstance(value, int) else value


def cache_dir() -> Path:
    """Per-user cache for derived indexes (e.g. the gazetteer), created on demand."""
    base = os.environ.get("NEWSEVENTS_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "newsevents"
    )
    path = Path(base)
    path.mkdir(parents=True, exist_ok=True)
    return path
