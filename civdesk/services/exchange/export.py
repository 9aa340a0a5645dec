"""Export (an acting command): the chosen inspections, plus those they follow and the re-inspections
that closed their rectifications, with their template versions, sites, the people they name (name,
display name, role and public certificates: never a password hash or private key), answers,
photos, comments, signatures, rectifications and audit entries; signed with the exporter's key."""

from __future__ import annotations

import hashlib
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization

from ... import __version__
from ...domain import exchange as ex
from ...domain import scope as _scope
from ...domain.workflow import Actor
from ...store import Store, now
from ...store import attachments as files
from ...store import audit as audit_repo
from ...store import exchange as exchange_repo
from ...store import inspections as inspection_repo
from ...store import keys as key_repo
from ...store import rectifications as rect_repo
from ...store import templates as template_repo
from ...store.rows import as_dict
from .. import accounts, crypto, keys, trust
from ..errors import InputError, NotAllowed, NotFound
from . import portable
from .bundle_format import FORMAT, FORMAT_VERSION, BundleWriter
from .state import Progress, remember, seen_hashes

# ------------------------------------------------------------------ export


@dataclass
class ExportReport:
    path: Path
    inspections: list[str]  # uuids, the chosen ones and those added to complete the set
    added_for_completeness: list[str]
    members: int
    bytes: int
    seconds: float


def _may_export(by: Actor, row: dict) -> bool:
    if by.role == "admin":
        return True
    if not _scope.covers(by, row["site_id"]):
        return False
    if by.role == "inspector":
        return row["author_id"] == by.id or row["reviewer_id"] == by.id
    return row["site_id"] in by.site_ids


def closure(store: Store, ids: list[int]) -> list[int]:
    """The chosen inspections, those they follow, and the re-inspections that closed their rectifications."""
    todo, done = list(ids), []
    while todo:
        iid = todo.pop(0)
        if iid in done:
            continue
        done.append(iid)
        row = inspection_repo.get(store.conn, iid)
        if row is not None and row.follows_id:
            todo.append(row.follows_id)
        todo += rect_repo.closers(store.conn, iid)
    return done


def _audit_for(store: Store, iid: int, uuid: str, origin: str) -> list[dict]:
    rect = {str(r.id): r.item_code for r in rect_repo.of_inspection(store.conn, iid)}
    out = [
        {
            "origin": origin,
            "seq": e.seq,
            "at": e.at,
            "user": e.login,
            "action": e.action,
            "entity": e.entity,
            "ref": uuid if e.entity == "inspection" else f"{uuid}#{rect[e.entity_id or '']}",
            "detail": e.detail,
            "hash": e.hash,
        }
        for e in audit_repo.of_inspection(store.conn, iid, list(rect))
    ]
    out += [
        {
            "origin": r.origin,
            "seq": r.origin_seq,
            "at": r.at,
            "user": r.user_name,
            "action": r.action,
            "entity": r.entity,
            "ref": r.ref,
            "detail": r.detail,
            "hash": r.hash,
        }
        for r in audit_repo.imported(store.conn, uuid)
    ]
    return out


def export_bundle(
    store: Store,
    inspection_ids: list[int],
    dest: Path | str,
    *,
    by: Actor,
    password: str,
    progress: Progress | None = None,
) -> ExportReport:
    """Write a signed bundle of the inspections to ``dest`` (atomically: complete or not at all)."""
    started = time.perf_counter()
    dest = Path(dest)
    if not inspection_ids:
        raise InputError("bundles.choose_at_least_one")
    if dest.is_dir():
        raise InputError("bundles.folder_give_file_name", dest=dest)
    for iid in inspection_ids:
        found = inspection_repo.get(store.conn, iid)
        if found is None:
            raise NotFound("bundles.no_inspection_id", iid=iid)
        row = as_dict(found)
        if not _may_export(by, row):
            raise NotAllowed("bundles.you_may_export_inspection", iid=iid)
    accounts.authenticate(store, by.name, password)  # the password unlocks the key that signs the manifest
    key, cert = keys.signing_material(store, by.id, password)
    exporter = {"name": by.name, "display_name": accounts.user_by_name(store, by.name)["display_name"], "role": by.role}
    dumps, members = write_bundle(
        store,
        closure(store, list(dict.fromkeys(inspection_ids))),
        dest,
        key=key,
        cert=cert,
        exporter=exporter,
        actor_id=by.id,
        progress=progress,
    )
    uuids = [d["uuid"] for d in dumps.values()]
    chosen = {dumps[i]["uuid"] for i in inspection_ids}
    return ExportReport(
        dest, uuids, [u for u in uuids if u not in chosen], members, dest.stat().st_size, time.perf_counter() - started
    )


