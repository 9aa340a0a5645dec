"""What each document says, as plain data built from the database before anything is drawn.

Tests check these objects exactly (which items a notice lists, what a certificate states); the
renderers only lay them out. Nothing here imports ReportLab. Documents are issued in the name of the
organisation set by an admin (services.organisation), never CivDesk's; the template is named by its
title and version, never by its internal id.
"""

from __future__ import annotations

import datetime as _dt
import json
from dataclasses import dataclass, field

from ..domain.answer_text import answer_label, answer_text
from ..domain.template import Item, Section, Template
from ..domain.workflow import KIND_LABELS, STATE_LABELS
from ..domain.rectification import STATE_LABELS as RECT_LABELS
from ..store import Store

METHOD_LABELS = {"site_visit": "实地考察", "document_review": "材料审核", "survey": "问卷调查",
                 "mystery_visit": "暗访"}
SITE_KIND_LABELS = {"toll_station": "收费站", "service_window": "服务窗口", "unit": "单位", "city": "城市"}
REGION_LABELS = {"east": "东部", "central": "中部", "northeast": "东北部", "west": "西部"}
# What each signer was, as a Chinese form names them: by kind of inspection, then signature role.
SIGNER_ROLES = {"self": {"author": "填报人", "reviewer": "审核人"},
                "inspection": {"author": "检查人", "reviewer": "被检单位负责人"},
                "reinspection": {"author": "复查人", "reviewer": "被检单位负责人"}}
DOC_TITLES = {"self": "自评报告", "inspection": "检查报告", "reinspection": "复查报告"}
DEFAULT_VALIDITY_MONTHS = 36


@dataclass(frozen=True)
class Photo:
    path: str
    caption: str
    sha256: str


@dataclass(frozen=True)
class Signer:
    user_id: int
    name: str
    role: str          # 检查人 / 被检单位负责人 / 填报人 / 审核人
    signed_at: str     # local date and time as written on a form: 2026年5月4日 14:30
    image: bytes | None = field(default=None, repr=False)
    fingerprint: str = ""
    valid: bool = False  # the digital signature verifies over the inspection's content as it is now

    @property
    def status(self) -> str:
        return "数字签名有效" if self.valid else "数字签名无效"


@dataclass(frozen=True)
class ItemLine:
    code: str
    text: str
    type: str
    method: str
    answer: str            # as printed: 符合, 32.5 %, 2 处违规…; "未作答" when empty
    score: float | None    # None for unscored items
    max: float
    note: str = ""
    failed: bool = False
    veto: bool = False
    photos: tuple[Photo, ...] = ()
    comments: tuple[str, ...] = ()


@dataclass(frozen=True)
class SectionBlock:
    code: str
    title: str
    depth: int
    score: float
    max: float
    percent: float
    items: tuple[ItemLine, ...]


@dataclass(frozen=True)
class RectLine:
    code: str
    text: str
    requirement: str
    due_date: str
    state: str
    owner: str


@dataclass(frozen=True)
class NoticeItem:
    """One failed item as the notice states it: the criterion, what was found, what to do, by when."""

    code: str
    criterion: str
    answer: str                 # the finding as answered: 不符合, 62 %（不达标）…
    finding: str                # the inspector's note ("" when none)
    photos: tuple[Photo, ...]
    requirement: str
    due_date: str
    state: str


@dataclass(frozen=True)
class ReportDoc:
    code: str                   # verification code
    org_name: str               # issuing organisation ("" while an admin has not set it)
    title: str                  # 自评报告 / 检查报告 / 复查报告
    site: str
    site_kind: str
    region: str
    address: str
    template: str               # "收费站文明服务窗口建设检查表（第 2 版）"
    kind: str
    state: str
    params: tuple[tuple[str, str], ...]
    uuid: str
    created_at: str
    submitted_at: str
    author: str
    reviewer: str
    author_role: str            # as the form names them: 检查人 / 填报人 / 复查人
    reviewer_role: str          # 被检单位负责人 / 审核人
    score: float
    max: float
    percent: float
    level: str
    vetoed: bool
    veto_items: tuple[str, ...]
    sections: tuple[SectionBlock, ...]
    rectifications: tuple[RectLine, ...]
    signers: tuple[Signer, ...]
    content_hash: str
    generated_at: str

    @property
    def photos(self) -> list[Photo]:
        return [p for s in self.sections for i in s.items for p in i.photos]

    def all_text(self) -> str:
        return _text_of(self)


