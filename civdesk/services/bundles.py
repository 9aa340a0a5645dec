"""Exchange between homes: export inspections to a signed .civpack, import one, settle conflicts.

Export (an acting command): the chosen inspections, plus those they follow and the re-inspections
that closed their rectifications, with their template versions, sites, the people they name (name,
display name, role and public certificates: never a password hash or private key), answers,
photos, comments, signatures, rectifications and audit entries; signed with the exporter's key.

Import checks the whole bundle first (bundle_format.read), decides per inspection (domain.exchange:
add / update / unchanged / ours newer / conflict), refuses a bundle that would change a signed
inspection, writes the attachment files, then everything else in ONE transaction with its audit
entries. A conflict is never written: it comes back in the report as a list of differences; the
user settles it with ``resolutions`` (per inspection "mine" / "theirs" / "keep_both", or per
difference "mine" / "theirs" / "both") on a later import of the same bundle. Importing a bundle
again changes nothing and says so.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
import uuid as _uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from cryptography.hazmat.primitives import serialization

from .. import __version__
from ..domain import exchange as ex
from ..domain import scope as _scope
from ..domain.audit import canonical_json
from ..domain.workflow import Actor
from ..store import Store, now
from ..store import attachments as files
from . import accounts, bundle_trust, keys, portable, trust
from .bundle_format import FORMAT, FORMAT_VERSION, Bundle, BundleRefused, BundleWriter, read
from .errors import InputError, NotFound

Progress = Callable[[int, int, str], None]
PLACEHOLDER_PASSWORD = "!"   # never a valid scrypt hash: an imported person cannot log in here
IMPORT_ROLES = ("admin", "manager", "inspector")

__all__ = ["BundleRefused", "export_bundle", "import_bundle", "plan_import", "verify_bundle", "read"]


def home_id(store: Store, *, create: bool = True) -> str | None:
    """This home's identity, written on the audit entries it sends to other homes."""
    hid = store.get_setting("home_id")
    if hid is None and create:
        hid = str(_uuid.uuid4())
        store.set_setting("home_id", hid)
    return hid


def _seen(store: Store, uuid: str) -> list[str]:
    raw = store.scalar("SELECT seen FROM exchange_state WHERE uuid = ?", (uuid,))
    return json.loads(raw) if raw else []


def _remember(store: Store, uuid: str, hashes: list[str], last: str) -> bool:
    """Add ``hashes`` to what the home's copy of ``uuid`` descends from; True if that changed."""
    seen = _seen(store, uuid)
    grown = seen + [h for h in dict.fromkeys(hashes) if h not in seen]
    if grown == seen and store.scalar("SELECT last_hash FROM exchange_state WHERE uuid = ?", (uuid,)) == last:
        return False
    store.conn.execute("INSERT INTO exchange_state (uuid, seen, last_hash, last_at) VALUES (?, ?, ?, ?) "
                       "ON CONFLICT(uuid) DO UPDATE SET seen = excluded.seen, last_hash = excluded.last_hash, "
                       "last_at = excluded.last_at", (uuid, json.dumps(grown), last, now()))
    return True


# ------------------------------------------------------------------ export


@dataclass
class ExportReport:
    path: Path
    inspections: list[str]          # uuids, the chosen ones and those added to complete the set
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


def _closure(store: Store, ids: list[int]) -> list[int]:
    """The chosen inspections, those they follow, and the re-inspections that closed their rectifications."""
    todo, done = list(ids), []
    while todo:
        iid = todo.pop(0)
        if iid in done:
            continue
        done.append(iid)
        row = store.one("SELECT follows_id FROM inspections WHERE id = ?", (iid,))
        if row["follows_id"]:
            todo.append(row["follows_id"])
        todo += [r[0] for r in store.conn.execute(
            "SELECT DISTINCT closed_by FROM rectifications WHERE inspection_id = ? AND closed_by IS NOT NULL", (iid,))]
    return done


