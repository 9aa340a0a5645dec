"""``civdesk users``, ``sites``, ``check``, ``backup``, ``restore`` and ``demo``: running a home."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from ..domain.errors import NotAllowed
from ..messages import describe, word
from ..messages import render as say
from .common import (
    EXIT_FAILED,
    EXIT_OK,
    CliError,
    ask_password,
    emit,
    home_dir,
    login,
    open_store,
    release_holds,
    table,
)

# ----------------------------------------------------------------------------- users, sites


def cmd_users(args) -> int:
    from ..services import accounts

    store = open_store(args)
    if args.action == "passwd":
        if not args.user:
            raise CliError("cli.users_passwd_changes_user")
        old = ask_password(say("cli.current_password_prompt", user=args.user), "CIVDESK_PASSWORD")
        new = ask_password(say("cli.new_password_prompt", user=args.user), "CIVDESK_NEW_PASSWORD")
        accounts.change_password(store, name=args.user, old_password=old, new_password=new)
        emit(args, {"user": args.user, "changed": True}, lambda d: say("cli.password_changed", user=args.user))
        return EXIT_OK
    if args.action == "list":
        rows = [u.as_json() for u in accounts.list_users(store)]

        def sites(r):  # an inspector with no site assigned works on every site (domain.scope)
            return ", ".join(r["sites"]) or (say("cli.every_site") if r["role"] == "inspector" else "")

        emit(
            args,
            rows,
            lambda rs: table(
                [dict(r, sites=sites(r)) for r in rs],
                [
                    ("id", "id"),
                    ("name", "name"),
                    ("display_name", "display_name"),
                    ("role", "role"),
                    ("sites", "sites"),
                ],
            ),
        )
        return EXIT_OK
    if args.action == "assign":
        # An inspector's sites (their scope); no --site: every site again.
        if not args.name:
            raise CliError("cli.users_assign_needs_name")
        by = login(args, store)
        user = accounts.user_by_name(store, args.name)
        site_ids = [accounts.find_site(store, s)["id"] for s in args.site or []]
        accounts.assign_sites(store, by=by, user_id=user["id"], site_ids=site_ids)
        names = [accounts.get_site(store, sid)["name"] for sid in site_ids]
        emit(
            args,
            {"name": args.name, "sites": names},
            lambda d: (
                say("cli.assigned_to", user=args.name, sites=", ".join(names))
                if names
                else say("cli.assigned_everywhere", user=args.name)
            ),
        )
        return EXIT_OK
    if not args.name or not args.role:
        raise CliError("cli.users_add_needs_name")
    by = login(args, store) if accounts.has_users(store) else None
    site_ids = [accounts.find_site(store, s)["id"] for s in args.site or []]
    password = ask_password(say("cli.new_user_password_prompt", user=args.name), "CIVDESK_NEW_PASSWORD")
    uid = accounts.create_user(
        store,
        by=by,
        name=args.name,
        role=args.role,
        password=password,
        display_name=args.display_name or "",
        site_ids=site_ids,
    )
    emit(
        args, {"id": uid, "name": args.name, "role": args.role}, lambda d: say("cli.user_added", user=args.name, id=uid)
    )
    return EXIT_OK


def cmd_sites(args) -> int:
    from ..services import accounts

    store = open_store(args)
    if args.action == "list":
        rows = [site.as_json() for site in accounts.list_sites(store)]
        emit(
            args,
            rows,
            lambda rs: table(
                [dict(r, managers=", ".join(r["managers"])) for r in rs],
                [("id", "id"), ("site_name", "name"), ("kind", "kind"), ("region", "region"), ("managers", "managers")],
            ),
        )
        return EXIT_OK
    if not args.name:
        raise CliError("cli.sites_add_needs_name")
    sid = accounts.create_site(
        store, by=login(args, store), name=args.name, kind=args.kind, region=args.region, address=args.address or ""
    )
    emit(args, {"id": sid}, lambda d: say("cli.site_added", site=args.name, id=sid))
    return EXIT_OK


# ----------------------------------------------------------------------------- maintenance, demo


def cmd_check(args) -> int:
    from ..services import maintenance, orphans

    damage = maintenance.probe(home_dir(args))  # found damage is the checked thing failing, not bad input
    store = None if damage else open_store(args)
    problems = [damage] if damage else maintenance.check(store)
    # Files nothing needs (an interrupted import or save) are not damage: reported, and swept —
    # in a sound home only (a damaged one is left exactly as it is).
    found, notes = orphans.Orphans(), []
    if not problems:
        try:
            found = orphans.sweep(store, photos=args.sweep)
            notes = found.lines(args.sweep)
        except (sqlite3.OperationalError, OSError) as e:  # a read-only home: checked, not swept
            notes = [say("cli.sweep_skipped", reason=describe(e))]
    problems = [describe(p) if isinstance(p, BaseException) else p for p in problems]
    emit(
        args,
        {
            "ok": not problems,
            "problems": problems,
            "orphans": {
                "temporary": [str(p) for p in found.temporary],
                "unnamed_photos": [str(p) for p in found.unnamed],
                "removed": [str(p) for p in found.removed],
            },
        },
        lambda d: (
            "\n".join([say("cli.check_ok")] if d["ok"] else [word(p) for p in problems])
            + "".join("\n" + word(n) for n in notes)
        ),
    )
    return EXIT_OK if not problems else EXIT_FAILED


def cmd_backup(args) -> int:
    from ..services import maintenance

    store = open_store(args)
    by = login(args, store)
    dest = maintenance.backup_by(store, by, args.output)  # refused for all but an admin, as in 设置
    photos = maintenance.photos_beside(dest)
    with_photos = photos.is_dir() and not dest.resolve().is_relative_to(store.home.resolve())
    emit(
        args,
        {"backup": str(dest), "photos": str(photos) if with_photos else None},
        lambda d: (
            say("cli.backup_written_photos", path=dest, photos=photos)
            if with_photos
            else say("cli.backup_written", path=dest)
        ),
    )
    return EXIT_OK


def cmd_restore(args) -> int:
    from ..services import maintenance

    _restore_login(args)
    kept = maintenance.restore(home_dir(args), args.file)
    missing = maintenance.missing_photos(home_dir(args))
    emit(
        args,
        {"restored": args.file, "kept": str(kept) if kept else None, "photos_missing": len(missing)},
        lambda d: say(
            "cli.restored",
            file=args.file,
            kept=say("cli.restored_kept", kept=kept) if kept else "",
            missing=say("cli.restored_missing", count=len(missing), folder=maintenance.photos_beside(args.file))
            if missing
            else "",
        ),
    )
    return EXIT_OK


def _restore_login(args) -> None:
    """An admin of the home, or, when its database is damaged, missing or has no users yet (what a
    restore is for), an admin of the backup about to replace it."""
    from ..services import maintenance

    if not args.user:
        raise CliError("cli.restore_acts_admin_give")
    from ..services import accounts

    home = home_dir(args)
    if maintenance.probe(home) is None and (home / "civdesk.db").is_file():
        store = open_store(args)
        try:
            if accounts.has_users(store):  # else a new home: the backup's admin restores it
                login(args, store, role="admin")
                return
        finally:
            store.close()
            release_holds()  # restore takes the home for itself next
    if not Path(args.file).is_file():
        raise CliError("cli.no_such_file", file=args.file)
    password = ask_password(say("cli.password_prompt", user=args.user), "CIVDESK_PASSWORD")
    if not maintenance.admin_of_backup(args.file, args.user, password):
        raise NotAllowed("cli.admin_backup_password_wrong", user=args.user, file=args.file)


def cmd_demo(args) -> int:
    from ..services import demo

    store = open_store(args)
    summary = demo.fill(store)
    emit(args, summary, demo.describe)
    return EXIT_OK
