"""Records arriving at the hub: scope, lineage and storage, all or nothing per push.

Each inspection in a push is decided as a .civpack import decides it (domain.exchange): added,
unchanged (a repeated push), updated (it descends from the hub's version), a conflict (both
changed since they last shared a version: kept beside the head in ``record_versions`` and named
in the answer, never written over the head), or an old version replayed (refused). Change numbers
(``change_seq``) are taken under one advisory lock held to commit, so pulls that read "everything
after N" never miss a record committed late.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import psycopg

from ..domain import exchange as ex
from ..domain.audit import canonical_json
from ..services.exchange import portable
from ..services.exchange.bundle_format import Bundle
from .locks import WRITE_LOCK


class Refused(Exception):
    """A request the hub does not act on; ``status`` is the HTTP status, the message one line."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


@dataclass
class Desk:
    id: int
    name: str
    office: bool
    sites: list[str]
    fingerprint: str
    revoked: bool = False


@dataclass
class PushResult:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    photos: int = 0

    def as_json(self) -> dict:
        return {
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "conflicts": self.conflicts,
            "photos": self.photos,
        }


def certificate_owner(conn: psycopg.Connection, fp: str) -> str | None:
    row = conn.execute("SELECT user_name FROM certificates WHERE fingerprint = %s", (fp,)).fetchone()
    return row[0] if row else None


def check_scope(desk: Desk, bundle: Bundle) -> None:
    if desk.office:
        return
    for uuid, member in sorted(bundle.inspections.items()):
        site = member["inspection"]["site"]
        if site not in desk.sites:
            raise Refused(
                403,
                f"inspection {uuid[:8]} is of site {site!r}, outside this desk's sites "
                f"({', '.join(desk.sites)}); nothing was accepted",
            )


_HEAD_SQL = (
    "INSERT INTO records (uuid, site, template_id, kind, state, score, percent, level, level_label, vetoed, "
    "created_at, submitted_at, sync_hash, member, desk_id, seq) VALUES "
    "(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, nextval('change_seq')) ON CONFLICT (uuid) DO UPDATE "
    "SET site = excluded.site, template_id = excluded.template_id, kind = excluded.kind, state = excluded.state, "
    "score = excluded.score, percent = excluded.percent, level = excluded.level, "
    "level_label = excluded.level_label, vetoed = excluded.vetoed, created_at = excluded.created_at, "
    "submitted_at = excluded.submitted_at, sync_hash = excluded.sync_hash, member = excluded.member, "
    "desk_id = excluded.desk_id, seq = excluded.seq, updated_at = now()"
)


def _head_row(d: dict, member_text: str, h: str, desk: Desk) -> tuple:
    return (
        d["uuid"],
        d["site"],
        d["template"]["id"],
        d["kind"],
        d["state"],
        d["score"],
        d["percent"],
        d["level"],
        d["level_label"],
        None if d["vetoed"] is None else bool(d["vetoed"]),
        d["created_at"],
        d["submitted_at"],
        h,
        member_text,
        desk.id,
    )


def _write_heads(conn: psycopg.Connection, heads: list[tuple[dict, str, str]], desk: Desk) -> None:
    """New heads in one batch (each with the next change number, in the order given)."""
    if not heads:
        return
    cur = conn.cursor()
    cur.executemany(_HEAD_SQL, [_head_row(d, text, h, desk) for d, text, h in heads])
    cur.execute("DELETE FROM rectifications WHERE uuid = ANY(%s::uuid[])", ([d["uuid"] for d, _, _ in heads],))
    rects = [
        (d["uuid"], r["item_code"], d["site"], r["state"], r["due_date"] or None)
        for d, _, _ in heads
        for r in d["rectifications"]
    ]
    if rects:
        cur.executemany(
            "INSERT INTO rectifications (uuid, item_code, site, state, due_date) VALUES (%s, %s, %s, %s, %s)", rects
        )


def _known(conn: psycopg.Connection, sql: str, keys: list) -> dict:
    return dict(conn.execute(sql, (keys,)).fetchall()) if keys else {}