def _audit_for(store: Store, iid: int, uuid: str, origin: str) -> list[dict]:
    rect = {str(r["id"]): r["item_code"] for r in store.query(
        "SELECT id, item_code FROM rectifications WHERE inspection_id = ?", (iid,))}
    rows = store.query("SELECT a.*, u.name AS user_name FROM audit a LEFT JOIN users u ON u.id = a.user_id "
                       "WHERE a.entity = 'inspection' AND a.entity_id = ? ORDER BY a.seq", (str(iid),))
    if rect:
        rows += store.query(f"SELECT a.*, u.name AS user_name FROM audit a LEFT JOIN users u ON u.id = a.user_id "
                            f"WHERE a.entity = 'rectification' AND a.entity_id IN ({', '.join('?' * len(rect))}) "
                            f"ORDER BY a.seq", tuple(rect))
    out = [{"origin": origin, "seq": r["seq"], "at": r["at"], "user": r["user_name"], "action": r["action"],
            "entity": r["entity"], "ref": uuid if r["entity"] == "inspection" else f"{uuid}#{rect[r['entity_id']]}",
            "detail": r["detail"], "hash": r["hash"]} for r in sorted(rows, key=lambda r: r["seq"])]
    out += [{"origin": r["origin"], "seq": r["origin_seq"], "at": r["at"], "user": r["user_name"],
             "action": r["action"], "entity": r["entity"], "ref": r["ref"], "detail": r["detail"], "hash": r["hash"]}
            for r in store.query("SELECT * FROM imported_audit WHERE inspection_uuid = ? ORDER BY id", (uuid,))]
    return out


def export_bundle(store: Store, inspection_ids: list[int], dest: Path | str, *, by: Actor, password: str,
                  progress: Progress | None = None) -> ExportReport:
    """Write a signed bundle of the inspections to ``dest`` (atomically: complete or not at all)."""
    started = time.perf_counter()
    dest = Path(dest)
    if not inspection_ids:
        raise InputError("choose at least one inspection to export")
    if dest.is_dir():
        raise InputError(f"{dest} is a folder; give a file name ending in .civpack")
    for iid in inspection_ids:
        row = store.one("SELECT * FROM inspections WHERE id = ?", (iid,))
        if row is None:
            raise NotFound(f"no inspection with id {iid}")
        if not _may_export(by, row):
            raise PermissionError(f"you may not export inspection {iid}: not your own, nor of your site")
    accounts.authenticate(store, by.name, password)  # the password unlocks the key that signs the manifest
    key, cert = keys.signing_material(store, by.id, password)
    exporter = {"name": by.name, "display_name": accounts.user_by_name(store, by.name)["display_name"],
                "role": by.role}
    dumps, members = write_bundle(store, _closure(store, list(dict.fromkeys(inspection_ids))), dest, key=key,
                                  cert=cert, exporter=exporter, actor_id=by.id, progress=progress)
    uuids = [d["uuid"] for d in dumps.values()]
    chosen = {dumps[i]["uuid"] for i in inspection_ids}
    return ExportReport(dest, uuids, [u for u in uuids if u not in chosen], members, dest.stat().st_size,
                        time.perf_counter() - started)


