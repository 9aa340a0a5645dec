"""``civdesk-hub``: migrate, serve, enrol and revoke desks, status.

Exit status as for ``civdesk``: 0 ok, 2 bad input or refused (one line on stderr).
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import sys

from ..domain.errors import CivDeskError
from ..messages import describe, set_language

EXIT_OK, EXIT_INPUT = 0, 2
CODE_DAYS = 7
DEFAULT_SITE = {"kind": "toll_station", "region": "east"}


class HubCliError(CivDeskError):
    """A refusal of civdesk-hub, worded by code in the language of --lang (messages/hub_cli.py)."""


def _connect(args):
    import psycopg

    from . import db

    url = db.database_url(args.database)
    try:
        conn = psycopg.connect(url, autocommit=True)
    except psycopg.OperationalError as e:
        raise HubCliError("hub_cli.cannot_connect", detail=str(e).strip().splitlines()[0]) from None
    pending = db.pending(conn)
    if pending and args.command != "migrate":
        conn.close()
        raise HubCliError("hub_cli.needs_migrate", count=len(pending))
    return conn


def cmd_migrate(args) -> int:
    from . import db

    applied = db.migrate(db.database_url(args.database))
    print(f"applied {', '.join(applied)}" if applied else "the hub database is up to date")
    return EXIT_OK


def cmd_serve(args) -> int:
    import uvicorn

    from . import db

    os.environ["CIVDESK_HUB_DATABASE"] = db.database_url(args.database)
    if args.figures_database:
        os.environ[db.FIGURES_ENV] = args.figures_database
    conn = _connect(args)
    conn.close()
    extra = {}
    if args.ssl_certfile:
        extra.update(ssl_certfile=args.ssl_certfile, ssl_keyfile=args.ssl_keyfile)
    uvicorn.run(
        "civdesk.hub.app:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_level=args.log_level,
        proxy_headers=True,
        **extra,
    )
    return EXIT_OK


def cmd_enrol(args) -> int:
    from . import protocol

    name = args.name.strip()
    if not name:
        raise HubCliError("hub_cli.give_name")
    if not args.office and not args.site:
        raise HubCliError("hub_cli.name_sites")
    if args.office and args.site:
        raise HubCliError("hub_cli.office_or_site")
    code = protocol.new_code()
    expires = _dt.datetime.now(_dt.UTC) + _dt.timedelta(days=CODE_DAYS)
    conn = _connect(args)
    with conn, conn.transaction():
        row = conn.execute("SELECT id, fingerprint, revoked_at FROM desks WHERE name = %s", (name,)).fetchone()
        if row and row[1] and row[2] is None:
            raise HubCliError("hub_cli.already_enrolled", name=name)
        if row:
            conn.execute(
                "UPDATE desks SET office = %s, code_hash = %s, code_expires = %s, fingerprint = NULL, "
                "certificate = NULL, revoked_at = NULL WHERE id = %s",
                (args.office, protocol.code_hash(code), expires, row[0]),
            )
            conn.execute("DELETE FROM desk_sites WHERE desk_id = %s", (row[0],))
            did = row[0]
        else:
            did = conn.execute(
                "INSERT INTO desks (name, office, code_hash, code_expires) VALUES (%s, %s, %s, %s) RETURNING id",
                (name, args.office, protocol.code_hash(code), expires),
            ).fetchone()[0]
        created = []
        for site in dict.fromkeys(s.strip() for s in args.site or []):
            if not site:
                raise HubCliError("hub_cli.empty_site")
            if conn.execute(
                "INSERT INTO sites (name, kind, region) VALUES (%s, %s, %s) ON CONFLICT DO NOTHING",
                (site, args.kind, args.region),
            ).rowcount:
                created.append(site)
            conn.execute("INSERT INTO desk_sites (desk_id, site) VALUES (%s, %s)", (did, site))
        root = conn.execute("SELECT fingerprint FROM org_root").fetchone()[0]
    scope = "office desk (every site)" if args.office else f"station desk for {', '.join(args.site)}"
    if created:
        print(f"new sites on the hub: {', '.join(created)}")
    print(f"{name}: {scope}; the code is valid until {expires:%Y-%m-%d %H:%M} UTC and works once")
    print(f"the desk will trust the organisation root {root[:16]}…")
    print(code)
    return EXIT_OK


def cmd_revoke(args) -> int:
    from . import orgroot

    if bool(args.name) == bool(args.user):
        raise HubCliError("hub_cli.revoke_what")
    conn = _connect(args)
    with conn:
        if args.user:
            n = orgroot.revoke_user(conn, args.user, args.reason or "")
            if not n:
                raise HubCliError("hub_cli.no_user_certificate", user=args.user)
            print(
                f"{args.user}: {n} certificate(s) revoked; signatures made with them from now on are refused, "
                "on the hub and on every desk after its next sync"
            )
            return EXIT_OK
        with conn.transaction():
            row = conn.execute(
                "UPDATE desks SET revoked_at = now(), code_hash = NULL WHERE name = %s AND "
                "revoked_at IS NULL RETURNING id",
                (args.name,),
            ).fetchone()
            if row is None:
                raise HubCliError("hub_cli.no_desk", name=args.name)
            roots = orgroot.revoke_desk(conn, row[0])
    print(
        f"{args.name}: revoked; its requests are refused from now on"
        + ("; signatures its home root vouches for, made from now on, are refused on every desk" if roots else "")
    )
    return EXIT_OK


def cmd_root(args) -> int:
    """Show, export or give the organisation's root of trust."""
    from pathlib import Path

    from ..services import trust as home_trust
    from ..services.errors import InputError
    from . import orgroot

    conn = _connect(args)
    with conn:
        if args.import_certificate or args.import_key:
            if not (args.import_certificate and args.import_key):
                raise HubCliError("hub_cli.root_needs_both")
            try:
                fp = orgroot.give(conn, Path(args.import_certificate).read_bytes(), Path(args.import_key).read_bytes())
            except OSError as e:
                raise HubCliError("hub_cli.file", path=e.filename, reason=e) from None
            except InputError as e:
                raise HubCliError("hub_cli.refused", reason=e) from None
            print(f"the organisation's root is now {home_trust.pretty(fp)}")
            return EXIT_OK
        pem, fp = conn.execute("SELECT certificate, fingerprint FROM org_root").fetchone()
    if args.output:
        Path(args.output).write_text(pem, encoding="ascii")
    else:
        print(pem, end="")
    print(f"organisation root {home_trust.pretty(fp)}", file=sys.stderr if not args.output else sys.stdout)
    return EXIT_OK


