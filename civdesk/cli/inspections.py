"""``civdesk inspections`` and ``civdesk answer``: the inspection workflow."""

from __future__ import annotations

from ..domain.workflow import Actor
from ..messages import render as say
from .common import EXIT_OK, CliError, emit, login, open_store, parse_params, table

# ----------------------------------------------------------------------------- inspections


def _inspection_text(rows):
    shown = [
        dict(
            r,
            state=say(f"state.{r['state']}"),
            kind=say(f"kind.{r['kind']}"),
            uuid=r["uuid"][:8],
            created=r["created_at"][:10],
            percent="" if r["percent"] is None else f"{r['percent']}%",
        )
        for r in rows
    ]
    return table(
        shown,
        [
            ("id", "id"),
            ("uuid", "uuid"),
            ("date", "created"),
            ("site", "site"),
            ("template", "template_id"),
            ("kind", "kind"),
            ("state", "state"),
            ("percent", "percent"),
            ("level", "level_label"),
        ],
    )


def cmd_inspections(args) -> int:
    from ..services import accounts, inspections

    store = open_store(args)
    if args.action == "list":
        # Reading acts as a person too: the list is that person's scope (their sites). Without
        # --user and a password nobody's scope applies, so the command is refused.
        scope = login(args, store)
        site_id = accounts.find_site(store, args.site)["id"] if args.site else None
        rows = inspections.list_inspections(
            store, state=args.state, site_id=site_id, template_id=args.template, search=args.search, scope=scope
        )
        emit(args, rows, _inspection_text)
        return EXIT_OK
    if args.action == "show":
        return _show_inspection(args, store, login(args, store))
    by = login(args, store)
    if args.action == "new":
        if not (args.template and args.site and args.kind):
            raise CliError("cli.inspections_new_needs_template")
        site = accounts.find_site(store, args.site)
        follows = inspections.resolve(store, args.follows) if args.follows else None
        iid = inspections.new_inspection(
            store,
            by,
            template_id=args.template,
            site_id=site["id"],
            kind=args.kind,
            params=parse_params(args.param),
            follows_id=follows,
        )
        row = inspections.header(store, iid)
        emit(args, row, lambda r: say("cli.inspection_created", id=r["id"], uuid=r["uuid"]))
        return EXIT_OK
    if not args.id:
        raise CliError("cli.inspections_needs_inspection_id", action=args.action)
    iid = inspections.resolve(store, args.id)
    if args.action == "submit":
        r = inspections.submit(store, by, iid)
        emit(
            args,
            {"id": iid, "score": r.score, "percent": r.percent, "level": r.level, "vetoed": r.vetoed},
            lambda d: say("cli.submitted", score=r.score, max=r.max, percent=r.percent, level=r.level_label),
        )
    elif args.action == "approve":
        inspections.approve(store, by, iid, args.reason or "")
        emit(args, {"id": iid, "state": "approved"}, lambda d: say("cli.approved"))
    elif args.action == "return":
        inspections.return_inspection(store, by, iid, args.reason or "")
        emit(args, {"id": iid, "state": "returned"}, lambda d: say("cli.returned"))
    return EXIT_OK


def _show_inspection(args, store, by: Actor) -> int:
    from ..services import certificates, inspections, rectifications

    if not args.id:
        raise CliError("cli.inspections_show_needs_inspection")
    iid = inspections.resolve(store, args.id)
    v = inspections.view_for(store, by, iid)
    rects = [
        {"code": r.item_code, "state": r.state, "due_date": r.due_date, "overdue": r.overdue}
        for r in rectifications.list_rectifications(store, inspection_id=iid)
    ]
    cert = certificates.latest(store, iid)
    data = {
        "id": iid,
        "uuid": v.row["uuid"],
        "state": v.row["state"],
        "kind": v.row["kind"],
        "template": v.template.id,
        "version": v.template.version,
        "params": v.params,
        "answers": v.answers,
        "notes": v.notes,
        "result": v.result.to_dict(),
        "rectifications": rects,
        "certificate": None
        if cert is None
        else {
            "serial": cert.serial,
            "title": cert.title,
            "code": cert.code,
            "revoked": cert.revoked,
            "revoked_reason": cert.revoked_reason,
        },
    }

    def text(d):
        lines = [
            say(
                "cli.inspection_summary",
                title=v.template.title,
                version=v.template.version,
                state=v.row["state"],
                score=v.result.score,
                max=v.result.max,
                percent=v.result.percent,
                level=v.result.level_label,
                answered=len(v.answers),
                items=len(v.template.items()),
            )
        ]
        lines += [
            say(
                "cli.rectification_line",
                code=r["code"],
                rect_state=r["state"],
                due=r["due_date"],
                overdue=say("cli.overdue") if r["overdue"] else "",
            )
            for r in rects
        ]
        if cert is not None:
            lines.append(
                say("cli.certificate_revoked_line", serial=cert.serial, title=cert.title, why=cert.revoked_reason)
                if cert.revoked
                else say("cli.certificate_line", serial=cert.serial, title=cert.title)
            )
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
    emit(
        args,
        {
            "inspection": iid,
            "code": saved.item_code,
            "value": saved.value,
            "note": saved.note,
            "photo": saved.photo_id,
            "at": saved.at,
        },
        lambda d: say("cli.saved_answer", code=d["code"], value=d["value"]),
    )
    return EXIT_OK
