"""Synthetic data for the benchmarks: a 300-item template of every item type, and a big home.

``big_home()`` builds, once per run, a home holding 10,000 inspections made with the built-in
template versions, with sites, users, a few answers each and a valid audit chain. The rows go in
directly through the Store's SQL layer in one write transaction (the services would take minutes
and are not what is measured); the answers are coerced exactly as ``inspections.answer`` does.
Other benchmark modules (the GUI list, say) may reuse the same home.
"""

from __future__ import annotations

import atexit
import datetime as _dt
import json
import os
import random
import shutil
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from civdesk import services
from civdesk.domain.scoring import AnswerError, band_grade, coerce_value
from civdesk.domain.template import CHECK_ANSWERS, GRADES, TIERS, Item, Template
from civdesk.services import accounts, templates
from civdesk.store import Store
from civdesk.store import attachments as files

PASSWORD = "benchmark-pw"  # every synthetic user's

SEED = 20261127
REGIONS = ("east", "central", "northeast", "west")

# One pass of this pattern is 25 items: check 40 %, grade 16 %, measure 16 %, tiers 8 %,
# deduction 8 %, text/date/count 4 % each — roughly the mix of the built-in templates.
_PATTERN = (
    "check",
    "grade",
    "measure",
    "check",
    "deduction",
    "check",
    "grade",
    "measure-region",
    "check",
    "tiers",
    "check",
    "grade",
    "measure",
    "check",
    "text",
    "check",
    "grade",
    "measure-region",
    "check",
    "tiers-banded",
    "check",
    "deduction",
    "date",
    "check",
    "count",
)
_POINTS = {"check": 2, "grade": 3, "measure": 4, "tiers": 3, "deduction": 5}


def _measure_bands(shift: float) -> list[dict]:
    return [
        {"grade": "excellent", "gt": 90 - shift},
        {"grade": "good", "gt": 75 - shift, "le": 90 - shift},
        {"grade": "pass", "gt": 60 - shift, "le": 75 - shift},
        {"grade": "fail", "le": 60 - shift},
    ]


def _item(n: int, code: str) -> dict:
    kind = _PATTERN[n % len(_PATTERN)]
    item: dict[str, Any] = {"code": code, "text": f"合成检查项第{n + 1}项:窗口服务规范落实情况"}
    if kind == "measure-region":
        item.update(
            type="measure",
            unit="%",
            min=0,
            max=100,
            bands_by="region",
            band_variants={r: _measure_bands(10 if r == "west" else 0) for r in REGIONS},
        )
    elif kind == "measure":
        item.update(type="measure", unit="%", min=0, max=100, bands=_measure_bands(0))
    elif kind == "tiers-banded":
        item.update(
            type="tiers",
            unit="%",
            min=0,
            max=100,
            bands=[
                {"grade": "qualified", "ge": 95},
                {"grade": "basic", "ge": 80, "lt": 95},
                {"grade": "unqualified", "lt": 80},
            ],
        )
    else:
        item["type"] = kind
    if item["type"] in _POINTS:
        item["points"] = _POINTS[item["type"]]
    else:
        item["required"] = False
    if item["type"] == "check":
        item["evidence"] = {"photo_on_fail": n % 2 == 0, "note_on_fail": True}
        item["veto"] = n % 100 == 3
        item["method"] = ("site_visit", "document_review", "survey", "mystery_visit")[n % 4]
    if item["type"] == "deduction":
        item["per_violation"] = 1.5
    return item


