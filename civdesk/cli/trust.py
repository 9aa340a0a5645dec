"""``civdesk trust``: the roots this home trusts (services.trust).

civdesk trust list                      this home's root and the pinned ones, with fingerprints
civdesk trust export -o FILE.pem        this home's root certificate, for another home to pin
civdesk trust add FILE --user ADMIN     pin another home's (or the hub's) root, after comparing
                                        its fingerprint with the one its admin reads out
civdesk trust remove FINGERPRINT --user ADMIN
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..messages import render as say


def add_parser(add) -> None:
    t = add("trust", cmd_trust, say("help.trust"))
    t.add_argument("action", choices=["list", "export", "add", "remove"])
    t.add_argument("target", nargs="?", help=say("help.trust_target"))
    t.add_argument("-o", "--output", help=say("help.trust_output"))
    t.add_argument("--yes", action="store_true", help=say("help.trust_yes"))


def _confirm(fingerprint: str) -> bool:
    from .common import CliError

    if not sys.stdin or not sys.stdin.isatty():
        raise CliError("cli_trust.compare_fingerprint_other_home")
    return input(
        f"指纹 fingerprint {fingerprint}\n与对方管理员核对一致？ matches what the other admin reads out? [y/N] "
    ).strip().lower() in ("y", "yes", "是")


def cmd_trust(args) -> int:
    from ..services import trust
    from .common import EXIT_OK, CliError, emit, login, open_store

    store = open_store(args)
    if args.action == "list":
        rows = [
            {"fingerprint": r.fingerprint, "own": r.own, "name": r.name, "added_at": r.added_at}
            for r in trust.roots(store)
        ]
        emit(
            args,
            rows,
            lambda rs: (
                "\n".join(
                    say(
                        "cli.trust_row",
                        own=say("cli.trust_own" if r["own"] else "cli.trust_pinned"),
                        fingerprint=trust.pretty(r["fingerprint"]),
                        name=r["name"],
                    )
                    for r in rs
                )
                or say("cli.no_root_yet")
            ),
        )
        return EXIT_OK
    if args.action == "export":
        own = trust.own_root(store)
        if own is None:
            raise CliError("cli_trust.home_has_no_root")
        if not args.output:
            raise CliError("cli_trust.trust_export_needs_o")
        Path(args.output).write_bytes(own.pem)
        emit(
            args,
            {"file": args.output, "fingerprint": own.fingerprint},
            lambda d: say("cli.root_written", file=args.output, fingerprint=trust.pretty(own.fingerprint)),
        )
        return EXIT_OK
    if not args.target:
        raise CliError("cli_trust.add_needs_file" if args.action == "add" else "cli_trust.remove_needs_fingerprint")
    by = login(args, store)
    if args.action == "add":
        cert = trust.read_certificate_file(args.target)
        from ..services import crypto

        fp = trust.pretty(crypto.fingerprint(cert))
        if not args.yes and not _confirm(fp):
            raise CliError("cli_trust.added_fingerprint_confirmed")
        root = trust.pin(store, by, cert)
        emit(
            args,
            {"fingerprint": root.fingerprint, "name": root.name},
            lambda d: say("cli.root_trusted", name=root.name, fingerprint=fp),
        )
        return EXIT_OK
    root = trust.unpin(store, by, args.target)
    emit(
        args,
        {"fingerprint": root.fingerprint, "name": root.name},
        lambda d: say("cli.root_removed", name=root.name, fingerprint=trust.pretty(root.fingerprint)),
    )
    return EXIT_OK