def write_bundle(store: Store, ids: list[int], dest: Path | str, *, key, cert, exporter: dict, actor_id: int | None,
                 progress: Progress | None = None, exporter_is_user: bool = True,
                 remember: bool = True, dumps: dict[int, dict] | None = None) -> tuple[dict[int, dict], int]:
    """Write the inspections ``ids`` (already complete: see ``_closure``) to a bundle signed with ``key``;
    the home remembers each version sent (``remember``; else the caller calls ``record_sent`` once the
    bundle was accepted). ``exporter_is_user=False``: ``key`` is a desk's own key
    (hub sync) and its certificate travels beside the users' ones; ``dumps``: portable forms the caller
    has just read. Returns (id → portable form, members)."""
    dest = Path(dest)
    fp = keys.fingerprint(cert)
    origin = home_id(store)
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
        users.append({"name": u["name"], "display_name": u["display_name"], "role": u["role"], "uuid": u["uuid"],
                      "certificates": list(mine)})
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

            w.add_json("sites.json", [{k: s[k] for k in ("name", "kind", "region", "address")}
                                      for s in (accounts.find_site(store, n) for n in sorted(sites))])
            w.add_json("users.json", users)
            for fp_, pem in sorted(certs.items()):
                w.add(f"certificates/{fp_}.pem", pem.encode("ascii"))
            tick("users")
            for (tid, version) in sorted(templates):
                t = store.one("SELECT template_id, version, title, scope, data, sha256, builtin FROM templates "
                              "WHERE template_id = ? AND version = ?", (tid, version))
                w.add_json(f"templates/{tid}@{version}.json", t)
                tick(f"template {tid}")
            for iid, d in dumps.items():
                h = ex.sync_hash(d)
                hashes[d["uuid"]] = h
                history = _seen(store, d["uuid"])
                w.add_json(f"inspections/{d['uuid']}.json", {
                    "inspection": d, "history": history + [h] if h not in history else history,
                    "audit": _audit_for(store, iid, d["uuid"], origin)})
                tick(f"inspection {d['uuid'][:8]}")
            for sha in sorted(shas):
                path = files.path_for(store.attachments_dir, sha)
                try:
                    data = path.read_bytes()
                except FileNotFoundError:
                    data = b""
                if hashlib.sha256(data).hexdigest() != sha:
                    raise InputError(f"attachment {sha[:12]}… is missing or altered in this home; run civdesk check")
                w.add(f"attachments/{sha}", data, compress=False)
                tick("photos")
            manifest = {
                "format": FORMAT, "format_version": FORMAT_VERSION, "app": f"CivDesk {__version__}",
                "created_at": now(),
                "exporter": {**exporter, "certificate": fp, "home": origin},
                "inspections": [{"uuid": d["uuid"], "sync_hash": hashes[d["uuid"]], "site": d["site"],
                                 "template": d["template"]["id"], "kind": d["kind"], "state": d["state"]}
                                for d in dumps.values()],
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
        _remember(store, d["uuid"], [h], h)
        store.audit(actor_id, action, "inspection", iid, {"uuid": d["uuid"], "sync_hash": h, "file": where})


def _certificates_for(store: Store, user_id: int, needed: set[str]) -> dict[str, str]:
    """The user's certificates that signed something in the bundle, with the root-issued
    re-certification of any key from before roots (so the receiving home can vouch for it)."""
    from cryptography import x509

    rows = store.query("SELECT fingerprint, certificate, issuer FROM user_keys WHERE user_id = ? ORDER BY id",
                       (user_id,))
    out = {r["fingerprint"]: r["certificate"] for r in rows if r["fingerprint"] in needed}
    legacy = {x509.load_pem_x509_certificate(r["certificate"].encode()).public_key().public_numbers()
              for r in rows if r["fingerprint"] in needed and r["issuer"] is None}
    for r in rows:
        if r["issuer"] and x509.load_pem_x509_certificate(r["certificate"].encode()).public_key() \
                .public_numbers() in legacy:
            out[r["fingerprint"]] = r["certificate"]
    return out


def _roots_for(store: Store, pems) -> dict[str, str]:
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    out = {}
    for pem in list(pems):
        for root in trust.chain_for(store, x509.load_pem_x509_certificate(pem.encode())):
            out[keys.fingerprint(root)] = root.public_bytes(serialization.Encoding.PEM).decode()
    return out


# ------------------------------------------------------------------ plan


@dataclass
class Conflict:
    """The same inspection changed in both homes since they last shared a version."""

    uuid: str
    title: str
    mine: dict
    theirs: dict
    differences: list[ex.Difference]

    @property
    def options(self) -> tuple[str, ...]:
        """Whole-inspection choices; per-difference choices are each Difference's ``choices``."""
        if ex.is_frozen(self.mine):
            return (ex.MINE,)
        return (ex.MINE, ex.THEIRS, ex.KEEP_BOTH)


@dataclass
class Step:
    uuid: str
    action: str
    local_id: int | None
    data: dict
    history: list[str]
    incoming_hash: str
    local_hash: str | None
    local: dict | None = None
    conflict: Conflict | None = None


@dataclass
class Plan:
    bundle: Bundle
    steps: list[Step]
    verdict: bundle_trust.Verdict | None = None

    def of(self, action: str) -> list[Step]:
        return [s for s in self.steps if s.action == action]

    @property
    def conflicts(self) -> list[Conflict]:
        return [s.conflict for s in self.steps if s.conflict]


def _title(d: dict) -> str:
    kind = {"self": "自评", "inspection": "检查", "reinspection": "复查"}.get(d["kind"], d["kind"])
    return f"{d['site']} · {d['template']['id']} · {kind} · {d['created_at'][:10]}"


def plan_import(store: Store, bundle: Bundle, verdict: bundle_trust.Verdict | None = None) -> Plan:
    """What importing ``bundle`` would do, inspection by inspection; reads only.

    BundleRefused when it cannot be imported at all: its signer or a person in it is not vouched
    for by a root this home trusts, or not allowed what it writes (services.bundle_trust), it would
    change a signed inspection, or it carries a template version or certificate that this home
    holds with different content.
    """
    verdict = verdict or bundle_trust.check(store, bundle)
    bundle_trust.check_templates(store, bundle, verdict)
    for (tid, version), t in bundle.templates.items():
        here = store.scalar("SELECT sha256 FROM templates WHERE template_id = ? AND version = ?", (tid, version))
        if here is not None and here != t["sha256"]:
            raise BundleRefused(f"template {tid} version {version} differs between the bundle and this home "
                                f"(each was edited separately); import the template under a new version first")
    for fp in bundle.certificates:
        owner = store.scalar("SELECT u.name FROM user_keys k JOIN users u ON u.id = k.user_id "
                             "WHERE k.fingerprint = ?", (fp,))
        holder = next((u["name"] for u in bundle.users.values() if fp in u["certificates"]), None)
        if owner is not None and holder is not None and owner != holder:
            raise BundleRefused(f"certificate {fp[:16]}… belongs to {owner} in this home, not to {holder}")
    steps = []
    for d in portable.follows_order([m["inspection"] for m in bundle.inspections.values()]):
        member = bundle.inspections[d["uuid"]]
        incoming = ex.sync_hash(d)
        local_id = store.scalar("SELECT id FROM inspections WHERE uuid = ?", (d["uuid"],))
        local = portable.dump(store, local_id) if local_id else None
        local_hash = ex.sync_hash(local) if local else None
        action = ex.decide(local_hash, _seen(store, d["uuid"]) if local else [], incoming, member["history"])
        step = Step(d["uuid"], action, local_id, d, member["history"], incoming, local_hash, local)
        if local is not None and action in (ex.UPDATE, ex.CONFLICT) and ex.is_frozen(local) and (
                canonical_json(ex.frozen_part(local)) != canonical_json(ex.frozen_part(d))
                or (action == ex.UPDATE and d["state"] != local["state"] and d["state"] != "certified")):
            raise BundleRefused(f"inspection {d['uuid'][:8]} ({d['site']}) is signed in this home and cannot "
                                f"change; the bundle holds a different version of it")
        if action == ex.CONFLICT:
            step.conflict = Conflict(d["uuid"], _title(d), local, d, ex.differences(local, d))
        steps.append(step)
    return Plan(bundle, steps, verdict)


# ------------------------------------------------------------------ import


@dataclass
class ImportReport:
    path: Path
    exporter: dict
    exporter_known: bool
    created_at: str
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)     # identical, or this home's copy is newer
    conflicts: list[Conflict] = field(default_factory=list)  # not written: settle them with resolutions
    resolved: dict[str, str] = field(default_factory=dict)   # uuid → how
    copies: dict[str, str] = field(default_factory=dict)     # uuid → uuid of the copy kept beside it
    created: dict[str, int] = field(default_factory=dict)    # sites / users / templates / certificates
    adopted_root: str = ""   # a new machine's first trusted root (fingerprint), taken from this bundle
    titles: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0
    bytes: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.resolved or any(self.created.values()))

    def counts(self) -> dict[str, int]:
        return {"added": len(self.added), "updated": len(self.updated), "unchanged": len(self.unchanged),
                "conflicts": len(self.conflicts), "resolved": len(self.resolved)}


