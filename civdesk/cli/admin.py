"""``civdesk users``, ``sites``, ``check``, ``backup``, ``restore`` and ``demo``: running a home."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from .common import EXIT_FAILED, EXIT_OK, CliError, ask_password, emit, home_dir, login, open_store, release_holds, table


# ----------------------------------------------------------------------------- users, sites


def cmd_users(args) -> int:
    from ..services import accounts

    store = open_store(args)
    if args.action == "passwd":
        if not args.user:
            raise CliError("users passwd changes --user's own password: give --user NAME")
        old = ask_password(f"{args.user} 的当前密码: ", "CIVDESK_PASSWORD")
        new = ask_password(f"{args.user} 的新密码: ", "CIVDESK_NEW_PASSWORD")
        accounts.change_password(store, name=args.user, old_password=old, new_password=new)
        emit(args, {"user": args.user, "changed": True}, lambda d: f"password of {args.user} changed")
        return EXIT_OK
    if args.action == "list":
        rows = accounts.list_users(store)

        def sites(r):  # an inspector with no site assigned works on every site (domain.scope)
            return ", ".join(r["sites"]) or ("全部单位" if r["role"] == "inspector" else "")

        emit(args, rows, lambda rs: table([dict(r, sites=sites(r)) for r in rs],
                                            [("ID", "id"), ("用户名", "name"), ("姓名", "display_name"),
                                             ("角色", "role"), ("单位", "sites")]))
        return EXIT_OK
    if args.action == "assign":
        # An inspector's sites (their scope); no --site: every site again.
        if not args.name:
            raise CliError("users assign needs NAME (an inspector) and --site for each site, none for every site")
        by = login(args, store)
        user = accounts.user_by_name(store, args.name)
        site_ids = [accounts.find_site(store, s)["id"] for s in args.site or []]
        accounts.assign_sites(store, by=by, user_id=user["id"], site_ids=site_ids)
        names = [accounts.get_site(store, sid)["name"] for sid in site_ids]
        emit(args, {"name": args.name, "sites": names},
              lambda d: f"{args.name} is assigned to " + (", ".join(names) if names else "every site"))
        return EXIT_OK
    if not args.name or not args.role:
        raise CliError("users add needs NAME and --role")
    by = login(args, store) if accounts.has_users(store) else None
    site_ids = [accounts.find_site(store, s)["id"] for s in args.site or []]
    password = ask_password(f"新用户 {args.name} 的密码: ", "CIVDESK_NEW_PASSWORD")
    uid = accounts.create_user(store, by=by, name=args.name, role=args.role, password=password,
                               display_name=args.display_name or "", site_ids=site_ids)
    emit(args, {"id": uid, "name": args.name, "role": args.role}, lambda d: f"user {args.name} added (id {uid})")
    return EXIT_OK


def cmd_sites(args) -> int:
    from ..services import accounts

    store = open_store(args)
    if args.action == "list":
        rows = accounts.list_sites(store)
        emit(args, rows, lambda rs: table([dict(r, managers=", ".join(r["managers"])) for r in rs],
                                            [("ID", "id"), ("名称", "name"), ("类型", "kind"),
                                             ("地区", "region"), ("站长", "managers")]))
        return EXIT_OK
    if not args.name:
        raise CliError("sites add needs NAME")
    sid = accounts.create_site(store, by=login(args, store), name=args.name, kind=args.kind,
                               region=args.region, address=args.address or "")
    emit(args, {"id": sid}, lambda d: f"site {args.name} added (id {sid})")
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
            notes = [f"files left by an interrupted write were not looked for: {e}"]
    emit(args, {"ok": not problems, "problems": problems, "orphans": {
        "temporary": [str(p) for p in found.temporary], "unnamed_photos": [str(p) for p in found.unnamed],
        "removed": [str(p) for p in found.removed]}},
          lambda d: "\n".join((["ok: integrity, audit chain, every row against its seal, stored results and "
                                "attachments verified"] if d["ok"] else problems) + notes))
    return EXIT_OK if not problems else EXIT_FAILED


def cmd_backup(args) -> int:
    from ..services import maintenance

    store = open_store(args)
    login(args, store, role="admin")  # a backup holds everything: users, keys, every answer
    dest = maintenance.backup(store, args.output)
    photos = maintenance.photos_beside(dest)
    with_photos = photos.is_dir() and not dest.resolve().is_relative_to(store.home.resolve())
    emit(args, {"backup": str(dest), "photos": str(photos) if with_photos else None},
          lambda d: f"backup written to {dest}" + (f"; its photos are in {photos}" if with_photos else ""))
    return EXIT_OK


def cmd_restore(args) -> int:
    from ..services import maintenance

    _restore_login(args)
    kept = maintenance.restore(home_dir(args), args.file)
    missing = maintenance.missing_photos(home_dir(args))
    emit(args, {"restored": args.file, "kept": str(kept) if kept else None, "photos_missing": len(missing)},
          lambda d: f"restored {args.file}" + (f"; the replaced database is kept as {kept}" if kept else "")
          + (f"; {len(missing)} photo(s) it names are in neither this home nor "
             f"{maintenance.photos_beside(args.file)}" if missing else ""))
    return EXIT_OK


def _restore_login(args) -> None:
    """An admin of the home, or, when its database is damaged, missing or has no users yet (what a
    restore is for), an admin of the backup about to replace it."""
    from ..services import maintenance

    if not args.user:
        raise CliError("restore acts as an admin: give --user NAME")
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
        raise CliError(f"{args.file}: no such file")
    password = ask_password(f"{args.user} 的密码: ", "CIVDESK_PASSWORD")
    if not maintenance.admin_of_backup(args.file, args.user, password):
        raise PermissionError(f"{args.user} is not an admin of the backup {args.file} (or the password is wrong)")


def cmd_demo(args) -> int:
    from ..services import demo

    store = open_store(args)
    summary = demo.fill(store)
    emit(args, summary, demo.describe)
    return EXIT_OK