def status(conn) -> dict:
    desks = [
        {
            "name": n,
            "office": o,
            "sites": sites or [],
            "enrolled": e.isoformat() if e else None,
            "revoked": r is not None,
            "last_sync": ls.isoformat() if ls else None,
            "last_result": lr,
            "records": cnt,
        }
        for n, o, sites, e, r, ls, lr, cnt in conn.execute(
            "SELECT d.name, d.office, array_remove(array_agg(DISTINCT ds.site), NULL), d.enrolled_at, "
            "d.revoked_at, d.last_sync_at, d.last_result, "
            "(SELECT count(*) FROM records r WHERE r.desk_id = d.id) FROM desks d "
            "LEFT JOIN desk_sites ds ON ds.desk_id = d.id GROUP BY d.id ORDER BY d.name"
        )
    ]
    count = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
    return {
        "hub": count("SELECT fingerprint FROM hub_identity"),
        "organisation_root": count("SELECT fingerprint FROM org_root"),
        "desks": desks,
        "records": {
            "inspections": count("SELECT count(*) FROM records"),
            "versions": count("SELECT count(*) FROM record_versions"),
            "conflicts": count("SELECT count(*) FROM record_versions WHERE status = 'conflict'"),
            "photos": count("SELECT count(*) FROM photos"),
            "photo_bytes": int(count("SELECT coalesce(sum(size), 0) FROM photos")),
            "sites": count("SELECT count(*) FROM sites"),
            "users": count("SELECT count(*) FROM users"),
            "templates_published": count("SELECT count(*) FROM templates WHERE published_seq IS NOT NULL"),
        },
        "refusals": [
            {"at": at.isoformat(), "desk": d, "reason": reason}
            for at, d, reason in conn.execute(
                "SELECT f.at, d.name, f.reason FROM refusals f LEFT JOIN desks d ON d.id = f.desk_id "
                "ORDER BY f.id DESC LIMIT 20"
            )
        ],
        "refusals_total": count("SELECT count(*) FROM refusals"),
    }


