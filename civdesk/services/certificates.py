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
REASONS = ("out_of_scope", "not_assessor", "self_assessment", "reinspection", "not_signed", "already_issued",
           "revoked", "rectifications_open", "no_title", "wrong_title", "needs_user", "not_issued")


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
    serial: str          # the serial it will get if issued now
    issued_on: str


def _row(store: Store, inspection_id: int) -> dict:
    found = inspection_repo.get(store.conn, inspection_id)
    if found is None:
        raise NotFound(f"no inspection with id {inspection_id}")
    return dict(as_dict(found), site=site_repo.site_name(store.conn, found.site_id))


def latest(store: Store, inspection_id: int):
    from . import registry

    return registry.latest(store, inspection_id, "certificate")


def _refuse(reason: str, message: str, **args) -> CertificateRefused:
    return CertificateRefused(reason, message, **args)


def _check_person(by: Actor | None, row: dict, verb: str = "issue") -> None:
    if by is None:
        raise _refuse("needs_user", f"inspection {row['id']} has no certificate yet: issuing one needs an admin "
                                    "or an inspector (--user)")
    if not _scope.covers(by, row["site_id"]):
        raise _refuse("out_of_scope", f"{row['site']} is outside your scope: you cannot {verb} its certificate",
                      site=row["site"])
    if by.role not in ISSUERS:
        raise _refuse("not_assessor", f"certificates are {verb}d by the assessing side (an admin or an inspector), "
                                      "never by the site's manager or staff")


def proposal(store: Store, by: Actor | None, inspection_id: int, *, title: str | None = None,
             today: _dt.date | None = None) -> Proposal:
    """What issuing would print; CertificateRefused naming the first rule that stands in the way."""
    from . import registry
    from . import inspections

    row = _row(store, inspection_id)
    _check_person(by, row)
    if row["kind"] == "self":
        raise _refuse("self_assessment", "a certificate is issued only from an inspection (检查), never from "
                                         "a self-assessment (自评)")
    if row["kind"] == "reinspection":
        raise _refuse("reinspection", f"a re-inspection (复查) closes rectifications; the certificate is issued "
                                      f"from the inspection it follows (#{row['follows_id']})",
                      follows=row["follows_id"])
    issued = latest(store, inspection_id)
    if issued is not None and issued.revoked:
        raise _refuse("revoked", f"the certificate {issued.serial} of inspection {inspection_id} was revoked "
                                 f"({issued.revoked_reason}); a new inspection is needed for a new certificate",
                      serial=issued.serial, why=issued.revoked_reason)
    if row["state"] == "certified":
        serial = issued.serial if issued else ""
        raise _refuse("already_issued", f"inspection {inspection_id} already has certificate {serial}; "
                                        "print it again instead", serial=serial)
    if row["state"] != "signed":
        raise _refuse("not_signed", f"inspection {inspection_id} is {row['state']}: a certificate is issued only "
                                    "for a signed inspection (both signatures)", state=row["state"])
    pending = rect_repo.unverified_codes(store.conn, inspection_id)
    if pending:
        raise _refuse("rectifications_open", f"inspection {inspection_id} has {len(pending)} rectification(s) not "
                                             f"verified yet ({', '.join(pending)}): a signed re-inspection must "
                                             "close them first", count=len(pending), codes=", ".join(pending))
    v = inspections.view(store, inspection_id)
    titles = tuple(v.result.certificates)
    if not titles:
        rules = "; ".join(f"{c.title} needs {'/'.join(v.template.level_label(x) for x in c.levels)}"
                          for c in v.template.certificates) or "the template awards no certificate"
        level = "一票否决" if v.result.vetoed else v.result.level_label
        raise _refuse("no_title", f"inspection {inspection_id} ({level}, {v.result.percent}%) earns no "
                                  f"certificate: {rules}", level=level, percent=v.result.percent)
    if title is None:
        title = titles[0]
    elif title not in titles:
        raise _refuse("wrong_title", f"inspection {inspection_id} does not earn “{title}” (it earns: "
                                     f"{', '.join(titles)})", title=title, titles=", ".join(titles))
    day = today or _dt.date.today()
    return Proposal(inspection_id, title, titles, row["site"], v.template.title, v.result.level_label,
                    v.result.percent, registry.peek_serial(store, day.year), day.isoformat())


def refusal(store: Store, by: Actor | None, inspection_id: int) -> CertificateRefused | None:
    """Why ``by`` cannot issue this inspection's certificate now, or None when they can."""
    try:
        proposal(store, by, inspection_id)
    except CertificateRefused as e:
        return e
    return None


def issue(store: Store, by: Actor, inspection_id: int, *, title: str | None = None,
          today: _dt.date | None = None):
    """Allocate the serial and record the certificate (and its issuer); the inspection becomes
    certified. Returns the registry record."""
    from . import registry
    from . import signing

    p = proposal(store, by, inspection_id, title=title, today=today)
    row = _row(store, inspection_id)
    day = _dt.date.fromisoformat(p.issued_on)
    with store.write():
        signing.certify(store, by, inspection_id, p.title)
        rec = registry.create(store, kind="certificate", inspection_id=inspection_id, by=by.id, title=p.title,
                              serial_year=day.year, content_hash=row["content_hash"])
        registry.set_summary(store, rec.code, {"issued_on": day.isoformat(), "title": p.title})
    return registry.find(store, rec.code)


def for_reprint(store: Store, by: Actor | None, inspection_id: int):
    """The issued certificate of an inspection, for printing again by anyone in scope; refused when
    none was issued or it was revoked."""
    row = _row(store, inspection_id)
    if by is not None and not _scope.covers(by, row["site_id"]):
        raise _refuse("out_of_scope", f"{row['site']} is outside your scope: you cannot print its certificate",
                      site=row["site"])
    rec = latest(store, inspection_id)
    if rec is None:
        raise _refuse("not_issued", f"inspection {inspection_id} has no certificate", inspection=inspection_id)
    if rec.revoked:
        raise _refuse("revoked", f"the certificate {rec.serial} of inspection {inspection_id} was revoked "
                                 f"({rec.revoked_reason}); it is not printed again",
                      serial=rec.serial, why=rec.revoked_reason)
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
        return _refuse("not_issued", f"inspection {inspection_id} has no certificate", inspection=inspection_id)
    if rec.revoked:
        return _refuse("revoked", f"the certificate {rec.serial} was already revoked ({rec.revoked_reason})",
                       serial=rec.serial, why=rec.revoked_reason)
    return None


def revoke(store: Store, by: Actor, inspection_id: int, reason: str):
    """Revoke the inspection's certificate with a reason (an admin, or an inspector in scope); the
    inspection goes back from certified to signed. Returns the updated record."""
    from . import registry

    if not reason or not reason.strip():
        raise InputError("revoking a certificate needs a reason")
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
        store.audit(by.id, "certificate.revoke", "inspection", inspection_id,
                    {"code": rec.code, "serial": rec.serial, "reason": reason.strip()})
    return registry.find(store, rec.code)
