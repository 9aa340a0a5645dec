"""Importing a .civpack into a home, all or nothing, and settling its conflicts.

Import checks the whole bundle first (bundle_format.read), decides per inspection (domain.exchange:
add / update / unchanged / ours newer / conflict), refuses a bundle that would change a signed
inspection, writes the attachment files, then everything else in ONE transaction with its audit
entries. A conflict is never written: it comes back in the report as a list of differences; the
user settles it with ``resolutions`` (per inspection "mine" / "theirs" / "keep_both", or per
difference "mine" / "theirs" / "both") on a later import of the same bundle. Importing a bundle
again changes nothing and says so.
"""

from __future__ import annotations

import shutil
import time
import uuid as _uuid
from dataclasses import dataclass, field
from pathlib import Path

from ...domain import exchange as ex
from ...domain.audit import canonical_json
from ...domain.workflow import Actor
from ...store import Store, now
from ...store import attachments as files
from ...store import audit as audit_repo
from ...store import inspections as inspection_repo
from ...store import keys as key_repo
from ...store import sites as site_repo
from ...store import templates as template_repo
from ...store import users as user_repo
from .. import accounts, crypto, hub_pages, trust
from ..errors import InputError, NotAllowed
from . import bundle_trust, portable
from .bundle_format import Bundle, BundleRefused, read
from .plan import Conflict, Plan, plan_import, title
from .state import Progress, remember

PLACEHOLDER_PASSWORD = "!"  # never a valid scrypt hash: an imported person cannot log in here


# ------------------------------------------------------------------ import


@dataclass
class ImportReport:
    path: Path
    exporter: dict
    exporter_known: bool
    created_at: str
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)  # identical, or this home's copy is newer
    conflicts: list[Conflict] = field(default_factory=list)  # not written: settle them with resolutions
    resolved: dict[str, str] = field(default_factory=dict)  # uuid → how
    copies: dict[str, str] = field(default_factory=dict)  # uuid → uuid of the copy kept beside it
    created: dict[str, int] = field(default_factory=dict)  # sites / users / templates / certificates
    adopted_root: str = ""  # a new machine's first trusted root (fingerprint), taken from this bundle
    titles: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0
    bytes: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.resolved or any(self.created.values()))

    @property
    def exporter_login(self) -> str:
        """Who exported the bundle: their user name (``exporter`` is the manifest's record, as the CLI prints it)."""
        return str(self.exporter.get("name", ""))

    @property
    def exporter_shown(self) -> str:
        """Who exported the bundle as a person reads it: their display name, else their user name."""
        return str(self.exporter.get("display_name") or self.exporter_login)

    def created_count(self, what: str) -> int:
        """How many ``what`` (sites, users, templates, certificates) the import created here."""
        return int(self.created.get(what, 0))

    def counts(self) -> dict[str, int]:
        return {
            "added": len(self.added),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
            "conflicts": len(self.conflicts),
            "resolved": len(self.resolved),
        }


def _check_importer(store: Store, by: Actor | None) -> None:
    if by is None:
        if accounts.has_active_users(store):
            raise NotAllowed("bundles.importing_acts_user_log")
    elif (refusal := ex.import_refusal(by.role)) is not None:
        raise refusal


def _keep_both_copy(d: dict) -> dict:
    """Their version as a separate draft: answers, notes, photos and comments kept, nothing signed."""
    ts = now()
    return ex.normalise(
        dict(
            d,
            uuid=str(_uuid.uuid4()),
            state="draft",
            created_at=ts,
            updated_at=ts,
            submitted_at=None,
            score=None,
            max_score=None,
            percent=None,
            level=None,
            level_label=None,
            vetoed=None,
            content_hash=None,
            reviewer=None,
            signatures=[],
            rectifications=[],
        )
    )


def _versions_to_write(plan: Plan, resolutions: dict) -> tuple[list, dict, dict]:
    """(local id, data) to write; how each conflict was settled; the copies to add."""
    by_uuid = {s.uuid: s for s in plan.steps}
    for ref in resolutions:
        if ref not in by_uuid or by_uuid[ref].action != ex.CONFLICT:
            raise InputError("bundles.inspection_conflict_bundle", ref=ref)
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
                    raise InputError("bundles.inspection", value=s.uuid[:8], e=e) from None
                write.append((s.local_id, merged))
                how[s.uuid] = "merged"
            elif choice not in c.options:
                raise InputError(
                    "bundles.inspection_possible_here_choose",
                    value=s.uuid[:8],
                    choice=choice,
                    join=" / ".join(c.options),
                )
            else:
                how[s.uuid] = choice
                if choice == ex.THEIRS:
                    write.append((s.local_id, s.data))
                elif choice == ex.KEEP_BOTH:
                    copy = _keep_both_copy(s.data)
                    copies[s.uuid] = copy
                    write.append((None, copy))
    return write, how, copies


