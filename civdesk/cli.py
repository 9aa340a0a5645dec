"""The ``civdesk`` command line: the same services as the GUI.

Exit status: 0 success; 1 the checked thing failed (``check``); 2 bad input, with one line on
stderr that names what was wrong. Acting commands take ``--user NAME`` and read the password
from ``CIVDESK_PASSWORD`` or a prompt.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sqlite3
import sys
from pathlib import Path
from typing import Any, Callable

from . import cli_text
from .domain.scoring import AnswerError, coerce_value, score
from .domain.template import TemplateError, validate_template
from .domain.workflow import KINDS, STATES, Actor, WorkflowError

EXIT_OK, EXIT_FAILED, EXIT_INPUT = 0, 1, 2


class CliError(Exception):
    """Bad input detected by the command line itself (exit 2)."""


class _VersionAction(argparse.Action):
    """--version from the package metadata, looked up only when asked (it costs start-up time)."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS, help=None):
        super().__init__(option_strings, dest=dest, default=default, nargs=0, help=help)

    def __call__(self, parser, namespace, values, option_string=None):
        from . import package_version

        print(f"civdesk {package_version()}")
        parser.exit()


# ----------------------------------------------------------------------------- helpers


def _home(args) -> Path:
    from .store import default_home

    return Path(args.home) if args.home else default_home()


_HOLDS: list = []  # the homes this command holds (store.lock), released when it ends


def _store(args):
    """The home's Store, after the start-up probe (a damaged database is refused before anything
    writes to it) and marked as held by this process (a restore elsewhere waits for it)."""
    from .services import maintenance, open_home
    from .store import lock

    home = _home(args)
    problem = maintenance.probe(home)
    if problem:
        raise CliError(problem)
    _HOLDS.append(lock.hold(home))
    return open_home(home)


def _emit(args, data: Any, text: Callable[[Any], str]) -> None:
    if getattr(args, "json", False):
        print(json.dumps(data, ensure_ascii=False, indent=2, default=str))
    else:
        out = text(data)
        if out:
            print(cli_text.localize(out))


def _password(prompt: str, env: str) -> str:
    value = os.environ.get(env)
    if value is not None:
        return value
    if not sys.stdin or not sys.stdin.isatty():
        raise CliError(f"no password: set {env} or run in a terminal to be asked")
    return getpass.getpass(cli_text.localize(prompt))


def _login(args, store, *, role: str | None = None) -> Actor:
    from .services import accounts

    if not args.user:
        raise CliError("this command acts as a user: give --user NAME")
    by = accounts.authenticate(store, args.user, _password(f"{args.user} 的密码: ", "CIVDESK_PASSWORD"))
    if role and by.role != role:
        raise PermissionError(f"only an {role} may run {args.command}; {args.user} is {by.role}")
    return by


def _params(pairs: list[str] | None) -> dict[str, str]:
    out = {}
    for p in pairs or []:
        if "=" not in p:
            raise CliError(f"--param {p!r} must look like name=value")
        k, v = p.split("=", 1)
        out[k.strip()] = v.strip()
    return out


def _table(rows: list[dict], cols: list[tuple[str, str]]) -> str:
    if not rows:
        return "(none)"
    cells = [[cli_text.heading(h) for h, _ in cols]] + [["" if r.get(k) is None else str(r.get(k)) for _, k in cols] for r in rows]
    width = [max(_w(c[i]) for c in cells) for i in range(len(cols))]
    return "\n".join("  ".join(c + " " * (width[i] - _w(c)) for i, c in enumerate(row)).rstrip() for row in cells)


def _w(s: str) -> int:
    # CJK characters take two columns in a terminal.
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in s)


# ----------------------------------------------------------------------------- templates


