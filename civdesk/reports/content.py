"""What each document says, as plain data, and how its parts are worded.

services/document_content.py builds these objects from the database; tests check them exactly
(which items a notice lists, what a certificate states); the renderers only lay them out. Nothing here imports ReportLab. Documents are issued in the name of the
organisation set by an admin (services.organisation), never CivDesk's; the template is named by its
title and version, never by its internal id.
"""

from __future__ import annotations

import datetime as _dt
import json
from dataclasses import dataclass, field

from ..domain.answer_options import options_for
from ..domain.answer_text import answer_label
from ..domain.template import Item, Section, Template

METHOD_LABELS = {"site_visit": "实地考察", "document_review": "材料审核", "survey": "问卷调查", "mystery_visit": "暗访"}
SITE_KIND_LABELS = {"toll_station": "收费站", "service_window": "服务窗口", "unit": "单位", "city": "城市"}
REGION_LABELS = {"east": "东部", "central": "中部", "northeast": "东北部", "west": "西部"}
# What each signer was, as a Chinese form names them: by kind of inspection, then signature role.
SIGNER_ROLES = {
    "self": {"author": "填报人", "reviewer": "审核人"},
    "inspection": {"author": "检查人", "reviewer": "被检单位负责人"},
    "reinspection": {"author": "复查人", "reviewer": "被检单位负责人"},
}
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
    role: str  # 检查人 / 被检单位负责人 / 填报人 / 审核人
    signed_at: str  # local date and time as written on a form: 2026年5月4日 14:30
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
    answer: str  # as printed: 符合, 32.5 %, 2 处违规…; "未作答" when empty
    score: float | None  # None for unscored items
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
    answer: str  # the finding as answered: 不符合, 62 %（不达标）…
    finding: str  # the inspector's note ("" when none)
    photos: tuple[Photo, ...]
    requirement: str
    due_date: str
    state: str


@dataclass(frozen=True)
class ReportDoc:
    code: str  # verification code
    org_name: str  # issuing organisation ("" while an admin has not set it)
    title: str  # 自评报告 / 检查报告 / 复查报告
    site: str
    site_kind: str
    region: str
    address: str
    template: str  # "收费站文明服务窗口建设检查表（第 2 版）"
    kind: str
    state: str
    params: tuple[tuple[str, str], ...]
    uuid: str
    created_at: str
    submitted_at: str
    author: str
    reviewer: str
    author_role: str  # as the form names them: 检查人 / 填报人 / 复查人
    reviewer_role: str  # 被检单位负责人 / 审核人
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
    title: str  # 文明服务示范窗口
    org_name: str
    site: str
    template: str
    level: str
    score: float
    max: float
    percent: float
    issued_on: str  # 2026-05-04
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
    choices: tuple[str, ...]  # answer boxes: 符合 / 基本符合 / … (domain.answer_options, in Chinese)
    bands: str  # measure bands as printed, "" otherwise
    unit: str
    guidance: str
    entry: str = ""  # what is written instead of ticking a box: number, percent, violations…
    outcomes: tuple[str, ...] = ()  # the grades a written number falls into, to tick beside it


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
    params: tuple[tuple[str, str], ...]  # parameter label → its choices, for circling on paper
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
    inspector_signature: Signer | None  # the one 检查人 row: name, handwriting, time when signed
    site_signature: Signer | None  # the site's manager, when they have signed

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


def param_lines(tpl: Template, params: dict[str, str]) -> tuple[tuple[str, str], ...]:
    out = []
    for p in tpl.parameters:
        value = params.get(p.name, p.default)
        out.append((p.label, p.choice_labels.get(value, value)))
    return tuple(out)


def template_label(tpl: Template) -> str:
    return f"{tpl.title}（第 {tpl.version} 版）"


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


def add_months(day: _dt.date, months: int) -> _dt.date:
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    for d in (day.day, 30, 29, 28):
        try:
            return _dt.date(year, month, d)
        except ValueError:
            continue
    raise ValueError(day)


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
        options = options_for(item)
        return FormItem(
            item.code,
            item.text,
            item.type,
            METHOD_LABELS.get(item.method, item.method),
            item.points,
            item.veto,
            options.labels("zh"),
            _bands_text(tpl, item),
            item.unit,
            item.guidance,
            options.entry,
            options.outcome_labels("zh"),
        )

    def walk(section: Section, depth: int):
        yield FormSection(section.code, section.title, depth, tuple(form_item(i) for i in section.items))
        for sub in section.sections:
            yield from walk(sub, depth + 1)

    params = tuple((p.label, " / ".join(p.choice_labels.get(c, c) for c in p.choices)) for p in tpl.parameters)
    return FormDoc(
        tpl.id,
        tpl.version,
        tpl.title,
        org,
        params,
        tuple(b for s in tpl.sections for b in walk(s, 0)),
        tuple((lv.label, lv.min_percent) for lv in tpl.levels),
    )


def summary_of(doc) -> dict:
    """What the documents table records about an issued document (shown by ``verify --code``)."""
    keys = (
        "site",
        "template",
        "level",
        "score",
        "max",
        "percent",
        "title",
        "serial",
        "issued_on",
        "valid_until",
        "uuid",
        "content_hash",
    )
    out = {k: getattr(doc, k) for k in keys if hasattr(doc, k)}
    if isinstance(doc, NoticeDoc):
        out["items"] = [i.code for i in doc.items]
    if getattr(doc, "org_name", ""):
        out["organisation"] = doc.org_name
    return json.loads(json.dumps(out, ensure_ascii=False))
