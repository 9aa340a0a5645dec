"""Demo data: users of every role, toll stations and service windows, inspections in every state.

Deterministic (fixed random seed) so screenshots and tests see the same data each time. Every
record goes through the same services a user's actions do, so the audit chain is complete.
"""

from __future__ import annotations

import datetime as _dt
import random
import struct
import tempfile
import unicodedata
import zlib
from pathlib import Path

from ..domain.scoring import score_item
from ..domain.template import Item, Template
from ..domain.workflow import Actor
from ..messages import language, render
from ..store import Store
from ..store import inspections as inspection_repo
from . import accounts, inspections, password_cost, rectifications, settings, signing, templates
from .errors import InputError

ADMIN = ("admin", "admin123", "系统管理员")
INSPECTORS = [("inspector1", "inspect123", "张建国"), ("inspector2", "inspect123", "李明")]

# name, kind, region, address, (manager login, name), (staff login, name)
SITES = [
    ("杭州东收费站", "toll_station", "east", "杭州市上城区沪杭甬高速K12", ("mgr_hzd", "王海燕"), ("staff_hzd", "陈静")),
    ("萧山收费站", "toll_station", "east", "杭州市萧山区机场高速K3", ("mgr_xs", "赵立新"), ("staff_xs", "周丽")),
    (
        "郑州南收费站",
        "toll_station",
        "central",
        "郑州市管城区京港澳高速K701",
        ("mgr_zzn", "刘卫东"),
        ("staff_zzn", "孙敏"),
    ),
    (
        "长春西收费站",
        "toll_station",
        "northeast",
        "长春市绿园区长白高速K5",
        ("mgr_ccx", "郭振华"),
        ("staff_ccx", "马雪"),
    ),
    ("成都北收费站", "toll_station", "west", "成都市新都区成绵高速K8", ("mgr_cdb", "何志强"), ("staff_cdb", "杨帆")),
    ("昆明东收费站", "toll_station", "west", "昆明市官渡区昆石高速K2", ("mgr_kmd", "段云峰"), ("staff_kmd", "李娜")),
    ("西湖区政务服务窗口", "service_window", "east", "杭州市西湖区文三路", ("mgr_xhw", "沈佳"), ("staff_xhw", "吴倩")),
    ("昆明市交通运输局", "unit", "west", "昆明市西山区滇池路", ("mgr_kmj", "张家宁"), ("staff_kmj", "黄蕾")),
    ("昆明市", "city", "west", "云南省昆明市", ("mgr_km", "李春华"), ("staff_km", "赵文")),
]
MANAGER_PASSWORD = "manager123"
STAFF_PASSWORD = "staff1234"
PASSWORDS = {
    ADMIN[0]: ADMIN[1],
    **{i[0]: i[1] for i in INSPECTORS},
    **{s[4][0]: MANAGER_PASSWORD for s in SITES},
    **{s[5][0]: STAFF_PASSWORD for s in SITES},
}

NOTES_FAIL = [
    "现场发现问题，已拍照留存",
    "当班人员未按要求执行，已当场指出",
    "资料不全，需补充",
    "设施损坏未及时维修",
    "抽查两名收费员，一人未使用文明用语",
]
NOTES_OK = ["现场查看，符合要求", "资料齐全", "抽查三个班组，均能做到", ""]


