"""SQLite storage through sqlite-utils: opening, pragmas, migrations, attachments, and the
repositories (one module per aggregate) that hold every SQL statement of the desktop app."""

from .db import DB_NAME, Store, StoreError, default_home, now

__all__ = ["DB_NAME", "Store", "StoreError", "default_home", "now"]