def cmd_templates(args) -> int:
    from .services import templates

    if args.action == "validate":
        data = templates.load_file(args.file)
        problems = validate_template(data)
        if problems:
            raise TemplateError(problems)
        _emit(args, {"valid": True, "file": args.file}, lambda d: f"{args.file}: valid")
        return EXIT_OK
    store = _store(args)
    if args.action == "list":
        rows = templates.list_templates(store)
        _emit(args, rows, lambda rs: _table(rs, [("ID", "id"), ("版本", "version"), ("检查项", "items"),
                                                  ("范围", "scope"), ("名称", "title")]))
    elif args.action == "show":
        from .domain.wording import correction_lines, corrections

        tpl = templates.latest(store, args.id)
        data = {"id": tpl.id, "version": tpl.version, "title": tpl.title, "scope": tpl.scope,
                "parameters": [p.__dict__ for p in tpl.parameters],
                "levels": [lv.__dict__ for lv in tpl.levels],
                "certificates": [{"title": c.title, "levels": list(c.levels)} for c in tpl.certificates],
                "items": [{"code": i.code, "type": i.type, "points": i.points, "veto": i.veto,
                           "required": i.required, "text": i.text, "source_text": i.source_text or i.text,
                           "scored_by": i.scored_by or None} for i in tpl.items()],
                "corrections": [c.as_dict() for c in corrections(tpl)]}

        def text(d):
            lines = [f"{d['id']} v{d['version']}  {d['title']}  ({len(d['items'])} 项)"]
            for sec in tpl.all_sections():
                depth = sec.code.count(".")
                lines.append("  " * depth + f"{sec.code} {sec.title}")
                for it in sec.items:
                    flag = " [一票否决]" if it.veto else ""
                    lines.append("  " * (depth + 1) + f"{it.code} ({it.type}, {it.points:g}分){flag} {it.text}")
            lines += correction_lines(d["corrections"])
            return "\n".join(lines)

        _emit(args, data, text)
    elif args.action == "import":
        from .services.templates import import_file

        by = _login(args, store)
        pk, version, created = import_file(store, args.file, by=by)
        _emit(args, {"pk": pk, "version": version, "created": created},
              lambda d: f"imported as version {version}" if created else f"unchanged (same as version {version})")
    return EXIT_OK


# ----------------------------------------------------------------------------- score


def _load_template_ref(args, ref: str):
    from .domain.template import parse_template
    from .services import templates

    if ref.endswith((".yaml", ".yml", ".json")) or os.path.sep in ref:
        return parse_template(templates.load_file(ref))
    return templates.latest(_store(args), ref)


def cmd_score(args) -> int:
    tpl = _load_template_ref(args, args.template)
    from .services.limits import load_json, read_text

    try:
        doc = load_json(read_text(args.answers, "answers file"), Path(args.answers).name)
    except json.JSONDecodeError as e:
        raise CliError(f"{args.answers}: not valid JSON ({e})") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("answers", {}), dict):
        raise CliError(f"{args.answers}: expected {{\"params\": {{…}}, \"answers\": {{\"CODE\": VALUE}}}}")
    params = dict(doc.get("params") or {})
    params.update(_params(args.param))
    try:
        params = tpl.resolve_params(params)
    except ValueError as e:
        raise CliError(str(e)) from None
    answers = {}
    for code, raw in (doc.get("answers") or {}).items():
        try:
            item = tpl.item(code)
        except KeyError:
            raise CliError(f"unknown item code {code!r} in template {tpl.id}") from None
        answers[code] = coerce_value(item, raw)
    result = score(tpl, answers, params)
    data = {
        "template": tpl.id, "version": tpl.version, "params": params,
        "score": result.score, "max": result.max, "percent": result.percent,
        "level": result.level, "level_label": result.level_label,
        "vetoed": result.vetoed, "veto_items": result.veto_items,
        "certificates": result.certificates,
        "sections": [{"code": s.code, "title": s.title, "score": s.score, "max": s.max,
                      "percent": s.percent} for s in result.sections],
        "items": [{"code": i.code, "grade": i.grade, "score": i.score, "max": i.max, "failed": i.failed}
                  for i in result.items if tpl.item(i.code).scored],
        "unanswered": result.unanswered,
    }

    def text(d):
        lines = [f"{tpl.title} v{tpl.version}: {d['score']:g} / {d['max']:g} 分  {d['percent']}%  {d['level_label']}"]
        if d["vetoed"]:
            lines.append("一票否决: " + ", ".join(d["veto_items"]))
        if d["unanswered"]:
            lines.append(f"未作答 {len(d['unanswered'])} 项: " + ", ".join(d["unanswered"][:20]))
        return "\n".join(lines)

    _emit(args, data, text)
    return EXIT_OK


# ----------------------------------------------------------------------------- users, sites


