"""Views: for every role × state, ``allowed`` is exactly the set of actions the services accept.

Each action is tried for real, by the service the screens' operations call, inside a transaction
that is rolled back afterwards; the view must offer it exactly when the service took it.
"""

from __future__ import annotations

import pytest

from civdesk.domain.scope import OutOfScope
from civdesk.services import accounts, certificates, documents, inspections, rectifications, signing, views
from civdesk.services.demo import signature_png
from civdesk.services.errors import InputError, NotAllowed, NotFound, SubmitBlocked
from tests.helpers.org import EXCELLENT, FIXABLE, make, sign, two_site_people

ROLES = ("admin", "inspector", "inspector2", "inspector_b", "manager_a", "staff_a", "manager_b")
OUT_OF_SCOPE = {"inspector_b", "manager_b"}  # site A's inspections are not theirs


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """Site A's inspections in every state (and self-assessments), built once through the services."""
    from tests.helpers.data import PASSWORD

    mp = pytest.MonkeyPatch()
    w = two_site_people(tmp_path_factory.mktemp("views") / "home", mp)
    store = w.store
    w.inspector_b, w.inspector2 = w.inspector2, w.user("inspector3", "inspector")  # B only; every site
    store.set_setting("org_name", "杭州市交通局")
    w.actors = {role: accounts.authenticate(store, getattr(w, role).name, PASSWORD) for role in ROLES}
    w.cases = {state: make(w, FIXABLE, state=state) for state in ("draft", "submitted", "returned", "approved")}
    w.cases["half_signed"] = make(w, EXCELLENT, state="approved")
    sign(w, w.cases["half_signed"], w.inspector)
    w.cases["signed_open"] = make(w, FIXABLE)  # a rectification not verified: no certificate yet
    w.cases["signed"] = make(w, EXCELLENT)
    w.cases["certified"] = make(w, EXCELLENT)
    certificates.issue(store, w.inspector, w.cases["certified"])
    w.cases["revoked"] = make(w, EXCELLENT)
    certificates.issue(store, w.inspector, w.cases["revoked"])
    certificates.revoke(store, w.admin, w.cases["revoked"], "复核发现问题")
    for state in ("draft", "submitted", "approved"):
        w.cases[f"self_{state}"] = make(w, FIXABLE, kind="self", state=state)
    yield w
    store.close()
    mp.undo()


def _attempt(w, role: str, iid: int, action: str) -> None:
    s, who = w.store, w.actors[role]
    do = {
        "answer": lambda: inspections.answer(s, who, iid, "1.1", "yes"),
        "submit": lambda: inspections.submit(s, who, iid),
        "return": lambda: inspections.return_inspection(s, who, iid, "请补充照片"),
        "approve": lambda: inspections.approve(s, who, iid),
        "sign": lambda: signing.sign(s, who, iid, "correct-horse-1", signature_png(who.name)),
        "certify": lambda: certificates.issue(s, who, iid),
        "revoke": lambda: certificates.revoke(s, who, iid, "证书信息有误"),
        "reinspect": lambda: inspections.new_inspection(
            s, who, template_id="mini", site_id=w.site_a, kind="reinspection", follows_id=iid
        ),
        "report": lambda: documents.render_report(s, iid, by=who),
        "notice": lambda: documents.render_notice(s, iid, by=who),
        "done": lambda: rectifications.mark_done(s, who, iid, "已更换台面"),
        "verify": lambda: rectifications.verify(s, who, iid),
        "reopen": lambda: rectifications.reopen(s, who, iid, "仍有污渍"),
    }
    do[action]()


def taken(store, do) -> bool:
    """Whether the service call ``do`` went through; whatever it did is rolled back."""
    conn = store.conn
    conn.execute("BEGIN IMMEDIATE")
    try:
        do()
        return True
    except (NotAllowed, InputError, NotFound, SubmitBlocked, documents.DocumentError):
        return False
    finally:
        conn.execute("ROLLBACK")


def accepted(w, role: str, ref: int, action: str) -> bool:
    """Whether the service does ``action`` for ``role`` on ``ref``."""
    return taken(w.store, lambda: _attempt(w, role, ref, action))


def _view_or_nothing(world, role: str, view_of, ref: int, took: set[str]):
    """The view ``role`` gets, checked against what the services took; None (and nothing taken)
    for someone outside the site's scope."""
    who = world.actors[role]
    if role in OUT_OF_SCOPE:
        with pytest.raises(OutOfScope):
            view_of(world.store, who, ref)
        assert took == set(), (ref, role, took)
        return None
    v = view_of(world.store, who, ref)
    assert v.allowed == took, (ref, role, sorted(v.allowed), sorted(took))
    return v


CASES = (
    "draft",
    "submitted",
    "returned",
    "approved",
    "half_signed",
    "signed_open",
    "signed",
    "certified",
    "revoked",
    "self_draft",
    "self_submitted",
    "self_approved",
)


