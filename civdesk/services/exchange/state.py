"""What this home remembers about exchange: its identity, and the versions each exchanged
inspection descends from (the exchange_state table)."""

from __future__ import annotations

import uuid as _uuid
from typing import Callable

from ...store import Store, now
from ...store import exchange as exchange_repo

Progress = Callable[[int, int, str], None]


def home_id(store: Store, *, create: bool = True) -> str | None:
    """This home's identity, written on the audit entries it sends to other homes."""
    hid = store.get_setting("home_id")
    if hid is None and create:
        hid = str(_uuid.uuid4())
        store.set_setting("home_id", hid)
    return hid


def seen_hashes(store: Store, uuid: str) -> list[str]:
    return exchange_repo.seen(store.conn, uuid)


def remember(store: Store, uuid: str, hashes: list[str], last: str) -> bool:
    """Add ``hashes`` to what the home's copy of ``uuid`` descends from; True if that changed."""
    seen = seen_hashes(store, uuid)
    grown = seen + [h for h in dict.fromkeys(hashes) if h not in seen]
    if grown == seen and exchange_repo.last_hash(store.conn, uuid) == last:
        return False
    exchange_repo.remember(store.conn, uuid, grown, last, now())
    return True