def cmd_users(args) -> int:
    from .services import accounts

    store = _store(args)
    if args.action == "passwd":
        if not args.user:
            raise CliError("users passwd changes --user's own password: give --user NAME")
        old = _password(f"{args.user} 的当前密码: ", "CIVDESK_PASSWORD")
        new = _password(f"{args.user} 的新密码: ", "CIVDESK_NEW_PASSWORD")
        accounts.change_password(store, name=args.user, old_password=old, new_password=new)
        _emit(args, {"user": args.user, "changed": True}, lambda d: f"password of {args.user} changed")
        return EXIT_OK
    if args.action == "list":
        rows = accounts.list_users(store)

        def sites(r):  # an inspector with no site assigned works on every site (domain.scope)
            return ", ".join(r["sites"]) or ("全部单位" if r["role"] == "inspector" else "")

        _emit(args, rows, lambda rs: _table([dict(r, sites=sites(r)) for r in rs],
                                            [("ID", "id"), ("用户名", "name"), ("姓名", "display_name"),
                                             ("角色", "role"), ("单位", "sites")]))
        return EXIT_OK
    if args.action == "assign":
        # An inspector's sites (their scope); no --site: every site again.
        if not args.name:
            raise CliError("users assign needs NAME (an inspector) and --site for each site, none for every site")
        by = _login(args, store)
        user = accounts.user_by_name(store, args.name)
        site_ids = [accounts.find_site(store, s)["id"] for s in args.site or []]
        accounts.assign_sites(store, by=by, user_id=user["id"], site_ids=site_ids)
        names = [accounts.get_site(store, sid)["name"] for sid in site_ids]
        _emit(args, {"name": args.name, "sites": names},
              lambda d: f"{args.name} is assigned to " + (", ".join(names) if names else "every site"))
        return EXIT_OK
    if not args.name or not args.role:
        raise CliError("users add needs NAME and --role")
    by = _login(args, store) if accounts.has_users(store) else None
    site_ids = [accounts.find_site(store, s)["id"] for s in args.site or []]
    password = _password(f"新用户 {args.name} 的密码: ", "CIVDESK_NEW_PASSWORD")
    uid = accounts.create_user(store, by=by, name=args.name, role=args.role, password=password,
                               display_name=args.display_name or "", site_ids=site_ids)
    _emit(args, {"id": uid, "name": args.name, "role": args.role}, lambda d: f"user {args.name} added (id {uid})")
    return EXIT_OK


def cmd_sites(args) -> int:
    from .services import accounts

    store = _store(args)
    if args.action == "list":
        rows = accounts.list_sites(store)
        _emit(args, rows, lambda rs: _table([dict(r, managers=", ".join(r["managers"])) for r in rs],
                                            [("ID", "id"), ("名称", "name"), ("类型", "kind"),
                                             ("地区", "region"), ("站长", "managers")]))
        return EXIT_OK
    if not args.name:
        raise CliError("sites add needs NAME")
    sid = accounts.create_site(store, by=_login(args, store), name=args.name, kind=args.kind,
                               region=args.region, address=args.address or "")
    _emit(args, {"id": sid}, lambda d: f"site {args.name} added (id {sid})")
    return EXIT_OK


# ----------------------------------------------------------------------------- inspections


def _inspection_text(rows):
    from .domain.workflow import KIND_LABELS, STATE_LABELS

    shown = [dict(r, state=STATE_LABELS.get(r["state"], r["state"]), kind=KIND_LABELS.get(r["kind"], r["kind"]),
                  uuid=r["uuid"][:8], created=r["created_at"][:10],
                  percent="" if r["percent"] is None else f"{r['percent']}%") for r in rows]
    return _table(shown, [("ID", "id"), ("编号", "uuid"), ("日期", "created"), ("被检单位", "site"),
                          ("检查表", "template_id"), ("类型", "kind"), ("状态", "state"), ("得分率", "percent"),
                          ("等级", "level_label")])