def cmd_status(args) -> int:
    conn = _connect(args)
    with conn:
        data = status(conn)
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=1))
        return EXIT_OK
    r = data["records"]
    print(f"organisation root {data['organisation_root'][:16]}…")
    print(
        f"hub key {data['hub'][:16]}…  inspections {r['inspections']} (versions {r['versions']}, conflicts "
        f"{r['conflicts']})  photos {r['photos']} ({r['photo_bytes'] / 2**20:,.1f} MiB)  sites {r['sites']}  "
        f"users {r['users']}  templates published {r['templates_published']}"
    )
    for d in data["desks"]:
        state = "revoked" if d["revoked"] else ("enrolled" if d["enrolled"] else "code issued")
        scope = "office" if d["office"] else ", ".join(d["sites"])
        print(
            f"  {d['name']}  [{scope}]  {state}  last sync {d['last_sync'] or '—'}  {d['last_result'] or ''}  "
            f"records sent {d['records']}"
        )
    print(f"refusals: {data['refusals_total']}")
    for f in data["refusals"][:10]:
        print(f"  {f['at'][:19]}  {f['desk'] or 'unknown desk'}: {f['reason']}")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="civdesk-hub", description="CivDesk Hub: many desks, one organisation")
    p.add_argument("--database", help="PostgreSQL URL (default: $CIVDESK_HUB_DATABASE)")
    p.add_argument("--lang", choices=["zh", "en"], default="zh", help="language of the messages (default: zh)")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", required=True)
    sub.add_parser("migrate", help="create or upgrade the hub's schema").set_defaults(func=cmd_migrate)
    s = sub.add_parser("serve", help="serve the hub's API")
    s.set_defaults(func=cmd_serve)
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8470)
    s.add_argument("--workers", type=int, default=1)
    s.add_argument("--ssl-certfile", help="serve HTTPS with this certificate (else put a reverse proxy in front)")
    s.add_argument("--ssl-keyfile")
    s.add_argument(
        "--figures-database",
        metavar="URL",
        help="read the office figures from this PostgreSQL (a "
        "streaming replica of the hub's database; default: $CIVDESK_HUB_FIGURES_DATABASE or the primary)",
    )
    s.add_argument("--log-level", default="warning")
    e = sub.add_parser("enrol", help="create a one-time enrolment code for a desk (printed last)")
    e.set_defaults(func=cmd_enrol)
    e.add_argument("--name", required=True)
    e.add_argument("--site", action="append", help="a site of this station desk (repeat); created if new")
    e.add_argument("--office", action="store_true", help="an office desk: every site")
    e.add_argument(
        "--kind",
        default=DEFAULT_SITE["kind"],
        choices=["toll_station", "service_window", "unit", "city"],
        help="kind of the sites created here",
    )
    e.add_argument("--region", default=DEFAULT_SITE["region"], choices=["east", "central", "northeast", "west"])
    r = sub.add_parser("revoke", help="refuse a desk, or a user's keys, from now on")
    r.set_defaults(func=cmd_revoke)
    r.add_argument("--name", help="the desk to revoke (its requests and its home root's later signatures)")
    r.add_argument("--user", help="the user whose certificates to revoke (their later signatures)")
    r.add_argument("--reason", help="why (travels with the revocation)")
    ro = sub.add_parser("root", help="the organisation's root of trust: print it, or give the organisation's own")
    ro.set_defaults(func=cmd_root)
    ro.add_argument("-o", "--output", help="write the root certificate (PEM) to this file")
    ro.add_argument(
        "--import-certificate", metavar="PEM", help="the organisation's root certificate (before any desk enrols)"
    )
    ro.add_argument("--import-key", metavar="PEM", help="its private key (unencrypted PEM, EC P-256)")
    st = sub.add_parser("status", help="desks, last sync, record counts, refusals")
    st.set_defaults(func=cmd_status)
    st.add_argument("--json", action="store_true")
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    set_language(args.lang)  # Chinese unless --lang en, like civdesk
    try:
        return args.func(args)
    except ImportError as e:
        print(
            f"civdesk-hub: {e.name} is missing: install CivDesk with the hub extra (pip install 'civdesk[hub]')",
            file=sys.stderr,
        )
        return EXIT_INPUT
    except HubCliError as e:
        print(f"civdesk-hub: {describe(e)}", file=sys.stderr)
        return EXIT_INPUT
    except Exception as e:
        if type(e).__module__.startswith("psycopg"):
            print(f"civdesk-hub: database error: {str(e).strip().splitlines()[0]}", file=sys.stderr)
            return EXIT_INPUT
        raise


if __name__ == "__main__":
    sys.exit(main())
