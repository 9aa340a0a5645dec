"""Certificates: who may issue one and from what (each refusal reason), what issuing shows first,
printing again, and revocation."""

from __future__ import annotations

import datetime as _dt

import pytest

from civdesk.services import certificates, documents, inspections, registry
from civdesk.services.errors import CertificateRefused, InputError
from tests.helpers.org import EXCELLENT, FIXABLE, MEDIOCRE, add_mini_v2, make, reinspect

TABLES = ("documents", "certificate_serials", "audit", "inspections")


@pytest.fixture
def org(people, mini):
    add_mini_v2(people)
    return people


def snapshot(store):
    return {t: store.scalar(f"SELECT COUNT(*) FROM {t}") for t in TABLES} | {
        "states": store.query("SELECT id, state FROM inspections ORDER BY id")
    }


def refused(store, by, iid, reason, **kw):
    before = snapshot(store)
    with pytest.raises(CertificateRefused) as err:
        certificates.issue(store, by, iid, **kw)
    assert err.value.reason == reason, str(err.value)
    assert snapshot(store) == before  # nothing written: no serial taken, no audit entry, no state change
    return err.value


def test_proposal_shows_what_will_be_printed_and_issue_matches_it(org):
    s = org.store
    iid = make(org, EXCELLENT)
    day = _dt.date(2026, 6, 1)
    p = certificates.proposal(s, org.inspector, iid, today=day)
    assert (p.title, p.titles, p.site, p.level_label, p.percent, p.serial, p.issued_on) == (
        "文明服务示范窗口",
        ("文明服务示范窗口",),
        "收费站A",
        "优秀",
        100.0,
        "2026-0001",
        "2026-06-01",
    )
    assert registry.certificates(s) == []  # looking is free: no serial taken
    rec = certificates.issue(s, org.inspector, iid, today=day)
    assert (rec.serial, rec.title) == (p.serial, p.title)
    assert s.one("SELECT created_by FROM documents WHERE code = ?", (rec.code,))["created_by"] == org.inspector.id
    assert s.scalar("SELECT state FROM inspections WHERE id = ?", (iid,)) == "certified"


def test_admin_issues_too(org):
    iid = make(org, EXCELLENT)
    assert certificates.issue(org.store, org.admin, iid).title == "文明服务示范窗口"


@pytest.mark.parametrize(
    "who, reason", [("manager_a", "not_assessor"), ("staff_a", "not_assessor"), ("manager_b", "out_of_scope")]
)
def test_the_sites_side_never_issues(org, who, reason):
    iid = make(org, EXCELLENT)
    err = refused(org.store, getattr(org, who), iid, reason)
    if reason == "out_of_scope":
        return
    assert str(err) == (
        "certificates are issued by the assessing side (an admin or an inspector), never by the site's manager or staff"
    )


def test_inspector_outside_scope(org):
    from civdesk.services import accounts

    accounts.assign_sites(org.store, by=org.admin, user_id=org.inspector2.id, site_ids=[org.site_b])
    inspector2 = accounts.actor(org.store, org.inspector2.id)
    iid = make(org, EXCELLENT)
    err = refused(org.store, inspector2, iid, "out_of_scope")
    assert err.details == {"site": "收费站A"}


def test_self_assessment_never_earns_a_certificate(org):
    iid = make(org, EXCELLENT, kind="self")
    refused(org.store, org.inspector, iid, "self_assessment")
    refused(org.store, org.admin, iid, "self_assessment")


def test_reinspection_is_not_certified_itself(org):
    iid = make(org, FIXABLE)
    rid = reinspect(org, iid)
    err = refused(org.store, org.inspector, rid, "reinspection")
    assert err.details == {"follows": iid}


@pytest.mark.parametrize("state", ["draft", "submitted", "returned", "approved"])
def test_only_a_signed_inspection(org, state):
    iid = make(org, EXCELLENT, state=state)
    err = refused(org.store, org.inspector, iid, "not_signed")
    assert err.details == {"inspection_id": iid, "state": state}


def test_open_rectifications_block_until_a_signed_reinspection_closes_them(org):
    s = org.store
    iid = make(org, FIXABLE)
    err = refused(s, org.inspector, iid, "rectifications_open")
    assert err.details == {"inspection_id": iid, "count": 1, "codes": "1.3"}
    # A re-inspection that finds it still not fixed reopens it: still refused.
    reinspect(org, iid, fixed=False)
    refused(s, org.inspector, iid, "rectifications_open")
    reinspect(org, iid, fixed=True)
    assert s.scalar("SELECT state FROM rectifications WHERE inspection_id = ?", (iid,)) == "verified"
    assert certificates.refusal(s, org.inspector, iid) is None
    assert certificates.issue(s, org.inspector, iid).title == "文明服务示范窗口"