def cmd_inspections(args) -> int:
    from .services import accounts, inspections

    store = _store(args)
    if args.action == "list":
        # With --user the list is that person's scope (their sites); without, the whole home.
        scope = _login(args, store) if args.user else None
        site_id = accounts.find_site(store, args.site)["id"] if args.site else None
        rows = inspections.list_inspections(store, state=args.state, site_id=site_id, template_id=args.template,
                                            search=args.search, scope=scope)
        _emit(args, rows, _inspection_text)
        return EXIT_OK
    if args.action == "show":
        return _show_inspection(args, store, _login(args, store) if args.user else None)
    by = _login(args, store)
    if args.action == "new":
        if not (args.template and args.site and args.kind):
            raise CliError("inspections new needs --template, --site and --kind")
        site = accounts.find_site(store, args.site)
        follows = inspections.resolve(store, args.follows) if args.follows else None
        iid = inspections.new_inspection(store, by, template_id=args.template, site_id=site["id"], kind=args.kind,
                                         params=_params(args.param), follows_id=follows)
        row = store.one("SELECT id, uuid, state FROM inspections WHERE id = ?", (iid,))
        _emit(args, row, lambda r: f"inspection {r['id']} ({r['uuid']}) created")
        return EXIT_OK
    if not args.id:
        raise CliError(f"inspections {args.action} needs an inspection id")
    iid = inspections.resolve(store, args.id)
    if args.action == "submit":
        r = inspections.submit(store, by, iid)
        _emit(args, {"id": iid, "score": r.score, "percent": r.percent, "level": r.level, "vetoed": r.vetoed},
              lambda d: f"submitted: {r.score:g}/{r.max:g} {r.percent}% {r.level_label}")
    elif args.action == "approve":
        inspections.approve(store, by, iid, args.reason or "")
        _emit(args, {"id": iid, "state": "approved"}, lambda d: "approved")
    elif args.action == "return":
        inspections.return_inspection(store, by, iid, args.reason or "")
        _emit(args, {"id": iid, "state": "returned"}, lambda d: "returned to its author")
    return EXIT_OK


def _show_inspection(args, store, by: Actor | None = None) -> int:
    from .services import certificates, inspections

    if not args.id:
        raise CliError("inspections show needs an inspection id")
    iid = inspections.resolve(store, args.id)
    v = inspections.view_for(store, by, iid)
    rects = [{"code": r["item_code"], "state": r["state"], "due_date": r["due_date"], "overdue": r["overdue"]}
             for r in inspections.rectifications(store, inspection_id=iid)]
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

    _emit(args, data, text)
    return EXIT_OK


def cmd_answer(args) -> int:
    from .services import inspections

    store = _store(args)
    by = _login(args, store)
    iid = inspections.resolve(store, args.inspection)
    # One transaction: a photo that is not a readable picture within the limits leaves the answer unchanged.
    saved = inspections.answer(store, by, iid, args.code, args.value, note=args.note, photo=args.photo or None)
    _emit(args, {"inspection": iid, "code": saved.item_code, "value": saved.value, "note": saved.note,
                 "photo": saved.photo_id, "at": saved.at}, lambda d: f"saved {d['code']} = {d['value']}")
    return EXIT_OK


# ----------------------------------------------------------------------------- maintenance, demo


def cmd_check(args) -> int:
    from .services import maintenance, orphans

    damage = maintenance.probe(_home(args))  # found damage is the checked thing failing, not bad input
    store = None if damage else _store(args)
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
    _emit(args, {"ok": not problems, "problems": problems, "orphans": {
        "temporary": [str(p) for p in found.temporary], "unnamed_photos": [str(p) for p in found.unnamed],
        "removed": [str(p) for p in found.removed]}},
          lambda d: "\n".join((["ok: integrity, audit chain, every row against its seal, stored results and "
                                "attachments verified"] if d["ok"] else problems) + notes))
    return EXIT_OK if not problems else EXIT_FAILED


def cmd_backup(args) -> int:
    from .services import maintenance

    store = _store(args)
    _login(args, store, role="admin")  # a backup holds everything: users, keys, every answer
    dest = maintenance.backup(store, args.output)
    photos = maintenance.photos_beside(dest)
    with_photos = photos.is_dir() and not dest.resolve().is_relative_to(store.home.resolve())
    _emit(args, {"backup": str(dest), "photos": str(photos) if with_photos else None},
          lambda d: f"backup written to {dest}" + (f"; its photos are in {photos}" if with_photos else ""))
    return EXIT_OK


def cmd_restore(args) -> int:
    from .services import maintenance

    _restore_login(args)
    kept = maintenance.restore(_home(args), args.file)
    missing = maintenance.missing_photos(_home(args))
    _emit(args, {"restored": args.file, "kept": str(kept) if kept else None, "photos_missing": len(missing)},
          lambda d: f"restored {args.file}" + (f"; the replaced database is kept as {kept}" if kept else "")
          + (f"; {len(missing)} photo(s) it names are in neither this home nor "
             f"{maintenance.photos_beside(args.file)}" if missing else ""))
    return EXIT_OK