def _check_importer(store: Store, by: Actor | None) -> None:
    if by is None:
        if store.scalar("SELECT 1 FROM users WHERE active = 1 LIMIT 1"):
            raise PermissionError("importing acts as a user: log in first")
    elif by.role not in IMPORT_ROLES:
        raise PermissionError("only an admin, a manager or an inspector imports bundles")


def _keep_both_copy(d: dict) -> dict:
    """Their version as a separate draft: answers, notes, photos and comments kept, nothing signed."""
    ts = now()
    return ex.normalise(dict(d, uuid=str(_uuid.uuid4()), state="draft", created_at=ts, updated_at=ts,
                             submitted_at=None, score=None, max_score=None, percent=None, level=None,
                             level_label=None, vetoed=None, content_hash=None, reviewer=None,
                             signatures=[], rectifications=[]))


def _versions_to_write(plan: Plan, resolutions: dict) -> tuple[list, dict, dict]:
    """(local id, data) to write; how each conflict was settled; the copies to add."""
    by_uuid = {s.uuid: s for s in plan.steps}
    for ref in resolutions:
        if ref not in by_uuid or by_uuid[ref].action != ex.CONFLICT:
            raise InputError(f"inspection {ref} is not in conflict in this bundle")
    write, how, copies = [], {}, {}
    for s in plan.steps:
        if s.action in (ex.ADD, ex.UPDATE):
            write.append((s.local_id, s.data))
        elif s.action == ex.CONFLICT and s.uuid in resolutions:
            choice, c = resolutions[s.uuid], s.conflict
            if isinstance(choice, dict):
                try:
                    merged = ex.merge(c.mine, c.theirs, choice)
                except ex.MergeError as e:
                    raise InputError(f"inspection {s.uuid[:8]}: {e}") from None
                write.append((s.local_id, merged))
                how[s.uuid] = "merged"
            elif choice not in c.options:
                raise InputError(f"inspection {s.uuid[:8]}: {choice!r} is not possible here "
                                 f"(choose {' / '.join(c.options)})")
            else:
                how[s.uuid] = choice
                if choice == ex.THEIRS:
                    write.append((s.local_id, s.data))
                elif choice == ex.KEEP_BOTH:
                    copy = _keep_both_copy(s.data)
                    copies[s.uuid] = copy
                    write.append((None, copy))
    return write, how, copies