def _people_and_things(conn: psycopg.Connection, desk: Desk, bundle: Bundle, result: PushResult) -> None:
    cur = conn.cursor()
    sites = _known(conn, "SELECT name, 1 FROM sites WHERE name = ANY(%s)", sorted(bundle.sites))
    for name, s in sorted(bundle.sites.items()):
        if name not in sites:
            if not desk.office:
                raise Refused(403, f"site {name!r} is not one of this desk's sites; nothing was accepted")
            cur.execute(
                "INSERT INTO sites (name, kind, region, address) VALUES (%s, %s, %s, %s)",
                (name, s["kind"], s["region"], s["address"] or ""),
            )
    users = _known(conn, "SELECT name, 1 FROM users WHERE name = ANY(%s)", sorted(bundle.users))
    new_users = [
        (n, u["display_name"], u["role"], u.get("uuid")) for n, u in sorted(bundle.users.items()) if n not in users
    ]
    if new_users:
        cur.executemany(
            "INSERT INTO users (name, display_name, role, uuid, seq) VALUES (%s, %s, %s, %s, nextval('change_seq'))",
            new_users,
        )
    for n, u in sorted(bundle.users.items()):
        if n in users and u.get("uuid"):
            cur.execute("UPDATE users SET uuid = %s WHERE name = %s AND uuid IS NULL", (u["uuid"], n))
    owners = _known(
        conn, "SELECT fingerprint, user_name FROM certificates WHERE fingerprint = ANY(%s)", sorted(bundle.certificates)
    )
    new_certs = []
    for name, u in sorted(bundle.users.items()):
        for fp in u["certificates"]:
            if fp not in owners:
                new_certs.append((fp, name, bundle.certificates[fp]))
            elif owners[fp] != name:
                raise Refused(
                    422, f"certificate {fp[:16]}… belongs to {owners[fp]}, not to {name}; nothing was accepted"
                )
    if new_certs:
        cur.executemany("INSERT INTO certificates (fingerprint, user_name, pem) VALUES (%s, %s, %s)", new_certs)
    for (tid, version), t in sorted(bundle.templates.items()):
        here = conn.execute(
            "SELECT sha256 FROM templates WHERE template_id = %s AND version = %s", (tid, version)
        ).fetchone()
        if here is None:
            cur.execute(
                "INSERT INTO templates (template_id, version, title, scope, data, sha256, builtin) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s)",
                (tid, version, t["title"], t["scope"], t["data"], t["sha256"], t["builtin"]),
            )
        elif here[0] != t["sha256"]:
            raise Refused(
                422,
                f"template {tid} version {version} differs from the hub's; publish it under a new "
                f"version; nothing was accepted",
            )
    have = _known(conn, "SELECT sha256, 1 FROM photos WHERE sha256 = ANY(%s)", sorted(bundle.attachments))
    for sha, size in sorted(bundle.attachments.items()):
        if sha not in have:
            cur.execute(
                "INSERT INTO photos (sha256, size, data) VALUES (%s, %s, %s) ON CONFLICT DO NOTHING",
                (sha, size, bundle.read_attachment(sha)),
            )
            result.photos += 1
    links = sorted(
        {
            (name, m["inspection"]["site"])
            for m in bundle.inspections.values()
            for name in {m["inspection"]["author"], *(a["answered_by"] for a in m["inspection"]["answers"])}
            if name
        }
    )
    if links:
        cur.executemany("INSERT INTO user_sites (user_name, site) VALUES (%s, %s) ON CONFLICT DO NOTHING", links)


def accept(conn: psycopg.Connection, desk: Desk, bundle: Bundle) -> PushResult:
    """Store a checked push (see the module docstring); Refused leaves the hub unchanged."""
    check_scope(desk, bundle)
    result = PushResult()
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
        _people_and_things(conn, desk, bundle, result)
        heads = {
            str(u): (h, json.loads(m))
            for u, h, m in conn.execute(
                "SELECT uuid, sync_hash, member FROM records WHERE uuid = ANY(%s::uuid[])",
                (sorted(bundle.inspections),),
            )
        }
        versions, new_heads = [], []
        for d in portable.follows_order([m["inspection"] for m in bundle.inspections.values()]):
            member = bundle.inspections[d["uuid"]]
            incoming = ex.sync_hash(d)
            head_hash, head_member = heads.get(d["uuid"], (None, None))
            action = ex.decide(head_hash, head_member["history"] if head_member else [], incoming, member["history"])
            if action == ex.OURS_NEWER:
                raise Refused(
                    409,
                    f"inspection {d['uuid'][:8]} ({d['site']}): this is an older version than the "
                    f"hub's (a replayed old version); nothing was accepted",
                )
            if (
                head_member
                and action == ex.UPDATE
                and ex.is_frozen(head_member["inspection"])
                and (canonical_json(ex.frozen_part(head_member["inspection"])) != canonical_json(ex.frozen_part(d)))
            ):
                raise Refused(
                    409,
                    f"inspection {d['uuid'][:8]} ({d['site']}) is signed on the hub and cannot "
                    f"change; nothing was accepted",
                )
            if action == ex.UNCHANGED:
                result.unchanged.append(d["uuid"])
                continue
            text = canonical_json(member)
            versions.append((d["uuid"], incoming, "conflict" if action == ex.CONFLICT else "accepted", text, desk.id))
            if action == ex.CONFLICT:
                result.conflicts.append(d["uuid"])
                continue
            new_heads.append((d, text, incoming))
            (result.added if action == ex.ADD else result.updated).append(d["uuid"])
        if versions:
            conn.cursor().executemany(
                "INSERT INTO record_versions (uuid, sync_hash, status, member, desk_id) "
                "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (uuid, sync_hash) DO NOTHING",
                versions,
            )
        _write_heads(conn, new_heads, desk)
    return result


def record_refusal(conn: psycopg.Connection, desk_id: int | None, reason: str) -> None:
    with conn.transaction():
        conn.execute("INSERT INTO refusals (desk_id, reason) VALUES (%s, %s)", (desk_id, reason[:500]))
        if desk_id is not None:
            conn.execute("UPDATE desks SET last_result = %s WHERE id = %s", (f"refused: {reason}"[:500], desk_id))