@dataclass(frozen=True)
class CertificateDoc:
    code: str
    serial: str
    title: str                  # 文明服务示范窗口
    org_name: str
    site: str
    template: str
    level: str
    score: float
    max: float
    percent: float
    issued_on: str              # 2026-05-04
    valid_until: str
    seal_image: str | None
    signers: tuple[Signer, ...]
    uuid: str
    content_hash: str

    def all_text(self) -> str:
        return _text_of(self)


@dataclass(frozen=True)
class FormItem:
    code: str
    text: str
    type: str
    method: str
    points: float
    veto: bool
    choices: tuple[str, ...]    # answer boxes: 符合 / 基本符合 / …
    bands: str                  # measure bands as printed, "" otherwise
    unit: str
    guidance: str


@dataclass(frozen=True)
class FormSection:
    code: str
    title: str
    depth: int
    items: tuple[FormItem, ...]


@dataclass(frozen=True)
class FormDoc:
    template_id: str
    version: int
    title: str
    org_name: str
    params: tuple[tuple[str, str], ...]   # parameter label → its choices, for circling on paper
    sections: tuple[FormSection, ...]
    levels: tuple[tuple[str, float], ...]

    @property
    def item_count(self) -> int:
        return sum(len(s.items) for s in self.sections)

    def all_text(self) -> str:
        return _text_of(self)


@dataclass(frozen=True)
class NoticeDoc:
    code: str
    org_name: str
    site: str
    template: str
    uuid: str
    inspected_on: str
    issued_on: str
    items: tuple[NoticeItem, ...]
    inspector: str
    inspector_signature: Signer | None   # the one 检查人 row: name, handwriting, time when signed
    site_signature: Signer | None        # the site's manager, when they have signed

    def all_text(self) -> str:
        return _text_of(self)


def _text_of(obj) -> str:
    """Every string in a document object, to prepare fonts for exactly what will be printed."""
    parts: list[str] = []

    def walk(x):
        if isinstance(x, str):
            parts.append(x)
        elif isinstance(x, (tuple, list)):
            for y in x:
                walk(y)
        elif hasattr(x, "__dataclass_fields__"):
            for name in x.__dataclass_fields__:
                walk(getattr(x, name))

    walk(obj)
    return "\n".join(parts)


# ---------------------------------------------------------------------------- helpers


def fmt_num(x: float | None) -> str:
    if x is None:
        return ""
    return f"{x:g}" if float(x) == round(float(x), 4) else f"{x:.2f}"


def local_time(ts: str | None) -> str:
    """A stored UTC timestamp as local date and minutes (what a person writes on paper)."""
    if not ts:
        return ""
    try:
        return _dt.datetime.fromisoformat(ts).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return ts


def form_time(ts: str | None) -> str:
    """A stored UTC timestamp as a Chinese form writes it: 2026年5月4日 14:30 (local time)."""
    if not ts:
        return ""
    try:
        t = _dt.datetime.fromisoformat(ts).astimezone()
    except ValueError:
        return ts
    return f"{t.year}年{t.month}月{t.day}日 {t:%H:%M}"


def org_name(store: Store) -> str:
    """The issuing organisation; "" while an admin has not set it (documents then leave it blank)."""
    from ..services import organisation

    return organisation.name(store)


def _param_lines(tpl: Template, params: dict[str, str]) -> tuple[tuple[str, str], ...]:
    out = []
    for p in tpl.parameters:
        value = params.get(p.name, p.default)
        out.append((p.label, p.choice_labels.get(value, value)))
    return tuple(out)


def template_label(tpl: Template) -> str:
    return f"{tpl.title}（第 {tpl.version} 版）"