def write_bundle(
    store: Store,
    ids: list[int],
    dest: Path | str,
    *,
    key,
    cert,
    exporter: dict,
    actor_id: int | None,
    progress: Progress | None = None,
    exporter_is_user: bool = True,
    remember: bool = True,
    dumps: dict[int, dict] | None = None,
) -> tuple[dict[int, dict], int]:
    """Write the inspections ``ids`` (already complete: see ``closure``) to a bundle signed with ``key``;
    the home remembers each version sent (``remember``; else the caller calls ``record_sent`` once the
    bundle was accepted). ``exporter_is_user=False``: ``key`` is a desk's own key
    (hub sync) and its certificate travels beside the users' ones; ``dumps``: portable forms the caller
    has just read. Returns (id → portable form, members)."""
    dest = Path(dest)
    fp = crypto.fingerprint(cert)
    origin = trust.home_id(store)
    known = dumps or {}
    dumps = {iid: known[iid] if iid in known else portable.dump(store, iid) for iid in ids}

    names = {exporter["name"]} if exporter_is_user else set()
    shas: set[str] = set()
    templates: dict[tuple, int] = {}
    sites: set[str] = set()
    for d in dumps.values():
        names |= portable.user_names(d)
        shas |= portable.evidence_shas(d)
        templates[(d["template"]["id"], d["template"]["version"])] = 1
        sites.add(d["site"])
    fps_needed = {s["key_fingerprint"] for d in dumps.values() for s in d["signatures"]} | {fp}
    users = []
    certs: dict[str, str] = {}
    if not exporter_is_user:
        certs[fp] = cert.public_bytes(serialization.Encoding.PEM).decode("ascii")
    for name in sorted(names):
        u = accounts.user_by_name(store, name)
        mine = _certificates_for(store, u["id"], fps_needed)
        certs.update(mine)
        users.append(
            {
                "name": u["name"],
                "display_name": u["display_name"],
                "role": u["role"],
                "uuid": u["uuid"],
                "certificates": list(mine),
            }
        )
    certs.update(_roots_for(store, certs.values()))  # so a new machine can show (and trust) the issuing root
    for pem in certs.values():  # public certificates only, by construction; checked all the same
        assert "PRIVATE" not in pem

    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".part")
    os.close(fd)
    tmp = Path(tmp_name)
    hashes: dict[str, str] = {}
    try:
        w = BundleWriter(tmp)
        try:
            total = len(shas) + len(dumps) + len(templates) + 2  # users, each template, inspection, photo, manifest
            done = 0

            def tick(label: str) -> None:
                nonlocal done
                done += 1
                if progress:
                    progress(done, total, label)

            w.add_json(
                "sites.json",
                [
                    {k: s[k] for k in ("name", "kind", "region", "address")}
                    for s in (accounts.find_site(store, n) for n in sorted(sites))
                ],
            )
            w.add_json("users.json", users)
            for fp_, pem in sorted(certs.items()):
                w.add(f"certificates/{fp_}.pem", pem.encode("ascii"))
            tick("users")
            for tid, version in sorted(templates):
                t = template_repo.by_version(store.conn, tid, version)
                w.add_json(f"templates/{tid}@{version}.json", exchange_repo.template_json(t) if t else None)
                tick(f"template {tid}")
            for iid, d in dumps.items():
                h = ex.sync_hash(d)
                hashes[d["uuid"]] = h
                history = seen_hashes(store, d["uuid"])
                w.add_json(
                    f"inspections/{d['uuid']}.json",
                    {
                        "inspection": d,
                        "history": history + [h] if h not in history else history,
                        "audit": _audit_for(store, iid, d["uuid"], origin),
                    },
                )
                tick(f"inspection {d['uuid'][:8]}")
            for sha in sorted(shas):
                path = files.path_for(store.attachments_dir, sha)
                try:
                    data = path.read_bytes()
                except FileNotFoundError:
                    data = b""
                if hashlib.sha256(data).hexdigest() != sha:
                    raise InputError("bundles.attachment_missing_altered_home", value=sha[:12])
                w.add(f"attachments/{sha}", data, compress=False)
                tick("photos")
            manifest = {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "app": f"CivDesk {__version__}",
                "created_at": now(),
                "exporter": {**exporter, "certificate": fp, "home": origin},
                "inspections": [
                    {
                        "uuid": d["uuid"],
                        "sync_hash": hashes[d["uuid"]],
                        "site": d["site"],
                        "template": d["template"]["id"],
                        "kind": d["kind"],
                        "state": d["state"],
                    }
                    for d in dumps.values()
                ],
            }
            w.finish(manifest, lambda digest: keys.sign_digest(key, digest), fp)
            tick("manifest")
        except BaseException:
            w.abort()
            raise
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        members = len(w.members) + 2
        if not remember:
            os.replace(tmp, dest)
        else:
            with store.write():
                record_sent(store, dumps, actor_id, "exchange.export", dest.name)
                os.replace(tmp, dest)  # last: if the database refuses, no bundle appears either
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return dumps, members


def record_sent(store: Store, dumps: dict[int, dict], actor_id: int | None, action: str, where: str) -> None:
    """The home remembers the versions it sent, so a copy coming back unchanged is recognised as
    older; inside ``store.write()``."""
    for iid, d in dumps.items():
        h = ex.sync_hash(d)
        remember(store, d["uuid"], [h], h)
        store.audit(actor_id, action, "inspection", iid, {"uuid": d["uuid"], "sync_hash": h, "file": where})


def _certificates_for(store: Store, user_id: int, needed: set[str]) -> dict[str, str]:
    """The user's certificates that signed something in the bundle, with the root-issued
    re-certification of any key from before roots (so the receiving home can vouch for it)."""
    from cryptography import x509

    rows = key_repo.of_user(store.conn, user_id)
    out = {r.fingerprint: r.certificate for r in rows if r.fingerprint in needed}
    legacy = {
        x509.load_pem_x509_certificate(r.certificate.encode()).public_key().public_numbers()
        for r in rows
        if r.fingerprint in needed and r.issuer is None
    }
    for r in rows:
        if r.issuer and x509.load_pem_x509_certificate(r.certificate.encode()).public_key().public_numbers() in legacy:
            out[r.fingerprint] = r.certificate
    return out


def _roots_for(store: Store, pems) -> dict[str, str]:
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    out = {}
    for pem in list(pems):
        for root in trust.chain_for(store, x509.load_pem_x509_certificate(pem.encode())):
            out[crypto.fingerprint(root)] = root.public_bytes(serialization.Encoding.PEM).decode()
    return out
