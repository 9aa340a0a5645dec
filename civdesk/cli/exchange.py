"""``civdesk export``, ``import``, ``verify`` of a .civpack and ``excel``: moving records between homes."""

from __future__ import annotations

from .common import EXIT_FAILED, EXIT_OK, CliError, ask_password, emit, login, open_store


# ----------------------------------------------------------------------------- exchange (.civpack, Excel)


def cmd_export(args) -> int:
    from ..services import exchange, inspections

    store = open_store(args)
    if not args.user:
        raise CliError("export signs the bundle as a user: give --user NAME")
    password = ask_password(f"{args.user} 的密码: ", "CIVDESK_PASSWORD")
    from ..services import accounts

    by = accounts.authenticate(store, args.user, password)
    ids = [inspections.resolve(store, ref) for ref in args.ids]
    r = exchange.export_bundle(store, ids, args.output, by=by, password=password)
    data = {"file": str(r.path), "inspections": r.inspections, "added_for_completeness": r.added_for_completeness,
            "members": r.members, "bytes": r.bytes, "seconds": round(r.seconds, 3)}
    extra = f" (+{len(r.added_for_completeness)} they refer to)" if r.added_for_completeness else ""
    emit(args, data, lambda d: f"exported {len(r.inspections) - len(r.added_for_completeness)} inspection(s)"
                                f"{extra} to {r.path} ({r.bytes / 2**20:.2f} MiB, signed by {args.user})")
    return EXIT_OK


def _resolutions(pairs: list[str] | None) -> dict:
    """--resolve UUID=mine|theirs|keep_both, or UUID/KEY=mine|theirs|both for one difference."""
    out: dict = {}
    for p in pairs or []:
        ref, sep, choice = p.partition("=")
        if not sep or not choice:
            raise CliError(f"--resolve {p!r} must look like UUID=mine|theirs|keep_both or UUID/KEY=mine|theirs|both")
        ref, slash, key = ref.partition("/")
        if slash:
            entry = out.setdefault(ref, {})
            if not isinstance(entry, dict):
                raise CliError(f"--resolve: {ref} is settled as a whole and item by item")
            entry[key] = choice
        else:
            out[ref] = choice
    return out


def _import_text(r) -> str:
    c = r.counts()
    who = f"{r.exporter.get('display_name') or r.exporter['name']} ({r.exporter['name']})"
    lines = [f"{r.path.name}: exported by {who} at {r.created_at[:19]}"
             + ("" if r.exporter_known else " — a certificate new to this home"),
             f"added {c['added']}, updated {c['updated']}, unchanged {c['unchanged']}, conflicts {c['conflicts']}"
             + (f", resolved {c['resolved']}" if c["resolved"] else "")]
    if r.adopted_root:
        from ..services import trust

        lines.append(f"this home had no root: it now trusts the bundle's, fingerprint {trust.pretty(r.adopted_root)}")
    for label, uuids in (("added", r.added), ("updated", r.updated)):
        lines += [f"  {label:<9} {u[:8]}  {r.titles.get(u, '')}" for u in uuids]
    for u, how in r.resolved.items():
        lines.append(f"  resolved  {u[:8]}  {r.titles.get(u, '')}: {how}"
                     + (f" (their version kept as {r.copies[u][:8]})" if u in r.copies else ""))
    for conflict in r.conflicts:
        keys = ", ".join(d.key for d in conflict.differences[:8])
        more = f" … (+{len(conflict.differences) - 8})" if len(conflict.differences) > 8 else ""
        lines.append(f"  conflict  {conflict.uuid[:8]}  {conflict.title}: {len(conflict.differences)} "
                     f"difference(s): {keys}{more}")
    if r.conflicts:
        lines.append("nothing of a conflicting inspection was written; import again with "
                     "--resolve UUID=mine|theirs|keep_both (or UUID/KEY=mine|theirs|both)")
    elif not r.changed and not r.added and not r.updated:
        lines.append("nothing changed: this home already had everything in the bundle")
    return "\n".join(lines)


def cmd_import(args) -> int:
    from ..services import accounts, exchange

    store = open_store(args)
    if args.user:
        by = login(args, store)
    elif accounts.has_active_users(store):
        raise CliError("import acts as a user: give --user NAME")
    else:
        by = None  # a new home receiving its first data
    r = exchange.import_bundle(store, args.file, by=by, resolutions=_resolutions(args.resolve))
    data = {**r.counts(), "file": str(r.path), "exporter": r.exporter, "exporter_known": r.exporter_known,
            "added_uuids": r.added, "updated_uuids": r.updated, "unchanged_uuids": r.unchanged,
            "resolved_uuids": r.resolved, "copies": r.copies, "created": r.created, "adopted_root": r.adopted_root,
            "conflict_list": [{"uuid": c.uuid, "title": c.title, "options": list(c.options),
                               "differences": [{"key": d.key, "choices": list(d.choices), "mine": d.mine,
                                                "theirs": d.theirs} for d in c.differences]}
                              for c in r.conflicts]}
    emit(args, data, lambda _: _import_text(r))
    return EXIT_OK


def cmd_verify_bundle(args) -> int:
    from ..services import exchange

    v = exchange.verify_bundle(open_store(args), args.file)
    emit(args, {"ok": v.ok, "reason": v.reason, "exporter": v.exporter, "known": v.known,
                 "inspections": v.inspections},
          lambda d: f"{args.file}: {'OK' if v.ok else 'NOT OK'}: {v.reason}")
    return EXIT_OK if v.ok else EXIT_FAILED


def cmd_excel(args) -> int:
    from ..services import inspections
    from ..services import templates
    from ..services.exchange import excel

    store = open_store(args)
    by = login(args, store) if args.user else None  # --user: only that person's sites
    if args.what == "results":
        if not args.ids:
            raise CliError("excel results needs at least one inspection id")
        path = excel.export_inspections(store, [inspections.resolve(store, ref) for ref in args.ids], args.output,
                                        by=by)
    elif args.what == "rectifications":
        path = excel.export_rectifications(store, args.output, status=args.status, by=by)
    else:
        if len(args.ids or []) != 1:
            raise CliError("excel template needs one template id")
        path = templates.export_workbook(store, args.ids[0], args.output)
    emit(args, {"file": str(path)}, lambda d: f"written to {path}")
    return EXIT_OK


def add_exchange_commands(add) -> None:
    e = add("export", cmd_export, "export inspections to a signed bundle (.civpack) for another machine")
    e.add_argument("ids", nargs="+", metavar="INSPECTION_ID", help="inspection ids or uuids")
    e.add_argument("-o", "--output", required=True, help="the .civpack file to write")
    i = add("import", cmd_import, "import a .civpack bundle (all or nothing; conflicts are listed, never overwritten)")
    i.add_argument("file")
    i.add_argument("--resolve", action="append", metavar="UUID=CHOICE",
                   help="settle a conflict: UUID=mine|theirs|keep_both, or UUID/KEY=mine|theirs|both")
    x = add("excel", cmd_excel, "write results, the rectification list or a template as an Excel workbook")
    x.add_argument("what", choices=["results", "rectifications", "template"])
    x.add_argument("ids", nargs="*", help="inspection ids (results) or a template id (template)")
    x.add_argument("-o", "--output", required=True, help="the .xlsx file to write")
    x.add_argument("--status", help="rectifications: open, done, verified, reopened, overdue or closed")

