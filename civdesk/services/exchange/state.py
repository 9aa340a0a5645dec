"""What this home remembers about exchange: its identity, and the versions each exchanged
inspection descends from (the exchange_state table)."""

from __future__ import annotations

import json
import uuid as _uuid
from typing import Callable


from ...store import Store, now


Progress = Callable[[int, int, str], None]


def home_id(store: Store, *, create: bool = True) -> str | None:
    """This home's identity, written on the audit entries it sends to other homes."""
    hid = store.get_setting("home_id")
    if hid is None and create:
        hid = str(_uuid.uuid4())
        store.set_setting("home_id", hid)
    return hid


def seen_hashes(store: Store, uuid: str) -> list[str]:
    raw = store.scalar("SELECT seen FROM exchange_state WHERE uuid = ?", (uuid,))
    return json.loads(raw) if raw else []


def remember(store: Store, uuid: str, hashes: list[str], last: str) -> bool:
    """Add ``hashes`` to what the home's copy of ``uuid`` descends from; True if that changed."""
    seen = seen_hashes(store, uuid)
    grown = seen + [h for h in dict.fromkeys(hashes) if h not in seen]
    if grown == seen and store.scalar("SELECT last_hash FROM exchange_state WHERE uuid = ?", (uuid,)) == last:
        return False
    store.conn.execute("INSERT INTO exchange_state (uuid, seen, last_hash, last_at) VALUES (?, ?, ?, ?) "
                       "ON CONFLICT(uuid) DO UPDATE SET seen = excluded.seen, last_hash = excluded.last_hash, "
                       "last_at = excluded.last_at", (uuid, json.dumps(grown), last, now()))
    return True

