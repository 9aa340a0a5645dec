"""Syncing a desk with the CivDesk Hub: enrol once with a one-time code, then pull and push.

A sync first pulls what the hub holds for this desk's scope (pages after a cursor, each a
.civpack signed by the hub and checked against the hub key pinned at enrolment, imported exactly
as a bundle is: a conflicting edit is never written, it is kept in ``<home>/sync/`` for the
conflict dialog), then pushes the inspections changed here since the last push (found through
the audit log after a cursor, each sent only if the hub lacks that version), in batches signed
with this desk's own key. Both cursors move only after the hub or the home has committed, so a
sync cut off anywhere is finished by the next one, and repeating one changes nothing.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..domain import exchange as ex
from ..domain.workflow import Actor
from ..hub import protocol, trust
from ..messages import Line
from ..store import Store, now
from ..store import audit as audit_repo
from ..store import exchange as exchange_repo
from ..store import inspections as inspection_repo
from ..store import keys as key_repo
from ..store import templates as template_repo
from . import crypto, exchange, hub_pages
from .errors import CivDeskError, InputError, NotAllowed
from .exchange import portable
from .exchange.bundle_format import FORMAT, FORMAT_VERSION, BundleRefused, BundleWriter
from .sync_client import Client, HubUnreachable, SyncRefused
from .sync_state import CONFIG, FIGURES, LAST, cached_figures, config, last_sync, refusal, worded
from .trust import home_id

Progress = Callable[[int, int, str], None]

__all__ = [
    "HubUnreachable",
    "SyncRefused",
    "SyncReport",
    "cached_figures",
    "config",
    "enrol",
    "last_sync",
    "publish_templates",
    "sync",
]


@dataclass
class SyncReport:
    pulled_added: list[str] = field(default_factory=list)
    pulled_updated: list[str] = field(default_factory=list)
    pushed: list[str] = field(default_factory=list)
    pushed_unchanged: int = 0
    conflicts: list[str] = field(default_factory=list)
    conflict_files: list[str] = field(default_factory=list)
    templates: int = 0
    users: int = 0
    trust: int = 0  # intermediates and revocations learnt from the hub
    pages: int = 0
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        return bool(
            self.pulled_added or self.pulled_updated or self.pushed or self.templates or self.users or self.trust
        )

    def summary(self) -> Line:
        """What the sync did: reads as English, worded in the reader's language by messages.word."""
        conflicts = (
            Line("sync.summary_conflicts", count=len(self.conflicts), files=", ".join(self.conflict_files))
            if self.conflicts
            else ""
        )
        return Line(
            "sync.summary",
            added=len(self.pulled_added),
            updated=len(self.pulled_updated),
            pushed=len(self.pushed),
            conflicts=conflicts,
        )

    def as_json(self) -> dict:
        return {**asdict(self), "changed": self.changed}


def _client(cfg: dict) -> Client:
    return Client(cfg["url"], cfg["key"], cfg["fingerprint"], ca_file=cfg.get("ca_file"))


def _need(store: Store) -> dict:
    cfg = config(store)
    if not cfg:
        raise InputError("sync.home_enrolled_hub_run")
    return cfg


def _refuse(refused: CivDeskError | None) -> None:
    if refused is not None:
        raise refused


