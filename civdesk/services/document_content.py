"""What a document says, built from the database: the report, certificate and notice of one
inspection as the plain data objects of reports/content.py, which the renderers lay out.

Documents are issued in the name of the organisation set by an admin (services.organisation),
never CivDesk's; each signature printed says whether it verifies here (services.trust).
"""

from __future__ import annotations

import datetime as _dt

from ..domain.answer_text import answer_text
from ..domain.rectification import STATE_LABELS as RECT_LABELS
from ..domain.template import Item, Section, Template
from ..domain.workflow import KIND_LABELS, STATE_LABELS
from ..reports.content import (
    DEFAULT_VALIDITY_MONTHS,
    DOC_TITLES,
    METHOD_LABELS,
    REGION_LABELS,
    SIGNER_ROLES,
    SITE_KIND_LABELS,
    CertificateDoc,
    ItemLine,
    NoticeDoc,
    NoticeItem,
    Photo,
    RectLine,
    ReportDoc,
    SectionBlock,
    Signer,
    add_months,
    form_time,
    local_time,
    param_lines,
    requirement_of,
    template_label,
)
from ..store import Store, users
from ..store import inspections as inspection_repo
from ..store import rectifications as rect_repo
from ..store import signatures as sig_repo
from ..store.signatures import Signature


def org_name(store: Store) -> str:
    """The issuing organisation; "" while an admin has not set it (documents then leave it blank)."""
    from . import organisation

    return organisation.name(store)


def _signature_valid(store: Store, row: Signature, digest: str, home) -> bool:
    """The signature is of this content, by this key, and a root the home trusts issued the key's
    certificate to this very person (``home``: services.trust.HomeTrust)."""
    from . import keys
    from .errors import NotFound

    try:
        cert = keys.certificate(store, row.key_fingerprint)
    except NotFound:
        return False
    if row.content_hash != digest or not keys.verify_digest(cert, digest, row.signature):
        return False
    vouched = home.vouch(cert)
    return vouched is not None and vouched.uuid == row.uuid


def signers_of(store: Store, inspection_id: int) -> tuple[Signer, ...]:
    """Who signed, each with the role a form names, local time, and whether the signature verifies."""
    from . import signing, trust

    row = inspection_repo.get(store.conn, inspection_id)
    kind = row.kind if row else "inspection"
    roles = SIGNER_ROLES.get(kind, SIGNER_ROLES["inspection"])
    rows = sig_repo.of_inspection(store.conn, inspection_id)
    digest = signing.content_hash(store, inspection_id) if rows else ""
    home = trust.HomeTrust(store) if rows else None
    return tuple(
        Signer(
            r.user_id,
            r.display_name,
            roles.get(r.role, r.role),
            form_time(r.signed_at),
            _printable(r.image),
            r.key_fingerprint,
            _signature_valid(store, r, digest, home),
        )
        for r in rows
    )


def _printable(image: bytes | None) -> bytes | None:
    """The handwritten signature, or None (the name still prints) when it is not a picture within
    the limits — as a bundle from elsewhere might carry."""
    from .errors import InputError
    from .limits import check_picture_bytes

    if not image:
        return None
    try:
        check_picture_bytes(image, "signature")
    except InputError:
        return None
    return image


def _user(store: Store, user_id: int | None) -> str:
    if user_id is None:
        return ""
    return users.display_name(store.conn, user_id) or ""


def _rect_lines(
    store: Store, tpl: Template, inspection_id: int, states: tuple[str, ...] | None = None
) -> tuple[RectLine, ...]:
    rows = rect_repo.of_inspection(store.conn, inspection_id)
    order = {it.code: n for n, it in enumerate(tpl.items())}
    rows.sort(key=lambda r: order.get(r.item_code, 1 << 30))
    out = []
    for r in rows:
        if states and r.state not in states:
            continue
        try:
            item = tpl.item(r.item_code)
        except KeyError:
            item = None
        text = item.text if item else r.item_code
        requirement = requirement_of(tpl, item) if item else "按测评标准整改到位。"
        out.append(
            RectLine(
                r.item_code, text, requirement, r.due_date, RECT_LABELS.get(r.state, r.state), _user(store, r.owner_id)
            )
        )
    return tuple(out)


