"""The audit chain: each entry's hash covers its content and the previous entry's hash.

Pure functions only; the store writes the rows and ``civdesk check`` re-walks them, so an edit
made behind CivDesk's back (a changed, removed or inserted row) breaks the chain at that entry.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from typing import Any

from ..messages import Line

GENESIS = "0" * 64
FIELDS = ("seq", "at", "user_id", "action", "entity", "entity_id", "detail", "prev_hash")


def canonical_json(data: Any) -> str:
    """One text for one value: sorted keys, no spaces, UTF-8 kept readable."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def entry_hash(entry: Mapping[str, Any]) -> str:
    body = {k: entry.get(k) for k in FIELDS}
    if entry.get("seal") is not None:
        # The seals of the rows the entry's transaction wrote (civdesk.domain.seals); entries
        # written before seals existed have none and keep the hash they were written with.
        body["seal"] = entry["seal"]
    return hashlib.sha256(canonical_json(body).encode("utf-8")).hexdigest()


def first_broken(entries: Iterable[Mapping[str, Any]]) -> tuple[int, str] | None:
    """(seq, reason) of the first entry that breaks the chain, or None when it verifies."""
    prev = GENESIS
    expected_seq = 1
    for e in entries:
        if e["seq"] != expected_seq:
            return e["seq"], Line("health.audit_entry_missing", seq=expected_seq, found=e["seq"])
        if e["prev_hash"] != prev:
            return e["seq"], Line("health.audit_previous_hash")
        if entry_hash(e) != e["hash"]:
            return e["seq"], Line("health.audit_content_hash")
        prev = e["hash"]
        expected_seq += 1
    return None