def import_refs(
    store: Store, bundle: Bundle, verdict: bundle_trust.Verdict, actor_id: int | None, created: dict[str, int]
) -> portable.Refs:
    """How ``bundle``'s names and uuids become this home's rows, making what is missing (counted in
    ``created``); inside the importing transaction."""
    from ..templates import parse_stored

    def site(name: str) -> int:
        sid = site_repo.id_by_name(store.conn, name)
        if sid is None:
            s = bundle.sites[name]
            sid = site_repo.create(store.conn, **s, created_at=now())
            store.audit(actor_id, "site.import", "site", sid, {"name": name, "kind": s["kind"], "region": s["region"]})
            created["sites"] = created.get("sites", 0) + 1
        return sid

    def user(name: str) -> int:
        # Who they are was settled by uuid (bundle_trust.check), never by the name alone.
        person = verdict.people[name]
        uid = person.local_id
        u = bundle.users[name]
        if uid is None:
            uid = user_repo.create(
                store.conn,
                name=name,
                display_name=u["display_name"],
                role=u["role"],
                password_hash=PLACEHOLDER_PASSWORD,
                active=0,
                created_at=now(),
                uuid=person.uuid,
                root=person.root,
            )
            store.audit(
                actor_id,
                "user.import",
                "user",
                uid,
                {"name": name, "role": u["role"], "placeholder": True, "uuid": person.uuid},
            )
            created["users"] = created.get("users", 0) + 1
        elif person.bind:
            user_repo.set_identity(store.conn, uid, person.uuid, person.root)
            store.audit(actor_id, "user.bind", "user", uid, {"uuid": person.uuid, "root": person.root})
        for fp in u["certificates"]:
            if not key_repo.known(store.conn, fp):
                # Public certificate only: the private key stays with its owner's home.
                key_repo.add_key(
                    store.conn,
                    user_id=uid,
                    certificate=bundle.certificates[fp],
                    private_key="",
                    fingerprint=fp,
                    active=0,
                    created_at=now(),
                    issuer=verdict.issuers.get(fp),
                )
                store.audit(actor_id, "key.import", "user", uid, {"fingerprint": fp})
                created["certificates"] = created.get("certificates", 0) + 1
        return uid

    def template(ref: dict) -> int:
        pk = template_repo.pk_of(store.conn, ref["id"], ref["version"])
        if pk is None:
            t = bundle.templates[(ref["id"], ref["version"])]
            parse_stored(t["data"])
            pk = template_repo.create(
                store.conn,
                template_id=t["template_id"],
                version=t["version"],
                title=t["title"],
                scope=t["scope"],
                data=t["data"],
                sha256=t["sha256"],
                builtin=0,
                created_at=now(),
            )
            store.audit(
                actor_id,
                "template.import",
                "template",
                pk,
                {"template_id": t["template_id"], "version": t["version"], "sha256": t["sha256"]},
            )
            created["templates"] = created.get("templates", 0) + 1
        return pk

    return portable.Refs(store, site=site, user=user, template=template)


def _free_space_check(store: Store, bundle: Bundle, shas: set[str]) -> list[str]:
    todo = sorted(s for s in shas if not files.path_for(store.attachments_dir, s).exists())
    need = (
        sum(bundle.attachments[s] for s in todo)
        + 2 * sum(len(canonical_json(m)) for m in bundle.inspections.values())
        + 16 * 2**20
    )
    store.attachments_dir.mkdir(parents=True, exist_ok=True)
    free = shutil.disk_usage(store.attachments_dir).free
    if free < need:
        raise BundleRefused("bundles.enough_free_space_needs", home=store.home, value=need / 2**20, value2=free / 2**20)
    return todo