def enrol(store: Store, url: str, code: str, *, ca_file: str | None = None, root=None, by: Actor | None = None) -> dict:
    """Take a one-time code: this desk's key becomes known to the hub, the hub's key and the
    organisation's root are pinned here, and this home's root (if it has one) comes back certified
    by the organisation's root. ``root``: (key, certificate) of this home's root unlocked by an
    admin (default: unlocked in this process); a home with a root cannot enrol without it.
    ``ca_file``: the certificate authorities that vouch for the hub's HTTPS certificate.
    ``by``: the person enrolling from the app (an admin)."""
    from . import trust as home_trust

    _refuse(refusal(store, by, "enrol"))
    own = home_trust.own_root(store)
    root = root or home_trust.unlocked_root(store)
    if own is not None and root is None:
        raise NotAllowed("sync.enrolling_needs_root_key")
    key, cert, fp = protocol.new_key(f"CivDesk desk {home_id(store)}")
    client = Client(url, key, fp, ca_file=ca_file)
    answer = client.enrol(code.strip(), cert, own.pem.decode("ascii") if own else None)
    try:
        org = home_trust.load_certificate(str(answer.get("org_root") or "").encode("ascii"))
    except InputError as e:
        raise SyncRefused("sync.org_root_refused", reason=e) from None
    cfg = {
        "url": client.url,
        "desk": answer["desk"],
        "office": bool(answer["office"]),
        "sites": answer["sites"],
        "hub_certificate": answer["hub_certificate"],
        "hub_fingerprint": protocol.fingerprint_pem(answer["hub_certificate"]),
        "org_root": crypto.fingerprint(org),
        "ca_file": str(Path(ca_file).resolve()) if ca_file else None,
        "key": key,
        "certificate": cert,
        "fingerprint": fp,
        "push_cursor": 0,
        "pull_cursor": 0,
        "enrolled_at": now(),
    }
    with store.write():
        home_trust.pin_org_root(store, org, root[0] if root else None)
        if answer.get("intermediate"):
            _keep_own_intermediate(store, answer["intermediate"], org, own)
        store.set_setting(CONFIG, cfg)
        store.audit(
            None,
            "sync.enrol",
            "hub",
            cfg["desk"],
            {"hub": cfg["hub_fingerprint"], "url": cfg["url"], "org_root": cfg["org_root"]},
        )
    return {k: cfg[k] for k in ("url", "desk", "office", "sites", "hub_fingerprint", "org_root")}


def _keep_own_intermediate(store: Store, pem: str, org, own) -> None:
    """This home's root as the organisation's root certified it (inside a transaction)."""
    from . import trust as home_trust

    inter = protocol.load_cert(pem)
    if (
        not home_trust.ca_issued_by(inter, org)
        or inter.public_key().public_numbers() != own.certificate.public_key().public_numbers()
    ):
        raise SyncRefused("sync.root_certificate_mismatch")
    key_repo.add_intermediate(
        store.conn,
        fingerprint=crypto.fingerprint(inter),
        certificate=pem,
        issuer=crypto.fingerprint(org),
        added_at=now(),
    )
    store.audit(
        None,
        "trust.intermediate",
        "certificate",
        crypto.fingerprint(inter)[:16],
        {"fingerprint": crypto.fingerprint(inter), "own": True},
    )


def _certify_own_root(store: Store, client: Client, cfg: dict) -> None:
    """A home that made its root after enrolment (its first admin came later) has it certified."""
    from . import trust as home_trust

    own = home_trust.own_root(store)
    org = next((r for r in home_trust.roots(store) if r.fingerprint == cfg.get("org_root")), None)
    if (
        own is None
        or org is None
        or any(
            i.certificate.public_key().public_numbers() == own.certificate.public_key().public_numbers()
            for i in home_trust.intermediates(store, [org])
        )
    ):
        return
    pem = client.certify_home_root(own.pem.decode("ascii"))
    with store.write():
        _keep_own_intermediate(store, pem, org.certificate, own)


def _mark_held(store: Store, hashes: dict[str, str]) -> None:
    at = now()
    exchange_repo.mark_hub_held(store.conn, hashes.items(), at)


def _save_cursor(store: Store, name: str, value: int) -> None:
    cfg = _need(store)
    if cfg[name] == value:
        return  # nothing new: the home stays exactly as it was
    cfg[name] = value
    store.set_setting(CONFIG, cfg)


# ------------------------------------------------------------------ pull


