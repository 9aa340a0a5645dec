"""SQLite's own checks of a database file (the home's or a backup's) and folding the WAL into it."""

from __future__ import annotations

import sqlite3


def integrity_check(conn: sqlite3.Connection) -> list[str]:
    """``["ok"]`` for a sound database, else SQLite's findings."""
    return [str(r[0]) for r in conn.execute("PRAGMA integrity_check")]


def quick_check(conn: sqlite3.Connection) -> list[str]:
    return [str(r[0]) for r in conn.execute("PRAGMA quick_check")]


def foreign_key_problems(conn: sqlite3.Connection) -> list[tuple[str, int, str]]:
    """(table, rowid, parent table) of each row pointing at a missing parent."""
    return [(t, r, p) for t, r, p, _ in conn.execute("PRAGMA foreign_key_check")]


def table_names(conn: sqlite3.Connection) -> set[str]:
    return {str(r[0]) for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def table_sizes(conn: sqlite3.Connection) -> dict[str, int]:
    """Rows per table (SQLite's own and the search index's shadow tables left out)."""
    names = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    return {n: int(conn.execute(f'SELECT COUNT(*) FROM "{n}"').fetchone()[0]) for n in names}


def checkpoint(conn: sqlite3.Connection) -> None:
    """Fold the WAL into the database file and empty it."""
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def first_rows(conn: sqlite3.Connection) -> None:
    """Read the schema version and the first row of every table (not the search index's virtual
    ones): the quick look at a database that the full check follows later."""
    conn.execute("PRAGMA user_version").fetchone()
    tables = [
        r[0]
        for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'")
    ]
    for name in tables:
        conn.execute(f'SELECT * FROM "{name.replace(chr(34), chr(34) * 2)}" LIMIT 1').fetchall()


def hold_read_lock(conn: sqlite3.Connection) -> None:
    """Begin a read on ``conn`` and keep it open: the WAL stays in use while it lasts."""
    conn.execute("BEGIN")
    conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()


def change_key(conn: sqlite3.Connection) -> tuple[object, object, object]:
    """What differs after any change to the inspections: the latest updated_at, how many there
    are (from the counts the triggers keep), and SQLite's data_version (another connection's commit)."""
    a = conn.execute("SELECT MAX(updated_at) FROM inspections").fetchone()[0]
    b = conn.execute("SELECT SUM(n) FROM inspection_counts").fetchone()[0]
    c = conn.execute("PRAGMA data_version").fetchone()[0]
    return a, b, c