def build_report(store: Store, inspection_id: int, code: str) -> ReportDoc:
    from . import accounts, inspections

    v = inspections.view(store, inspection_id)
    tpl, row, res = v.template, v.row, v.result
    site = accounts.get_site(store, row["site_id"])
    results = {r.code: r for r in res.items}
    sec_results = {s.code: s for s in res.sections}
    photos = _photos_by_item(store, inspection_id)
    comments: dict[str, list[str]] = {}
    for c in inspections.comments(store, inspection_id):
        if c["item_code"]:
            comments.setdefault(c["item_code"], []).append(f"{c['display_name']}：{c['text']}")

    def line(item: Item) -> ItemLine:
        r = results[item.code]
        return ItemLine(
            item.code,
            item.text,
            item.type,
            METHOD_LABELS.get(item.method, item.method),
            answer_text(item, r.value if r.answered else None, r.grade),
            r.score if item.counts else None,
            r.max if item.counts else 0.0,
            v.notes.get(item.code, ""),
            r.failed,
            item.veto,
            tuple(photos.get(item.code, ())),
            tuple(comments.get(item.code, ())),
        )

    def blocks(section: Section, depth: int):
        sr = sec_results[section.code]
        yield SectionBlock(
            section.code, section.title, depth, sr.score, sr.max, sr.percent, tuple(line(i) for i in section.items)
        )
        for sub in section.sections:
            yield from blocks(sub, depth + 1)

    sections = tuple(b for s in tpl.sections for b in blocks(s, 0))
    return ReportDoc(
        code=code,
        org_name=org_name(store),
        title=DOC_TITLES.get(row["kind"], "检查报告"),
        site=site["name"],
        site_kind=SITE_KIND_LABELS.get(site["kind"], site["kind"]),
        region=REGION_LABELS.get(site["region"], site["region"]),
        address=site.get("address") or "",
        template=template_label(tpl),
        kind=KIND_LABELS.get(row["kind"], row["kind"]),
        state=STATE_LABELS.get(row["state"], row["state"]),
        params=param_lines(tpl, v.params),
        uuid=row["uuid"],
        created_at=local_time(row["created_at"]),
        submitted_at=local_time(row["submitted_at"]),
        author=_user(store, row["author_id"]),
        reviewer=_user(store, row["reviewer_id"]),
        author_role=SIGNER_ROLES.get(row["kind"], SIGNER_ROLES["inspection"])["author"],
        reviewer_role=SIGNER_ROLES.get(row["kind"], SIGNER_ROLES["inspection"])["reviewer"],
        score=res.score,
        max=res.max,
        percent=res.percent,
        level=res.level_label,
        vetoed=res.vetoed,
        veto_items=tuple(res.veto_items),
        sections=sections,
        rectifications=_rect_lines(store, tpl, inspection_id),
        signers=signers_of(store, inspection_id),
        content_hash=row.get("content_hash") or "",
        generated_at=_dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M"),
    )


def build_certificate(
    store: Store, inspection_id: int, *, code: str, serial: str, title: str, issued_on: _dt.date
) -> CertificateDoc:
    from . import accounts, inspections

    v = inspections.view(store, inspection_id)
    site = accounts.get_site(store, v.row["site_id"])
    months = int(store.get_setting("certificate_validity_months") or DEFAULT_VALIDITY_MONTHS)
    valid = add_months(issued_on, months) - _dt.timedelta(days=1)
    from . import organisation

    seal_path = organisation.seal(store)
    seal = str(seal_path) if seal_path else None
    return CertificateDoc(
        code=code,
        serial=serial,
        title=title,
        org_name=org_name(store),
        site=site["name"],
        template=template_label(v.template),
        level=v.result.level_label,
        score=v.result.score,
        max=v.result.max,
        percent=v.result.percent,
        issued_on=issued_on.isoformat(),
        valid_until=valid.isoformat(),
        seal_image=seal,
        signers=signers_of(store, inspection_id),
        uuid=v.row["uuid"],
        content_hash=v.row.get("content_hash") or "",
    )


def _photos_by_item(store: Store, inspection_id: int) -> dict[str, list[Photo]]:
    from . import inspections

    out: dict[str, list[Photo]] = {}
    for n, p in enumerate(inspections.photos(store, inspection_id), 1):
        out.setdefault(p.item_code, []).append(Photo(p.path, f"{p.item_code} 照片{n}：{p.filename}", p.sha256))
    return out


def build_notice(store: Store, inspection_id: int, code: str, issued_on: _dt.date) -> NoticeDoc:
    """整改通知书: per failed item still to rectify, the criterion, the inspector's finding (note and
    photos), the requirement and the due date; one 检查人 row and the site's acknowledgement."""
    from . import accounts, inspections

    v = inspections.view(store, inspection_id)
    site = accounts.get_site(store, v.row["site_id"])
    results = {r.code: r for r in v.result.items}
    photos = _photos_by_item(store, inspection_id)
    items = []
    for line in _rect_lines(store, v.template, inspection_id, states=("open", "reopened", "done")):
        r = results.get(line.code)
        try:
            answer = answer_text(
                v.template.item(line.code), r.value if r and r.answered else None, r.grade if r else None
            )
        except KeyError:
            answer = ""
        items.append(
            NoticeItem(
                line.code,
                line.text,
                answer,
                v.notes.get(line.code, ""),
                tuple(photos.get(line.code, ())),
                line.requirement,
                line.due_date,
                line.state,
            )
        )
    signers = signers_of(store, inspection_id)
    author, reviewer = v.row["author_id"], v.row["reviewer_id"]
    return NoticeDoc(
        code=code,
        org_name=org_name(store),
        site=site["name"],
        template=template_label(v.template),
        uuid=v.row["uuid"],
        inspected_on=local_time(v.row["submitted_at"] or v.row["created_at"])[:10],
        issued_on=issued_on.isoformat(),
        items=tuple(items),
        inspector=_user(store, author),
        inspector_signature=next((s for s in signers if s.user_id == author), None),
        site_signature=next((s for s in signers if s.user_id == reviewer), None),
    )
