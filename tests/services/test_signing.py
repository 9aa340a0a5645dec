"""Sign-off: signatures over the canonical content, freezing, tamper detection, rectification loop."""

from __future__ import annotations

import datetime as _dt
import sqlite3

import pytest

from civdesk.domain.errors import NotAllowed
from civdesk.domain.workflow import WorkflowError
from civdesk.services import accounts, inspections, keys, maintenance, rectifications, signing
from civdesk.services.demo import signature_png
from civdesk.services.errors import InputError
from tests.helpers.data import PASSWORD


def _approved(people, mini, answers=None):
    s = people.store
    iid = inspections.new_inspection(s, people.inspector, template_id="mini", site_id=people.site_a, kind="inspection")
    for code, value in (answers or {"1.1": "yes", "1.2": "excellent", "2.1": 35, "2.2": "yes"}).items():
        inspections.answer(s, people.inspector, iid, code, value)
    if (answers or {}).get("1.1") == "no":
        inspections.set_note(s, people.inspector, iid, "1.1", "未使用文明用语")
        photo = s.home / "p.png"
        photo.write_bytes(signature_png("x"))
        inspections.attach_photo(s, people.inspector, iid, "1.1", photo)
    inspections.submit(s, people.inspector, iid)
    inspections.approve(s, people.manager_a, iid)
    return iid


def _state(store, iid):
    return store.scalar("SELECT state FROM inspections WHERE id = ?", (iid,))


def test_both_signatures_freeze_the_inspection(people, mini):
    s = people.store
    iid = _approved(people, mini)
    assert signing.sign(s, people.inspector, iid, PASSWORD, signature_png("a")) == "approved"
    assert _state(s, iid) == "approved"
    assert signing.sign(s, people.manager_a, iid, PASSWORD, signature_png("b")) == "signed"
    row = s.one("SELECT state, content_hash FROM inspections WHERE id = ?", (iid,))
    assert row["state"] == "signed" and row["content_hash"] == signing.content_hash(s, iid)
    sigs = signing.signatures(s, iid)
    assert [x.role for x in sigs] == ["author", "reviewer"]
    for sig in sigs:
        cert = keys.certificate(s, sig.key_fingerprint)
        assert keys.verify_digest(cert, row["content_hash"], sig.signature)
    # Services refuse every change; so do the triggers for raw SQL.
    with pytest.raises(WorkflowError, match="frozen"):
        inspections.answer(s, people.inspector, iid, "1.1", "no")
    with pytest.raises(sqlite3.IntegrityError, match="frozen"), s.write() as conn:
        conn.execute("UPDATE answers SET value = '\"no\"' WHERE inspection_id = ?", (iid,))
    with pytest.raises(sqlite3.IntegrityError, match="frozen"), s.write() as conn:
        conn.execute("DELETE FROM answers WHERE inspection_id = ?", (iid,))
    with pytest.raises(sqlite3.IntegrityError, match="frozen"), s.write() as conn:
        conn.execute("UPDATE inspections SET score = 1 WHERE id = ?", (iid,))
    assert maintenance.check(s) == []


def test_signing_rules(people, mini):
    s = people.store
    iid = _approved(people, mini)
    with pytest.raises(WorkflowError, match="only the author and the reviewer"):
        signing.sign(s, people.inspector2, iid, PASSWORD, signature_png("x"))
    with pytest.raises(InputError, match="handwritten signature"):
        signing.sign(s, people.inspector, iid, PASSWORD, b"")
    with pytest.raises(NotAllowed, match="wrong user name or password"):
        signing.sign(s, people.inspector, iid, "not-the-password", signature_png("a"))
    assert s.scalar("SELECT COUNT(*) FROM signatures") == 0
    signing.sign(s, people.inspector, iid, PASSWORD, signature_png("a"))
    with pytest.raises(WorkflowError, match="already signed"):
        signing.sign(s, people.inspector, iid, PASSWORD, signature_png("a"))
    draft = inspections.new_inspection(
        s, people.inspector, template_id="mini", site_id=people.site_a, kind="inspection"
    )
    with pytest.raises(WorkflowError, match="cannot sign an inspection that is draft"):
        signing.sign(s, people.inspector, draft, PASSWORD, signature_png("a"))


def test_tampered_signed_answer_is_named_by_check(people, mini):
    s = people.store
    iid = _approved(people, mini)
    signing.sign(s, people.inspector, iid, PASSWORD, signature_png("a"))
    signing.sign(s, people.manager_a, iid, PASSWORD, signature_png("b"))
    raw = sqlite3.connect(s.path)
    raw.execute("DROP TRIGGER answers_frozen_update")
    raw.execute("UPDATE answers SET value = '\"no\"' WHERE inspection_id = ? AND item_code = '2.2'", (iid,))
    raw.commit()
    raw.close()
    problems = maintenance.check(s)
    assert f"inspection {iid} (" in problems[0] and "changed after it was signed" in problems[0]


