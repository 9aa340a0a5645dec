"""``civdesk report``, ``certificate``, ``notice``, ``form`` and ``verify``: the PDF documents."""

from __future__ import annotations

from pathlib import Path

from ..messages import render as say
from ..messages import word
from .common import EXIT_FAILED, EXIT_OK, CliError, emit, login, open_store
from .exchange import cmd_verify_bundle

# ----------------------------------------------------------------------------- documents (civdesk/reports)


def _documents_call(fn, *a, **kw):
    """Run a document use case; a missing font package is bad input, not a crash."""
    from ..reports.fonts import FontError

    try:
        return fn(*a, **kw)
    except FontError as e:
        raise e from None


def _doc_user(args, store):
    """The printing user, logged in: a signed document is signed with their own key."""
    if not args.user:
        raise CliError("cli.acts_user_who_prints", command=args.command)
    return login(args, store)


def _emit_rendered(args, r) -> int:
    data = {"kind": r.kind, "file": str(r.path), "code": r.code, "sha256": r.sha256, "signed_by": list(r.signed_by)}
    if r.kind == "certificate":
        data.update(serial=r.doc.serial, title=r.doc.title)
    document = r.kind
    if r.kind == "report":  # the title says 自评报告 / 复查报告 for those kinds of inspection: so does the line
        from ..reports.content import DOC_TITLES

        kind = {title: k for k, title in DOC_TITLES.items()}.get(r.doc.title or "")
        document = {"self": "self_report", "reinspection": "reinspection_report"}.get(kind or "", "report")
    emit(
        args,
        data,
        lambda d: (
            say("cli.document_written_code", document=document, file=d["file"], code=d["code"])
            if d["code"]
            else say("cli.document_written", document=document, file=d["file"])
        ),
    )
    return EXIT_OK


def _render_inspection_document(args, render) -> int:
    from ..services import inspections

    store = open_store(args)
    iid = inspections.resolve(store, args.id)
    by = _doc_user(args, store)
    return _emit_rendered(args, _documents_call(render, store, iid, args.output, by=by))


def cmd_report(args) -> int:
    from ..services import documents

    return _render_inspection_document(args, documents.render_report)


def cmd_certificate(args) -> int:
    from ..services import documents, inspections

    if args.id == "revoke":
        return _revoke_certificate(args)
    if args.target:
        raise CliError("cli.unexpected_certificate_id_o", target=args.target)
    if not args.output:
        raise CliError("cli.certificate_needs_o_file")
    store = open_store(args)
    iid = inspections.resolve(store, args.id)
    by = _doc_user(args, store)
    return _emit_rendered(
        args, _documents_call(documents.render_certificate, store, iid, args.output, by=by, title=args.title)
    )


def _revoke_certificate(args) -> int:
    from ..services import certificates, inspections

    if not args.target:
        raise CliError("cli.certificate_revoke_needs_inspection")
    if not args.reason or not args.reason.strip():
        raise CliError("cli.certificate_revoke_needs_reason")
    store = open_store(args)
    iid = inspections.resolve(store, args.target)
    rec = certificates.revoke(store, login(args, store), iid, args.reason)
    emit(
        args,
        {
            "inspection": iid,
            "serial": rec.serial,
            "code": rec.code,
            "revoked_at": rec.revoked_at,
            "reason": rec.revoked_reason,
        },
        lambda d: say("cli.certificate_revoked", serial=rec.serial, id=iid, why=rec.revoked_reason),
    )
    return EXIT_OK


def cmd_notice(args) -> int:
    from ..services import documents

    return _render_inspection_document(args, documents.render_notice)


def cmd_form(args) -> int:
    from ..services import documents

    return _emit_rendered(args, _documents_call(documents.render_form, open_store(args), args.template, args.output))


def cmd_verify(args) -> int:
    from ..services import documents
    from ..services.documents import record_json

    if bool(args.file) == bool(args.code):
        raise CliError("cli.verify_needs_either_file")
    store = open_store(args)
    if args.code:
        v = documents.verify_code(store, args.code)
    else:
        path = Path(args.file)
        if path.suffix.lower() == ".civpack":
            return cmd_verify_bundle(args)
        if not path.is_file():
            raise CliError("cli.no_such_file2", path=path)
        v = documents.verify_pdf(store, path.read_bytes())
    data = {
        "ok": v.ok,
        "record": record_json(v.record),
        "lines": v.lines,
        "signatures": [s.__dict__ for s in v.pdf.signatures] if v.pdf else [],
    }
    emit(args, data, lambda d: "\n".join(word(line) for line in v.lines))
    return EXIT_OK if v.ok else EXIT_FAILED


def add_document_commands(add) -> None:
    for name, func, help_ in (
        ("report", cmd_report, say("help.report")),
        ("certificate", cmd_certificate, say("help.certificate")),
        ("notice", cmd_notice, say("help.notice")),
    ):
        d = add(name, func, help_)
        if name == "certificate":
            # civdesk certificate ID -o FILE  |  civdesk certificate revoke ID --reason TEXT
            d.add_argument("id", help=say("help.certificate_id"))
            d.add_argument("target", nargs="?", help=say("help.revoke_target"))
            d.add_argument("-o", "--output", help=say("help.pdf_signed"))
            d.add_argument("--reason", help=say("help.revoke_reason"))
        else:
            d.add_argument("id", help=say("help.inspection_id"))
            d.add_argument("-o", "--output", required=True, help=say("help.pdf_signed"))
        if name == "certificate":
            d.add_argument("--title", help=say("help.title"))
    f = add("form", cmd_form, say("help.form"))
    f.add_argument("template", help=say("help.template_id"))
    f.add_argument("-o", "--output", required=True, help=say("help.pdf_to_write"))
    v = add("verify", cmd_verify, say("help.verify"))
    v.add_argument("file", nargs="?", help=say("help.pdf_to_check"))
    v.add_argument("--code", help=say("help.code"))
