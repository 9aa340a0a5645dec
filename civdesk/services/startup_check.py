"""The start-up check of a home's database in two steps, so a large database never keeps the window
from showing and a damaged one is still refused before anything is written to it.

``probe_before`` runs before the Store opens. A small database (the usual home: up to
``FULL_BEFORE_BYTES``, where ``PRAGMA quick_check`` takes a few tens of milliseconds) gets the full
check there, as before. A larger one gets the cheap part: the header and size (``check_file``),
the schema, and the first row of every table read through its b-tree from the root, read-only.
The full ``quick_check`` of a large database then runs on the operation runner once the window
shows (``probe_after``, ui/start_check.py); until it passes the Store holds writes
(``Store.writes_held``), so the person's work is not written to a file not yet known to be sound.
Only the login's own bookkeeping (failed-attempt counts) is written before it.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from ..store import DB_NAME, StoreError, health
from ..store.db import check_file
from . import maintenance
from .errors import CivDeskError

FULL_BEFORE_BYTES = 16 * 1024 * 1024  # quick_check reads ~3 ms per MB here: ~50 ms at this size
HELD = "store.writes_held"  # the refusal's code while the check runs


def needs_full_check_later(home: Path | str) -> bool:
    db = Path(home) / DB_NAME
    return db.exists() and db.stat().st_size > FULL_BEFORE_BYTES


def probe_before(home: Path | str) -> CivDeskError | None:
    """Why the database cannot be opened, or None: the full check for a small database, the cheap
    one (header, size, schema, every table's first row) for a large one. Reads only."""
    if not needs_full_check_later(home):
        return maintenance.probe(home)
    db = Path(home) / DB_NAME
    try:
        check_file(db)
    except StoreError as e:
        return e
    uri = f"{db.resolve().as_uri()}?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True)
        try:
            health.first_rows(conn)
        finally:
            conn.close()
    except sqlite3.DatabaseError as e:
        return StoreError("maintenance.cannot_be_read", path=db, detail=str(e))
    return None


def probe_after(home: Path | str) -> CivDeskError | None:
    """The full check (``PRAGMA quick_check`` on its own read-only connection): for the runner."""
    return maintenance.probe(home)


def close_untouched(store) -> None:
    """Close a Store whose database the check after start found damaged, writing nothing more to
    the file: no seals flushed, and no checkpoint of the WAL into it (the last connection to close
    is a read-only one, which SQLite never checkpoints from). The WAL goes aside with the file at
    a restore (maintenance.restore)."""
    last = sqlite3.connect(f"{store.path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        health.hold_read_lock(last)  # the WAL in use
        store.conn.close()
    finally:
        last.close()
