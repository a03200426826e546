"""Documentation coverage: every command and option is in docs/cli.md, every data file in data/README.md."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_cli_docs_are_current(tmp_path: Path):
    generated = tmp_path / "cli.md"
    typer = Path(sys.executable).with_name("typer")
    subprocess.run(
        [str(typer), "newsevents.cli", "utils", "docs", "--name", "newsevents", "--output", str(generated)],
        check=True, capture_output=True, timeout=120,
    )
    assert generated.read_text() == (ROOT / "docs" / "cli.md").read_text(), "run `make docs` and commit docs/cli.md"


def test_every_data_file_is_described():
    data = ROOT / "src" / "newsevents" / "data"
    readme = (data / "README.md").read_text(encoding="utf-8")
    missing = [p.name for p in data.iterdir() if p.is_file() and p.name != "README.md" and p.name not in readme]
    assert not missing, f"describe these in src/newsevents/data/README.md: {missing}"


def test_readme_shows_the_commands_first():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    positions = [readme.index(command) for command in ("make demo", "make test", "make bench")]
    assert positions == sorted(positions)
