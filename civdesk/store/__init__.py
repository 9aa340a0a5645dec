"""SQLite storage through sqlite-utils: opening, pragmas, migrations, attachments."""

from .db import DB_NAME, Store, StoreError, default_home, now

__all__ = ["DB_NAME", "Store", "StoreError", "default_home", "now"]
