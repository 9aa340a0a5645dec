"""``civdesk export``, ``import``, ``verify`` of a .civpack and ``excel``: moving records between homes."""

from __future__ import annotations

from ..messages import render as say
from .common import EXIT_FAILED, EXIT_OK, CliError, ask_password, emit, login, open_store

# ----------------------------------------------------------------------------- exchange (.civpack, Excel)


def cmd_export(args) -> int:
    from ..services import exchange, inspections

    store = open_store(args)
    if not args.user:
        raise CliError("cli.export_signs_bundle_user")
    password = ask_password(say("cli.password_prompt", user=args.user), "CIVDESK_PASSWORD")
    from ..services import accounts

    by = accounts.authenticate(store, args.user, password)
    ids = [inspections.resolve(store, ref) for ref in args.ids]
    r = exchange.export_bundle(store, ids, args.output, by=by, password=password)
    data = {
        "file": str(r.path),
        "inspections": r.inspections,
        "added_for_completeness": r.added_for_completeness,
        "members": r.members,
        "bytes": r.bytes,
        "seconds": round(r.seconds, 3),
    }
    extra = say("cli.exported_extra", count=len(r.added_for_completeness)) if r.added_for_completeness else ""
    emit(
        args,
        data,
        lambda d: say(
            "cli.exported",
            count=len(r.inspections) - len(r.added_for_completeness),
            extra=extra,
            path=r.path,
            mib=r.bytes / 2**20,
            user=args.user,
        ),
    )
    return EXIT_OK


def _resolutions(pairs: list[str] | None) -> dict:
    """--resolve UUID=mine|theirs|keep_both, or UUID/KEY=mine|theirs|both for one difference."""
    out: dict = {}
    for p in pairs or []:
        ref, sep, choice = p.partition("=")
        if not sep or not choice:
            raise CliError("cli.resolve_must_look_like", p=p)
        ref, slash, key = ref.partition("/")
        if slash:
            entry = out.setdefault(ref, {})
            if not isinstance(entry, dict):
                raise CliError("cli.resolve_settled_whole_item", ref=ref)
            entry[key] = choice
        else:
            out[ref] = choice
    return out


def _import_text(r) -> str:
    c = r.counts()
    who = f"{r.exporter.get('display_name') or r.exporter['name']} ({r.exporter['name']})"
    lines = [
        say(
            "cli.import_from",
            file=r.path.name,
            who=who,
            at=r.created_at[:19],
            new_cert="" if r.exporter_known else say("cli.import_new_certificate"),
        ),
        say(
            "cli.import_counts",
            added=c["added"],
            updated=c["updated"],
            unchanged=c["unchanged"],
            conflicts=c["conflicts"],
            resolved=say("cli.import_resolved", count=c["resolved"]) if c["resolved"] else "",
        ),
    ]
    if r.adopted_root:
        from ..services import trust

        lines.append(say("cli.import_adopted_root", fingerprint=trust.pretty(r.adopted_root)))
    for code, uuids in (("cli.import_added_row", r.added), ("cli.import_updated_row", r.updated)):
        lines += [say(code, uuid=u[:8], title=r.titles.get(u, "")) for u in uuids]
    for u, how in r.resolved.items():
        lines.append(
            say(
                "cli.import_resolved_row",
                uuid=u[:8],
                title=r.titles.get(u, ""),
                how=how,
                copy=say("cli.import_copy", uuid=r.copies[u][:8]) if u in r.copies else "",
            )
        )
    for conflict in r.conflicts:
        keys = ", ".join(d.key for d in conflict.differences[:8])
        more = f" … (+{len(conflict.differences) - 8})" if len(conflict.differences) > 8 else ""
        lines.append(
            say(
                "cli.import_conflict_row",
                uuid=conflict.uuid[:8],
                title=conflict.title,
                count=len(conflict.differences),
                keys=keys,
                more=more,
            )
        )
    if r.conflicts:
        lines.append(say("cli.import_conflicts_hint"))
    elif not r.changed and not r.added and not r.updated:
        lines.append(say("cli.import_nothing_changed"))
    return "\n".join(lines)


def cmd_import(args) -> int:
    from ..services import accounts, exchange

    store = open_store(args)
    if args.user:
        by = login(args, store)
    elif accounts.has_active_users(store):
        raise CliError("cli.import_acts_user_give")
    else:
        by = None  # a new home receiving its first data
    r = exchange.import_bundle(store, args.file, by=by, resolutions=_resolutions(args.resolve))
    data = {
        **r.counts(),
        "file": str(r.path),
        "exporter": r.exporter,
        "exporter_known": r.exporter_known,
        "added_uuids": r.added,
        "updated_uuids": r.updated,
        "unchanged_uuids": r.unchanged,
        "resolved_uuids": r.resolved,
        "copies": r.copies,
        "created": r.created,
        "adopted_root": r.adopted_root,
        "conflict_list": [
            {
                "uuid": c.uuid,
                "title": c.title,
                "options": list(c.options),
                "differences": [
                    {"key": d.key, "choices": list(d.choices), "mine": d.mine, "theirs": d.theirs}
                    for d in c.differences
                ],
            }
            for c in r.conflicts
        ],
    }
    emit(args, data, lambda _: _import_text(r))
    return EXIT_OK


def cmd_verify_bundle(args) -> int:
    from ..services import exchange

    v = exchange.verify_bundle(open_store(args), args.file)
    emit(
        args,
        {"ok": v.ok, "reason": str(v.reason), "exporter": v.exporter, "known": v.known, "inspections": v.inspections},
        lambda d: say("cli.bundle_ok" if v.ok else "cli.bundle_not_ok", file=args.file, reason=v.reason),
    )
    return EXIT_OK if v.ok else EXIT_FAILED


def cmd_excel(args) -> int:
    from ..services import inspections, templates
    from ..services.exchange import excel

    store = open_store(args)
    if args.what == "results":
        if not args.ids:
            raise CliError("cli.excel_results_needs_at")
        by = login(args, store)  # results and rectifications: only that person's sites, as in the GUI
        path = excel.export_inspections(
            store, [inspections.resolve(store, ref) for ref in args.ids], args.output, by=by
        )
    elif args.what == "rectifications":
        path = excel.export_rectifications(store, args.output, status=args.status, by=login(args, store))
    else:
        if len(args.ids or []) != 1:
            raise CliError("cli.excel_template_needs_one")
        path = templates.export_workbook(store, args.ids[0], args.output)
    emit(args, {"file": str(path)}, lambda d: say("cli.written", path=path))
    return EXIT_OK


def add_exchange_commands(add) -> None:
    e = add("export", cmd_export, say("help.export"))
    e.add_argument("ids", nargs="+", metavar="INSPECTION_ID", help=say("help.inspection_ids"))
    e.add_argument("-o", "--output", required=True, help=say("help.civpack_to_write"))
    i = add("import", cmd_import, say("help.import"))
    i.add_argument("file")
    i.add_argument("--resolve", action="append", metavar="UUID=CHOICE", help=say("help.resolve"))
    x = add("excel", cmd_excel, say("help.excel"))
    x.add_argument("what", choices=["results", "rectifications", "template"])
    x.add_argument("ids", nargs="*", help=say("help.excel_ids"))
    x.add_argument("-o", "--output", required=True, help=say("help.xlsx_to_write"))
    x.add_argument("--status", help=say("help.status"))