def _png(rgb: tuple[int, int, int], size: int = 24) -> bytes:
    """A small solid-colour PNG (no imaging library needed)."""
    raw = b"".join(b"\x00" + bytes(rgb) * size for _ in range(size))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def _value(item: Item, rng: random.Random, quality: float, params: dict) -> object:
    """A realistic answer: good sites mostly comply; ``quality`` in 0..1."""
    good = rng.random() < quality or (item.veto and quality > 0.7)  # demo sites rarely fail a veto item
    if item.type == "check":
        if good:
            return "yes"
        return rng.choice(["partial", "partial", "no", "na"])
    if item.type == "grade":
        return rng.choice(["excellent", "good"]) if good else rng.choice(["pass", "fail"])
    if item.type in ("measure", "tiers"):
        bands = item.bands_for(params)
        if not bands:  # a tiers item chosen directly
            return "qualified" if good else rng.choice(["basic", "unqualified"])
        ranked = sorted(bands, key=lambda b: b.lower[0], reverse=True)
        band = ranked[0] if good else rng.choice(ranked[1:] or ranked)
        lo, _ = band.lower
        hi, _ = band.upper
        lo = item.min if lo == float("-inf") else lo
        lo = 0.0 if lo is None or lo == float("-inf") else lo
        hi = item.max if hi == float("inf") else hi
        hi = lo + 10 if hi is None or hi == float("inf") else hi
        value = round(lo + (hi - lo) * rng.uniform(0.2, 0.8), 1)
        return value if band.contains(value) else (hi if band.contains(hi) else lo)
    if item.type == "deduction":
        return 0 if good else rng.randint(1, 3)
    if item.type == "count":
        return rng.randint(200, 5000)
    if item.type == "date":
        return "2026-11-15"
    return "整体服务规范，个别岗位需加强。"


def _walk(
    store: Store,
    by: Actor,
    iid: int,
    tpl: Template,
    params: dict,
    rng: random.Random,
    quality: float,
    share: float,
    photo_dir: Path,
    notes_on_pass: bool = True,
) -> None:
    items = tpl.items()
    for _n, item in enumerate(items[: max(1, int(len(items) * share))]):
        value = _value(item, rng, quality, params)
        saved = inspections.answer(store, by, iid, item.code, value)
        result = score_item(tpl, item, saved.value, params)
        note = rng.choice(NOTES_FAIL) if result.failed else (rng.choice(NOTES_OK) if notes_on_pass else "")
        if note or (result.failed and item.note_on_fail):
            inspections.set_note(store, by, iid, item.code, note or NOTES_FAIL[0])
        if result.failed and item.photo_on_fail:
            photo = photo_dir / f"现场照片-{iid}-{item.code}.png"
            photo.write_bytes(_png((rng.randint(60, 200), rng.randint(60, 200), rng.randint(60, 200))))
            inspections.attach_photo(store, by, iid, item.code, photo)


def signature_png(name: str, width: int = 240, height: int = 80) -> bytes:
    """A handwriting-like stroke (grey-scale PNG) standing in for a signature drawn on the pad."""
    import math

    seed = sum(map(ord, name))
    rows = [bytearray([255] * width) for _ in range(height)]
    for x in range(10, width - 10):
        t = x / 18.0
        y = height / 2 + 18 * math.sin(t + seed) * math.cos(t / 3.1 + seed % 7) + 6 * math.sin(3 * t)
        for dy in (-1, 0, 1):
            yy = int(y) + dy
            if 0 <= yy < height:
                rows[yy][x] = 20
    raw = b"".join(b"\x00" + bytes(r) for r in rows)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


# (site index, template, kind, author: "inspector"/"staff", final state, quality, answered share)
PLAN = [
    (0, "toll-window", "self", "staff", "signed", 0.92, 1.0),
    (0, "toll-window", "inspection", "inspector", "signed", 0.75, 1.0),
    (1, "toll-window", "inspection", "inspector", "submitted", 0.8, 1.0),
    (1, "toll-window", "self", "staff", "returned", 0.9, 1.0),
    (2, "toll-window", "inspection", "inspector", "draft", 0.75, 0.6),
    (3, "toll-window", "inspection", "inspector", "submitted", 0.7, 1.0),
    (4, "toll-window", "self", "staff", "draft", 0.9, 0.3),
    (5, "toll-collector-monthly", "inspection", "inspector", "approved", 0.85, 1.0),
    (6, "toll-window", "inspection", "inspector", "returned", 0.8, 1.0),
    (7, "civilized-unit", "inspection", "inspector", "signed", 0.95, 1.0),
    (7, "civilized-unit", "self", "staff", "submitted", 0.97, 1.0),
    (8, "civilized-city", "inspection", "inspector", "submitted", 0.8, 1.0),
    (8, "civilized-city", "inspection", "inspector", "draft", 0.8, 0.4),
    (4, "toll-window", "inspection", "inspector", "approved", 0.6, 1.0),
]


