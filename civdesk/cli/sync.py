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

from ..messages import describe
from ..messages import render as say


def cmd_sync(args) -> int:
    from ..services import accounts, sync
    from ..services.errors import NotAllowed
    from ..services.sync_client import HubUnreachable, SyncRefused
    from .common import EXIT_INPUT, EXIT_OK, CliError, ask_password, open_store

    store = open_store(args)
    try:
        if bool(args.hub) != bool(args.code):
            raise CliError("cli_sync.enrolling_needs_both_hub")
        if args.hub:
            if args.user and not accounts.has_users(store):
                # An empty home: its first admin, before the hub's users arrive.
                accounts.create_user(
                    store,
                    by=None,
                    name=args.user,
                    role="admin",
                    password=ask_password(say("cli.new_password_prompt", user=args.user), "CIVDESK_NEW_PASSWORD"),
                )
            elif args.user:
                accounts.authenticate(
                    store, args.user, ask_password(say("cli.password_prompt", user=args.user), "CIVDESK_PASSWORD")
                )
                if accounts.user_by_name(store, args.user)["role"] != "admin":
                    raise NotAllowed("cli_sync.only_admin_enrols_home")
            elif accounts.has_users(store):
                raise CliError("cli_sync.enrolling_home_has_users")
            info = sync.enrol(store, args.hub, args.code, ca_file=args.ca_file)
            scope = (
                say("cli.office_desk") if info["office"] else say("cli.station_desk", sites=", ".join(info["sites"]))
            )
            if not args.json:
                print(say("cli.enrolled_with_root", desk=info["desk"], scope=scope, root=info["org_root"][:16]))
        if args.full:
            sync.forget_hub_state(store)
        if args.publish:
            published = sync.publish_templates(store, args.publish)
            print(
                json.dumps({"published": published})
                if args.json
                else (
                    say("cli.published", templates=", ".join(published)) if published else say("cli.published_nothing")
                )
            )
            return EXIT_OK
        report = sync.sync(store, progress=None if args.json or not sys.stderr.isatty() else _progress)
    except (SyncRefused, HubUnreachable) as e:
        text = say("cli.sync_refused", reason=e) if isinstance(e, SyncRefused) else describe(e)
        print(f"civdesk: {text}", file=sys.stderr)
        return EXIT_INPUT
    finally:
        store.close()
    if args.json:
        print(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
    else:
        print(say("cli.sync_done", summary=report.summary(), seconds=report.seconds))
    return EXIT_OK


def _progress(done: int, total: int, label: str) -> None:
    print(f"\r{label} {done}/{total}", end="", file=sys.stderr, flush=True)
    if done >= total:
        print(file=sys.stderr)


def add_sync_command(add) -> None:
    s = add("sync", cmd_sync, say("help.sync"))
    s.add_argument("--hub", help=say("help.hub"))
    s.add_argument("--code", help=say("help.enrol_code"))
    s.add_argument("--publish", nargs="+", metavar="TEMPLATE_ID", help=say("help.publish"))
    s.add_argument("--ca-file", metavar="PEM", help=say("help.ca_file"))
    s.add_argument("--full", action="store_true", help=say("help.full"))