def _refs(store: Store, bundle: Bundle, verdict: bundle_trust.Verdict, actor_id: int | None,
          created: dict[str, int]) -> portable.Refs:
    from .templates import _parse_cached

    def site(name: str) -> int:
        sid = store.scalar("SELECT id FROM sites WHERE name = ?", (name,))
        if sid is None:
            s = bundle.sites[name]
            sid = store.insert("sites", {**s, "created_at": now()})
            store.audit(actor_id, "site.import", "site", sid, {"name": name, "kind": s["kind"], "region": s["region"]})
            created["sites"] = created.get("sites", 0) + 1
        return sid

    def user(name: str) -> int:
        # Who they are was settled by uuid (bundle_trust.check), never by the name alone.
        person = verdict.people[name]
        uid = person.local_id
        u = bundle.users[name]
        if uid is None:
            uid = store.insert("users", {"name": name, "display_name": u["display_name"], "role": u["role"],
                                         "password_hash": PLACEHOLDER_PASSWORD, "active": 0, "created_at": now(),
                                         "uuid": person.uuid, "root": person.root})
            store.audit(actor_id, "user.import", "user", uid, {"name": name, "role": u["role"], "placeholder": True,
                                                               "uuid": person.uuid})
            created["users"] = created.get("users", 0) + 1
        elif person.bind:
            store.conn.execute("UPDATE users SET uuid = ?, root = ? WHERE id = ?", (person.uuid, person.root, uid))
            store.audit(actor_id, "user.bind", "user", uid, {"uuid": person.uuid, "root": person.root})
        for fp in u["certificates"]:
            if not store.scalar("SELECT 1 FROM user_keys WHERE fingerprint = ?", (fp,)):
                # Public certificate only: the private key stays with its owner's home.
                store.insert("user_keys", {"user_id": uid, "certificate": bundle.certificates[fp], "private_key": "",
                                           "fingerprint": fp, "active": 0, "created_at": now(),
                                           "issuer": verdict.issuers.get(fp)})
                store.audit(actor_id, "key.import", "user", uid, {"fingerprint": fp})
                created["certificates"] = created.get("certificates", 0) + 1
        return uid

    def template(ref: dict) -> int:
        pk = store.scalar("SELECT id FROM templates WHERE template_id = ? AND version = ?", (ref["id"], ref["version"]))
        if pk is None:
            t = bundle.templates[(ref["id"], ref["version"])]
            _parse_cached(t["data"])
            pk = store.insert("templates", {"template_id": t["template_id"], "version": t["version"],
                                            "title": t["title"], "scope": t["scope"], "data": t["data"],
                                            "sha256": t["sha256"], "builtin": 0, "created_at": now()})
            store.audit(actor_id, "template.import", "template", pk,
                        {"template_id": t["template_id"], "version": t["version"], "sha256": t["sha256"]})
            created["templates"] = created.get("templates", 0) + 1
        return pk

    return portable.Refs(store, site=site, user=user, template=template)