DEMO_ORGANISATION = "浙江省交通运输厅文明创建办公室"


def fill(store: Store, *, seed: int = 20261127, history: bool = True) -> dict:
    """Fill an empty home with demo data; refuses a home that already has users. ``history`` adds
    the past year (monthly self-assessments and quarterly inspections of every toll station, one of
    them certified); tests that need only the current work leave it out."""
    if accounts.has_users(store):
        raise InputError("demo.home_already_has_users")
    with password_cost.published_passwords():  # the demo's passwords are printed: their hashes and seals guard nothing
        return _fill(store, seed, history)


def _fill(store: Store, seed: int, history: bool) -> dict:
    rng = random.Random(seed)
    admin_id = accounts.create_user(
        store, by=None, name=ADMIN[0], role="admin", password=ADMIN[1], display_name=ADMIN[2]
    )
    admin = accounts.actor(store, admin_id)
    # Documents are issued in an organisation's name: without one the demo's certificate would not print.
    settings.set_value(store, admin, "org_name", DEMO_ORGANISATION)
    creds = [(ADMIN[0], ADMIN[1], "admin", "")]
    for login, pw, name in INSPECTORS:
        accounts.create_user(store, by=admin, name=login, role="inspector", password=pw, display_name=name)
        creds.append((login, pw, "inspector", ""))
    site_ids = []
    for name, kind, region, address, (mlogin, mname), (slogin, sname) in SITES:
        sid = accounts.create_site(store, by=admin, name=name, kind=kind, region=region, address=address)
        site_ids.append(sid)
        accounts.create_user(
            store, by=admin, name=mlogin, role="manager", password=MANAGER_PASSWORD, display_name=mname, site_ids=[sid]
        )
        accounts.create_user(
            store, by=admin, name=slogin, role="staff", password=STAFF_PASSWORD, display_name=sname, site_ids=[sid]
        )
        creds += [(mlogin, MANAGER_PASSWORD, "manager", name), (slogin, STAFF_PASSWORD, "staff", name)]

    def login(name: str) -> Actor:
        return accounts.actor(store, accounts.user_by_name(store, name)["id"])

    inspectors = [login(x[0]) for x in INSPECTORS]
    available = {t.id for t in templates.list_templates(store)}
    made = []
    with tempfile.TemporaryDirectory() as tmp:
        for n, (si, tid, kind, author, final, quality, share) in enumerate(PLAN):
            if tid not in available:
                continue
            site = SITES[si]
            by = inspectors[n % 2] if author == "inspector" else login(site[5][0])
            manager = login(site[4][0])
            iid = inspections.new_inspection(store, by, template_id=tid, site_id=site_ids[si], kind=kind)
            v = inspections.view(store, iid)
            with store.write():  # one commit per inspection walked, not one per answer
                _walk(store, by, iid, v.template, v.params, rng, quality, share, Path(tmp))
            if final != "draft":
                # The first inspections were made weeks ago, so some rectifications are overdue.
                submitted = _dt.date.today() - _dt.timedelta(days=45 if n < 4 else 3)
                inspections.submit(store, by, iid, today=submitted)
                _backdate(store, iid, submitted)
                if final == "returned":
                    inspections.return_inspection(
                        store,
                        manager,
                        iid,
                        "请补充不符合项的整改说明，并核实评分",
                        {v.template.items()[0].code: "该项证据不足，请补充照片"},
                    )
                elif final in ("approved", "signed"):
                    inspections.approve(store, manager, iid, "情况属实，同意")
                if final == "signed":
                    for who in (by, manager):
                        signing.sign(store, who, iid, PASSWORDS[who.name], signature_png(who.name))
            made.append(iid)
        _work_rectifications(store, made, inspectors, login, Path(tmp))
        if history:
            made += _history(store, site_ids, inspectors, login, Path(tmp), seed)
    return {
        "users": [{"name": c[0], "password": c[1], "role": c[2], "site": c[3]} for c in creds],
        "sites": len(site_ids),
        "inspections": len(made),
        "states": inspections.counts_by_state(store),
    }


