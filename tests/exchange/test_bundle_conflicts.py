"""The same draft edited in two homes: the conflict is surfaced both ways, nothing is overwritten,
and the user settles it per item, as a whole, or by keeping both. Newer and older versions pass
without a conflict; a third home's edit is never lost to a fast-forward."""

from __future__ import annotations

import json

import pytest

from civdesk import services
from civdesk.domain import exchange as ex
from civdesk.services import accounts, exchange, inspections, maintenance, rectifications, signing, trust
from civdesk.services.errors import InputError
from civdesk.services.exchange import portable
from tests.helpers.exchange import login, snapshot

PW = "password-123"


def machine(tmp_path, name, a):
    """A second machine; it and home A each trust the other's root (pinned by their admins)."""
    store = services.open_home(tmp_path / name)
    admin = accounts.actor(
        store, accounts.create_user(store, by=None, name="admin_" + name.lower(), role="admin", password=PW)
    )
    trust.pin(store, admin, trust.own_root(a).certificate)
    trust.pin(a, accounts.authenticate(a, "admin", "admin123"), trust.own_root(store).certificate)
    return store, admin


def account_for(store, admin, name):
    """Give a person who arrived in a bundle an account on this machine too: the same identity (uuid),
    a key issued by this machine's root."""
    accounts.reset_password(
        store, by=admin, user_id=accounts.user_by_name(store, name)["id"], new_password="temporary-1"
    )
    accounts.change_password(store, name=name, old_password="temporary-1", new_password=PW)  # their first login


def answers(store, uuid):
    iid = store.scalar("SELECT id FROM inspections WHERE uuid = ?", (uuid,))
    return {
        a["item_code"]: (json.loads(a["value"]) if a["value"] else None, a["note"])
        for a in store.query("SELECT * FROM answers WHERE inspection_id = ?", (iid,))
    }


def local_id(store, uuid):
    return store.scalar("SELECT id FROM inspections WHERE uuid = ?", (uuid,))


@pytest.fixture
def shared_draft(demo_a, bundle_few, tmp_path):
    """Home A (demo) and home B that imported A's bundle; the draft both will edit, and two of its items."""
    b, b_admin = machine(tmp_path, "B", demo_a)
    exchange.import_bundle(b, bundle_few, by=b_admin)
    account_for(b, b_admin, "inspector1")
    uuid = b.scalar("SELECT uuid FROM inspections WHERE state = 'draft' AND kind = 'inspection'")
    tpl = inspections.view(demo_a, local_id(demo_a, uuid)).template
    codes = [i.code for i in tpl.items() if i.type == "check"][:2]
    yield demo_a, b, b_admin, uuid, codes
    b.close()


def send(src, dest, uuid, tmp_path, by_dest, name, **kw):
    """Export ``uuid`` from ``src`` as inspector1 and import it into ``dest``."""
    password = "inspect123" if src.scalar("SELECT 1 FROM users WHERE name = 'admin' AND active = 1") else PW
    path = tmp_path / f"{name}.civpack"
    exchange.export_bundle(src, [local_id(src, uuid)], path, by=login(src, "inspector1"), password=password)
    return exchange.import_bundle(dest, path, by=by_dest, **kw), path


def test_draft_edited_in_both_homes_is_a_conflict_both_ways_and_nothing_is_lost(shared_draft, tmp_path):
    a, b, b_admin, uuid, (c1, c2) = shared_draft
    ia, ib = login(a, "inspector1"), login(b, "inspector1")
    inspections.answer(a, ia, local_id(a, uuid), c1, "no", note="A: 地面有垃圾")
    inspections.answer(b, ib, local_id(b, uuid), c1, "yes", note="B: 干净")
    inspections.answer(b, ib, local_id(b, uuid), c2, "partial", note="B: 部分做到")
    in_a, in_b = answers(a, uuid), answers(b, uuid)

    into_b, _ = send(a, b, uuid, tmp_path, b_admin, "a2b")
    assert into_b.counts()["conflicts"] == 1 and into_b.counts()["updated"] == 0
    conflict = into_b.conflicts[0]
    keys = {d.key: d for d in conflict.differences}
    assert keys[f"answer:{c1}"].mine["note"] == "B: 干净" and keys[f"answer:{c1}"].theirs["note"] == "A: 地面有垃圾"
    assert keys[f"answer:{c2}"].mine["value"] == '"partial"'
    assert set(conflict.options) == {"mine", "theirs", "keep_both"}

    into_a, _ = send(b, a, uuid, tmp_path, login(a, "admin"), "b2a")
    assert into_a.counts()["conflicts"] == 1
    # Neither home lost an answer: each still holds its own, the other's waits in the conflict.
    assert answers(a, uuid) == in_a and answers(b, uuid) == in_b
    assert maintenance.check(a) == [] and maintenance.check(b) == []