def _free_space_check(store: Store, bundle: Bundle, shas: set[str]) -> list[str]:
    todo = sorted(s for s in shas if not files.path_for(store.attachments_dir, s).exists())
    need = sum(bundle.attachments[s] for s in todo) + 2 * sum(
        len(canonical_json(m)) for m in bundle.inspections.values()) + 16 * 2**20
    store.attachments_dir.mkdir(parents=True, exist_ok=True)
    free = shutil.disk_usage(store.attachments_dir).free
    if free < need:
        raise BundleRefused(f"not enough free space in {store.home} (needs {need / 2**20:,.0f} MiB, "
                            f"{free / 2**20:,.0f} MiB free); nothing was imported")
    return todo


def import_bundle(store: Store, path: Path | str, *, by: Actor | None,
                  resolutions: dict[str, str | dict[str, str]] | None = None,
                  progress: Progress | None = None) -> ImportReport:
    """Import a bundle all-or-nothing; see the module docstring. ``by`` may be None only in a home
    that has no active user yet (a new machine receiving its first data)."""
    started = time.perf_counter()
    _check_importer(store, by)
    from .sync import read_kept_page  # a page from the hub kept for its conflicts is signed by the hub

    kept = read_kept_page(store, path)
    bundle, verdict = kept if kept else (read(path, progress=progress), None)
    return import_checked(store, bundle, by=by, resolutions=resolutions, progress=progress, started=started,
                          verdict=verdict)