def _restore_login(args) -> None:
    """An admin of the home, or, when its database is damaged, missing or has no users yet (what a
    restore is for), an admin of the backup about to replace it."""
    from .services import maintenance

    if not args.user:
        raise CliError("restore acts as an admin: give --user NAME")
    from .services import accounts

    home = _home(args)
    if maintenance.probe(home) is None and (home / "civdesk.db").is_file():
        store = _store(args)
        try:
            if accounts.has_users(store):  # else a new home: the backup's admin restores it
                _login(args, store, role="admin")
                return
        finally:
            store.close()
            while _HOLDS:
                _HOLDS.pop().release()  # restore takes the home for itself next
    if not Path(args.file).is_file():
        raise CliError(f"{args.file}: no such file")
    password = _password(f"{args.user} 的密码: ", "CIVDESK_PASSWORD")
    if not maintenance.admin_of_backup(args.file, args.user, password):
        raise PermissionError(f"{args.user} is not an admin of the backup {args.file} (or the password is wrong)")


def cmd_demo(args) -> int:
    from .services import demo

    store = _store(args)
    summary = demo.fill(store)
    _emit(args, summary, demo.describe)
    return EXIT_OK


# ----------------------------------------------------------------------------- documents (civdesk/reports)


def _documents_call(fn, *a, **kw):
    """Run a document use case; a missing font package is bad input, not a crash."""
    from .reports.fonts import FontError

    try:
        return fn(*a, **kw)
    except FontError as e:
        raise CliError(str(e)) from None


def _doc_user(args, store):
    """The printing user, logged in: a signed document is signed with their own key."""
    if not args.user:
        raise CliError(f"{args.command} acts as a user (who prints, and signs, the document): give --user NAME")
    return _login(args, store)


def _emit_rendered(args, r) -> int:
    data = {"kind": r.kind, "file": str(r.path), "code": r.code, "sha256": r.sha256, "signed_by": list(r.signed_by)}
    if r.kind == "certificate":
        data.update(serial=r.doc.serial, title=r.doc.title)
    _emit(args, data, lambda d: f"{d['kind']} written to {d['file']}" + (f" (verification code {d['code']})"
                                                                          if d["code"] else ""))
    return EXIT_OK


def cmd_report(args) -> int:
    from . import reports
    from .services import inspections

    store = _store(args)
    iid = inspections.resolve(store, args.id)
    by = _doc_user(args, store)
    return _emit_rendered(args, _documents_call(reports.render_report, store, iid, args.output, by=by))


def cmd_certificate(args) -> int:
    from . import reports
    from .services import inspections

    if args.id == "revoke":
        return _revoke_certificate(args)
    if args.target:
        raise CliError(f"unexpected {args.target!r}: certificate ID -o FILE, or certificate revoke ID --reason TEXT")
    if not args.output:
        raise CliError("certificate needs -o FILE.pdf")
    store = _store(args)
    iid = inspections.resolve(store, args.id)
    by = _doc_user(args, store)
    return _emit_rendered(args, _documents_call(reports.render_certificate, store, iid, args.output, by=by,
                                                title=args.title))


def _revoke_certificate(args) -> int:
    from .services import certificates, inspections

    if not args.target:
        raise CliError("certificate revoke needs the inspection ID")
    if not args.reason or not args.reason.strip():
        raise CliError("certificate revoke needs --reason TEXT")
    store = _store(args)
    iid = inspections.resolve(store, args.target)
    rec = certificates.revoke(store, _login(args, store), iid, args.reason)
    _emit(args, {"inspection": iid, "serial": rec.serial, "code": rec.code, "revoked_at": rec.revoked_at,
                 "reason": rec.revoked_reason},
          lambda d: f"certificate {rec.serial} of inspection {iid} revoked: {rec.revoked_reason}")
    return EXIT_OK


def cmd_notice(args) -> int:
    from . import reports
    from .services import inspections

    store = _store(args)
    iid = inspections.resolve(store, args.id)
    by = _doc_user(args, store)
    return _emit_rendered(args, _documents_call(reports.render_notice, store, iid, args.output, by=by))


