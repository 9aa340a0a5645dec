"""Certificates (证书): who may issue one, from what, and revocation.

A certificate is issued by the assessing side (an admin, or an inspector whose scope holds the
site; never the site's manager or staff) from a signed inspection of kind ``inspection`` whose
level earns the title and whose rectifications are all verified (closed by a signed re-inspection
or verified by hand). Anything else is refused with a ``CertificateRefused`` whose ``reason`` is
one of ``REASONS``; the screens word it from that code, the command line prints the message.

``proposal`` says what issuing would print (title, site, level, the serial it would get) without
writing anything: the confirmation dialog shows it. ``issue`` records serial and issuer; the PDF is
rendered by civdesk.reports. ``revoke`` marks an issued certificate revoked with a reason (the
inspection goes back to signed); ``verify`` then reports it revoked and it is not printed again.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from ..domain import scope as _scope
from ..domain.workflow import Actor
from ..store import Store, now
from ..store import documents as document_repo
from ..store import inspections as inspection_repo
from ..store import rectifications as rect_repo
from ..store import sites as site_repo
from ..store.rows import as_dict
from .errors import CertificateRefused, InputError, NotFound

ISSUERS = ("admin", "inspector")
REASONS = (
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
)


@dataclass(frozen=True)
class Proposal:
    """What the certificate will say, before it is issued (the confirmation dialog shows it)."""

    inspection_id: int
    title: str
    titles: tuple[str, ...]
    site: str
    template_title: str
    level_label: str
    percent: float
    serial: str  # the serial it will get if issued now
    issued_on: str


def _row(store: Store, inspection_id: int) -> dict:
    found = inspection_repo.get(store.conn, inspection_id)
    if found is None:
        raise NotFound("certificates.no_inspection_id", inspection_id=inspection_id)
    return dict(as_dict(found), site=site_repo.site_name(store.conn, found.site_id))


def latest(store: Store, inspection_id: int):
    from . import registry

    return registry.latest(store, inspection_id, "certificate")


def _refuse(reason: str, **args) -> CertificateRefused:
    return CertificateRefused(reason, **args)


def _check_person(by: Actor | None, row: dict, verb: str = "issue") -> None:
    if by is None:
        raise _refuse("needs_user", inspection_id=row["id"])
    if not _scope.covers(by, row["site_id"]):
        raise _refuse("out_of_scope", site=row["site"])
    if by.role not in ISSUERS:
        raise _refuse("not_assessor")


def proposal(
    store: Store, by: Actor | None, inspection_id: int, *, title: str | None = None, today: _dt.date | None = None
) -> Proposal:
    """What issuing would print; CertificateRefused naming the first rule that stands in the way."""
    from . import inspections, registry

    row = _row(store, inspection_id)
    _check_person(by, row)
    if row["kind"] == "self":
        raise _refuse("self_assessment")
    if row["kind"] == "reinspection":
        raise _refuse("reinspection", follows=row["follows_id"])
    issued = latest(store, inspection_id)
    if issued is not None and issued.revoked:
        raise _refuse("revoked", inspection_id=inspection_id, serial=issued.serial, why=issued.revoked_reason)
    if row["state"] == "certified":
        serial = issued.serial if issued else ""
        raise _refuse("already_issued", inspection_id=inspection_id, serial=serial)
    if row["state"] != "signed":
        raise _refuse("not_signed", inspection_id=inspection_id, state=row["state"])
    pending = rect_repo.unverified_codes(store.conn, inspection_id)
    if pending:
        raise _refuse("rectifications_open", inspection_id=inspection_id, count=len(pending), codes=", ".join(pending))
    v = inspections.view(store, inspection_id)
    titles = tuple(v.result.certificates)
    if not titles:
        rules = "; ".join(
            f"{c.title}（{'/'.join(v.template.level_label(x) for x in c.levels)}）" for c in v.template.certificates
        )
        level = "一票否决" if v.result.vetoed else v.result.level_label
        raise _refuse("no_title", inspection_id=inspection_id, level=level, percent=v.result.percent, rules=rules)
    if title is None:
        title = titles[0]
    elif title not in titles:
        raise _refuse("wrong_title", inspection_id=inspection_id, title=title, titles=", ".join(titles))
    day = today or _dt.date.today()
    return Proposal(
        inspection_id,
        title,
        titles,
        row["site"],
        v.template.title,
        v.result.level_label,
        v.result.percent,
        registry.peek_serial(store, day.year),
        day.isoformat(),
    )


def refusal(store: Store, by: Actor | None, inspection_id: int) -> CertificateRefused | None:
    """Why ``by`` cannot issue this inspection's certificate now, or None when they can."""
    try:
        proposal(store, by, inspection_id)
    except CertificateRefused as e:
        return e
    return None