def import_bundle(
    store: Store,
    path: Path | str,
    *,
    by: Actor | None,
    resolutions: dict[str, str | dict[str, str]] | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Import a bundle all-or-nothing; see the module docstring. ``by`` may be None only in a home
    that has no active user yet (a new machine receiving its first data)."""
    started = time.perf_counter()
    _check_importer(store, by)
    kept = hub_pages.read_kept_page(store, path)  # a page from the hub kept for its conflicts is signed by the hub
    bundle, verdict = kept if kept else (read(path, progress=progress), None)
    return import_checked(
        store, bundle, by=by, resolutions=resolutions, progress=progress, started=started, verdict=verdict
    )


def import_checked(
    store: Store,
    bundle: Bundle,
    *,
    by: Actor | None,
    resolutions: dict[str, str | dict[str, str]] | None = None,
    progress: Progress | None = None,
    started: float | None = None,
    verdict: bundle_trust.Verdict | None = None,
) -> ImportReport:
    """Import a bundle that ``read`` has checked; ``verdict``: the trust already settled for a
    signer that is not a person (the hub this desk pinned), else bundle_trust.check decides."""
    started = time.perf_counter() if started is None else started
    path = bundle.path
    plan = plan_import(store, bundle, verdict)
    resolutions = {_match(plan, ref): v for ref, v in (resolutions or {}).items()}
    write, how, copies = _versions_to_write(plan, resolutions)
    bundle_trust.check_writes(store, plan.verdict, write)
    report = ImportReport(
        Path(path),
        bundle.exporter,
        _known(store, bundle.exporter_fingerprint),
        bundle.manifest.get("created_at", ""),
        bytes=bundle.size,
    )
    report.titles = {s.uuid: title(s.data) for s in plan.steps}

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
        raise InputError("bundles.names_inspection_bundle", ref=ref, value="no" if not hits else "more than one")
    return hits[0]


def _known(store: Store, fp: str) -> bool:
    return key_repo.known(store.conn, fp)


def _remove_unused(store: Store, shas: list[str]) -> None:
    for sha in shas:
        try:
            if not inspection_repo.names_photo(store.conn, sha):
                files.path_for(store.attachments_dir, sha).unlink(missing_ok=True)
        except Exception:
            pass


class _NothingChanged(Exception):
    """Raised inside the import transaction when it would record nothing."""


def _apply(
    store: Store,
    bundle: Bundle,
    plan: Plan,
    write: list,
    how: dict,
    copies: dict,
    by: Actor | None,
    report: ImportReport,
) -> None:
    actor_id = by.id if by else None
    origin_here = trust.home_id(store, create=False)
    with store.write():
        created: dict[str, int] = {}
        if plan.verdict.adopt is not None:
            trust.adopt_first(store, plan.verdict.adopt)
            created["roots"] = 1
            report.adopted_root = crypto.fingerprint(plan.verdict.adopt)
        refs = import_refs(store, bundle, plan.verdict, actor_id, created)
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
                store.audit(
                    actor_id,
                    "exchange.add",
                    "inspection",
                    landed,
                    {"uuid": s.uuid, "sync_hash": s.incoming_hash, "bundle": bundle.manifest_sha256},
                )
            elif s.action == ex.UPDATE:
                report.updated.append(s.uuid)
                store.audit(
                    actor_id,
                    "exchange.update",
                    "inspection",
                    landed,
                    {
                        "uuid": s.uuid,
                        "sync_hash": s.incoming_hash,
                        "bundle": bundle.manifest_sha256,
                        # what this home's copy held before, so nothing is lost to the update
                        "replaced": {d.key: d.mine for d in ex.differences(s.local, s.data)},
                    },
                )
            elif s.action in (ex.UNCHANGED, ex.OURS_NEWER):
                report.unchanged.append(s.uuid)
            elif s.uuid in how:
                report.resolved[s.uuid] = how[s.uuid]
                detail = {
                    "uuid": s.uuid,
                    "how": how[s.uuid],
                    "bundle": bundle.manifest_sha256,
                    "differences": [d.key for d in s.conflict.differences],
                    # what this home's copy no longer holds, so no answer is lost
                    "replaced": {d.key: d.mine for d in s.conflict.differences} if how[s.uuid] != ex.MINE else {},
                    "declined": {d.key: d.theirs for d in s.conflict.differences}
                    if how[s.uuid] in (ex.MINE, "merged")
                    else {},
                }
                if s.uuid in copies:
                    report.copies[s.uuid] = copies[s.uuid]["uuid"]
                    detail["copy"] = copies[s.uuid]["uuid"]
                    store.audit(
                        actor_id,
                        "exchange.copy",
                        "inspection",
                        ids[copies[s.uuid]["uuid"]],
                        {"uuid": copies[s.uuid]["uuid"], "copy_of": s.uuid, "bundle": bundle.manifest_sha256},
                    )
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
            lineage_changed |= remember(store, s.uuid, hashes, current)
            audits_added += _imported_audit(store, bundle.inspections[s.uuid]["audit"], s.uuid, origin_here)
        report.created = created
        if not (report.changed or lineage_changed or audits_added):
            raise _NothingChanged  # rolls the (empty) transaction back: the file stays exactly as it was
        store.audit(
            actor_id,
            "exchange.import",
            "bundle",
            bundle.manifest_sha256[:16],
            {
                "file": bundle.path.name,
                "exporter": bundle.exporter["name"],
                **report.counts(),
                "created": created,
                "audit_entries": audits_added,
            },
        )


def _imported_audit(store: Store, entries: list[dict], uuid: str, origin_here: str | None) -> int:
    added = 0
    for e in entries:
        if e["origin"] == origin_here:
            continue  # our own entries, already in our chain
        added += audit_repo.add_imported(
            store.conn,
            e["origin"],
            e["seq"],
            uuid,
            e["at"],
            e["user"],
            e["action"],
            e["entity"],
            e["ref"],
            e["detail"],
            e["hash"],
        )
    return added