def cmd_form(args) -> int:
    from . import reports

    return _emit_rendered(args, _documents_call(reports.render_form, _store(args), args.template, args.output))


def cmd_verify(args) -> int:
    from . import reports
    from .reports.documents import record_json

    if bool(args.file) == bool(args.code):
        raise CliError("verify needs either FILE.pdf or --code CODE")
    store = _store(args)
    if args.code:
        v = reports.verify_code(store, args.code)
    else:
        path = Path(args.file)
        if path.suffix.lower() == ".civpack":
            return cmd_verify_bundle(args)
        if not path.is_file():
            raise CliError(f"{path}: no such file")
        v = reports.verify_pdf(store, path.read_bytes())
    data = {"ok": v.ok, "record": record_json(v.record), "lines": v.lines,
            "signatures": [s.__dict__ for s in v.pdf.signatures] if v.pdf else []}
    _emit(args, data, lambda d: "\n".join(d["lines"]))
    return EXIT_OK if v.ok else EXIT_FAILED


def _add_document_commands(add) -> None:
    for name, func, help_ in (("report", cmd_report, "write the inspection report (检查报告) as PDF"),
                              ("certificate", cmd_certificate, "issue and write the certificate (证书) as PDF"),
                              ("notice", cmd_notice, "write the rectification notice (整改通知书) as PDF")):
        d = add(name, func, help_)
        if name == "certificate":
            # civdesk certificate ID -o FILE  |  civdesk certificate revoke ID --reason TEXT
            d.add_argument("id", help="inspection id or uuid, or 'revoke'")
            d.add_argument("target", nargs="?", help="revoke: the inspection id or uuid")
            d.add_argument("-o", "--output", help="the PDF file to write (signed by --user)")
            d.add_argument("--reason", help="revoke: why the certificate is withdrawn")
        else:
            d.add_argument("id", help="inspection id or uuid")
            d.add_argument("-o", "--output", required=True, help="the PDF file to write (signed by --user)")
        if name == "certificate":
            d.add_argument("--title", help="which certificate, when the result earns several")
    f = add("form", cmd_form, "write a blank printable checklist (空白检查表) as PDF")
    f.add_argument("template", help="template id")
    f.add_argument("-o", "--output", required=True, help="the PDF file to write")
    v = add("verify", cmd_verify, "verify a CivDesk PDF's signatures, or look up a verification code")
    v.add_argument("file", nargs="?", help="the PDF to check")
    v.add_argument("--code", help="verification code printed on a document")


# ----------------------------------------------------------------------------- exchange (.civpack, Excel)


