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


def add_parser(add) -> None:
    t = add("trust", cmd_trust, "list, export, pin (add) or remove the roots whose certificates this home trusts")
    t.add_argument("action", choices=["list", "export", "add", "remove"])
    t.add_argument("target", nargs="?", help="certificate file (add) or fingerprint, 8+ hex digits (remove)")
    t.add_argument("-o", "--output", help="export: the .pem file to write")
    t.add_argument("--yes", action="store_true", help="add: the fingerprint was checked, do not ask")


def _confirm(fingerprint: str) -> bool:
    from .common import CliError

    if not sys.stdin or not sys.stdin.isatty():
        raise CliError("compare the fingerprint with the other home's admin, then add again with --yes")
    return input(f"指纹 fingerprint {fingerprint}\n与对方管理员核对一致？ matches what the other admin reads out? [y/N] ") \
        .strip().lower() in ("y", "yes", "是")


def cmd_trust(args) -> int:
    from .common import EXIT_OK, CliError, emit, login, open_store
    from ..services import trust

    store = open_store(args)
    if args.action == "list":
        rows = [{"fingerprint": r.fingerprint, "own": r.own, "name": r.name, "added_at": r.added_at}
                for r in trust.roots(store)]
        emit(args, rows, lambda rs: "\n".join(
            f"{'own   ' if r['own'] else 'pinned'}  {trust.pretty(r['fingerprint'])}  {r['name']}" for r in rs)
            or "(no root yet: the first admin creates it)")
        return EXIT_OK
    if args.action == "export":
        own = trust.own_root(store)
        if own is None:
            raise CliError("this home has no root yet: the first admin creates it")
        if not args.output:
            raise CliError("trust export needs -o FILE.pem")
        Path(args.output).write_bytes(own.pem)
        emit(args, {"file": args.output, "fingerprint": own.fingerprint},
              lambda d: f"root certificate written to {args.output}\nfingerprint {trust.pretty(own.fingerprint)}")
        return EXIT_OK
    if not args.target:
        raise CliError(f"trust {args.action} needs a {'certificate file' if args.action == 'add' else 'fingerprint'}")
    by = login(args, store)
    if args.action == "add":
        cert = trust.read_certificate_file(args.target)
        from ..services import crypto

        fp = trust.pretty(crypto.fingerprint(cert))
        if not args.yes and not _confirm(fp):
            raise CliError("not added: the fingerprint was not confirmed")
        root = trust.pin(store, by, cert)
        emit(args, {"fingerprint": root.fingerprint, "name": root.name},
              lambda d: f"trusted root {root.name}\nfingerprint {fp}")
        return EXIT_OK
    root = trust.unpin(store, by, args.target)
    emit(args, {"fingerprint": root.fingerprint, "name": root.name},
          lambda d: f"no longer trusted: {root.name} ({trust.pretty(root.fingerprint)})")
    return EXIT_OK
