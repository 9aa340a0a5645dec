"""What a desk pulls: one page of records changed after its cursor, in its scope, as a .civpack
signed with the hub's key (the desk checks it against the hub key it pinned at enrolment).

A page holds the heads of the desk's sites (all sites for an office desk) with a change number
above the cursor, except versions this very desk sent, plus what they need: the inspections they
follow or that closed their rectifications, their template versions, sites, users with their
certificates and photos. Templates published since the cursor come with it, and an office desk
receives every user. The manifest carries the next cursor and whether more pages follow, signed.
"""

from __future__ import annotations

import json
from pathlib import Path

import psycopg

from .. import __version__
from ..domain.audit import canonical_json
from ..domain.exchange import sync_hash
from ..services import keys
from ..services.exchange.bundle_format import FORMAT, FORMAT_VERSION, BundleWriter
from ..services.exchange.portable import evidence_shas, user_names
from ..store import now
from . import orgroot, protocol
from .records import Desk

_SCOPE = "(%(office)s OR site = ANY(%(sites)s))"


def _closure(conn: psycopg.Connection, members: dict[str, dict]) -> None:
    todo = list(members)
    while todo:
        d = members[todo.pop()]["inspection"]
        refs = {d["follows"], *(r["closed_by"] for r in d["rectifications"])} - {None, *members}
        for uuid in refs:
            row = conn.execute("SELECT member FROM records WHERE uuid = %s", (uuid,)).fetchone()
            if row:
                members[uuid] = json.loads(row[0])
                todo.append(uuid)


def page(conn: psycopg.Connection, desk: Desk, after: int, dest: Path, *, limit: int | None = None) -> dict:
    """Write the page after ``after`` to ``dest``; returns {"cursor", "more", "inspections", "templates"}."""
    limit = limit or protocol.PULL_BATCH
    scope = {"office": desk.office, "sites": desk.sites, "after": after, "me": desk.id}
    with conn.transaction():
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        rows = conn.execute(
            f"SELECT uuid::text, seq, member, length(member) FROM records WHERE seq > %(after)s AND desk_id <> %(me)s "
            f"AND {_SCOPE} ORDER BY seq LIMIT %(limit)s",
            {**scope, "limit": limit},
        ).fetchall()
        members: dict[str, dict] = {}
        photo_bytes = 0
        more = len(rows) == limit
        upto = after
        for uuid, seq, text, _ in rows:
            member = json.loads(text)
            shas = {a["sha256"]: a["size"] for a in member["inspection"]["attachments"]}
            photo_bytes += sum(shas.values())
            members[uuid] = member
            upto = seq
            if photo_bytes > protocol.PULL_PHOTO_BYTES:
                more = True
                break
        if not more:
            top = conn.execute(
                f"SELECT GREATEST(%(after)s, (SELECT max(seq) FROM records WHERE seq > %(after)s AND {_SCOPE}), "
                f"(SELECT max(published_seq) FROM templates), (SELECT max(seq) FROM users), "
                f"(SELECT max(seq) FROM intermediates), (SELECT max(revoked_seq) FROM certificates))",
                scope,
            ).fetchone()[0]
            upto = max(after, top or after)
        sent = set(members)
        _closure(conn, members)
        templates = conn.execute(
            "SELECT template_id, version, title, scope, data, sha256, builtin FROM templates "
            "WHERE published_seq > %s AND published_seq <= %s",
            (after, upto),
        ).fetchall()
        wanted_templates = {
            (m["inspection"]["template"]["id"], m["inspection"]["template"]["version"]) for m in members.values()
        }
        if wanted_templates:
            templates += conn.execute(
                "SELECT template_id, version, title, scope, data, sha256, builtin FROM templates "
                "WHERE (template_id, version) IN (SELECT * FROM unnest(%s::text[], %s::int[]))",
                ([t for t, _ in wanted_templates], [v for _, v in wanted_templates]),
            ).fetchall()
        names = set().union(*(user_names(m["inspection"]) for m in members.values())) if members else set()
        # New users: every one for an office desk, those known at the desk's sites for a station.
        names |= {
            r[0]
            for r in conn.execute(
                "SELECT u.name FROM users u WHERE u.seq > %(after)s AND u.seq <= %(upto)s AND (%(office)s OR EXISTS "
                "(SELECT 1 FROM user_sites us WHERE us.user_name = u.name AND us.site = ANY(%(sites)s)))",
                {**scope, "upto": upto},
            )
        }
        users = conn.execute(
            "SELECT name, display_name, role, uuid FROM users WHERE name = ANY(%s) ORDER BY name", (sorted(names),)
        ).fetchall()
        certs = conn.execute(
            "SELECT fingerprint, user_name, pem FROM certificates WHERE user_name = ANY(%s)", (sorted(names),)
        ).fetchall()
        site_names = {m["inspection"]["site"] for m in members.values()}
        sites = conn.execute(
            "SELECT name, kind, region, address FROM sites WHERE name = ANY(%s) ORDER BY name", (sorted(site_names),)
        ).fetchall()
        shas = sorted(set().union(*(evidence_shas(m["inspection"]) for m in members.values()))) if members else []
        ident = conn.execute("SELECT private_key, certificate, fingerprint FROM hub_identity").fetchone()

        w = BundleWriter(dest)
        try:
            w.add_json("sites.json", [{"name": n, "kind": k, "region": r, "address": a} for n, k, r, a in sites])
            w.add_json(
                "users.json",
                [
                    {
                        "name": n,
                        "display_name": dn,
                        "role": role,
                        "certificates": sorted(fp for fp, u, _ in certs if u == n),
                        **({"uuid": uuid} if uuid else {}),
                    }
                    for n, dn, role, uuid in users
                ],
            )
            for fp, _, pem in certs:
                w.add(f"certificates/{fp}.pem", pem.encode("ascii"))
            w.add(f"certificates/{ident[2]}.pem", ident[1].encode("ascii"))
            seen_t = set()
            for tid, version, title, tscope, data, sha, builtin in templates:
                if (tid, version) in seen_t:
                    continue
                seen_t.add((tid, version))
                w.add_json(
                    f"templates/{tid}@{version}.json",
                    {
                        "template_id": tid,
                        "version": version,
                        "title": title,
                        "scope": tscope,
                        "data": data,
                        "sha256": sha,
                        "builtin": builtin,
                    },
                )
            for uuid, member in members.items():
                w.add(f"inspections/{uuid}.json", canonical_json(member).encode("utf-8"))
            for sha in shas:
                row = conn.execute("SELECT data FROM photos WHERE sha256 = %s", (sha,)).fetchone()
                w.add(f"attachments/{sha}", bytes(row[0]), compress=False)
            manifest = {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "app": f"CivDesk Hub {__version__}",
                "created_at": now(),
                "exporter": {"name": "hub", "display_name": "CivDesk Hub", "role": "hub", "certificate": ident[2]},
                "inspections": [
                    {"uuid": u, "sync_hash": sync_hash(m["inspection"]), "site": m["inspection"]["site"]}
                    for u, m in members.items()
                ],
                "hub": {"cursor": upto, "more": more, "desk": desk.name, "org": orgroot.changes(conn, after, upto)},
            }
            key = protocol.load_key(ident[0])
            w.finish(manifest, lambda digest: keys.sign_digest(key, digest), ident[2])
        except BaseException:
            w.abort()
            raise
    return {"cursor": upto, "more": more, "inspections": len(sent), "templates": len(seen_t)}
