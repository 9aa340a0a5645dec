"""``civdesk inspections`` and ``civdesk answer``: the inspection workflow."""

from __future__ import annotations

from ..domain.workflow import Actor
from .common import EXIT_OK, CliError, emit, login, open_store, parse_params, table


# ----------------------------------------------------------------------------- inspections


def _inspection_text(rows):
    from ..domain.workflow import KIND_LABELS, STATE_LABELS

    shown = [dict(r, state=STATE_LABELS.get(r["state"], r["state"]), kind=KIND_LABELS.get(r["kind"], r["kind"]),
                  uuid=r["uuid"][:8], created=r["created_at"][:10],
                  percent="" if r["percent"] is None else f"{r['percent']}%") for r in rows]
    return table(shown, [("ID", "id"), ("编号", "uuid"), ("日期", "created"), ("被检单位", "site"),
                          ("检查表", "template_id"), ("类型", "kind"), ("状态", "state"), ("得分率", "percent"),
                          ("等级", "level_label")])


def cmd_inspections(args) -> int:
    from ..services import accounts, inspections

    store = open_store(args)
    if args.action == "list":
        # With --user the list is that person's scope (their sites); without, the whole home.
        scope = login(args, store) if args.user else None
        site_id = accounts.find_site(store, args.site)["id"] if args.site else None
        rows = inspections.list_inspections(store, state=args.state, site_id=site_id, template_id=args.template,
                                            search=args.search, scope=scope)
        emit(args, rows, _inspection_text)
        return EXIT_OK
    if args.action == "show":
        return _show_inspection(args, store, login(args, store) if args.user else None)
    by = login(args, store)
    if args.action == "new":
        if not (args.template and args.site and args.kind):
            raise CliError("inspections new needs --template, --site and --kind")
        site = accounts.find_site(store, args.site)
        follows = inspections.resolve(store, args.follows) if args.follows else None
        iid = inspections.new_inspection(store, by, template_id=args.template, site_id=site["id"], kind=args.kind,
                                         params=parse_params(args.param), follows_id=follows)
        row = inspections.header(store, iid)
        emit(args, row, lambda r: f"inspection {r['id']} ({r['uuid']}) created")
        return EXIT_OK
    if not args.id:
        raise CliError(f"inspections {args.action} needs an inspection id")
    iid = inspections.resolve(store, args.id)
    if args.action == "submit":
        r = inspections.submit(store, by, iid)
        emit(args, {"id": iid, "score": r.score, "percent": r.percent, "level": r.level, "vetoed": r.vetoed},
              lambda d: f"submitted: {r.score:g}/{r.max:g} {r.percent}% {r.level_label}")
    elif args.action == "approve":
        inspections.approve(store, by, iid, args.reason or "")
        emit(args, {"id": iid, "state": "approved"}, lambda d: "approved")
    elif args.action == "return":
        inspections.return_inspection(store, by, iid, args.reason or "")
        emit(args, {"id": iid, "state": "returned"}, lambda d: "returned to its author")
    return EXIT_OK


def _show_inspection(args, store, by: Actor | None = None) -> int:
    from ..services import certificates, inspections, rectifications

    if not args.id:
        raise CliError("inspections show needs an inspection id")
    iid = inspections.resolve(store, args.id)
    v = inspections.view_for(store, by, iid)
    rects = [{"code": r["item_code"], "state": r["state"], "due_date": r["due_date"], "overdue": r["overdue"]}
             for r in rectifications.list_rectifications(store, inspection_id=iid)]
    cert = certificates.latest(store, iid)
    data = {"id": iid, "uuid": v.row["uuid"], "state": v.row["state"], "kind": v.row["kind"],
            "template": v.template.id, "version": v.template.version, "params": v.params,
            "answers": v.answers, "notes": v.notes, "result": v.result.to_dict(), "rectifications": rects,
            "certificate": None if cert is None else {"serial": cert.serial, "title": cert.title, "code": cert.code,
                                                      "revoked": cert.revoked, "revoked_reason": cert.revoked_reason}}

    def text(d):
        lines = [f"{v.template.title} v{v.template.version} · {v.row['state']} · {v.result.score:g}/{v.result.max:g} "
                 f"{v.result.percent}% {v.result.level_label} · {len(v.answers)}/{len(v.template.items())} answered"]
        lines += [f"整改 {r['code']}: {r['state']}, 期限 {r['due_date']}" + (" (逾期)" if r["overdue"] else "")
                  for r in rects]
        if cert is not None:
            lines.append(f"证书 {cert.serial} {cert.title}" + (f" — 已撤销: {cert.revoked_reason}" if cert.revoked else ""))
        return "\n".join(lines)

    emit(args, data, text)
    return EXIT_OK


def cmd_answer(args) -> int:
    from ..services import inspections

    store = open_store(args)
    by = login(args, store)
    iid = inspections.resolve(store, args.inspection)
    # One transaction: a photo that is not a readable picture within the limits leaves the answer unchanged.
    saved = inspections.answer(store, by, iid, args.code, args.value, note=args.note, photo=args.photo or None)
    emit(args, {"inspection": iid, "code": saved.item_code, "value": saved.value, "note": saved.note,
                 "photo": saved.photo_id, "at": saved.at}, lambda d: f"saved {d['code']} = {d['value']}")
    return EXIT_OK