def test_a_rectification_done_but_not_verified_still_blocks(org):
    from civdesk.services import rectifications

    s = org.store
    iid = make(org, FIXABLE)
    rid = s.scalar("SELECT id FROM rectifications WHERE inspection_id = ?", (iid,))
    rectifications.mark_done(s, org.manager_a, rid, "已整改")
    refused(s, org.inspector, iid, "rectifications_open")
    rectifications.verify(s, org.inspector, rid)
    assert certificates.refusal(s, org.inspector, iid) is None


def test_level_must_earn_the_title(org):
    iid = make(org, MEDIOCRE)
    err = refused(org.store, org.inspector, iid, "no_title")
    assert err.details["level"] == "达标"
    assert "文明服务示范窗口（优秀）" in str(err)


def test_a_title_it_does_not_earn(org):
    iid = make(org, EXCELLENT)
    err = refused(org.store, org.inspector, iid, "wrong_title", title="文明单位")
    assert err.details == {"inspection_id": iid, "title": "文明单位", "titles": "文明服务示范窗口"}


def test_issued_once_then_printed_again(org):
    s = org.store
    iid = make(org, EXCELLENT)
    rec = certificates.issue(s, org.inspector, iid)
    err = refused(s, org.admin, iid, "already_issued")
    assert err.details == {"inspection_id": iid, "serial": rec.serial}
    # Anyone in scope prints it again; the site's own manager too.
    assert certificates.for_reprint(s, org.manager_a, iid).code == rec.code
    with pytest.raises(CertificateRefused) as other:
        certificates.for_reprint(s, org.manager_b, iid)
    assert other.value.reason == "out_of_scope"


def test_without_a_person_nothing_is_issued(org):
    iid = make(org, EXCELLENT)
    err = refused(org.store, None, iid, "needs_user")
    assert "--user" in str(err)
    with pytest.raises(CertificateRefused) as none:
        certificates.for_reprint(org.store, None, iid)
    assert none.value.reason == "not_issued"


# ------------------------------------------------------------------ revocation


def test_revocation(org):
    s = org.store
    iid = make(org, EXCELLENT)
    rec = certificates.issue(s, org.inspector, iid)
    with pytest.raises(InputError, match="needs a reason"):
        certificates.revoke(s, org.admin, iid, "  ")
    for who in (org.manager_a, org.staff_a):
        with pytest.raises(CertificateRefused) as err:
            certificates.revoke(s, who, iid, "复核发现问题")
        assert err.value.reason == "not_assessor"
    assert not registry.find(s, rec.code).revoked

    after = certificates.revoke(s, org.admin, iid, "复核发现投诉属实")
    assert after.revoked and after.revoked_reason == "复核发现投诉属实" and after.revoked_by == org.admin.id
    assert s.scalar("SELECT state FROM inspections WHERE id = ?", (iid,)) == "signed"  # still frozen
    entry = s.one("SELECT action, detail FROM audit ORDER BY seq DESC LIMIT 1")
    assert entry["action"] == "certificate.revoke" and "复核发现投诉属实" in entry["detail"]
    # Revoked: not printed again, not issued again, not revoked twice; verify says so.
    for call in (
        lambda: certificates.for_reprint(s, org.manager_a, iid),
        lambda: certificates.issue(s, org.inspector, iid),
        lambda: certificates.revoke(s, org.admin, iid, "again"),
    ):
        with pytest.raises(CertificateRefused) as err:
            call()
        assert err.value.reason == "revoked"
    v = documents.verify_code(s, rec.code)
    assert not v.ok and v.lines[0].startswith(f"REVOKED: certificate {rec.serial} was revoked on ")
    assert v.lines[0].endswith(": 复核发现投诉属实")
    # The frozen record is intact: the check of signed content still passes.
    from civdesk.services import signing

    assert signing.verify_frozen(s) == []


def test_revoking_needs_a_certificate(org):
    iid = make(org, EXCELLENT)
    with pytest.raises(CertificateRefused) as err:
        certificates.revoke(org.store, org.admin, iid, "误发")
    assert err.value.reason == "not_issued"


def test_every_reason_is_tested():
    tested = {
        "out_of_scope",
        "not_assessor",
        "self_assessment",
        "reinspection",
        "not_signed",
        "already_issued",
        "revoked",
        "rectifications_open",
        "no_title",
        "wrong_title",
        "needs_user",
        "not_issued",
    }
    assert set(certificates.REASONS) == tested


def test_inspection_kind_rule_also_holds_in_the_workflow(org):
    """signing.certify (the state change) refuses a self-assessment on its own as well."""
    from civdesk.domain.workflow import WorkflowError
    from civdesk.services import signing

    iid = make(org, EXCELLENT, kind="self")
    with pytest.raises(WorkflowError, match="only from an inspection"):
        signing.certify(org.store, org.admin, iid, "文明服务示范窗口")
    assert inspections.view(org.store, iid).row["state"] == "signed"