def _signature_valid(store: Store, row: dict, digest: str, home) -> bool:
    """The signature is of this content, by this key, and a root the home trusts issued the key's
    certificate to this very person (``home``: services.trust.HomeTrust)."""
    from ..services import keys
    from ..services.errors import NotFound

    try:
        cert = keys.certificate(store, row["key_fingerprint"])
    except NotFound:
        return False
    if row["content_hash"] != digest or not keys.verify_digest(cert, digest, row["signature"]):
        return False
    vouched = home.vouch(cert)
    return vouched is not None and vouched.uuid == row["uuid"]


def signers_of(store: Store, inspection_id: int) -> tuple[Signer, ...]:
    """Who signed, each with the role a form names, local time, and whether the signature verifies."""
    from ..services import signing, trust

    kind = store.scalar("SELECT kind FROM inspections WHERE id = ?", (inspection_id,)) or "inspection"
    roles = SIGNER_ROLES.get(kind, SIGNER_ROLES["inspection"])
    rows = store.query("SELECT s.user_id, s.role, s.signed_at, s.image, s.key_fingerprint, s.content_hash, "
                       "s.signature, u.display_name, u.uuid FROM signatures s JOIN users u ON u.id = s.user_id "
                       "WHERE s.inspection_id = ? ORDER BY s.signed_at", (inspection_id,))
    digest = signing.content_hash(store, inspection_id) if rows else ""
    home = trust.HomeTrust(store) if rows else None
    return tuple(Signer(r["user_id"], r["display_name"], roles.get(r["role"], r["role"]),
                        form_time(r["signed_at"]), _printable(r["image"]), r["key_fingerprint"],
                        _signature_valid(store, r, digest, home)) for r in rows)


def _printable(image: bytes | None) -> bytes | None:
    """The handwritten signature, or None (the name still prints) when it is not a picture within
    the limits — as a bundle from elsewhere might carry."""
    from ..services.errors import InputError
    from ..services.limits import check_picture_bytes

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
    return store.scalar("SELECT display_name FROM users WHERE id = ?", (user_id,)) or ""


def _rect_lines(store: Store, tpl: Template, inspection_id: int, states: tuple[str, ...] | None = None
                ) -> tuple[RectLine, ...]:
    rows = store.query("SELECT r.*, u.display_name AS owner FROM rectifications r LEFT JOIN users u "
                       "ON u.id = r.owner_id WHERE r.inspection_id = ?", (inspection_id,))
    order = {it.code: n for n, it in enumerate(tpl.items())}
    rows.sort(key=lambda r: order.get(r["item_code"], 1 << 30))
    out = []
    for r in rows:
        if states and r["state"] not in states:
            continue
        try:
            item = tpl.item(r["item_code"])
        except KeyError:
            item = None
        text = item.text if item else r["item_code"]
        requirement = requirement_of(tpl, item) if item else "按测评标准整改到位。"
        out.append(RectLine(r["item_code"], text, requirement, r["due_date"],
                            RECT_LABELS.get(r["state"], r["state"]), r["owner"] or ""))
    return tuple(out)


def requirement_of(tpl: Template, item: Item) -> str:
    """What the site must achieve for a failed item, in the criterion's own terms, and how the
    re-inspection will check it (the item's guidance)."""
    bands = item.bands or next(iter(item.band_variants.values()), ())
    passing = [b for b in bands if b.grade not in ("fail", "unqualified")]
    if item.type in ("measure", "tiers") and passing and len(passing) < len(bands):
        lowest = min(passing, key=lambda b: b.lower)
        lower = lowest.describe().split(" 且 ")[0]
        main = f"{item.text}达到 {lower}{item.unit} 的要求。"
    elif item.type == "deduction":
        main = f"纠正并杜绝“{item.text}”所列违规情形。"
    else:
        main = f"对照测评标准“{item.text}”整改到位。"
    return main + (f"复查方法：{item.guidance}" if item.guidance else "")


# ---------------------------------------------------------------------------- builders


