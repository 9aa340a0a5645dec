"""The sites repository: the places inspected, as frozen dataclasses."""

from __future__ import annotations

import sqlite3
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from .query_parts import site_conditions
from .rows import columns, read, read_one, scalar
from .rows import insert as insert_row
from .rows import update as update_row


@dataclass(frozen=True, slots=True)
class Site:
    id: int
    name: str
    kind: str
    region: str
    address: str
    created_at: str


_SITE = f"SELECT {columns(Site)} FROM sites"


def get(conn: sqlite3.Connection, site_id: int) -> Site | None:
    return read_one(Site, conn.execute(_SITE + " WHERE id = ?", (site_id,)))


def by_name(conn: sqlite3.Connection, name: str) -> Site | None:
    return read_one(Site, conn.execute(_SITE + " WHERE name = ?", (name,)))


def site_name(conn: sqlite3.Connection, site_id: int) -> str | None:
    found: str | None = scalar(conn, "SELECT name FROM sites WHERE id = ?", (site_id,))
    return found


def id_by_name(conn: sqlite3.Connection, name: str) -> int | None:
    found: int | None = scalar(conn, "SELECT id FROM sites WHERE name = ?", (name,))
    return found


def name_taken(conn: sqlite3.Connection, name: str, *, other_than: int | None = None) -> bool:
    if other_than is None:
        return bool(scalar(conn, "SELECT 1 FROM sites WHERE name = ?", (name,)))
    return bool(scalar(conn, "SELECT id FROM sites WHERE name = ? AND id != ?", (name, other_than)))


def exists(conn: sqlite3.Connection, site_id: int) -> bool:
    return bool(scalar(conn, "SELECT 1 FROM sites WHERE id = ?", (site_id,)))


def has_signed(conn: sqlite3.Connection, site_id: int) -> bool:
    """Whether signatures cover the site's name (it has signed or certified inspections)."""
    return bool(
        scalar(conn, "SELECT 1 FROM inspections WHERE site_id = ? AND state IN ('signed', 'certified')", (site_id,))
    )


def listed(conn: sqlite3.Connection, site_ids: Collection[int] | None = None) -> list[Site]:
    """Every site (or those of ``site_ids``) by name."""
    where, args = site_conditions(None, None if site_ids is None else sorted(site_ids), "id")
    return read(Site, conn.execute(_SITE + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY name", args))


def create(conn: sqlite3.Connection, **row: Any) -> int:
    return insert_row(conn, "sites", Site, row)


def change(conn: sqlite3.Connection, site_id: int, **changes: Any) -> None:
    update_row(conn, "sites", Site, site_id, changes)