def _pull(store: Store, client: Client, cfg: dict, report: SyncReport, progress: Progress | None) -> None:
    folder = store.home / "sync"
    folder.mkdir(exist_ok=True)
    while True:
        raw = client.pull(cfg["pull_cursor"])
        path = folder / f"pull-{cfg['pull_cursor']}.civpack"
        path.write_bytes(raw)
        try:
            bundle = hub_pages.check_page(store, path, cfg["hub_fingerprint"])
        except BundleRefused as e:
            path.unlink(missing_ok=True)
            raise SyncRefused("sync.what_hub_sent_refused", reason=e.reason) from None
        hub = bundle.manifest.get("hub") or {}
        if not isinstance(hub.get("cursor"), int):
            path.unlink(missing_ok=True)
            raise SyncRefused("sync.what_hub_sent_carries")
        keep = False
        try:
            report.trust += trust.take_org_trust(store, bundle, cfg.get("org_root"))
        except BundleRefused as e:
            path.unlink(missing_ok=True)
            raise SyncRefused("sync.what_hub_sent_refused", reason=e.reason) from None
        if bundle.inspections or bundle.templates or bundle.users:
            try:
                verdict = trust.hub_verdict(store, bundle, cfg["hub_fingerprint"])
            except BundleRefused as e:
                path.unlink(missing_ok=True)
                raise SyncRefused("sync.what_hub_sent_refused", reason=e.reason) from None
            imported = exchange.import_checked(store, bundle, by=None, verdict=verdict)
            report.pulled_added += imported.added
            report.pulled_updated += imported.updated
            landed = set(imported.added) | set(imported.updated) | set(imported.unchanged)
            with store.write():
                created: dict[str, int] = {}
                verdict = trust.hub_verdict(store, bundle, cfg["hub_fingerprint"])  # who is here now
                refs = exchange.importing.import_refs(store, bundle, verdict, None, created)
                for tid, version in sorted(bundle.templates):
                    refs.template({"id": tid, "version": version})  # published versions, used or not yet
                for name in sorted(bundle.users):
                    if not verdict.people[name].problem:
                        refs.user(name)  # an office desk takes every user
                report.templates += created.get("templates", 0)
                report.users += created.get("users", 0)
                _mark_held(store, {u: ex.sync_hash(bundle.inspections[u]["inspection"]) for u in landed})
            if imported.conflicts:
                keep = True
                report.conflicts += [c.uuid for c in imported.conflicts]
                kept = folder / f"conflicts-{time.strftime('%Y%m%d-%H%M%S')}-{hub['cursor']}.civpack"
                os.replace(path, kept)
                report.conflict_files.append(str(kept))
        if not keep:
            path.unlink(missing_ok=True)
        report.pages += 1
        cfg["pull_cursor"] = hub["cursor"]
        _save_cursor(store, "pull_cursor", hub["cursor"])
        if progress:
            progress(report.pages, report.pages + (1 if hub.get("more") else 0), "pull")
        if not hub.get("more"):
            return


# ------------------------------------------------------------------ push


def _candidates(store: Store, after: int) -> tuple[int, list[int]]:
    """(audit position now, inspections changed by a person since ``after``); the sync's own
    entries (written without a user) are not changes to send back."""
    top = audit_repo.last_seq(store.conn)
    if after == 0:  # the first push: everything this home holds
        return top, inspection_repo.all_ids(store.conn)
    return top, audit_repo.changed_inspections(store.conn, after, top)


def _in_scope(store: Store, cfg: dict, ids: list[int]) -> list[int]:
    if cfg["office"] or not ids:
        return ids
    keep = exchange_repo.inspections_of_sites(store.conn, list(cfg["sites"]))
    return [i for i in ids if i in keep]


def _not_held(store: Store, ids: list[int]) -> dict[int, dict]:
    """The inspections whose version here the hub does not hold yet, in portable form."""
    held = exchange_repo.hub_held(store.conn)
    out = {}
    for iid in ids:
        d = portable.dump(store, iid)
        if held.get(d["uuid"]) != ex.sync_hash(d):
            out[iid] = d
    return out


def push_ids(
    store: Store, client: Client, cfg: dict, ids: list[int], report: SyncReport, dumps: dict[int, dict] | None = None
) -> None:
    """Send these inspections (one signed batch) and remember what the hub now holds."""
    folder = store.home / "sync"
    folder.mkdir(exist_ok=True)
    fd, name = tempfile.mkstemp(dir=folder, prefix="push-", suffix=".civpack")
    os.close(fd)
    dest = Path(name)
    try:
        dumps, _ = exchange.write_bundle(
            store,
            ids,
            dest,
            key=protocol.load_key(cfg["key"]),
            cert=protocol.load_cert(cfg["certificate"]),
            exporter={"name": f"desk:{cfg['desk']}", "display_name": cfg["desk"], "role": "desk"},
            actor_id=None,
            exporter_is_user=False,
            remember=False,
            dumps=dumps,
        )
        answer = client.push(dest.read_bytes())
    finally:
        dest.unlink(missing_ok=True)
    conflicts = set(answer.get("conflicts", []))
    held = {d["uuid"]: ex.sync_hash(d) for d in dumps.values() if d["uuid"] not in conflicts}
    with store.write():
        exchange.record_sent(
            store, {i: d for i, d in dumps.items() if d["uuid"] not in conflicts}, None, "sync.push", cfg["url"]
        )
        _mark_held(store, held)
    report.pushed += answer.get("added", []) + answer.get("updated", [])
    report.pushed_unchanged += len(answer.get("unchanged", []))
    report.conflicts += sorted(conflicts - set(report.conflicts))