def _backdate(store: Store, iid: int, day: _dt.date) -> None:
    """Date a demo inspection on the day it was submitted (started the day before), so its notice
    and report agree with the rectification due dates worked out from that day. Demo data only:
    it runs before review and signing, which freeze these fields."""

    def at(d: _dt.date, hour: int) -> str:
        return _dt.datetime.combine(d, _dt.time(hour, 30), tzinfo=_dt.UTC).isoformat(timespec="microseconds")

    with store.write() as conn:
        inspection_repo.set_times(conn, iid, at(day - _dt.timedelta(days=1), 1), at(day, 2), at(day, 2))


def _work_rectifications(store: Store, made: list[int], inspectors: list[Actor], login, tmp: Path) -> None:
    """Move the signed toll-station inspection's rectifications through every state, then re-inspect."""
    target = made[1] if len(made) > 1 else None
    rows = rectifications.list_rectifications(store, inspection_id=target) if target else []
    if not rows:
        return
    found = inspection_repo.get(store.conn, target)
    assert found is not None
    site = found.site_id
    manager = login(next(s[4][0] for s, sid in zip(SITES, range(1, 100)) if sid == site))
    author = next(i for i in inspectors if i.id == found.author_id)
    photo = tmp / "整改后照片.png"
    photo.write_bytes(_png((90, 160, 90)))
    # rows[0] stays open (overdue); rows[1] done; rows[2] done then verified; rows[3] done then reopened.
    if len(rows) > 1:
        rectifications.mark_done(store, manager, rows[1].id, "已更换破损设施并组织班组学习", [photo])
    if len(rows) > 2:
        rectifications.mark_done(store, manager, rows[2].id, "已补齐制度资料并张贴上墙", [photo])
        rectifications.verify(store, author, rows[2].id)
    if len(rows) > 3:
        rectifications.mark_done(store, manager, rows[3].id, "已口头提醒相关人员", [])
        rectifications.reopen(store, author, rows[3].id, "整改不彻底，需提供培训记录")
    # A re-inspection (复查) of what is still open, left as a draft for the inspector to walk.
    inspections.new_inspection(
        store, author, template_id="toll-window", site_id=site, kind="reinspection", follows_id=target
    )


HISTORY_MONTHS = 12
HISTORY_STATIONS = range(6)  # the toll stations of SITES
CERTIFIED_STATION = 1  # 萧山收费站: its latest quarterly inspection is re-inspected and certified


def _months_ago(today: _dt.date, months: int, day: int) -> _dt.date:
    y, m = divmod(today.year * 12 + today.month - 1 - months, 12)
    return _dt.date(y, m + 1, day)


def _signed_off(store: Store, by: Actor, manager: Actor, iid: int, day: _dt.date) -> None:
    inspections.submit(store, by, iid, today=day)
    _backdate(store, iid, day)
    inspections.approve(store, manager, iid, "情况属实，同意")
    for who in (by, manager):
        signing.sign(store, who, iid, PASSWORDS[who.name], signature_png(who.name))