def test_settle_item_by_item_then_both_homes_agree(shared_draft, tmp_path):
    a, b, b_admin, uuid, (c1, c2) = shared_draft
    ia, ib = login(a, "inspector1"), login(b, "inspector1")
    inspections.answer(a, ia, local_id(a, uuid), c1, "no", note="A")
    inspections.answer(a, ia, local_id(a, uuid), c2, "no", note="A2")
    inspections.answer(b, ib, local_id(b, uuid), c1, "yes", note="B")
    inspections.answer(b, ib, local_id(b, uuid), c2, "yes", note="B2")
    report, path = send(a, b, uuid, tmp_path, b_admin, "a2b")
    choices = {d.key: "mine" for d in report.conflicts[0].differences}
    choices[f"answer:{c1}"] = "theirs"
    with pytest.raises(InputError, match="missing"):
        exchange.import_bundle(b, path, by=b_admin, resolutions={uuid: {f"answer:{c1}": "theirs"}})
    settled = exchange.import_bundle(b, path, by=b_admin, resolutions={uuid[:8]: choices})
    assert settled.resolved == {uuid: "merged"} and not settled.conflicts
    got = answers(b, uuid)
    assert got[c1] == ("no", "A") and got[c2] == ("yes", "B2")
    declined = json.loads(b.scalar("SELECT detail FROM audit WHERE action = 'exchange.resolve'"))["declined"]
    assert json.loads(declined[f"answer:{c2}"]["value"]) == "no"  # A's answer kept in B's audit log
    # Importing the same bundle again: settled, nothing to do.
    assert exchange.import_bundle(b, path, by=b_admin).counts()["unchanged"] == 1
    # B sends the settled version back: A takes it as newer (no conflict), and both agree.
    back, _ = send(b, a, uuid, tmp_path, login(a, "admin"), "b2a")
    assert back.counts()["updated"] == 1 and not back.conflicts
    assert portable.dump(a, local_id(a, uuid)) == portable.dump(b, local_id(b, uuid))
    replaced = json.loads(a.scalar("SELECT detail FROM audit WHERE action = 'exchange.update'"))["replaced"]
    assert json.loads(replaced[f"answer:{c2}"]["value"]) == "no"  # A's own answer, kept in A's log


@pytest.mark.parametrize("choice", ["theirs", "mine", "keep_both"])
def test_settle_as_a_whole(shared_draft, tmp_path, choice):
    a, b, b_admin, uuid, (c1, _) = shared_draft
    inspections.answer(a, login(a, "inspector1"), local_id(a, uuid), c1, "no", note="A")
    inspections.answer(b, login(b, "inspector1"), local_id(b, uuid), c1, "yes", note="B")
    report, path = send(a, b, uuid, tmp_path, b_admin, "a2b")
    assert report.conflicts
    settled = exchange.import_bundle(b, path, by=b_admin, resolutions={uuid: choice})
    assert settled.resolved == {uuid: choice}
    assert answers(b, uuid)[c1] == (("no", "A") if choice == "theirs" else ("yes", "B"))
    if choice == "keep_both":
        copy = settled.copies[uuid]
        assert answers(b, copy)[c1] == ("no", "A")
        assert b.scalar("SELECT state FROM inspections WHERE uuid = ?", (copy,)) == "draft"
    assert exchange.import_bundle(b, path, by=b_admin).counts()["unchanged"] == 1
    assert maintenance.check(b) == []


def test_newer_version_updates_and_older_version_is_ignored(shared_draft, tmp_path):
    a, b, b_admin, uuid, (c1, _c2) = shared_draft
    old_bundle = tmp_path / "old.civpack"
    exchange.export_bundle(a, [local_id(a, uuid)], old_bundle, by=login(a, "inspector1"), password="inspect123")
    inspections.answer(a, login(a, "inspector1"), local_id(a, uuid), c1, "no", note="A later")
    report, _ = send(a, b, uuid, tmp_path, b_admin, "newer")
    assert report.counts()["updated"] == 1 and answers(b, uuid)[c1] == ("no", "A later")
    before = snapshot(b.home)
    older = exchange.import_bundle(b, old_bundle, by=b_admin)
    assert older.counts()["unchanged"] == 1 and not older.conflicts and snapshot(b.home) == before


def test_an_edit_made_in_a_third_home_is_never_lost_to_a_fast_forward(shared_draft, tmp_path, bundle_few):
    a, b, _b_admin, uuid, (c1, c2) = shared_draft
    c, c_admin = machine(tmp_path, "C", a)
    exchange.import_bundle(c, bundle_few, by=c_admin)
    account_for(c, c_admin, "inspector1")
    inspections.answer(b, login(b, "inspector1"), local_id(b, uuid), c1, "yes", note="B")
    inspections.answer(c, login(c, "inspector1"), local_id(c, uuid), c2, "no", note="C")
    from_b, _ = send(b, a, uuid, tmp_path, login(a, "admin"), "b2a")
    assert from_b.counts()["updated"] == 1
    from_c, _ = send(c, a, uuid, tmp_path, login(a, "admin"), "c2a")
    assert from_c.counts()["conflicts"] == 1  # not a silent overwrite of B's answer
    assert answers(a, uuid)[c1] == ("yes", "B")
    c.close()


