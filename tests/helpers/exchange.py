"""Helpers for the exchange tests: a home with 50 inspections with photos, a portable dump of a
whole home written independently of civdesk.services.exchange.portable, and bundle surgery for tampering."""

from __future__ import annotations

import base64
import hashlib
import json
import random
import shutil
import zipfile
from pathlib import Path

from civdesk import services
from civdesk.domain.audit import canonical_json
from civdesk.services import accounts, demo, inspections, keys, signing
from civdesk.services.demo import _png, signature_png

DEMO_PASSWORDS = demo.PASSWORDS


def login(store, name):
    return accounts.actor(store, accounts.user_by_name(store, name)["id"])


def build_home_50(home: Path) -> None:
    """demo.fill without its year of history (15 inspections, some signed; skipped when ``home`` is a
    demo home already) plus 35 more made through the services, each with small PNG photos; 5 of the
    new ones signed by inspector and manager."""
    store = services.open_home(home)
    try:
        if not accounts.has_users(store):
            demo.fill(store, history=False)
        rng = random.Random(50)
        sites = demo.SITES[:6]  # the toll stations
        n = 0
        while store.scalar("SELECT COUNT(*) FROM inspections") < 50:
            si = n % len(sites)
            site = accounts.find_site(store, sites[si][0])
            by = login(store, demo.INSPECTORS[n % 2][0])
            manager = login(store, sites[si][4][0])
            iid = inspections.new_inspection(
                store, by, template_id="toll-window", site_id=site["id"], kind="inspection"
            )
            tpl = inspections.view(store, iid).template
            for k, item in enumerate(tpl.items()):
                value = {
                    "check": "yes",
                    "grade": "good",
                    "deduction": 0,
                    "count": 7,
                    "date": "2026-10-01",
                    "text": "记录",
                }.get(item.type, "yes")
                inspections.answer(
                    store, by, iid, item.code, value, note=f"第{n}次检查 {item.code}" if k % 5 == 0 else None
                )
            for p in range(2):
                photo = home.parent / f"photo-{n}-{p}.png"
                photo.write_bytes(_png((rng.randint(0, 255), rng.randint(0, 255), rng.randint(0, 255)), size=16))
                inspections.attach_photo(store, by, iid, tpl.items()[p].code, photo)
                photo.unlink()
            if n % 3 != 2:
                inspections.submit(store, by, iid)
                if n % 3 == 0:
                    inspections.approve(store, manager, iid, "同意")
                    if n % 7 == 0:
                        for who in (by, manager):
                            signing.sign(store, who, iid, DEMO_PASSWORDS[who.name], signature_png(who.name))
            n += 1
    finally:
        store.close()


def copy_home(src: Path, dest: Path) -> Path:
    shutil.copytree(src, dest)
    return dest


# ------------------------------------------------------------------ an independent canonical dump

_USERS = "(SELECT name FROM users WHERE id = {})"


def home_dump(store) -> dict:
    """Every exchanged row of every inspection, ids replaced by names/uuids, plus attachment bytes.
    Written with plain SQL, not through civdesk.services.exchange.portable, so it checks that module too."""
    out = {}
    for iid, uuid in store.conn.execute("SELECT id, uuid FROM inspections ORDER BY uuid").fetchall():
        q = lambda sql: [list(r) for r in store.conn.execute(sql, (iid,)).fetchall()]  # noqa: E731
        row = q(
            "SELECT i.uuid, i.kind, i.state, i.params, i.created_at, i.updated_at, i.submitted_at, i.score, "
            "i.max_score, i.percent, i.level, i.level_label, i.vetoed, i.content_hash, i.covers, "
            "t.template_id, t.version, t.sha256, t.data, s.name, s.kind, s.region, "
            f"{_USERS.format('i.author_id')}, {_USERS.format('i.reviewer_id')}, "
            "(SELECT uuid FROM inspections f WHERE f.id = i.follows_id) "
            "FROM inspections i JOIN templates t ON t.id = i.template_pk JOIN sites s ON s.id = i.site_id "
            "WHERE i.id = ?"
        )
        answers = q(
            f"SELECT item_code, value, note, {_USERS.format('answered_by')}, answered_at FROM answers "
            "WHERE inspection_id = ? ORDER BY item_code"
        )
        atts = sorted(
            q(
                f"SELECT item_code, sha256, filename, size, {_USERS.format('added_by')}, added_at "
                "FROM attachments WHERE inspection_id = ?"
            )
        )
        comments = sorted(
            q(f"SELECT item_code, {_USERS.format('user_id')}, kind, text, at FROM comments WHERE inspection_id = ?"),
            key=json.dumps,
        )
        sigs = sorted(
            [
                [r[0], r[1], r[2], base64.b64encode(r[3]).decode(), r[4], base64.b64encode(r[5]).decode(), r[6]]
                for r in q(
                    f"SELECT {_USERS.format('user_id')}, role, signed_at, image, content_hash, "
                    "signature, key_fingerprint FROM signatures WHERE inspection_id = ?"
                )
            ]
        )
        rects = q(
            f"SELECT item_code, {_USERS.format('owner_id')}, due_date, state, created_at, done_note, done_at, "
            f"{_USERS.format('verified_by')}, verified_at, (SELECT uuid FROM inspections c WHERE c.id = closed_by), "
            "closed_at, evidence FROM rectifications WHERE inspection_id = ? ORDER BY item_code"
        )
        files = {}
        for sha in {a[1] for a in atts} | {s for r in rects for s in json.loads(r[-1])}:
            p = store.attachments_dir / sha[:2] / sha
            files[sha] = hashlib.sha256(p.read_bytes()).hexdigest()
        out[uuid] = {
            "row": row,
            "answers": answers,
            "attachments": atts,
            "comments": comments,
            "signatures": sigs,
            "rectifications": rects,
            "files": files,
        }
    return out


def snapshot(home: Path) -> dict:
    """Every file under a home with its SHA-256 (the database, its WAL, attachments…); not the
    -shm file, SQLite's shared-memory index that every reader touches."""
    return {
        str(p.relative_to(home)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(home.rglob("*"))
        if p.is_file() and not p.name.endswith("-shm")
    }


# ------------------------------------------------------------------ bundle surgery


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {i.filename: zf.read(i) for i in zf.infolist()}


def write_zip(path: Path, content: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in content.items():
            zf.writestr(name, data)
    return path


def resign(
    content: dict[str, bytes], store, user_name: str, password: str, *, manifest_edit=None, relist: bool = True
) -> dict[str, bytes]:
    """Recompute the manifest's member list (``relist``), apply ``manifest_edit``, and sign it with
    ``user_name``'s key, as a forger holding that key would."""
    manifest = json.loads(content["manifest.json"])
    if relist:
        manifest["members"] = [
            {"name": n, "sha256": hashlib.sha256(d).hexdigest(), "size": len(d)}
            for n, d in sorted(content.items())
            if n not in ("manifest.json", "manifest.sig")
        ]
    if manifest_edit:
        manifest_edit(manifest)
    raw = json.dumps(manifest, ensure_ascii=False, sort_keys=True, indent=1).encode()
    uid = accounts.user_by_name(store, user_name)["id"]
    key, _cert = keys.signing_material(store, uid, password)
    sig = {
        "algorithm": "ECDSA-P256-SHA256",
        "certificate": manifest["exporter"]["certificate"],
        "signature": base64.b64encode(keys.sign_digest(key, hashlib.sha256(raw).hexdigest())).decode(),
    }
    return {**content, "manifest.json": raw, "manifest.sig": canonical_json(sig).encode()}
