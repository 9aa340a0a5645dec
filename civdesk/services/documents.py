"""The document use cases (moved out of civdesk/reports, which only lays pages out): issue, render, sign and record reports, certificates, notices and forms.

Signing design. A report or certificate of a signed inspection is always signed (PAdES) by the
person who prints it, with their own key, whose certificate the home's root issued: a certificate
printed a month later by the station manager is checkable by anyone who trusts that root, and no
key that signs for the whole office lies unencrypted on disk. Printing a signed document therefore
needs a logged-in user (``by``; their key is unlocked at login). Others at the keyboard who type
their password add their own signature too (``signers=[(user_id, password)]``): the Sign screen
does that for author and reviewer right after they sign. The people's signatures over the
inspection's content (made at sign-off, in the ``signatures`` table) are printed with their
handwritten images and the content hash they cover.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..domain.workflow import Actor, WorkflowError
from ..messages import Line
from ..reports import content, pdfsign
from ..reports import fonts as _fonts
from ..store import Store, users
from ..store import inspections as inspection_repo
from ..store import rectifications as rect_repo
from ..store import sites as site_repo
from ..store.rows import as_dict
from . import document_content, registry
from .errors import InputError, NotAllowed

SIGNED_STATES = ("signed", "certified")
ORG_FIELD = "civdesk"


class DocumentError(InputError):
    """A document that cannot be made (not signed, not eligible…); the message says why."""


@dataclass(frozen=True)
class Rendered:
    kind: str
    code: str | None
    pdf: bytes
    path: Path | None
    signed_by: tuple[str, ...]
    doc: object

    @property
    def sha256(self) -> str:
        import hashlib

        return hashlib.sha256(self.pdf).hexdigest()


def write_atomic(path: Path | str, data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file beside it. A file system that refuses
    (a read-only USB stick, a full disk) raises its OSError naming ``path``, the file the user
    chose, not the temporary one."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".pdf")
    except OSError as e:
        raise OSError(e.errno, e.strerror, str(path)) from e
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException as e:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(e, OSError):
            raise OSError(e.errno, e.strerror, str(path)) from e
        raise
    return path


def _row(store: Store, inspection_id: int) -> dict:
    from .errors import NotFound

    row = inspection_repo.get(store.conn, inspection_id)
    if row is None:
        raise NotFound("documents.no_inspection_id", inspection_id=inspection_id)
    return as_dict(row)


def _in_scope(store: Store, by: Actor | None, row: dict) -> None:
    """Documents of a site are printed only by people whose scope holds it (services.scope)."""
    from ..domain import scope

    scope.require(by, row["site_id"], site_repo.site_name(store.conn, row["site_id"]))


def warm() -> None:
    """Load what the first document of a process needs, so that it costs what a later one does:
    the PDF fonts (registered, and made once per machine where none are shipped), ReportLab's
    page layout and the signing library. For a background thread after start (ui/app.py);
    a font that cannot be made is said again, with what to install, when a document is made."""
    try:
        _fonts.prepare()
    except _fonts.FontError:
        pass
    from ..reports import certificate, form, notice, report  # noqa: F401

    pdfsign.load()


def _prepared(doc) -> _fonts.Fonts:
    f = _fonts.prepare()
    f.supplement_for(doc.all_text())
    return f


def _people(store: Store, signers, printer: Actor | None) -> list[tuple[dict, object, object]]:
    """(user, private key, certificate) for each (user_id, password), password checked first; the
    printer is left out (they sign the document's own slot in any case)."""
    from . import accounts, keys

    out = []
    for user_id, password in signers or ():
        if printer is not None and user_id == printer.id:
            continue
        found = users.get(store.conn, user_id)
        if found is None:
            raise DocumentError("documents.no_user_id", user_id=user_id)
        user = {"id": found.id, "name": found.name, "display_name": found.display_name, "role": found.role}
        accounts.authenticate(store, found.name, password)  # wrong password: NotAllowed
        key, cert = keys.signing_material(store, user_id, password)
        out.append((user, key, cert))
    return out


def _issuer(store: Store) -> str:
    """Who the home's document signature speaks for: the organisation, never CivDesk itself."""
    return document_content.org_name(store) or "本机"


def _slot_labels(store: Store, people) -> list[tuple[str, str]]:
    labels = [(f"user{u['id']}", f"{u['display_name']}（{u['name']}）") for u, _, _ in people]
    return labels + [(ORG_FIELD, f"{_issuer(store)} 文档签章")]


def _printer_key(store: Store, printer: Actor | None, what: str):
    """The printing user's unlocked key and certificate; DocumentError when nobody logged in."""
    from . import keys

    if printer is None:
        raise DocumentError("documents.signed_inspection_s_signed", what=what)
    try:
        return keys.session_material(store, printer.id)
    except NotAllowed as e:
        raise DocumentError(e.code, **e.params) from None


def _sign(
    store: Store, pdf: bytes, renderer, people, reason: str, images: dict[int, bytes | None], printer: tuple
) -> tuple[bytes, tuple]:
    from . import trust

    slots = {s.name: s for s in renderer.slots}
    requests = []
    for user, key, cert in people:
        slot = slots[f"user{user['id']}"]
        requests.append(
            pdfsign.SignRequest(
                slot.name,
                key,
                cert,
                slot.page,
                slot.box,
                user["display_name"],
                reason,
                images.get(user["id"]),
                tuple(trust.chain_for(store, cert)),
            )
        )
    key, cert = printer
    slot = slots[ORG_FIELD]
    requests.append(
        pdfsign.SignRequest(
            ORG_FIELD,
            key,
            cert,
            slot.page,
            slot.box,
            _issuer(store),
            reason,
            chain=tuple(trust.chain_for(store, cert)),
            signer=trust.common_name(cert),
        )
    )  # the printer signs for the office
    signed = pdfsign.sign(pdf, requests, renderer.fonts.paths[_fonts.REGULAR])
    return signed, tuple(r.label for r in requests)


def _finish(store: Store, kind: str, code: str | None, pdf: bytes, out, signed_by, doc) -> Rendered:
    if code:
        registry.set_summary(store, code, content.summary_of(doc))
        registry.written(store, code, pdf)
    path = write_atomic(out, pdf) if out is not None else None
    return Rendered(kind, code, pdf, path, tuple(signed_by), doc)


# ---------------------------------------------------------------------------- report


def render_report(
    store: Store,
    inspection_id: int,
    out: Path | str | None = None,
    *,
    by: Actor | None = None,
    signers: Sequence[tuple[int, str]] = (),
) -> Rendered:
    """检查报告 of any inspection; signed as a PDF when the inspection is signed."""
    row = _row(store, inspection_id)
    _in_scope(store, by, row)
    signed = row["state"] in SIGNED_STATES
    if signers and not signed:
        raise DocumentError("documents.inspection_only_report_signed", inspection_id=inspection_id, state=row["state"])
    people = _people(store, signers, by) if signed else []
    printer = _printer_key(store, by, "report") if signed else None
    rec = registry.create(
        store, kind="report", inspection_id=inspection_id, by=by.id if by else None, content_hash=row["content_hash"]
    )
    doc = document_content.build_report(store, inspection_id, rec.code)
    from ..reports.report import ReportRenderer  # ReportLab: loaded by the first document, not by importing this

    renderer = ReportRenderer(doc, _prepared(doc), _slot_labels(store, people) if signed else [])
    pdf = renderer.render()
    signed_by: tuple = ()
    if signed:
        images = {s.user_id: s.image for s in doc.signers}
        assert printer is not None  # taken above for a signed inspection
        pdf, signed_by = _sign(store, pdf, renderer, people, "检查报告", images, printer)
    return _finish(store, "report", rec.code, pdf, out, signed_by, doc)


# ---------------------------------------------------------------------------- certificate


def eligible_titles(store: Store, inspection_id: int) -> list[str]:
    from . import inspections

    return list(inspections.view(store, inspection_id).result.certificates)


def issue_certificate(
    store: Store, by: Actor, inspection_id: int, *, title: str | None = None, today: _dt.date | None = None
) -> registry.Record:
    """Record the certificate of an eligible inspection (services.certificates states the rules and
    raises CertificateRefused with the reason); the inspection becomes ``certified``."""
    from . import certificates

    return certificates.issue(store, by, inspection_id, title=title, today=today)


def render_certificate(
    store: Store,
    inspection_id: int,
    out: Path | str | None = None,
    *,
    by: Actor | None = None,
    signers: Sequence[tuple[int, str]] = (),
    title: str | None = None,
) -> Rendered:
    """证书 of an inspection: printed again when it has one (for anyone in scope), issued first
    otherwise (by an admin or inspector, when the rules allow: CertificateRefused says why not).
    A certificate names its issuer: without the organisation set, OrganisationMissing says so."""
    from . import certificates
    from .organisation import require_organisation

    if registry.latest(store, inspection_id, "certificate") is None:
        certificates.proposal(store, by, inspection_id, title=title)  # the rules first: who, from what
        require_organisation(store)
        _printer_key(store, by, "certificate")  # before the serial is allocated
        assert by is not None  # _printer_key refused nobody logged in
        rec = certificates.issue(store, by, inspection_id, title=title)
    else:
        rec = certificates.for_reprint(store, by, inspection_id)
        require_organisation(store)
    printer = _printer_key(store, by, "certificate")
    issued = _dt.date.fromisoformat(rec.summary.get("issued_on") or rec.created_at[:10])
    doc = document_content.build_certificate(
        store, inspection_id, code=rec.code, serial=rec.serial, title=rec.title, issued_on=issued
    )
    people = _people(store, signers, by)
    from ..reports.certificate import CertificateRenderer

    renderer = CertificateRenderer(doc, _prepared(doc), _slot_labels(store, people))
    pdf = renderer.render()
    pdf, signed_by = _sign(store, pdf, renderer, people, "证书", {}, printer)
    return _finish(store, "certificate", rec.code, pdf, out, signed_by, doc)


# ---------------------------------------------------------------------------- notice, form


def render_notice(
    store: Store,
    inspection_id: int,
    out: Path | str | None = None,
    *,
    by: Actor | None = None,
    today: _dt.date | None = None,
) -> Rendered:
    """整改通知书 listing the inspection's rectifications not yet verified."""
    row = _row(store, inspection_id)
    _in_scope(store, by, row)
    if not rect_repo.any_of(store.conn, inspection_id):
        raise DocumentError(
            "documents.inspection_has_no_rectification", inspection_id=inspection_id, state=row["state"]
        )
    rec = registry.create(
        store, kind="notice", inspection_id=inspection_id, by=by.id if by else None, content_hash=row["content_hash"]
    )
    doc = document_content.build_notice(store, inspection_id, rec.code, today or _dt.date.today())
    from ..reports.notice import NoticeRenderer

    pdf = NoticeRenderer(doc, _prepared(doc)).render()
    return _finish(store, "notice", rec.code, pdf, out, (), doc)


def render_form(store: Store, template_id: str, out: Path | str | None = None) -> Rendered:
    """空白检查表 of the latest version of a template."""
    from . import templates

    doc = content.build_form(templates.latest(store, template_id), document_content.org_name(store))
    from ..reports.form import FormRenderer

    pdf = FormRenderer(doc, _prepared(doc)).render()
    return _finish(store, "form", None, pdf, out, (), doc)


# ---------------------------------------------------------------------------- verification


@dataclass
class Verification:
    ok: bool
    pdf: pdfsign.PdfCheck | None
    record: registry.Record | None
    lines: list[str]


def verify_pdf(store: Store, data: bytes) -> Verification:
    """Signatures intact and chained to a root this home trusts; the record of its code, if here."""
    from . import trust

    check = pdfsign.verify(data, [r.certificate for r in trust.roots(store)])
    lines: list[str] = []
    for s in check.signatures:
        lines.append(
            Line(
                "verify.signature",
                field=s.field,
                signer=s.signer,
                at=s.signed_at,
                intact=Line("verify.intact" if s.intact else "verify.altered"),
                valid=Line("verify.valid" if s.valid else "verify.invalid"),
                known=Line("verify.trusted" if s.known else "verify.untrusted"),
                extra=Line("verify.extra", problem=s.problem) if s.problem else "",
            )
        )
    lines += check.problems
    record = registry.find(store, check.subject) if check.subject else None
    if record is not None:
        lines.append(_record_line(record))
    if record is not None and record.revoked:
        # Intact and genuine, but no longer valid: the office withdrew it.
        lines.insert(0, _revoked_line(record))
        return Verification(False, check, record, lines)
    lines.insert(0, Line("verify.pdf_ok" if check.ok else "verify.pdf_failed"))
    return Verification(check.ok, check, record, lines)


def verify_code(store: Store, code: str) -> Verification:
    rec = registry.find(store, code)
    if rec is None:
        return Verification(False, None, None, [Line("verify.no_code", code=code)])
    if rec.revoked:
        return Verification(False, None, rec, [_revoked_line(rec), _record_line(rec)])
    return Verification(True, None, rec, [Line("verify.code_ok", record=_record_line(rec))])


def _revoked_line(rec: registry.Record) -> str:
    return Line("verify.revoked", serial=rec.serial, at=content.local_time(rec.revoked_at), why=rec.revoked_reason)


def _record_line(rec: registry.Record) -> str:
    s = rec.summary
    parts = [
        Line("verify.document", document=rec.kind, code=rec.code),
        Line("verify.of_inspection", id=rec.inspection_id),
    ]
    if rec.serial:
        parts.append(Line("verify.serial", serial=rec.serial))
    for key in ("title", "site", "score", "percent", "level", "issued_on", "valid_until"):
        if s.get(key) not in (None, ""):
            parts.append(Line(f"verify.{key}", value=s[key]))
    parts.append(Line("verify.issued", at=content.local_time(rec.created_at)))
    if rec.sha256:
        parts.append(Line("verify.sha256", sha=rec.sha256[:16]))
    line = parts[0]
    for more in parts[1:]:
        line = Line("health.and", first=line, then=more)
    return line


def record_json(rec: registry.Record | None) -> dict | None:
    if rec is None:
        return None
    return json.loads(json.dumps(rec.__dict__, ensure_ascii=False, default=str))


__all__ = [
    "DocumentError",
    "Rendered",
    "Verification",
    "WorkflowError",
    "eligible_titles",
    "issue_certificate",
    "render_certificate",
    "render_form",
    "render_notice",
    "render_report",
    "verify_code",
    "verify_pdf",
]