def cmd_export(args) -> int:
    from .services import bundles, inspections

    store = _store(args)
    if not args.user:
        raise CliError("export signs the bundle as a user: give --user NAME")
    password = _password(f"{args.user} 的密码: ", "CIVDESK_PASSWORD")
    from .services import accounts

    by = accounts.authenticate(store, args.user, password)
    ids = [inspections.resolve(store, ref) for ref in args.ids]
    r = bundles.export_bundle(store, ids, args.output, by=by, password=password)
    data = {"file": str(r.path), "inspections": r.inspections, "added_for_completeness": r.added_for_completeness,
            "members": r.members, "bytes": r.bytes, "seconds": round(r.seconds, 3)}
    extra = f" (+{len(r.added_for_completeness)} they refer to)" if r.added_for_completeness else ""
    _emit(args, data, lambda d: f"exported {len(r.inspections) - len(r.added_for_completeness)} inspection(s)"
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
        from .services import trust

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
    from .services import bundles

    store = _store(args)
    if args.user:
        by = _login(args, store)
    elif store.scalar("SELECT 1 FROM users WHERE active = 1 LIMIT 1"):
        raise CliError("import acts as a user: give --user NAME")
    else:
        by = None  # a new home receiving its first data
    r = bundles.import_bundle(store, args.file, by=by, resolutions=_resolutions(args.resolve))
    data = {**r.counts(), "file": str(r.path), "exporter": r.exporter, "exporter_known": r.exporter_known,
            "added_uuids": r.added, "updated_uuids": r.updated, "unchanged_uuids": r.unchanged,
            "resolved_uuids": r.resolved, "copies": r.copies, "created": r.created, "adopted_root": r.adopted_root,
            "conflict_list": [{"uuid": c.uuid, "title": c.title, "options": list(c.options),
                               "differences": [{"key": d.key, "choices": list(d.choices), "mine": d.mine,
                                                "theirs": d.theirs} for d in c.differences]}
                              for c in r.conflicts]}
    _emit(args, data, lambda _: _import_text(r))
    return EXIT_OK


def cmd_verify_bundle(args) -> int:
    from .services import bundles

    v = bundles.verify_bundle(_store(args), args.file)
    _emit(args, {"ok": v.ok, "reason": v.reason, "exporter": v.exporter, "known": v.known,
                 "inspections": v.inspections},
          lambda d: f"{args.file}: {'OK' if v.ok else 'NOT OK'}: {v.reason}")
    return EXIT_OK if v.ok else EXIT_FAILED


def cmd_excel(args) -> int:
    from .services import excel, inspections, template_xlsx

    store = _store(args)
    by = _login(args, store) if args.user else None  # --user: only that person's sites
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
        path = template_xlsx.export_template(store, args.ids[0], args.output)
    _emit(args, {"file": str(path)}, lambda d: f"written to {path}")
    return EXIT_OK


def _add_exchange_commands(add) -> None:
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


# ----------------------------------------------------------------------------- parser


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="civdesk", description="CivDesk 文明创建检查台 — offline inspection checklists")
    p.add_argument("--home", help="home folder (default: $CIVDESK_HOME or the user data folder)")
    p.add_argument("--lang", choices=["zh", "en"], help="interface language")
    p.add_argument("--smoke", action="store_true",
                   help="open the main window for two seconds and close it (checks a packaged build; "
                        "logs in as $CIVDESK_SMOKE_USER, default admin, with $CIVDESK_PASSWORD)")
    p.add_argument("--version", action=_VersionAction, help="show the version and exit")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    def add(name, func, help_):
        sp = sub.add_parser(name, help=help_)
        sp.set_defaults(func=func)
        sp.add_argument("--json", action="store_true", help="machine-readable output")
        sp.add_argument("--user", help="act as this user (password from CIVDESK_PASSWORD or a prompt)")
        return sp

    t = add("templates", cmd_templates, "list, show, validate or import checklist templates")
    t.add_argument("action", choices=["list", "show", "validate", "import"])
    t.add_argument("target", nargs="?", help="template id (show) or file (validate, import)")

    s = add("score", cmd_score, "score an answers file against a template")
    s.add_argument("template", help="template id, or a template file")
    s.add_argument("answers", help='JSON: {"params": {...}, "answers": {"CODE": VALUE}}')
    s.add_argument("--param", action="append", help="NAME=VALUE, e.g. region=west")

    add("demo", cmd_demo, "fill the home with demo users, sites and inspections")

    u = add("users", cmd_users, "add or list users, change --user's own password (passwd), or assign an "
                                "inspector to sites")
    u.add_argument("action", choices=["add", "list", "passwd", "assign"])
    u.add_argument("name", nargs="?")
    u.add_argument("--role", choices=["admin", "inspector", "manager", "staff"])
    u.add_argument("--site", action="append", help="site id or name (managers and staff; assign: an inspector's sites)")
    u.add_argument("--display-name")

    st = add("sites", cmd_sites, "add or list sites")
    st.add_argument("action", choices=["add", "list"])
    st.add_argument("name", nargs="?")
    st.add_argument("--kind", default="toll_station", choices=["toll_station", "service_window", "unit", "city"])
    st.add_argument("--region", default="east", choices=["east", "central", "northeast", "west"])
    st.add_argument("--address")

    i = add("inspections", cmd_inspections, "list, create, show, submit, approve or return inspections")
    i.add_argument("action", choices=["list", "new", "show", "submit", "approve", "return"])
    i.add_argument("id", nargs="?", help="inspection id or uuid (show, submit, approve, return)")
    i.add_argument("--state", choices=STATES)
    i.add_argument("--site")
    i.add_argument("--template")
    i.add_argument("--search")
    i.add_argument("--kind", choices=KINDS)
    i.add_argument("--param", action="append", help="NAME=VALUE")
    i.add_argument("--follows", help="the inspection a re-inspection follows")
    i.add_argument("--reason", help="reason (return) or comment (approve)")

    a = add("answer", cmd_answer, "answer one item of an inspection")
    a.add_argument("inspection")
    a.add_argument("code")
    a.add_argument("value")
    a.add_argument("--note")
    a.add_argument("--photo")

    c = add("check", cmd_check, "verify database integrity, the audit chain, every row and result, and "
                                "attachments; remove files left by an interrupted write")
    c.add_argument("--sweep", action="store_true",
                   help="also remove photo files that no record or backup names (left by an interrupted import)")
    b = add("backup", cmd_backup, "write a backup of the database")
    b.add_argument("-o", "--output", required=True)
    r = add("restore", cmd_restore, "replace the database with a checked backup")
    r.add_argument("file")
    _add_document_commands(add)
    _add_exchange_commands(add)
    from . import cli_trust

    cli_trust.add_parser(add)
    from .cli_sync import add_sync_command

    add_sync_command(add)
    return p


