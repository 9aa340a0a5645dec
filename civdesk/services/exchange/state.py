"""What this home remembers about exchange: the versions each exchanged inspection descends from
(the exchange_state table). The home's identity is services.trust.home_id."""

from __future__ import annotations

import json
from typing import Callable


from ...store import Store, now


Progress = Callable[[int, int, str], None]


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

