"""Helper for test_crash_safety.py, run as a subprocess: save answers in a loop until killed.

    python crash_writer.py HOME INSPECTION_ID [FIRST_SEQ]

Write number ``seq`` answers item ``seq % n`` of the inspection's template with a value that changes
on each pass over the items, and a note ``写入<seq>`` that names the write. Before a write starts it
prints ``SAVING <seq> <code> <json value>``; once ``inspections.answer`` has returned, ``SAVED <seq>
<code> <json value>``; each line is flushed at once, so the killing test knows every write that was
reported saved and the one write that may have landed without being reported.
"""

from __future__ import annotations

import json
import sys
import time

from civdesk.domain.template import CHECK_ANSWERS, GRADES, TIERS, Item
from civdesk.services import accounts, inspections
from civdesk.store import Store

MAX_SECONDS = 120  # a safety net: never outlive a test run that lost track of this process


def values_for(item: Item) -> list:
    """Valid answers for an item, in the order successive passes use them."""
    if item.type == "check":
        return list(CHECK_ANSWERS)
    if item.type == "grade":
        return list(GRADES) + ["na"]
    if item.type == "tiers" and not (item.bands or item.band_variants):
        return list(TIERS) + ["na"]
    if item.type in ("measure", "tiers"):
        lo = item.min if item.min is not None else 0.0
        hi = item.max if item.max is not None else lo + 100.0
        return [round(lo + (hi - lo) * f, 2) for f in (0.0, 0.25, 0.5, 0.75, 1.0)] + ["na"]
    if item.type in ("deduction", "count"):
        return [0, 1, 2, 3, 7]
    if item.type == "date":
        return ["2026-01-31", "2026-02-28", "2026-12-01"]
    return ["记录甲", "记录乙", "记录丙"]  # text


def note_for(seq: int) -> str:
    return f"写入{seq}"


def main(argv: list[str]) -> int:
    home, inspection_id = argv[0], int(argv[1])
    seq = int(argv[2]) if len(argv) > 2 else 0
    store = Store(home)
    row = store.one("SELECT author_id FROM inspections WHERE id = ?", (inspection_id,))
    by = accounts.actor(store, row["author_id"])
    items = inspections.view(store, inspection_id).template.items()
    out = sys.stdout
    out.write("READY\n")
    out.flush()
    deadline = time.monotonic() + MAX_SECONDS
    while time.monotonic() < deadline:
        item = items[seq % len(items)]
        options = values_for(item)
        value = options[(seq // len(items)) % len(options)]
        out.write(f"SAVING {seq} {item.code} {json.dumps(value, ensure_ascii=False)}\n")
        out.flush()
        saved = inspections.answer(store, by, inspection_id, item.code, value, note=note_for(seq))
        out.write(f"SAVED {seq} {item.code} {json.dumps(saved.value, ensure_ascii=False)}\n")
        out.flush()
        seq += 1
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
