"""The audit hash chain: it verifies when intact and names the first entry an edit broke."""

from __future__ import annotations

import copy

import pytest

from civdesk.domain.audit import GENESIS, canonical_json, entry_hash, first_broken


def chain(n=5):
    entries, prev = [], GENESIS
    for seq in range(1, n + 1):
        e = {
            "seq": seq,
            "at": f"2024-05-0{seq}T08:00:00.000000+00:00",
            "user_id": seq % 2 + 1,
            "action": "answer",
            "entity": "inspection",
            "entity_id": "7",
            "detail": canonical_json({"code": f"1.{seq}", "value": "yes"}),
            "prev_hash": prev,
        }
        e["hash"] = entry_hash(e)
        prev = e["hash"]
        entries.append(e)
    return entries


def test_intact_chain_verifies():
    assert first_broken(chain()) is None
    assert first_broken([]) is None


def test_hash_is_stable_and_covers_every_field():
    e = chain(1)[0]
    assert e["hash"] == entry_hash(copy.deepcopy(e))
    assert len(e["hash"]) == 64
    for key in ("seq", "at", "user_id", "action", "entity", "entity_id", "detail", "prev_hash"):
        changed = dict(e, **{key: "x"})
        assert entry_hash(changed) != e["hash"], key


def test_canonical_json_sorted_compact_readable():
    assert canonical_json({"b": 1, "a": "整改"}) == '{"a":"整改","b":1}'


@pytest.mark.parametrize("seq", [1, 3, 5])
def test_altered_detail_is_found_at_that_entry(seq):
    entries = chain()
    entries[seq - 1]["detail"] = canonical_json({"code": f"1.{seq}", "value": "no"})
    assert first_broken(entries) == (seq, "its content does not match its hash")


def test_rehashed_forgery_breaks_the_next_entry():
    entries = chain()
    entries[1]["detail"] = canonical_json({"code": "1.2", "value": "no"})
    entries[1]["hash"] = entry_hash(entries[1])  # the forger recomputes the hash of the edited entry
    assert first_broken(entries) == (3, "its previous-hash does not match the entry before it")


def test_deleted_row_is_found():
    entries = chain()
    del entries[2]
    assert first_broken(entries) == (4, "entry 3 is missing (found 4)")


def test_deleted_first_row_is_found():
    assert first_broken(chain()[1:]) == (2, "entry 1 is missing (found 2)")


def test_reordered_rows_are_found():
    entries = chain()
    entries[1], entries[2] = entries[2], entries[1]
    assert first_broken(entries) == (3, "entry 2 is missing (found 3)")


def test_renumbered_deletion_is_found_by_prev_hash():
    entries = chain()
    del entries[2]
    for n, e in enumerate(entries[2:], start=3):
        e["seq"] = n  # hide the gap by renumbering
    assert first_broken(entries) == (3, "its previous-hash does not match the entry before it")


def test_inserted_row_is_found():
    entries = chain()
    forged = dict(entries[1], detail=canonical_json({"code": "9.9", "value": "yes"}))
    entries.insert(2, forged)
    assert first_broken(entries) == (2, "entry 3 is missing (found 2)")


def test_truncated_tail_is_not_detectable_by_chain_alone():
    # Dropping the newest entries leaves a valid (shorter) chain; documented limit of the chain.
    assert first_broken(chain()[:3]) is None