@pytest.mark.parametrize("case", CASES)
def test_inspection_allowed_actions_are_what_the_services_accept(world, case):
    iid = world.cases[case]
    for role in ROLES:
        took = {a for a in views.INSPECTION_ACTIONS if accepted(world, role, iid, a)}
        v = _view_or_nothing(world, role, views.inspection_view, iid, took)
        for action in set(views.INSPECTION_ACTIONS) - took if v else ():
            assert v.why_not(action) is not None, (case, role, action)
    assert world.store.scalar("SELECT state FROM inspections WHERE id = ?", (iid,)) == (
        case.removeprefix("self_")
        .replace("half_signed", "approved")
        .replace("signed_open", "signed")
        .replace("revoked", "signed")
    )


def test_views_name_the_expected_people(world):
    """The table of who may do what, spelled out for a few cells a reader can check by eye."""
    s, c, a = world.store, world.cases, world.actors
    assert views.inspection_view(s, a["manager_a"], c["submitted"]).allowed >= {"return", "approve"}
    assert not views.inspection_view(s, a["inspector"], c["submitted"]).can("approve")  # the author
    assert views.inspection_view(s, a["inspector"], c["draft"]).allowed >= {"answer", "submit"}
    assert views.inspection_view(s, a["staff_a"], c["self_draft"]).can("submit")  # the site's shared draft
    assert views.inspection_view(s, a["inspector"], c["half_signed"]).why_not("sign") is not None
    assert views.inspection_view(s, a["manager_a"], c["half_signed"]).can("sign")
    assert views.inspection_view(s, a["admin"], c["signed"]).can("certify")
    refused = views.inspection_view(s, a["manager_a"], c["signed"]).why_not("certify")
    assert refused.reason == "not_assessor"
    assert views.inspection_view(s, a["inspector"], c["signed_open"]).why_not("certify").reason == "rectifications_open"
    assert views.inspection_view(s, a["inspector2"], c["certified"]).can("revoke")


@pytest.fixture(scope="module")
def rects(world):
    """Rectifications of submitted inspections, one in each state (worked through the services)."""
    s, w = world.store, world

    def one() -> int:
        iid = make(w, FIXABLE, state="submitted")
        return rectifications.list_rectifications(s, inspection_id=iid)[0].id

    open_id, done_id, reopened_id, verified_id = one(), one(), one(), one()
    for rid in (done_id, reopened_id, verified_id):
        rectifications.mark_done(s, w.manager_a, rid, "已整改")
    rectifications.reopen(s, w.inspector, reopened_id, "仍不符合")
    rectifications.verify(s, w.inspector, verified_id)
    return {"open": open_id, "done": done_id, "reopened": reopened_id, "verified": verified_id}


@pytest.mark.parametrize("state", ("open", "done", "reopened", "verified"))
def test_rectification_allowed_actions_are_what_the_services_accept(world, rects, state):
    rid = rects[state]
    follows = world.store.scalar("SELECT inspection_id FROM rectifications WHERE id = ?", (rid,))
    for role in ROLES:
        took = {a for a in views.RECTIFICATION_ACTIONS if accepted(world, role, rid, a)}
        if accepted(world, role, follows, "reinspect"):
            took.add("reinspect")
        _view_or_nothing(world, role, views.rectification_view, rid, took)
    # the four-eyes rule shows in the view: the manager who marked it done does not verify it
    if state == "done":
        v = views.rectification_view(world.store, world.actors["manager_a"], rid)
        assert "four-eyes" in str(v.why_not("verify"))


def test_kinds_offered_for_a_new_inspection_are_what_new_inspection_accepts(world):
    s = world.store
    for role in ROLES:
        who = world.actors[role]
        for site in (world.site_a, world.site_b):
            for kind in ("self", "inspection"):
                took = taken(
                    s,
                    lambda who=who, site=site, kind=kind: inspections.new_inspection(
                        s, who, template_id="mini", site_id=site, kind=kind
                    ),
                )
                assert views.may_start(who, kind, site) == took, (role, site, kind)
    assert views.startable_kinds(world.actors["staff_a"], [world.site_a, world.site_b]) == ["self"]
    assert views.startable_kinds(world.actors["inspector_b"], [world.site_a, world.site_b]) == [
        "inspection",
        "reinspection",
    ]
    assert views.startable_kinds(world.actors["admin"], [world.site_a]) == []


# The facts each case's view states, whoever looks: (state, returned, awaiting_review,
# awaiting_approval, approved, frozen, certified), spelled out from the workflow in PRODUCT.md.
FACTS = {
    "draft": ("draft", False, False, True, False, False, False),
    "submitted": ("submitted", False, True, True, False, False, False),
    "returned": ("returned", True, False, True, False, False, False),
    "approved": ("approved", False, False, False, True, False, False),
    "half_signed": ("approved", False, False, False, True, False, False),
    "signed_open": ("signed", False, False, False, True, True, False),
    "signed": ("signed", False, False, False, True, True, False),
    "certified": ("certified", False, False, False, True, True, True),
    "revoked": ("signed", False, False, False, True, True, False),
    "self_draft": ("draft", False, False, True, False, False, False),
    "self_submitted": ("submitted", False, True, True, False, False, False),
    "self_approved": ("approved", False, False, False, True, False, False),
}


