"""Pieces every list query shares: the site conditions (where a user's scope narrows a list)
and turning a cursor into dicts."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any


def site_conditions(
    site_id: int | None, site_ids: Sequence[int] | None, column: str = "i.site_id"
) -> tuple[list[str], list[Any]]:
    """Conditions and arguments for one chosen site and the sites a user may see (None: all)."""
    where: list[str] = []
    args: list[Any] = []
    if site_id is not None:
        where.append(f"{column} = ?")
        args.append(site_id)
    if site_ids is not None:
        where.append(f"{column} IN ({', '.join('?' * len(site_ids)) or 'NULL'})")
        args += list(site_ids)
    return where, args


def dicts(cursor: sqlite3.Cursor) -> list[dict[str, Any]]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor]