def test_signed_then_certified_and_rectifications_worked_flow_into_b(demo_a, tmp_path):
    """What may change after signing (certified, rectification work) travels as an update."""
    b, b_admin = machine(tmp_path, "B", demo_a)
    iid = demo_a.scalar(
        "SELECT id FROM inspections WHERE state = 'signed' AND kind = 'inspection' "
        "AND id IN (SELECT inspection_id FROM rectifications) ORDER BY id LIMIT 1"
    )
    admin = login(demo_a, "admin")
    first = tmp_path / "1.civpack"
    exchange.export_bundle(demo_a, [iid], first, by=admin, password="admin123")
    exchange.import_bundle(b, first, by=b_admin)
    open_rect = demo_a.scalar("SELECT id FROM rectifications WHERE inspection_id = ? AND state = 'open'", (iid,))
    manager = login(
        demo_a,
        demo_a.scalar(
            "SELECT u.name FROM users u JOIN user_sites us ON us.user_id = u.id "
            "JOIN inspections i ON i.site_id = us.site_id WHERE i.id = ? AND "
            "u.role = 'manager'",
            (iid,),
        ),
    )
    rectifications.mark_done(demo_a, manager, open_rect, "已整改完毕")
    signing.certify(demo_a, admin, iid, "文明服务示范窗口")
    second = tmp_path / "2.civpack"
    exchange.export_bundle(demo_a, [iid], second, by=admin, password="admin123")
    report = exchange.import_bundle(b, second, by=b_admin)
    uuid = demo_a.scalar("SELECT uuid FROM inspections WHERE id = ?", (iid,))
    assert report.counts()["updated"] >= 1 and uuid in report.updated
    assert portable.dump(b, local_id(b, uuid)) == portable.dump(demo_a, iid)
    assert b.scalar("SELECT state FROM inspections WHERE uuid = ?", (uuid,)) == "certified"
    assert signing.verify_frozen(b) == [] and maintenance.check(b) == []
    b.close()


# ------------------------------------------------------------------ the pure rules


def test_decide():
    assert ex.decide(None, [], "t", ["t"]) == ex.ADD
    assert ex.decide("x", ["x"], "x", ["x"]) == ex.UNCHANGED
    assert ex.decide("l", ["t"], "t", ["t"]) == ex.OURS_NEWER
    assert ex.decide("l", ["l"], "t", ["l", "t"]) == ex.UPDATE
    assert ex.decide("l2", ["l"], "t", ["l", "t"]) == ex.CONFLICT
    assert ex.decide("l", [], "t", []) == ex.CONFLICT


def _d(state="draft", **answers):
    return ex.normalise(
        {
            "uuid": "u",
            "state": state,
            "content_hash": None,
            "attachments": [],
            "comments": [],
            "signatures": [],
            "rectifications": [],
            "answers": [
                {"item_code": k, "value": json.dumps(v), "note": "", "answered_by": "x", "answered_at": "t"}
                for k, v in answers.items()
            ],
        }
    )


def test_merge_rules():
    mine, theirs = _d(**{"1.1": "yes", "1.2": "no"}), _d(**{"1.1": "no", "1.3": "yes"})
    diffs = {d.key: d for d in ex.differences(mine, theirs)}
    assert set(diffs) == {"answer:1.1", "answer:1.2", "answer:1.3"}
    merged = ex.merge(mine, theirs, {"answer:1.1": "theirs", "answer:1.2": "mine", "answer:1.3": "theirs"})
    assert [a["item_code"] for a in merged["answers"]] == ["1.1", "1.2", "1.3"]
    with pytest.raises(ex.MergeError, match="not possible"):
        ex.merge(mine, theirs, {"answer:1.1": "both", "answer:1.2": "mine", "answer:1.3": "mine"})
    with pytest.raises(ex.MergeError, match="no such difference"):
        ex.merge(mine, theirs, {"answer:1.1": "mine", "answer:1.2": "mine", "answer:1.3": "mine", "answer:9": "mine"})
    # Once submitted, answers come with the record from the same side.
    sub_mine, sub_theirs = _d("submitted", **{"1.1": "yes"}), _d("returned", **{"1.1": "no"})
    with pytest.raises(ex.MergeError, match="same side"):
        ex.merge(sub_mine, sub_theirs, {"inspection": "mine", "answer:1.1": "theirs"})
    assert ex.merge(sub_mine, sub_theirs, {"inspection": "theirs", "answer:1.1": "theirs"})["state"] == "returned"