def build_report(store: Store, inspection_id: int, code: str) -> ReportDoc:
    from ..services import accounts, inspections

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
        return ItemLine(item.code, item.text, item.type, METHOD_LABELS.get(item.method, item.method),
                        answer_text(item, r.value if r.answered else None, r.grade),
                        r.score if item.counts else None, r.max if item.counts else 0.0,
                        v.notes.get(item.code, ""), r.failed, item.veto,
                        tuple(photos.get(item.code, ())), tuple(comments.get(item.code, ())))

    def blocks(section: Section, depth: int):
        sr = sec_results[section.code]
        yield SectionBlock(section.code, section.title, depth, sr.score, sr.max, sr.percent,
                           tuple(line(i) for i in section.items))
        for sub in section.sections:
            yield from blocks(sub, depth + 1)

    sections = tuple(b for s in tpl.sections for b in blocks(s, 0))
    return ReportDoc(
        code=code, org_name=org_name(store), title=DOC_TITLES.get(row["kind"], "检查报告"), site=site["name"],
        site_kind=SITE_KIND_LABELS.get(site["kind"], site["kind"]),
        region=REGION_LABELS.get(site["region"], site["region"]), address=site.get("address") or "",
        template=template_label(tpl), kind=KIND_LABELS.get(row["kind"], row["kind"]),
        state=STATE_LABELS.get(row["state"], row["state"]), params=_param_lines(tpl, v.params),
        uuid=row["uuid"], created_at=local_time(row["created_at"]), submitted_at=local_time(row["submitted_at"]),
        author=_user(store, row["author_id"]), reviewer=_user(store, row["reviewer_id"]),
        author_role=SIGNER_ROLES.get(row["kind"], SIGNER_ROLES["inspection"])["author"],
        reviewer_role=SIGNER_ROLES.get(row["kind"], SIGNER_ROLES["inspection"])["reviewer"],
        score=res.score, max=res.max, percent=res.percent, level=res.level_label, vetoed=res.vetoed,
        veto_items=tuple(res.veto_items), sections=sections,
        rectifications=_rect_lines(store, tpl, inspection_id),
        signers=signers_of(store, inspection_id), content_hash=row.get("content_hash") or "",
        generated_at=_dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M"))


def add_months(day: _dt.date, months: int) -> _dt.date:
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    for d in (day.day, 30, 29, 28):
        try:
            return _dt.date(year, month, d)
        except ValueError:
            continue
    raise ValueError(day)


def build_certificate(store: Store, inspection_id: int, *, code: str, serial: str, title: str,
                      issued_on: _dt.date) -> CertificateDoc:
    from ..services import accounts, inspections

    v = inspections.view(store, inspection_id)
    site = accounts.get_site(store, v.row["site_id"])
    months = int(store.get_setting("certificate_validity_months") or DEFAULT_VALIDITY_MONTHS)
    valid = add_months(issued_on, months) - _dt.timedelta(days=1)
    from ..services import organisation

    seal_path = organisation.seal(store)
    seal = str(seal_path) if seal_path else None
    return CertificateDoc(
        code=code, serial=serial, title=title, org_name=org_name(store), site=site["name"],
        template=template_label(v.template), level=v.result.level_label, score=v.result.score,
        max=v.result.max, percent=v.result.percent, issued_on=issued_on.isoformat(),
        valid_until=valid.isoformat(), seal_image=seal, signers=signers_of(store, inspection_id),
        uuid=v.row["uuid"], content_hash=v.row.get("content_hash") or "")


def _choices(tpl: Template, item: Item) -> tuple[str, ...]:
    if item.type == "check":
        return tuple(answer_label(a) for a in ("yes", "partial", "no", "na"))
    if item.type in ("grade", "measure"):
        grades = ("excellent", "good", "pass", "fail")
        if item.type == "grade" and item.grade_fractions is not None:
            grades = tuple(g for g in grades if g in item.grade_fractions)
        if item.type == "measure":
            present = {b.grade for b in item.bands} | {b.grade for bs in item.band_variants.values() for b in bs}
            grades = tuple(g for g in grades if g in present)
        return tuple(answer_label(g) for g in grades) + ((answer_label("na"),) if item.type == "grade" else ())
    if item.type == "tiers":
        tiers = ("qualified", "basic", "unqualified")
        if item.tier_fractions is not None:
            tiers = tuple(t for t in tiers if t in item.tier_fractions)
        return tuple(answer_label(t) for t in tiers)
    return ()


def _bands_text(tpl: Template, item: Item) -> str:
    if item.bands_by:
        param = tpl.parameter(item.bands_by)
        groups: dict[str, list[str]] = {}
        for value in [c for c in param.choices if c in item.band_variants]:
            bands = item.band_variants[value]
            text = "，".join(f"{b.describe()}{item.unit} {answer_label(b.grade)}" for b in bands)
            groups.setdefault(text, []).append(param.choice_labels.get(value, value))
        return "；".join(f"{'、'.join(names)}：{text}" for text, names in groups.items())
    if item.bands:
        return "，".join(f"{b.describe()}{item.unit} {answer_label(b.grade)}" for b in item.bands)
    return ""


def build_form(tpl: Template, org: str) -> FormDoc:
    def form_item(item: Item) -> FormItem:
        return FormItem(item.code, item.text, item.type, METHOD_LABELS.get(item.method, item.method),
                        item.points, item.veto, _choices(tpl, item), _bands_text(tpl, item), item.unit,
                        item.guidance)

    def walk(section: Section, depth: int):
        yield FormSection(section.code, section.title, depth, tuple(form_item(i) for i in section.items))
        for sub in section.sections:
            yield from walk(sub, depth + 1)

    params = tuple((p.label, " / ".join(p.choice_labels.get(c, c) for c in p.choices)) for p in tpl.parameters)
    return FormDoc(tpl.id, tpl.version, tpl.title, org, params,
                   tuple(b for s in tpl.sections for b in walk(s, 0)),
                   tuple((lv.label, lv.min_percent) for lv in tpl.levels))


def _photos_by_item(store: Store, inspection_id: int) -> dict[str, list[Photo]]:
    from ..services import inspections

    out: dict[str, list[Photo]] = {}
    for n, p in enumerate(inspections.photos(store, inspection_id), 1):
        out.setdefault(p["item_code"], []).append(Photo(p["path"], f"{p['item_code']} 照片{n}：{p['filename']}",
                                                        p["sha256"]))
    return out


def build_notice(store: Store, inspection_id: int, code: str, issued_on: _dt.date) -> NoticeDoc:
    """整改通知书: per failed item still to rectify, the criterion, the inspector's finding (note and
    photos), the requirement and the due date; one 检查人 row and the site's acknowledgement."""
    from ..services import accounts, inspections

    v = inspections.view(store, inspection_id)
    site = accounts.get_site(store, v.row["site_id"])
    results = {r.code: r for r in v.result.items}
    photos = _photos_by_item(store, inspection_id)
    items = []
    for line in _rect_lines(store, v.template, inspection_id, states=("open", "reopened", "done")):
        r = results.get(line.code)
        try:
            answer = answer_text(v.template.item(line.code), r.value if r and r.answered else None,
                                 r.grade if r else None)
        except KeyError:
            answer = ""
        items.append(NoticeItem(line.code, line.text, answer, v.notes.get(line.code, ""),
                                tuple(photos.get(line.code, ())), line.requirement, line.due_date, line.state))
    signers = signers_of(store, inspection_id)
    author, reviewer = v.row["author_id"], v.row["reviewer_id"]
    return NoticeDoc(code=code, org_name=org_name(store), site=site["name"], template=template_label(v.template),
                     uuid=v.row["uuid"], inspected_on=local_time(v.row["submitted_at"] or v.row["created_at"])[:10],
                     issued_on=issued_on.isoformat(), items=tuple(items), inspector=_user(store, author),
                     inspector_signature=next((s for s in signers if s.user_id == author), None),
                     site_signature=next((s for s in signers if s.user_id == reviewer), None))


def summary_of(doc) -> dict:
    """What the documents table records about an issued document (shown by ``verify --code``)."""
    keys = ("site", "template", "level", "score", "max", "percent", "title", "serial", "issued_on",
            "valid_until", "uuid", "content_hash")
    out = {k: getattr(doc, k) for k in keys if hasattr(doc, k)}
    if isinstance(doc, NoticeDoc):
        out["items"] = [i.code for i in doc.items]
    if getattr(doc, "org_name", ""):
        out["organisation"] = doc.org_name
    return json.loads(json.dumps(out, ensure_ascii=False))
