"""What this home remembers about exchange: the versions each exchanged inspection descends from
(the exchange_state table). The home's identity is services.trust.home_id."""

from __future__ import annotations

from collections.abc import Callable

from ...store import Store, now
from ...store import exchange as exchange_repo

Progress = Callable[[int, int, str], None]


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