def import_checked(store: Store, bundle: Bundle, *, by: Actor | None,
                   resolutions: dict[str, str | dict[str, str]] | None = None,
                   progress: Progress | None = None, started: float | None = None,
                   verdict: bundle_trust.Verdict | None = None) -> ImportReport:
    """Import a bundle that ``read`` has checked; ``verdict``: the trust already settled for a
    signer that is not a person (the hub this desk pinned), else bundle_trust.check decides."""
    started = time.perf_counter() if started is None else started
    path = bundle.path
    plan = plan_import(store, bundle, verdict)
    resolutions = {_match(plan, ref): v for ref, v in (resolutions or {}).items()}
    write, how, copies = _versions_to_write(plan, resolutions)
    bundle_trust.check_writes(store, plan.verdict, write)
    report = ImportReport(Path(path), bundle.exporter, _known(store, bundle.exporter_fingerprint),
                          bundle.manifest.get("created_at", ""), bytes=bundle.size)
    report.titles = {s.uuid: _title(s.data) for s in plan.steps}

    # Attachment files first, each written atomically under its hash; the rows that use them follow
    # in one transaction. If that fails, files it alone brought are removed again.
    needed = set().union(*(portable.evidence_shas(d) for _, d in write)) if write else set()
    new_files = _free_space_check(store, bundle, needed)
    written: list[str] = []
    try:
        for n, sha in enumerate(new_files):
            files.put_bytes(store.attachments_dir, bundle.read_attachment(sha))
            written.append(sha)
            if progress:
                progress(n + 1, len(new_files), "photos")
        try:
            _apply(store, bundle, plan, write, how, copies, by, report)
        except _NothingChanged:
            pass
    except BaseException:
        _remove_unused(store, written)
        raise
    finally:
        bundle.close()
    report.seconds = time.perf_counter() - started
    return report


def _match(plan: Plan, ref: str) -> str:
    hits = [s.uuid for s in plan.steps if s.uuid.startswith(ref)]
    if len(hits) != 1:
        raise InputError(f"{ref!r} names {'no' if not hits else 'more than one'} inspection of this bundle")
    return hits[0]


def _known(store: Store, fp: str) -> bool:
    return bool(store.scalar("SELECT 1 FROM user_keys WHERE fingerprint = ?", (fp,)))


def _remove_unused(store: Store, shas: list[str]) -> None:
    for sha in shas:
        try:
            used = store.scalar("SELECT 1 FROM attachments WHERE sha256 = ? LIMIT 1", (sha,)) or store.scalar(
                "SELECT 1 FROM rectifications WHERE evidence LIKE ? LIMIT 1", (f"%{sha}%",))
            if not used:
                files.path_for(store.attachments_dir, sha).unlink(missing_ok=True)
        except Exception:  # noqa: BLE001 - cleaning up after a failure must not hide that failure
            pass


class _NothingChanged(Exception):
    """Raised inside the import transaction when it would record nothing."""


