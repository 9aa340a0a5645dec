"""我的待办: what waits on each person, overdue first (services.my_work)."""

from __future__ import annotations

import datetime as _dt

import pytest

from civdesk.services import accounts, demo, my_work, rectifications
from tests.helpers.org import EXCELLENT, FIXABLE, add_mini_v2, make, sign

LONG_AGO = _dt.date.today() - _dt.timedelta(days=90)


@pytest.fixture
def org(people, mini):
    add_mini_v2(people)
    p = people
    s = p.store
    p.self_draft = make(p, EXCELLENT, kind="self", author=p.manager_a, state="draft")  # shared by site A
    p.self_returned = make(p, EXCELLENT, kind="self", author=p.staff_a, state="returned")
    p.self_submitted = make(p, EXCELLENT, kind="self", author=p.staff_a, state="submitted")
    p.insp_draft = make(p, EXCELLENT, state="draft")
    p.insp_submitted = make(p, EXCELLENT, state="submitted")
    p.insp_approved = make(p, EXCELLENT, state="approved")
    p.half_signed = make(p, EXCELLENT, state="approved")
    sign(p, p.half_signed, p.manager_a)  # the manager has signed; the inspector has not
    p.overdue = make(p, FIXABLE, state="submitted", submitted_on=LONG_AGO)  # its rectification is overdue
    p.fresh = make(p, FIXABLE, state="submitted")
    p.worked = make(p, FIXABLE, state="submitted")
    rid = s.scalar("SELECT id FROM rectifications WHERE inspection_id = ?", (p.worked,))
    rectifications.mark_done(s, p.manager_a, rid, "已整改")  # waits for an inspector to verify
    p.rect = {
        iid: s.scalar("SELECT id FROM rectifications WHERE inspection_id = ?", (iid,))
        for iid in (p.overdue, p.fresh, p.worked)
    }
    p.site_b_submitted = make(p, EXCELLENT, site=p.site_b, state="submitted", author=p.inspector2)
    return p


def items(p, who):
    return [(w.kind, w.inspection_id) for w in my_work.my_work(p.store, who)]


def test_manager(org):
    p = org
    got = my_work.my_work(p.store, p.manager_a)
    assert (got[0].kind, got[0].inspection_id) == ("rectify", p.overdue)  # overdue first
    kinds = {(w.kind, w.inspection_id) for w in got}
    assert kinds == {
        ("rectify", p.overdue),
        ("rectify", p.fresh),
        ("draft", p.self_draft),  # the site's shared draft (the one it returned is the staff's)
        ("review", p.self_submitted),
        ("review", p.insp_submitted),
        ("review", p.overdue),
        ("review", p.fresh),
        ("review", p.worked),
        ("sign", p.insp_approved),  # reviewer, not signed yet
    }
    assert got[0].overdue and got[0].rect_id == p.rect[p.overdue] and got[0].due_date < _dt.date.today().isoformat()
    assert not any(w.overdue for w in got[1:])
    order = [w.kind for w in got[1:]]
    assert order == sorted(order, key=my_work.KINDS.index)


def test_staff(org):
    p = org
    # Staff write self-assessments; they review, sign for, or rectify nothing of inspections.
    assert set(items(p, p.staff_a)) == {("draft", p.self_draft), ("returned", p.self_returned)}


def test_inspector(org):
    p = org
    assert set(items(p, p.inspector)) == {
        ("draft", p.insp_draft),
        ("sign", p.insp_approved),
        ("sign", p.half_signed),
        ("verify", p.worked),
    }
    # Signing takes it off the list.
    sign(p, p.insp_approved, p.inspector)
    assert ("sign", p.insp_approved) not in items(p, p.inspector)
    assert ("sign", p.insp_approved) in items(p, p.manager_a)


def test_other_sites_and_admin(org):
    p = org
    assert items(p, p.manager_b) == [("review", p.site_b_submitted)]
    assert items(p, p.admin) == []
    # inspector2 made nothing at site A and is not assigned to it: nothing of A to verify.
    assert items(p, p.inspector2) == []
    accounts.assign_sites(p.store, by=p.admin, user_id=p.inspector2.id, site_ids=[p.site_a])
    inspector2 = accounts.actor(p.store, p.inspector2.id)
    assert items(p, inspector2) == [("verify", p.worked)]


def test_count_follows_the_work(org):
    p = org
    before = my_work.count(p.store, p.manager_a)
    rectifications.mark_done(p.store, p.manager_a, p.rect[p.fresh], "已整改")
    assert my_work.count(p.store, p.manager_a) == before - 1


def test_demo_manager_sees_the_self_assessment_waiting_for_review(tmp_path):
    """The case from the issue: a manager with a self-assessment to review saw 我的待办（0）."""
    from civdesk import services

    store = services.open_home(tmp_path / "home")
    try:
        demo.fill(store, history=False)
        mgr = accounts.actor(store, accounts.user_by_name(store, "mgr_kmj")["id"])
        work = my_work.my_work(store, mgr)
        waiting = store.scalar(
            "SELECT id FROM inspections WHERE kind = 'self' AND state = 'submitted' AND site_id IN "
            f"({', '.join(map(str, mgr.site_ids))})"
        )
        assert ("review", waiting) in [(w.kind, w.inspection_id) for w in work]
    finally:
        store.close()
