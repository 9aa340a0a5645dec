"""What importing a bundle would do, per inspection (domain.exchange: add / update / unchanged /
ours newer / conflict), decided before anything is written."""

from __future__ import annotations

from dataclasses import dataclass

from ...domain import exchange as ex
from ...domain.audit import canonical_json
from ...store import Store
from ...store import inspections as inspection_repo
from ...store import keys as key_repo
from ...store import templates as template_repo
from . import bundle_trust, portable
from .bundle_format import Bundle, BundleRefused
from .state import seen_hashes

# ------------------------------------------------------------------ plan


@dataclass(frozen=True)
class RecordFacts:
    """What a person recognises an inspection record by, on either side of a conflict."""

    site: str
    kind: str
    state: str
    created_at: str
    updated_at: str

    @classmethod
    def of(cls, record: dict) -> RecordFacts:
        return cls(*(str(record.get(k) or "") for k in ("site", "kind", "state", "created_at", "updated_at")))


@dataclass
class Conflict:
    """The same inspection changed in both homes since they last shared a version."""

    uuid: str
    title: str
    mine: dict
    theirs: dict
    differences: list[ex.Difference]

    @property
    def mine_facts(self) -> RecordFacts:
        return RecordFacts.of(self.mine)

    @property
    def theirs_facts(self) -> RecordFacts:
        return RecordFacts.of(self.theirs)

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


def title(d: dict) -> str:
    kind = {"self": "自评", "inspection": "检查", "reinspection": "复查"}.get(d["kind"], d["kind"])
    return f"{d['site']} · {d['template']['id']} · {kind} · {d['created_at'][:10]}"


def plan_import(store: Store, bundle: Bundle, verdict: bundle_trust.Verdict | None = None) -> Plan:
    """What importing ``bundle`` would do, inspection by inspection; reads only.

    BundleRefused when it cannot be imported at all: its signer or a person in it is not vouched
    for by a root this home trusts, or not allowed what it writes (bundle_trust), it would
    change a signed inspection, or it carries a template version or certificate that this home
    holds with different content.
    """
    verdict = verdict or bundle_trust.check(store, bundle)
    bundle_trust.check_templates(store, bundle, verdict)
    for (tid, version), t in bundle.templates.items():
        held = template_repo.by_version(store.conn, tid, version)
        if held is not None and held.sha256 != t["sha256"]:
            raise BundleRefused("bundles.template_version_differs_between", tid=tid, version=version)
    for fp in bundle.certificates:
        owner = key_repo.owner_name(store.conn, fp)
        holder = next((u["name"] for u in bundle.users.values() if fp in u["certificates"]), None)
        if owner is not None and holder is not None and owner != holder:
            raise BundleRefused("bundles.certificate_belongs_home", value=fp[:16], owner=owner, holder=holder)
    steps = []
    for d in portable.follows_order([m["inspection"] for m in bundle.inspections.values()]):
        member = bundle.inspections[d["uuid"]]
        incoming = ex.sync_hash(d)
        local_id = inspection_repo.id_by_uuid(store.conn, d["uuid"])
        local = portable.dump(store, local_id) if local_id else None
        local_hash = ex.sync_hash(local) if local else None
        action = ex.decide(local_hash, seen_hashes(store, d["uuid"]) if local else [], incoming, member["history"])
        step = Step(d["uuid"], action, local_id, d, member["history"], incoming, local_hash, local)
        if (
            local is not None
            and action in (ex.UPDATE, ex.CONFLICT)
            and ex.is_frozen(local)
            and (
                canonical_json(ex.frozen_part(local)) != canonical_json(ex.frozen_part(d))
                or (action == ex.UPDATE and d["state"] != local["state"] and d["state"] != "certified")
            )
        ):
            raise BundleRefused("bundles.inspection_signed_home_cannot", value=d["uuid"][:8], site=d["site"])
        if action == ex.CONFLICT:
            step.conflict = Conflict(d["uuid"], title(d), local, d, ex.differences(local, d))
        steps.append(step)
    return Plan(bundle, steps, verdict)
