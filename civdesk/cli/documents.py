"""``civdesk report``, ``certificate``, ``notice``, ``form`` and ``verify``: the PDF documents."""

from __future__ import annotations

from pathlib import Path

from .common import EXIT_FAILED, EXIT_OK, CliError, emit, login, open_store
from .exchange import cmd_verify_bundle


# ----------------------------------------------------------------------------- documents (civdesk/reports)


def _documents_call(fn, *a, **kw):
    """Run a document use case; a missing font package is bad input, not a crash."""
    from ..reports.fonts import FontError

    try:
        return fn(*a, **kw)
    except FontError as e:
        raise CliError(str(e)) from None


def _doc_user(args, store):
    """The printing user, logged in: a signed document is signed with their own key."""
    if not args.user:
        raise CliError(f"{args.command} acts as a user (who prints, and signs, the document): give --user NAME")
    return login(args, store)


def _emit_rendered(args, r) -> int:
    data = {"kind": r.kind, "file": str(r.path), "code": r.code, "sha256": r.sha256, "signed_by": list(r.signed_by)}
    if r.kind == "certificate":
        data.update(serial=r.doc.serial, title=r.doc.title)
    emit(args, data, lambda d: f"{d['kind']} written to {d['file']}" + (f" (verification code {d['code']})"
                                                                          if d["code"] else ""))
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
        raise CliError(f"unexpected {args.target!r}: certificate ID -o FILE, or certificate revoke ID --reason TEXT")
    if not args.output:
        raise CliError("certificate needs -o FILE.pdf")
    store = open_store(args)
    iid = inspections.resolve(store, args.id)
    by = _doc_user(args, store)
    return _emit_rendered(args, _documents_call(documents.render_certificate, store, iid, args.output, by=by,
                                                title=args.title))


def _revoke_certificate(args) -> int:
    from ..services import certificates, inspections

    if not args.target:
        raise CliError("certificate revoke needs the inspection ID")
    if not args.reason or not args.reason.strip():
        raise CliError("certificate revoke needs --reason TEXT")
    store = open_store(args)
    iid = inspections.resolve(store, args.target)
    rec = certificates.revoke(store, login(args, store), iid, args.reason)
    emit(args, {"inspection": iid, "serial": rec.serial, "code": rec.code, "revoked_at": rec.revoked_at,
                 "reason": rec.revoked_reason},
          lambda d: f"certificate {rec.serial} of inspection {iid} revoked: {rec.revoked_reason}")
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
        raise CliError("verify needs either FILE.pdf or --code CODE")
    store = open_store(args)
    if args.code:
        v = documents.verify_code(store, args.code)
    else:
        path = Path(args.file)
        if path.suffix.lower() == ".civpack":
            return cmd_verify_bundle(args)
        if not path.is_file():
            raise CliError(f"{path}: no such file")
        v = documents.verify_pdf(store, path.read_bytes())
    data = {"ok": v.ok, "record": record_json(v.record), "lines": v.lines,
            "signatures": [s.__dict__ for s in v.pdf.signatures] if v.pdf else []}
    emit(args, data, lambda d: "\n".join(d["lines"]))
    return EXIT_OK if v.ok else EXIT_FAILED


def add_document_commands(add) -> None:
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