def _history(store: Store, site_ids: list[int], inspectors: list[Actor], login, tmp: Path, seed: int) -> list[int]:
    """A year of past work per toll station: a self-assessment each month (written by staff, reviewed
    and signed with the manager) and an inspection each quarter (signed by inspector and manager),
    their rectifications worked and verified, so the dashboard's trends are lines. The latest
    inspection of one station is followed by a signed re-inspection and certified; the others stay
    signed and eligible."""
    rng = random.Random(seed + 1)
    today = _dt.date.today()
    made, certify = [], None
    tpl_id = "toll-window"
    for si in HISTORY_STATIONS:
        site = SITES[si]
        staff, manager = login(site[5][0]), login(site[4][0])
        base = 0.72 + 0.04 * si
        for months in range(HISTORY_MONTHS, 0, -1):
            day = _months_ago(today, months, 5 + si)
            with store.write():
                iid = inspections.new_inspection(store, staff, template_id=tpl_id, site_id=site_ids[si], kind="self")
                v = inspections.view(store, iid)
                _walk(
                    store,
                    staff,
                    iid,
                    v.template,
                    v.params,
                    rng,
                    min(0.98, base + 0.15 + 0.01 * (12 - months)),
                    1.0,
                    tmp,
                    notes_on_pass=False,
                )
                _signed_off(store, staff, manager, iid, day)
            made.append(iid)
            if months % 3:
                continue
            inspector = inspectors[(si + months // 3) % 2]
            with store.write():
                iid = inspections.new_inspection(
                    store, inspector, template_id=tpl_id, site_id=site_ids[si], kind="inspection"
                )
                v = inspections.view(store, iid)
                _walk(
                    store,
                    inspector,
                    iid,
                    v.template,
                    v.params,
                    rng,
                    min(0.97, base + 0.05 * (4 - months // 3) + rng.uniform(-0.04, 0.04)),
                    1.0,
                    tmp,
                    notes_on_pass=False,
                )
                _signed_off(store, inspector, manager, iid, day + _dt.timedelta(days=10))
            made.append(iid)
            if si == CERTIFIED_STATION and months == 3:
                certify = (iid, inspector, manager)
        _close_history_rectifications(store, made, manager, inspectors, exclude=certify[0] if certify else None)
    if certify is not None:
        made.append(_reinspect_and_certify(store, *certify, rng, tmp))
    return made


def _close_history_rectifications(
    store: Store, made: list[int], manager: Actor, inspectors: list[Actor], exclude: int | None
) -> None:
    """The station's manager fixed what past visits found and an inspector verified it."""
    with store.write():
        for r in rectifications.list_rectifications(store, status="open"):
            if r.inspection_id in made and r.inspection_id != exclude and r.site_id in manager.site_ids:
                rectifications.mark_done(store, manager, r.id, "已按要求整改并留存记录")
                rectifications.verify(store, inspectors[r.id % 2], r.id)


def _reinspect_and_certify(
    store: Store, iid: int, inspector: Actor, manager: Actor, rng: random.Random, tmp: Path
) -> int:
    """复查 of the inspection's open rectifications (all found fixed), signed; then its certificate."""
    from . import certificates

    found = inspection_repo.get(store.conn, iid)
    assert found is not None and found.submitted_at is not None
    row = {"site_id": found.site_id}
    day = _dt.date.fromisoformat(found.submitted_at[:10]) + _dt.timedelta(days=30)
    with store.write():
        rid = inspections.new_inspection(
            store, inspector, template_id="toll-window", site_id=row["site_id"], kind="reinspection", follows_id=iid
        )
        v = inspections.view(store, rid)
        for code in rectifications.open_codes(store, iid):
            item = v.template.item(code)
            inspections.answer(store, inspector, rid, code, _value(item, rng, 1.0, v.params))
            inspections.set_note(store, inspector, rid, code, "复查：已整改到位")
        _signed_off(store, inspector, manager, rid, day)
    certificates.issue(store, inspector, iid, today=day)
    return rid


def describe(summary: dict, lang: str | None = None) -> str:
    """The demo home in words, in ``lang`` (the current language when None): counts and the sign-ins."""
    counts = [render("demo.state_count", lang, state=k, count=v) for k, v in summary["states"].items() if v]
    lines = [
        render(
            "demo.summary",
            lang,
            sites=summary["sites"],
            inspections=summary["inspections"],
            states=("，" if (lang or language()) == "zh" else ", ").join(counts),
        ),
        "",
        render("demo.users_heading", lang),
    ]
    for u in summary["users"]:
        lines.append(f"{u['name']:<17} {u['password']:<12} {_pad(render('role.' + u['role'], lang), 10)} {u['site']}")
    return "\n".join(lines)


def _pad(text: str, width: int) -> str:
    """``text`` padded to ``width`` terminal columns (a Chinese character takes two)."""
    shown = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(0, width - shown)
