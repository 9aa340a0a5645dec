"""Reaching a home as something other than CivDesk would: a plain sqlite3 connection (an outside
tool), and a rolling backup taken as if CivDesk had started some minutes ago."""

from __future__ import annotations

import contextlib
import datetime as _dt
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from civdesk.services import maintenance


@contextlib.contextmanager
def behind_civdesks_back(store) -> Iterator[sqlite3.Connection]:
    """A second, plain sqlite3 connection to the home's database, as an outside tool would open it."""
    conn = sqlite3.connect(store.path, isolation_level=None)
    try:
        yield conn
    finally:
        conn.close()


def rolling_backup(store, minutes_ago: float) -> Path:
    """The backup CivDesk makes at start, dated ``minutes_ago``."""
    at = _dt.datetime.now(_dt.UTC) - _dt.timedelta(minutes=minutes_ago)
    return maintenance.auto_backup(store, at_start=True, now=at).made
