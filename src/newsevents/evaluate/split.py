"""Which part of a dev set a document belongs to: ``tune`` (read and fix) or ``check`` (scored only)."""

from __future__ import annotations

import hashlib
from typing import Literal

Split = Literal["tune", "check"]


def split_of(doc_id: str) -> Split:
    """``check`` for about one id in three, ``tune`` for the rest; the same answer on every run and machine."""
    # sha256 of the id, not hash(): the built-in is salted per process, so the parts would move between runs.
    digest = hashlib.sha256(doc_id.encode("utf-8")).hexdigest()
    return "check" if int(digest, 16) % 3 == 0 else "tune"