def _batches(store: Store, ids: list[int], limit: int) -> list[list[int]]:
    """At most PUSH_BATCH inspections a batch, and photo bytes well under the hub's limit."""
    out: list[list[int]] = [[]]
    size = 0
    for iid in ids:
        own = inspection_repo.attachments_size(store.conn, iid)
        if out[-1] and (len(out[-1]) >= protocol.PUSH_BATCH or size + own > limit // 2):
            out.append([])
            size = 0
        out[-1].append(iid)
        size += own
    return [b for b in out if b]


def _push(store: Store, client: Client, cfg: dict, report: SyncReport, progress: Progress | None) -> None:
    top, ids = _candidates(store, cfg["push_cursor"])
    ids = _in_scope(store, cfg, ids)
    todo = _not_held(store, _in_scope(store, cfg, exchange.export.closure(store, ids))) if ids else {}
    ids = list(todo)
    done = 0
    for batch in _batches(store, ids, client.max_push_bytes()):
        push_ids(store, client, cfg, batch, report, {i: todo[i] for i in batch})
        done += len(batch)
        if progress:
            progress(done, len(ids), "push")
    _save_cursor(store, "push_cursor", top)


# ------------------------------------------------------------------ the whole sync


def forget_hub_state(store: Store) -> None:
    """Send everything again and take everything again on the next sync (after the hub was
    restored from an older backup); harmless otherwise, as the hub and the import skip what they hold."""
    cfg = _need(store)
    with store.write():
        exchange_repo.forget_hub(store.conn)
    cfg.update(push_cursor=0, pull_cursor=0)
    store.set_setting(CONFIG, cfg)


def sync(store: Store, *, progress: Progress | None = None, figures: bool = True) -> SyncReport:
    """Pull, then push; the result (or the refusal) is kept as the last sync."""
    cfg = _need(store)
    client = _client(cfg)
    report = SyncReport()
    started = time.perf_counter()
    try:
        _certify_own_root(store, client, cfg)
        _pull(store, client, cfg, report, progress)
        _push(store, client, _need(store), report, progress)
        if figures and cfg["office"]:
            store.set_setting(FIGURES, {"at": now(), "figures": client.figures()})
    except (SyncRefused, HubUnreachable, BundleRefused) as e:
        store.set_setting(
            LAST,
            {
                "at": now(),
                "ok": False,
                "message": str(e),
                "worded": worded(e),
                "unreachable": isinstance(e, HubUnreachable),
            },
        )
        raise
    report.seconds = time.perf_counter() - started
    store.set_setting(
        LAST,
        {
            "at": now(),
            "ok": True,
            "message": str(report.summary()),
            "worded": worded(report.summary()),
            "pushed": len(report.pushed),
            "pulled": len(report.pulled_added) + len(report.pulled_updated),
            "conflicts": len(report.conflicts),
        },
    )
    return report


def publish_templates(store: Store, template_ids: list[str], *, by: Actor | None = None) -> list[str]:
    """An office desk publishes the latest version of each template to every desk (``by``: the
    person publishing from the app, an admin)."""
    from .templates import latest_pk

    _refuse(refusal(store, by, "publish"))
    cfg = _need(store)
    folder = store.home / "sync"
    folder.mkdir(exist_ok=True)
    fd, name = tempfile.mkstemp(dir=folder, prefix="publish-", suffix=".civpack")
    os.close(fd)
    dest = Path(name)
    try:
        w = BundleWriter(dest)
        w.add_json("sites.json", [])
        w.add_json("users.json", [])
        w.add(f"certificates/{cfg['fingerprint']}.pem", cfg["certificate"].encode("ascii"))
        for tid in dict.fromkeys(template_ids):
            t = exchange_repo.template_json(template_repo.get(store.conn, latest_pk(store, tid)))
            w.add_json(f"templates/{t['template_id']}@{t['version']}.json", t)
        key = protocol.load_key(cfg["key"])
        from . import keys

        w.finish(
            {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "created_at": now(),
                "inspections": [],
                "exporter": {"name": f"desk:{cfg['desk']}", "certificate": cfg["fingerprint"]},
            },
            lambda digest: keys.sign_digest(key, digest),
            cfg["fingerprint"],
        )
        return _client(cfg).publish(dest.read_bytes())["published"]
    finally:
        dest.unlink(missing_ok=True)