def test_password_reset_keeps_old_signatures_verifiable(people, mini):
    s = people.store
    iid = _approved(people, mini)
    signing.sign(s, people.inspector, iid, PASSWORD, signature_png("a"))
    old_fp = s.scalar("SELECT key_fingerprint FROM signatures WHERE inspection_id = ?", (iid,))
    accounts.reset_password(s, by=people.admin, user_id=people.inspector.id, new_password="brand-new-pass")
    with pytest.raises(NotAllowed):
        accounts.authenticate(s, "inspector", PASSWORD)
    signing.sign(s, people.manager_a, iid, PASSWORD, signature_png("b"))
    assert maintenance.check(s) == []  # the old key's certificate still verifies the first signature
    # The inspector chooses their own password (required after a reset) and their next signature
    # uses a new key unlocked by it.
    accounts.change_password(s, name="inspector", old_password="brand-new-pass", new_password="only-mine-123")
    other = _approved(people, mini)
    signing.sign(s, people.inspector, other, "only-mine-123", signature_png("a"))
    new_fp = s.scalar(
        "SELECT key_fingerprint FROM signatures WHERE inspection_id = ? AND user_id = ?", (other, people.inspector.id)
    )
    assert new_fp != old_fp
    assert s.scalar("SELECT active FROM user_keys WHERE fingerprint = ?", (old_fp,)) == 0
    with pytest.raises(NotAllowed, match="only an admin"):
        accounts.reset_password(s, by=people.manager_a, user_id=people.inspector.id, new_password="whatever12")


def test_failed_logins_slow_down(people):
    s = people.store
    t0 = _dt.datetime(2026, 11, 27, 9, 0, tzinfo=_dt.UTC)
    for _n in range(3):
        with pytest.raises(NotAllowed, match="wrong user name or password"):
            accounts.authenticate(s, "inspector", "bad", clock=lambda: t0)
    # The fourth try within the delay is refused even with the right password.
    with pytest.raises(NotAllowed, match="too many failed logins"):
        accounts.authenticate(s, "inspector", PASSWORD, clock=lambda: t0 + _dt.timedelta(seconds=1))
    later = t0 + _dt.timedelta(seconds=accounts.login_delay(3) + 1)
    assert accounts.authenticate(s, "inspector", PASSWORD, clock=lambda: later).name == "inspector"
    assert s.scalar("SELECT COUNT(*) FROM login_failures") == 0
    assert [accounts.login_delay(n) for n in (0, 2, 3, 4, 5, 20)] == [0, 0, 2, 4, 8, 60]


def test_rectification_loop_end_to_end(people, mini):
    s = people.store
    submitted = _dt.date(2026, 10, 1)
    iid = inspections.new_inspection(s, people.inspector, template_id="mini", site_id=people.site_a, kind="inspection")
    for code, value in {"1.1": "no", "1.2": "fail", "2.1": 35, "2.2": "yes"}.items():
        inspections.answer(s, people.inspector, iid, code, value)
    inspections.set_note(s, people.inspector, iid, "1.1", "未使用文明用语")
    photo = s.home / "p.png"
    photo.write_bytes(signature_png("p"))
    inspections.attach_photo(s, people.inspector, iid, "1.1", photo)
    inspections.submit(s, people.inspector, iid, today=submitted)
    rows = rectifications.list_rectifications(s, inspection_id=iid, today=_dt.date(2026, 10, 21))
    assert [(r.item_code, r.due_date, r.owner, r.overdue) for r in rows] == [
        ("1.1", "2026-10-21", "manager_a", False),
        ("1.2", "2026-10-21", "manager_a", False),
    ]
    late = _dt.date(2026, 10, 22)
    assert [r.item_code for r in rectifications.list_rectifications(s, status="overdue", today=late)] == ["1.1", "1.2"]
    r11, r12 = rows
    with pytest.raises(NotAllowed, match="own site"):
        rectifications.mark_done(s, people.manager_b, r11.id, "fixed")
    with pytest.raises(NotAllowed, match="needs evidence"):
        rectifications.mark_done(s, people.manager_a, r11.id, "  ")
    rectifications.mark_done(s, people.manager_a, r11.id, "已组织文明用语培训", [photo])
    with pytest.raises(NotAllowed, match="four-eyes"):
        rectifications.verify(s, people.manager_a, r11.id)
    rectifications.verify(s, people.inspector, r11.id)
    rectifications.mark_done(s, people.manager_a, r12.id, "已改进")
    rectifications.reopen(s, people.inspector, r12.id, "仍有服务态度问题")
    states = {r.item_code: r.state for r in rectifications.list_rectifications(s, inspection_id=iid)}
    assert states == {"1.1": "verified", "1.2": "reopened"}
    assert [r.item_code for r in rectifications.list_rectifications(s, status="overdue", today=late)] == ["1.2"]

    # Approve, sign, then a re-inspection covers what is still open (1.2) and closes it once signed.
    inspections.approve(s, people.manager_a, iid)
    signing.sign(s, people.inspector, iid, PASSWORD, signature_png("a"))
    signing.sign(s, people.manager_a, iid, PASSWORD, signature_png("b"))
    re = inspections.new_inspection(
        s, people.inspector, template_id="mini", site_id=people.site_a, kind="reinspection", follows_id=iid
    )
    assert inspections.blockers(s, re)[0].code == "1.2" and len(inspections.blockers(s, re)) == 1
    inspections.answer(s, people.inspector, re, "1.2", "good")
    inspections.submit(s, people.inspector, re)
    inspections.approve(s, people.manager_a, re)
    signing.sign(s, people.inspector, re, PASSWORD, signature_png("a"))
    signing.sign(s, people.manager_a, re, PASSWORD, signature_png("b"))
    closed = {r.item_code: (r.state, r.closed_by) for r in rectifications.list_rectifications(s, inspection_id=iid)}
    assert closed == {"1.1": ("verified", None), "1.2": ("verified", re)}
    with pytest.raises(InputError, match="no open rectification"):
        inspections.new_inspection(
            s, people.inspector, template_id="mini", site_id=people.site_a, kind="reinspection", follows_id=iid
        )
    assert maintenance.check(s) == []
