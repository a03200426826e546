"""The ``--split`` option of the accuracy scripts: which part of each dev set they read.

The method: fix the code on the ``tune`` part only and confirm on ``check`` (``evaluate.split_of``),
so the scripts read tune documents unless asked otherwise, and any misses they print are tune misses.
"""

from __future__ import annotations

import argparse

from newsevents.evaluate import split_of

CHOICES = ("tune", "check", "all")


def add_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--split",
        choices=CHOICES,
        default="tune",
        help="dev documents to read: tune (default; the part to read while fixing), check (to confirm a fix) or all",
    )


def select(rows: list[dict], split: str) -> list[dict]:
    """The rows of one part, in file order; ``all`` keeps every row."""
    return rows if split == "all" else [row for row in rows if split_of(row["id"]) == split]
