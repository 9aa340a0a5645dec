"""A signed re-inspection (复查) that fails an item again reopens its rectification: what the site's
manager marked done goes back to them as 重新整改, stays uncovered until a later re-inspection
finds it fixed, and only then is verified and closed. Through the services, on a real home."""

from __future__ import annotations

import json

import pytest

from civdesk.services import my_work, rectifications
from tests.helpers.org import FIXABLE, add_mini_v2, make, reinspect


@pytest.fixture
def fixable(people, mini):
    """A signed inspection of site A whose one failed item (1.3) has a rectification."""
    add_mini_v2(people)
    iid = make(people, FIXABLE)
    (rect,) = rectifications.list_rectifications(people.store, inspection_id=iid)
    assert (rect.item_code, rect.state) == ("1.3", "open")
    return iid, rect.id


def rect_row(store, rect_id):
    return store.one("SELECT state, closed_by, closed_at, verified_by FROM rectifications WHERE id = ?", (rect_id,))


def close_entries(store, reinspection_id):
    rows = store.query(
        "SELECT detail FROM audit WHERE action = 'rectification.close' AND entity_id = ?", (str(reinspection_id),)
    )
    return [json.loads(r["detail"]) for r in rows]


def test_a_failed_reinspection_reopens_what_the_manager_marked_done(people, fixable):
    s = people.store
    iid, rect_id = fixable
    rectifications.mark_done(s, people.manager_a, rect_id, "已整改：台面已清理")
    assert rect_row(s, rect_id)["state"] == "done"
    # The manager's claim waits for an inspector; nothing is left for the manager to rectify.
    assert ("rectify", iid) not in {(w.kind, w.inspection_id) for w in my_work.my_work(s, people.manager_a)}

    first = reinspect(people, iid, fixed=False)  # signed by inspector and manager; 1.3 still 不符合

    assert rect_row(s, rect_id) == {"state": "reopened", "closed_by": None, "closed_at": None, "verified_by": None}
    assert close_entries(s, first) == [{"closed": [], "follows": iid}]
    listed = rectifications.list_rectifications(s, status="reopened")
    assert [(r.id, r.inspection_id, r.item_code) for r in listed] == [(rect_id, iid, "1.3")]
    # Back on the manager's list as work to do, and still what a next re-inspection must cover.
    work = [w for w in my_work.my_work(s, people.manager_a) if w.rect_id == rect_id]
    assert [(w.kind, w.state, w.item_code) for w in work] == [("rectify", "reopened", "1.3")]
    assert rectifications.open_codes(s, iid) == ["1.3"]

    # The reopened rectification is worked again; the next signed re-inspection finds it fixed.
    rectifications.mark_done(s, people.manager_a, rect_id, "已整改：增设保洁巡查")
    second = reinspect(people, iid, fixed=True)
    row = rect_row(s, rect_id)
    assert (row["state"], row["closed_by"]) == ("verified", second)
    # Verified by the inspector who re-inspected, never by the manager who marked it done and signed last.
    assert row["verified_by"] == s.scalar("SELECT author_id FROM inspections WHERE id = ?", (second,))
    assert row["verified_by"] != people.manager_a.id
    assert close_entries(s, second) == [{"closed": [rect_id], "follows": iid}]
    assert rectifications.open_codes(s, iid) == []


def test_a_failed_reinspection_reopens_an_untouched_rectification_too(people, fixable):
    """Not marked done before the 复查: failing again still reopens it (the re-inspection's finding,
    not the manager's claim, decides), and it is not closed."""
    s = people.store
    iid, rect_id = fixable
    reinspect(people, iid, fixed=False)
    assert rect_row(s, rect_id)["state"] == "reopened"
    assert rect_row(s, rect_id)["closed_by"] is None
    assert rectifications.open_codes(s, iid) == ["1.3"]