def _normalise(args) -> None:
    if args.command == "templates":
        if args.action in ("show",):
            if not args.target:
                raise CliError("templates show needs a template id")
            args.id = args.target
        if args.action in ("validate", "import"):
            if not args.target:
                raise CliError(f"templates {args.action} needs a file")
            args.file = args.target


def _one_line(e: BaseException) -> str:
    """The refusal as one line in the language of --lang (cli_text)."""
    if isinstance(e, TemplateError):
        return cli_text.localize("invalid template: " + "; ".join(str(p) for p in e.problems[:20]) + (
            f" (+{len(e.problems) - 20} more)" if len(e.problems) > 20 else ""))
    return cli_text.localize(str(e).splitlines()[0]) if str(e) else type(e).__name__


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    cli_text.set_language(args.lang)  # Chinese unless --lang en, like the GUI
    from .resources import ResourceError, verify

    try:
        verify()  # an incomplete installation says so, instead of a home with no checklists
    except ResourceError as e:
        print(f"civdesk: {e}", file=sys.stderr)
        return EXIT_INPUT
    if not args.command:
        return gui_main_from_args(args, parser)
    from .services.errors import InputError, NotFound, SubmitBlocked
    from .store import StoreError

    try:
        _normalise(args)
        return args.func(args)
    except TemplateError as e:
        # A template's problems are one per line so an admin can fix them all at once.
        print(f"civdesk: {_one_line(e)}", file=sys.stderr)
        return EXIT_INPUT
    except (CliError, InputError, NotFound, SubmitBlocked, AnswerError, WorkflowError, PermissionError,
            StoreError, ValueError) as e:
        print(f"civdesk: {_one_line(e)}", file=sys.stderr)
        return EXIT_INPUT
    except sqlite3.DatabaseError as e:
        print(f"civdesk: {cli_text.localize(f'database error: {e}')}", file=sys.stderr)
        return EXIT_INPUT
    except RecursionError:
        # The readers refuse nesting past their limits first (services/limits.py); this is the last guard.
        print("civdesk: the input is nested too deeply to be read", file=sys.stderr)
        return EXIT_INPUT
    except OSError as e:
        print(f"civdesk: {cli_text.localize(str(e.strerror or e))}: {e.filename or ''}".rstrip(": "), file=sys.stderr)
        return EXIT_INPUT
    finally:
        while _HOLDS:
            _HOLDS.pop().release()


def gui_main_from_args(args, parser: argparse.ArgumentParser) -> int:
    """No subcommand: open the desktop window."""
    from .ui.platform_check import problem

    why = problem()
    if why:  # Qt would abort with "could not load the Qt platform plugin" and no hint
        print(f"civdesk: {why}", file=sys.stderr)
        return EXIT_INPUT
    from .ui.app import run_gui, smoke_gui

    if args.smoke:
        # A packaged build's self-test: the real window, opened for two seconds, closed cleanly.
        user = os.environ.get("CIVDESK_SMOKE_USER", "admin")
        try:
            return smoke_gui(_home(args), args.lang, user, _password(f"{user} 的密码: ", "CIVDESK_PASSWORD"))
        except (CliError, PermissionError) as e:
            print(f"civdesk: {_one_line(e)}", file=sys.stderr)
            return EXIT_INPUT
    return run_gui(_home(args), args.lang)


def gui_main() -> int:
    return main(sys.argv[1:] if len(sys.argv) > 1 else [])


if __name__ == "__main__":
    sys.exit(main())
