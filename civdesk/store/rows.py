"""Rows as frozen dataclasses: the column list of a row class and the reading of a cursor into it.

A repository names its row class's fields as its SELECT list (``columns``) and builds each row
positionally (``read``), so a row class and its query cannot drift apart silently: a field the
table lacks fails on the first read, in the tests.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import fields
from typing import Any, Protocol, TypeVar

T = TypeVar("T")


class Row(Protocol):
    __dataclass_fields__: dict[str, Any]


def names(cls: type[Any]) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


def columns(cls: type[Any], alias: str = "") -> str:
    """``a.id, a.name, …``: the SELECT list of ``cls``'s fields (of table ``alias``)."""
    prefix = f"{alias}." if alias else ""
    return ", ".join(prefix + n for n in names(cls))


def read(cls: type[T], cursor: Iterable[Sequence[Any]]) -> list[T]:
    return [cls(*row) for row in cursor]


def read_one(cls: type[T], cursor: sqlite3.Cursor) -> T | None:
    row = cursor.fetchone()
    return None if row is None else cls(*row)


def as_dict(row: Any) -> dict[str, Any]:
    """A row as the dict a screen still reads (flat: no nested copying)."""
    return {n: getattr(row, n) for n in row.__slots__}


def marks(values: Sequence[Any]) -> str:
    """``?, ?, ?`` for an IN (…) list of ``values`` (``NULL`` for none, which matches nothing)."""
    return ", ".join("?" * len(values)) or "NULL"


def scalar(conn: sqlite3.Connection, sql: str, params: Sequence[Any] = ()) -> Any:
    row = conn.execute(sql, params).fetchone()
    return row[0] if row else None


def column(conn: sqlite3.Connection, sql: str, params: Sequence[Any] = ()) -> list[Any]:
    return [r[0] for r in conn.execute(sql, params)]


def insert(conn: sqlite3.Connection, table: str, cls: type[Any], row: dict[str, Any]) -> int:
    """Insert ``row`` into ``table``, whose columns are ``cls``'s fields; the new row's id."""
    check_columns(cls, row)
    cur = conn.execute(f"INSERT INTO {table} ({', '.join(row)}) VALUES ({marks(list(row))})", tuple(row.values()))
    return int(cur.lastrowid or 0)


def update(conn: sqlite3.Connection, table: str, cls: type[Any], pk: int, changes: dict[str, Any]) -> None:
    """Set ``changes`` (columns of ``cls``) on the row ``pk`` of ``table``."""
    check_columns(cls, changes)
    conn.execute(f"UPDATE {table} SET {', '.join(f'{k} = ?' for k in changes)} WHERE id = ?", (*changes.values(), pk))


def check_columns(cls: type[Any], row: dict[str, Any]) -> None:
    """KeyError unless ``row`` names only (and at least one of) ``cls``'s fields."""
    unknown = set(row) - set(names(cls))
    if unknown or not row:
        raise KeyError(f"{cls.__name__} has no column {', '.join(sorted(unknown)) or '(none given)'}")