def _apply(store: Store, bundle: Bundle, plan: Plan, write: list, how: dict, copies: dict,
           by: Actor | None, report: ImportReport) -> None:
    actor_id = by.id if by else None
    origin_here = home_id(store, create=False)
    with store.write():
        created: dict[str, int] = {}
        if plan.verdict.adopt is not None:
            trust.adopt_first(store, plan.verdict.adopt)
            created["roots"] = 1
            report.adopted_root = keys.fingerprint(plan.verdict.adopt)
        refs = _refs(store, bundle, plan.verdict, actor_id, created)
        exporter = plan.verdict.people.get(bundle.exporter["name"])  # a hub page names no exporting person
        if exporter is not None and not exporter.problem:
            refs.user(bundle.exporter["name"])  # the exporter's certificate becomes known here
        ids = portable.Writer(store, refs).apply(write)
        for uuid_, iid in ids.items():
            data = next(d for _, d in write if d["uuid"] == uuid_)
            got = ex.sync_hash(portable.dump(store, iid))
            if got != ex.sync_hash(data):  # exactness guard: what landed is what the bundle said
                raise RuntimeError(f"inspection {uuid_}: the imported copy does not match the bundle")
        lineage_changed = False
        audits_added = 0
        for s in plan.steps:
            landed = ids.get(s.uuid)
            if s.action == ex.ADD:
                report.added.append(s.uuid)
                store.audit(actor_id, "exchange.add", "inspection", landed,
                            {"uuid": s.uuid, "sync_hash": s.incoming_hash, "bundle": bundle.manifest_sha256})
            elif s.action == ex.UPDATE:
                report.updated.append(s.uuid)
                store.audit(actor_id, "exchange.update", "inspection", landed, {
                    "uuid": s.uuid, "sync_hash": s.incoming_hash, "bundle": bundle.manifest_sha256,
                    # what this home's copy held before, so nothing is lost to the update
                    "replaced": {d.key: d.mine for d in ex.differences(s.local, s.data)}})
            elif s.action in (ex.UNCHANGED, ex.OURS_NEWER):
                report.unchanged.append(s.uuid)
            elif s.uuid in how:
                report.resolved[s.uuid] = how[s.uuid]
                detail = {"uuid": s.uuid, "how": how[s.uuid], "bundle": bundle.manifest_sha256,
                          "differences": [d.key for d in s.conflict.differences],
                          # what this home's copy no longer holds, so no answer is lost
                          "replaced": {d.key: d.mine for d in s.conflict.differences} if how[s.uuid] != ex.MINE
                          else {}, "declined": {d.key: d.theirs for d in s.conflict.differences}
                          if how[s.uuid] in (ex.MINE, "merged") else {}}
                if s.uuid in copies:
                    report.copies[s.uuid] = copies[s.uuid]["uuid"]
                    detail["copy"] = copies[s.uuid]["uuid"]
                    store.audit(actor_id, "exchange.copy", "inspection", ids[copies[s.uuid]["uuid"]],
                                {"uuid": copies[s.uuid]["uuid"], "copy_of": s.uuid, "bundle": bundle.manifest_sha256})
                store.audit(actor_id, "exchange.resolve", "inspection", s.local_id, detail)
            else:
                report.conflicts.append(s.conflict)
                continue
            # What this home's copy now descends from.
            if s.action == ex.CONFLICT:
                current = ex.sync_hash(portable.dump(store, s.local_id))
                hashes = s.history + [s.local_hash, current]
            else:
                current = s.incoming_hash if s.action in (ex.ADD, ex.UPDATE, ex.UNCHANGED) else s.local_hash
                hashes = s.history
            lineage_changed |= _remember(store, s.uuid, hashes, current)
            audits_added += _imported_audit(store, bundle.inspections[s.uuid]["audit"], s.uuid, origin_here)
        report.created = created
        if not (report.changed or lineage_changed or audits_added):
            raise _NothingChanged  # rolls the (empty) transaction back: the file stays exactly as it was
        store.audit(actor_id, "exchange.import", "bundle", bundle.manifest_sha256[:16], {
            "file": bundle.path.name, "exporter": bundle.exporter["name"], **report.counts(),
            "created": created, "audit_entries": audits_added})


def _imported_audit(store: Store, entries: list[dict], uuid: str, origin_here: str | None) -> int:
    added = 0
    for e in entries:
        if e["origin"] == origin_here:
            continue  # our own entries, already in our chain
        cur = store.conn.execute(
            "INSERT OR IGNORE INTO imported_audit (origin, origin_seq, inspection_uuid, at, user_name, action, "
            "entity, ref, detail, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (e["origin"], e["seq"], uuid, e["at"], e["user"], e["action"], e["entity"], e["ref"], e["detail"],
             e["hash"]))
        added += cur.rowcount
    return added


# ------------------------------------------------------------------ verify


@dataclass
class Verification:
    ok: bool
    reason: str
    exporter: dict | None = None
    known: bool = False
    inspections: int = 0


def verify_bundle(store: Store, path: Path | str) -> Verification:
    """Intact (every check of an import) and signed by a certificate a trusted root issued."""
    try:
        b = read(path)
    except BundleRefused as e:
        return Verification(False, e.reason)
    who = f"{b.exporter.get('display_name') or b.exporter['name']} ({b.exporter['name']})"
    try:
        verdict = bundle_trust.check(store, b)
    except BundleRefused as e:
        return Verification(False, f"intact, but {e.reason.removesuffix('; nothing was imported')}", b.exporter,
                            False, len(b.inspections))
    if verdict.adopt is not None:
        return Verification(False, f"intact, but this home trusts no root yet (the bundle's is "
                                   f"{trust.pretty(keys.fingerprint(verdict.adopt))})", b.exporter, False,
                            len(b.inspections))
    return Verification(True, f"intact and signed by {who}", b.exporter, True, len(b.inspections))
