"""``civdesk sync``: enrol this home with a CivDesk Hub, then push and pull.

    civdesk sync --hub URL --code CODE [--user ADMIN] [--ca-file PEM]   # enrol (an empty home gets its first
                                                                        #   admin) and sync
    civdesk sync [--json]                               # as the desk: no user needed
    civdesk sync --publish TEMPLATE_ID...               # an office desk publishes templates
    civdesk sync --full                                 # everything again (the hub was restored from a backup)

Exit 0 when the sync finished, 2 when it was refused or the hub could not be reached (one line).
"""

from __future__ import annotations

import json
import sys


def cmd_sync(args) -> int:
    from .common import EXIT_INPUT, EXIT_OK, CliError, ask_password, open_store
    from ..services import accounts, sync
    from ..services.sync_client import HubUnreachable, SyncRefused

    store = open_store(args)
    try:
        if bool(args.hub) != bool(args.code):
            raise CliError("enrolling needs both --hub URL and --code CODE")
        if args.hub:
            if args.user and not accounts.has_users(store):
                # An empty home: its first admin, before the hub's users arrive.
                accounts.create_user(store, by=None, name=args.user, role="admin",
                                     password=ask_password(f"{args.user} 的新密码: ", "CIVDESK_NEW_PASSWORD"))
            elif args.user:
                accounts.authenticate(store, args.user, ask_password(f"{args.user} 的密码: ", "CIVDESK_PASSWORD"))
                if accounts.user_by_name(store, args.user)["role"] != "admin":
                    raise PermissionError("only an admin enrols a home with a hub")
            elif accounts.has_users(store):
                raise CliError("enrolling a home that has users needs an admin: give --user ADMIN")
            info = sync.enrol(store, args.hub, args.code, ca_file=args.ca_file)
            scope = "office desk (every site)" if info["office"] else f"station desk for {', '.join(info['sites'])}"
            if not args.json:
                print(f"enrolled as {info['desk']}: {scope}; trusting the organisation root "
                      f"{info['org_root'][:16]}…")
        if args.full:
            sync.forget_hub_state(store)
        if args.publish:
            published = sync.publish_templates(store, args.publish)
            print(json.dumps({"published": published}) if args.json else
                  f"published {', '.join(published) or 'nothing new'}")
            return EXIT_OK
        report = sync.sync(store, progress=None if args.json or not sys.stderr.isatty() else _progress)
    except (SyncRefused, HubUnreachable) as e:
        print(f"civdesk: sync refused: {e}" if isinstance(e, SyncRefused) else f"civdesk: {e}", file=sys.stderr)
        return EXIT_INPUT
    finally:
        store.close()
    if args.json:
        print(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
    else:
        print(f"{report.summary()} in {report.seconds:.2f} s")
    return EXIT_OK


def _progress(done: int, total: int, label: str) -> None:
    print(f"\r{label} {done}/{total}", end="", file=sys.stderr, flush=True)
    if done >= total:
        print(file=sys.stderr)


def add_sync_command(add) -> None:
    s = add("sync", cmd_sync, "sync this home with a CivDesk Hub (enrol first with --hub and --code)")
    s.add_argument("--hub", help="the hub's address, e.g. https://hub.example:8470 (enrolling)")
    s.add_argument("--code", help="the one-time code from civdesk-hub enrol (enrolling)")
    s.add_argument("--publish", nargs="+", metavar="TEMPLATE_ID", help="office desk: publish these templates")
    s.add_argument("--ca-file", metavar="PEM", help="enrolling over HTTPS: the certificate authorities that vouch "
                   "for the hub's certificate (kept with the enrolment; default: the system's, or $CIVDESK_HUB_CA)")
    s.add_argument("--full", action="store_true",
                   help="send and take everything again (after the hub was restored from an older backup)")