@pytest.mark.parametrize("case", CASES)
def test_inspection_view_facts_are_the_same_for_everyone_in_scope(world, case):
    """The workflow facts a page used to work out from the state, and the names it used to look up,
    come with the view; they describe the inspection, so every role in scope gets the same ones."""
    s, iid = world.store, world.cases[case]
    row = s.one("SELECT author_id, reviewer_id, submitted_at, content_hash FROM inspections WHERE id = ?", (iid,))
    name = lambda uid: s.scalar("SELECT display_name FROM users WHERE id = ?", (uid,)) if uid else ""  # noqa: E731
    state, returned, _awaiting_review, _awaiting_approval, approved, frozen, _certified = FACTS[case]
    for role in ROLES:
        if role in OUT_OF_SCOPE:
            continue
        v = views.inspection_view(s, world.actors[role], iid)
        assert (
            v.state,
            v.returned,
            v.awaiting_review,
            v.awaiting_approval,
            v.approved_by is not None,
            v.frozen,
            v.certified,
        ) == FACTS[case], (case, role)
        assert v.approved_by == (world.manager_a.id if approved else None)
        assert (v.author_name, v.reviewer_name) == (name(row["author_id"]), name(row["reviewer_id"]))
        assert v.submitted_at == row["submitted_at"] and v.content_hash == (row["content_hash"] or "")
        assert v.site == "收费站A" and v.template_version == 2
        assert [v.signer_role(u) for u in v.required_signers] == ["author", "reviewer"][: len(v.required_signers)]
        # What a frozen inspection allows: never a change of its content.
        if frozen:
            assert not v.allowed & {"answer", "submit", "return", "approve", "sign"}, (case, role)
        if returned or state == "draft":
            assert not v.allowed & {"return", "approve", "sign", "certify"}, (case, role)


def test_review_sheet_reads_what_the_review_page_shows(world):
    from civdesk.services import review_sheet
    from tests.helpers.data import PASSWORD

    s, c, a = world.store, world.cases, world.actors
    # Returned: the reason and the open item comments; nobody has signed.
    iid = make(world, FIXABLE, state="submitted")
    inspections.return_inspection(s, world.manager_a, iid, "请补充照片", {"1.3": "缺少照片"})
    sheet = review_sheet.review_sheet(s, a["inspector"], iid)
    assert (sheet.last_return.reason, dict(sheet.open_return_comments)) == ("请补充照片", {"1.3": "缺少照片"})
    assert [(x.item_code, x.kind, x.text) for x in sheet.comments_on("1.3")] == [("1.3", "comment", "缺少照片")]
    assert [(x.role, x.signed_at) for x in sheet.signatures] == [("author", None), ("reviewer", None)]
    # Resubmitted and approved with a comment: the return is history, its comments no longer open.
    inspections.submit(s, world.inspector, iid)
    inspections.approve(s, world.manager_a, iid, "同意")
    sheet = review_sheet.review_sheet(s, a["manager_a"], iid)
    assert sheet.last_return.reason == "请补充照片" and dict(sheet.open_return_comments) == {}
    assert sheet.approval_comment == "同意" and sheet.access.approved_by == world.manager_a.id
    signing.sign(s, world.inspector, iid, PASSWORD, signature_png("inspector"))
    sheet = review_sheet.review_sheet(s, a["manager_a"], iid)
    lines = {x.role: x for x in sheet.signatures}
    assert lines["author"].user_id == world.inspector.id and lines["author"].signed_at is not None
    assert lines["reviewer"].user_id == world.manager_a.id and lines["reviewer"].signed_at is None
    # Compared with the site's previous inspection of the same checklist; the differing items counted.
    assert sheet.previous is not None and sheet.previous.kind == "inspection" and sheet.previous.author
    assert sheet.differences == sum(1 for x in sheet.comparison.values() if x.differs)
    # Outside the scope there is no sheet at all.
    with pytest.raises(OutOfScope):
        review_sheet.review_sheet(s, a["manager_b"], c["signed"])


def test_rectification_rows_say_their_status(world, rects):
    s = world.store
    rows = {r.id: r for r in rectifications.list_rectifications(s)}
    assert {state: rows[rid].status for state, rid in rects.items()} == {
        "open": "open",
        "done": "done",
        "reopened": "reopened",
        "verified": "verified",
    }
    done = rows[rects["done"]]
    assert done.done_note == "已整改" and done.site == "收费站A" and done.item_text == "服务台面整洁"
    assert done.as_dict()["item_code"] == "1.3" and isinstance(done.as_dict()["evidence"], list)
    for state, rid in rects.items():
        v = views.rectification_view(s, world.actors["inspector"], rid)
        assert (v.state, v.item_code, v.inspection_id) == (state, "1.3", rows[rid].inspection_id)