def template_data(n_items: int = 300) -> dict:
    """A valid template of ``n_items`` items: 10 sections × 3 sub-sections, every item type."""
    sections = []
    per_sub = -(-n_items // 30)
    n = 0
    for s in range(10):
        subs = []
        for t in range(3):
            items = []
            for k in range(per_sub):
                if n == n_items:
                    break
                items.append(_item(n, f"{s + 1}.{t + 1}.{k + 1}"))
                n += 1
            if items:
                subs.append({"code": f"{s + 1}.{t + 1}", "title": f"分项{s + 1}.{t + 1}", "items": items})
        if subs:
            sections.append({"code": str(s + 1), "title": f"测评项目{s + 1}", "sections": subs})
    return {
        "id": "synthetic-300",
        "title": f"合成检查表({n_items}项)",
        "version": 1,
        "scope": "toll_station",
        "rectification_days": 30,
        "parameters": [{"name": "region", "label": "地区", "default": "east", "choices": list(REGIONS)}],
        "scoring": {"partial_fraction": 0.5},
        "levels": [
            {"name": "excellent", "label": "优秀", "min_percent": 90},
            {"name": "good", "label": "良好", "min_percent": 80},
            {"name": "pass", "label": "达标", "min_percent": 60},
            {"name": "fail", "label": "不达标", "min_percent": 0},
        ],
        "certificates": [{"title": "文明服务示范窗口", "levels": ["excellent"]}],
        "sections": sections,
    }


def _number_candidates(item: Item) -> list[float]:
    points = {item.min, item.max}
    for band in item.bands or tuple(b for v in item.band_variants.values() for b in v):
        for bound in (band.gt, band.ge, band.lt, band.le):
            if bound is not None:
                points.update({bound - 0.5, bound, bound + 0.5})
    return sorted(p for p in points if p is not None)


def value_for(item: Item, rng: random.Random, params: dict[str, str]) -> Any:
    """A random valid answer for ``item``, already coerced as ``inspections.answer`` stores it."""
    if item.scored and rng.random() < 0.03:
        return "na"
    if item.type == "check":
        raw: Any = rng.choice(CHECK_ANSWERS[:3])
    elif item.type == "grade":
        raw = rng.choice(GRADES)
    elif item.type == "tiers" and not (item.bands or item.band_variants):
        raw = rng.choice(TIERS)
    elif item.type in ("measure", "tiers"):
        candidates = _number_candidates(item) or [0.0]
        for _ in range(20):
            raw = rng.choice(candidates)
            try:
                band_grade(item, coerce_value(item, raw), params)
                break
            except AnswerError:
                continue
    elif item.type in ("deduction", "count"):
        raw = rng.randint(0, 3) if item.type == "deduction" else rng.randint(100, 5000)
    elif item.type == "date":
        raw = (_dt.date(2026, 1, 1) + _dt.timedelta(days=rng.randint(0, 364))).isoformat()
    else:
        raw = "整体服务规范,个别岗位需加强。"
    return coerce_value(item, raw)


def answers_for(tpl: Template, rng: random.Random, params: dict[str, str]) -> dict[str, Any]:
    return {it.code: value_for(it, rng, params) for it in tpl.items()}


# ---------------------------------------------------------------------------------- the big home


@dataclass(frozen=True)
class BigHome:
    home: Path
    inspections: int
    answers: int
    audit_entries: int
    inspector_id: int
    site_id: int
    build_seconds: float


_STATES = ("draft",) * 2 + ("submitted",) * 2 + ("returned",) + ("approved",) * 5


def build_home(
    home: Path,
    *,
    inspections: int = 10_000,
    answers_each: int = 5,
    sites: int = 40,
    inspectors: int = 8,
    seed: int = SEED,
    realistic: bool = True,
) -> BigHome:
    """Fill an empty ``home`` with ``inspections`` inspections spread over two years. ``realistic``
    adds what a working home has beside the answers: about 0.8 rectifications per inspection, a
    return comment on each returned one and a photo on every tenth."""
    started = time.perf_counter()
    rng = random.Random(seed)
    store = services.open_home(home)
    try:
        versions = [(t.pk, templates.get_template(store, t.pk)) for t in templates.list_templates(store)]
        password = accounts.hash_password(PASSWORD)  # scrypt once; every user shares it
        at = _stamp(_dt.datetime(2025, 1, 1, tzinfo=_dt.UTC))
        n_answers = 0
        photo = files.put_bytes(store.attachments_dir, _PHOTO) if realistic else ""
        with store.write():
            admin = store.insert(
                "users",
                {
                    "name": "admin",
                    "display_name": "系统管理员",
                    "role": "admin",
                    "password_hash": password,
                    "created_at": at,
                    "uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                },
            )
            store.audit(admin, "user.create", "user", admin, {"name": "admin", "role": "admin", "sites": []})
            site_rows = []
            for s in range(sites):
                tpl_pk, tpl = versions[s % len(versions)]
                region = REGIONS[(s // len(versions)) % len(REGIONS)]
                sid = store.insert(
                    "sites", {"name": f"合成站点{s + 1:03d}", "kind": tpl.scope, "region": region, "created_at": at}
                )
                manager = _user(store, admin, f"mgr{s + 1:03d}", f"站长{s + 1:03d}", "manager", password, at, sid)
                site_rows.append((sid, region, tpl_pk, tpl, manager))
            inspector_ids = [
                _user(store, admin, f"insp{i + 1}", f"检查员{i + 1}", "inspector", password, at)
                for i in range(inspectors)
            ]
            start = _dt.datetime(2025, 1, 1, 8, tzinfo=_dt.UTC)
            step = _dt.timedelta(days=730) / inspections
            for n in range(inspections):
                sid, region, tpl_pk, tpl, manager = site_rows[n % sites]
                author = inspector_ids[n % inspectors]
                created = _stamp(start + step * n)
                state = rng.choice(_STATES)
                params = tpl.resolve_params({"region": region} if tpl.parameters else {})
                row = {
                    "uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                    "template_pk": tpl_pk,
                    "params": json.dumps(params),
                    "site_id": sid,
                    "kind": "inspection",
                    "state": state,
                    "author_id": author,
                    "created_at": created,
                    "updated_at": created,
                }
                if state != "draft":
                    percent = round(rng.uniform(55, 99), 2)
                    row.update(
                        submitted_at=created,
                        score=percent,
                        max_score=100.0,
                        percent=percent,
                        level="excellent" if percent >= 90 else "good" if percent >= 80 else "pass",
                        level_label="优秀" if percent >= 90 else "良好" if percent >= 80 else "达标",
                        vetoed=0,
                    )
                if state in ("returned", "approved"):
                    row["reviewer_id"] = manager
                iid = store.insert("inspections", row)
                store.audit(
                    author,
                    "inspection.create",
                    "inspection",
                    iid,
                    {
                        "template": tpl.id,
                        "version": tpl.version,
                        "site_id": sid,
                        "kind": "inspection",
                        "params": params,
                    },
                )
                answered = rng.sample(tpl.items(), min(answers_each, len(tpl.items())))
                for item in answered:
                    value = value_for(item, rng, params)
                    store.insert(
                        "answers",
                        {
                            "inspection_id": iid,
                            "item_code": item.code,
                            "value": json.dumps(value, ensure_ascii=False),
                            "note": "",
                            "answered_by": author,
                            "answered_at": created,
                        },
                    )
                    store.audit(author, "answer", "inspection", iid, {"code": item.code, "value": value})
                    n_answers += 1
                if realistic:
                    _extras(store, rng, iid, row, answered, manager, photo, created)
        audit_entries = store.scalar("SELECT COUNT(*) FROM audit")
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        store.close()
    return BigHome(
        home, inspections, n_answers, audit_entries, inspector_ids[0], site_rows[0][0], time.perf_counter() - started
    )


# A 1×1 JPEG: what the photo rows point at (the file's content is not what is measured).
_PHOTO = bytes.fromhex(
    "ffd8ffe000104a46494600010100000100010000ffdb004300080606070605080707070909080a0c140d0c0b0b0c1912130f"
    "141d1a1f1e1d1a1c1c20242e2720222c231c1c2837292c30313434341f27393d38323c2e333432ffc0000b080001000101"
    "011100ffc4001f0000010501010101010100000000000000000102030405060708090a0bffc400b5100002010303020403"
    "050504040000017d01020300041105122131410613516107227114328191a1082342b1c11552d1f02433627282090a1617"
    "18191a25262728292a3435363738393a434445464748494a535455565758595a636465666768696a737475767778797a83"
    "8485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7"
    "d8d9dae1e2e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7f8f9faffda0008010100003f00fbd3ffd9"
)
_RECT_STATES = ("verified",) * 6 + ("open",) * 2 + ("done", "reopened")


def _extras(
    store: Store, rng: random.Random, iid: int, row: dict, answered: list[Item], manager: int, photo: str, created: str
) -> None:
    author = row["author_id"]
    if row["state"] != "draft":
        day = _dt.date.fromisoformat(created[:10])
        codes = [it.code for it in answered if it.scored][: rng.choice((0, 1, 1, 2))]
        for code in codes:
            state = _RECT_STATES[rng.randrange(len(_RECT_STATES))]
            store.insert(
                "rectifications",
                {
                    "inspection_id": iid,
                    "item_code": code,
                    "owner_id": manager,
                    "due_date": (day + _dt.timedelta(days=30)).isoformat(),
                    "state": state,
                    "created_at": created,
                    "done_note": "" if state == "open" else "已按要求整改。",
                },
            )
        store.audit(
            author,
            "inspection.submit",
            "inspection",
            iid,
            {
                "score": row["score"],
                "percent": row["percent"],
                "level": row["level"],
                "vetoed": False,
                "rectifications": codes,
            },
        )
    if row["state"] == "returned":
        store.insert(
            "comments",
            {
                "inspection_id": iid,
                "item_code": None,
                "user_id": manager,
                "kind": "return",
                "text": "请补充第3项的照片后重新提交。",
                "at": created,
            },
        )
    if iid % 10 == 0 and answered:
        store.insert(
            "attachments",
            {
                "inspection_id": iid,
                "item_code": answered[0].code,
                "sha256": photo,
                "filename": "现场.jpg",
                "size": len(_PHOTO),
                "added_by": author,
                "added_at": created,
            },
        )


def _stamp(t: _dt.datetime) -> str:
    return t.isoformat(timespec="microseconds")


def _user(
    store: Store, admin: int, name: str, display: str, role: str, password: str, at: str, site_id: int | None = None
) -> int:
    # Every person has the uuid their certificates and bundles name them by (stable: from the name).
    uid = store.insert(
        "users",
        {
            "name": name,
            "display_name": display,
            "role": role,
            "password_hash": password,
            "created_at": at,
            "uuid": str(uuid.uuid5(uuid.NAMESPACE_URL, f"civdesk-bench:{name}")),
        },
    )
    if site_id is not None:
        store.insert("user_sites", {"user_id": uid, "site_id": site_id})
    store.audit(
        admin, "user.create", "user", uid, {"name": name, "role": role, "sites": [] if site_id is None else [site_id]}
    )
    return uid


_cached: BigHome | None = None


def work_dir() -> Path:
    """A folder for this run's files, removed at exit. CIVDESK_BENCH_DIR chooses where it is made:
    fsync costs depend on the disk, so measure on the kind of disk a real home lives on."""
    base = os.environ.get("CIVDESK_BENCH_DIR") or None
    path = Path(tempfile.mkdtemp(prefix="civdesk-bench-", dir=base))
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path


def big_home() -> BigHome:
    """The 10,000-inspection home, built on first use and shared by every benchmark of this run."""
    global _cached
    if _cached is None:
        _cached = build_home(work_dir() / "home")
    return _cached