def issue(store: Store, by: Actor, inspection_id: int, *, title: str | None = None, today: _dt.date | None = None):
    """Allocate the serial and record the certificate (and its issuer); the inspection becomes
    certified. Returns the registry record."""
    from . import registry, signing

    p = proposal(store, by, inspection_id, title=title, today=today)
    row = _row(store, inspection_id)
    day = _dt.date.fromisoformat(p.issued_on)
    with store.write():
        signing.certify(store, by, inspection_id, p.title)
        rec = registry.create(
            store,
            kind="certificate",
            inspection_id=inspection_id,
            by=by.id,
            title=p.title,
            serial_year=day.year,
            content_hash=row["content_hash"],
        )
        registry.set_summary(store, rec.code, {"issued_on": day.isoformat(), "title": p.title})
    return registry.find(store, rec.code)


def for_reprint(store: Store, by: Actor | None, inspection_id: int):
    """The issued certificate of an inspection, for printing again by anyone in scope; refused when
    none was issued or it was revoked."""
    row = _row(store, inspection_id)
    if by is not None and not _scope.covers(by, row["site_id"]):
        raise _refuse("out_of_scope", site=row["site"])
    rec = latest(store, inspection_id)
    if rec is None:
        raise _refuse("not_issued", inspection_id=inspection_id)
    if rec.revoked:
        raise _refuse("revoked", inspection_id=inspection_id, serial=rec.serial, why=rec.revoked_reason)
    return rec


def revoke_refusal(store: Store, by: Actor | None, inspection_id: int) -> CertificateRefused | None:
    """Why ``by`` cannot revoke this inspection's certificate, or None when they can (``revoke`` and
    the screens' 撤销证书 ask this same question)."""
    row = _row(store, inspection_id)
    try:
        _check_person(by, row, "revoke")
    except CertificateRefused as e:
        return e
    rec = latest(store, inspection_id)
    if rec is None:
        return _refuse("not_issued", inspection_id=inspection_id)
    if rec.revoked:
        return _refuse("revoked", inspection_id=inspection_id, serial=rec.serial, why=rec.revoked_reason)
    return None


def revoke(store: Store, by: Actor, inspection_id: int, reason: str):
    """Revoke the inspection's certificate with a reason (an admin, or an inspector in scope); the
    inspection goes back from certified to signed. Returns the updated record."""
    from . import registry

    if not reason or not reason.strip():
        raise InputError("certificates.revoking_certificate_needs_reason")
    row = _row(store, inspection_id)
    refused = revoke_refusal(store, by, inspection_id)
    if refused is not None:
        raise refused
    rec = latest(store, inspection_id)
    ts = now()
    with store.write() as conn:
        document_repo.revoke(conn, rec.code, ts, by.id, reason.strip())
        if row["state"] == "certified":
            inspection_repo.set_state(conn, inspection_id, "signed")
        store.audit(
            by.id,
            "certificate.revoke",
            "inspection",
            inspection_id,
            {"code": rec.code, "serial": rec.serial, "reason": reason.strip()},
        )
    return registry.find(store, rec.code)
