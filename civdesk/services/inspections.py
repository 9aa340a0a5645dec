"""Inspection use cases: start, answer, note, photos, submit, return, approve, list.

Each function checks the workflow rules (civdesk.domain.workflow) before it writes, writes in
one transaction together with its audit entry, and returns what changed.
"""

from __future__ import annotations

import datetime as _dt
import json
import uuid as _uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..domain import rectification as rect
from ..domain import scope as _scope
from ..domain.scoring import Result, coerce_value, score, submission_blockers
from ..domain.template import Template
from ..domain.workflow import KINDS, STATES, Actor, Facts, WorkflowError, check, may_create
from ..store import Store, now
from ..store import answers as answer_repo
from ..store import attachments as files
from ..store import inspections as repo
from ..store import rectifications as rect_repo
from ..store import sites as site_repo
from ..store.rows import as_dict
from . import accounts, templates
from .errors import InputError, NotFound, SubmitBlocked


@dataclass(frozen=True)
class Saved:
    """What an answer change left in the database (the walkthrough shows it as "saved")."""

    inspection_id: int
    item_code: str
    value: Any
    note: str
    at: str
    photo_id: int | None = None  # the attachment added with the answer, if any


def _row(store: Store, inspection_id: int) -> dict:
    row = repo.get(store.conn, inspection_id)
    if row is None:
        raise NotFound("inspections.no_inspection_id", inspection_id=inspection_id)
    return as_dict(row)


def header(store: Store, inspection_id: int) -> dict:
    """Number, uuid and state of an inspection (what the CLI prints about one it made)."""
    row = _row(store, inspection_id)
    return {"id": row["id"], "uuid": row["uuid"], "state": row["state"]}


def resolve(store: Store, ref: str | int) -> int:
    """An inspection id from its number or (a unique prefix of) its uuid."""
    ref = str(ref).strip()
    if ref.isdigit() and repo.exists(store.conn, int(ref)):
        return int(ref)
    ids = repo.ids_by_uuid_prefix(store.conn, ref) if ref else []
    if len(ids) == 1:
        return ids[0]
    if len(ids) > 1:
        raise InputError("inspections.inspection_ambiguous_give_more", ref=ref)
    raise NotFound("inspections.no_inspection", ref=ref)


def _facts(store: Store, row: dict) -> Facts:
    return Facts(
        kind=row["kind"],
        state=row["state"],
        site_id=row["site_id"],
        author_id=row["author_id"],
        reviewer_id=row["reviewer_id"],
    )


def template_of(store: Store, row: dict) -> Template:
    return templates.get_template(store, row["template_pk"])


def new_inspection(
    store: Store,
    by: Actor,
    *,
    template_id: str,
    site_id: int,
    kind: str,
    params: dict[str, str] | None = None,
    follows_id: int | None = None,
) -> int:
    site = accounts.get_site(store, site_id)
    may_create(by, kind, site_id)
    _scope.require(by, site_id, site["name"])
    pk = templates.latest_pk(store, template_id)
    tpl = templates.get_template(store, pk)
    given = dict(params or {})
    if any(p.name == "region" for p in tpl.parameters):
        given.setdefault("region", site["region"])  # the site's region is the natural default
    try:
        resolved = tpl.resolve_params(given)
    except InputError:
        raise
    if kind == "reinspection":
        if follows_id is None:
            raise InputError("inspections.re_inspection_follows_earlier")
        prev = _row(store, follows_id)
        if prev["site_id"] != site_id:
            raise InputError("inspections.re_inspection_must_same")
        if prev["template_pk"] != pk:
            pk, tpl = prev["template_pk"], templates.get_template(store, prev["template_pk"])
            resolved = json.loads(prev["params"])
        covers = rect_repo.open_codes(store.conn, follows_id)
        if not covers:
            raise InputError("inspections.inspection_follows_has_no")
    elif follows_id is not None:
        _row(store, follows_id)
    ts = now()
    covers_json = json.dumps(covers) if kind == "reinspection" else None
    with store.write():
        iid = repo.create(
            store.conn,
            uuid=str(_uuid.uuid4()),
            template_pk=pk,
            params=json.dumps(resolved),
            site_id=site_id,
            kind=kind,
            state="draft",
            author_id=by.id,
            follows_id=follows_id,
            created_at=ts,
            updated_at=ts,
            covers=covers_json,
        )
        store.audit(
            by.id,
            "inspection.create",
            "inspection",
            iid,
            {"template": tpl.id, "version": tpl.version, "site_id": site_id, "kind": kind, "params": resolved},
        )
    return iid


def _editable(store: Store, by: Actor, inspection_id: int) -> answer_repo.Editable:
    """The inspection, once ``by`` may change its answers (no dict: every answer asks)."""
    found = answer_repo.editable(store.conn, inspection_id)
    if found is None:
        raise NotFound("inspections.no_inspection_id", inspection_id=inspection_id)
    check(by, "answer", Facts(found.kind, found.state, found.site_id, found.author_id, reviewer_id=found.reviewer_id))
    return found


def _template(store: Store, found: answer_repo.Editable) -> Template:
    return templates.get_template(store, found.template_pk, (found.template_sha, found.template_version))


def answer(
    store: Store,
    by: Actor,
    inspection_id: int,
    code: str,
    value: Any,
    note: str | None = None,
    photo: Path | str | None = None,
) -> Saved:
    """Record one answer (and optionally its note and a photo): checked, saved and audited in one
    transaction. The photo is checked before anything is written: a bad one leaves the answer as it was."""
    tpl = _template(store, _editable(store, by, inspection_id))
    try:
        item = tpl.item(code)
    except KeyError:
        raise NotFound("inspections.template_v_has_no", id=tpl.id, version=tpl.version, item_code=code) from None
    stored = coerce_value(item, value)
    encoded = json.dumps(stored, ensure_ascii=False)
    picture = _store_photo(store, photo) if photo is not None else None
    ts = now()
    with store.write() as conn:
        saved_note = answer_repo.save_answer(conn, inspection_id, code, encoded, note, by.id, ts)
        answer_repo.touch(conn, inspection_id, ts)
        detail = {"code": code, "value": stored}
        if note is not None:
            detail["note"] = note
        store.audit(by.id, "answer", "inspection", inspection_id, detail)
        photo_id = _photo_row(store, by, inspection_id, code, *picture) if picture else None
    return Saved(inspection_id, code, stored, saved_note, ts, photo_id)


def clear_answer(store: Store, by: Actor, inspection_id: int, code: str) -> None:
    """Take an answer back to unanswered (the walkthrough's undo of a first answer); the note stays."""
    _editable(store, by, inspection_id)
    with store.write() as conn:
        ts = now()
        answer_repo.clear_answer(conn, inspection_id, code, by.id, ts)
        answer_repo.touch(conn, inspection_id, ts)
        store.audit(by.id, "answer.clear", "inspection", inspection_id, {"code": code})


def set_note(store: Store, by: Actor, inspection_id: int, code: str, note: str) -> Saved:
    tpl = _template(store, _editable(store, by, inspection_id))
    try:
        tpl.item(code)
    except KeyError:
        raise NotFound("inspections.template_has_no_item", id=tpl.id, item_code=code) from None
    ts = now()
    with store.write() as conn:
        answer_repo.save_note(conn, inspection_id, code, note, by.id, ts)
        answer_repo.touch(conn, inspection_id, ts)
        store.audit(by.id, "note", "inspection", inspection_id, {"code": code, "note": note})
    saved = answer_repo.answer_of(store.conn, inspection_id, code)
    value = saved.value if saved else None
    return Saved(inspection_id, code, None if value is None else json.loads(value), note, ts)


def attach_photo(store: Store, by: Actor, inspection_id: int, code: str, path: Path | str) -> int:
    tpl = _template(store, _editable(store, by, inspection_id))
    try:
        tpl.item(code)
    except KeyError:
        raise NotFound("inspections.template_has_no_item", id=tpl.id, item_code=code) from None
    picture = _store_photo(store, path)
    with store.write():
        aid = _photo_row(store, by, inspection_id, code, *picture)
        answer_repo.touch(store.conn, inspection_id, now())
    return aid


def _store_photo(store: Store, path: Path | str) -> tuple[Path, str, int]:
    """Check a photo and put its file into the home's store: (path, sha256, size). The file alone
    is harmless: until a row names it, ``check`` counts it as an orphan."""
    path = check_photo(path)
    sha, size = files.put_file(store.attachments_dir, path)
    return path, sha, size


def _photo_row(store: Store, by: Actor, inspection_id: int, code: str, path: Path, sha: str, size: int) -> int:
    """The attachment row and its audit entry; inside the caller's write transaction (which moves
    the inspection's updated_at on)."""
    aid = repo.add_attachment(
        store.conn,
        inspection_id=inspection_id,
        item_code=code,
        sha256=sha,
        filename=path.name,
        size=size,
        added_by=by.id,
        added_at=now(),
    )
    store.audit(
        by.id,
        "photo.add",
        "inspection",
        inspection_id,
        {"code": code, "sha256": sha, "filename": path.name, "attachment": aid},
    )
    return aid


PHOTO_FORMATS = ("JPEG", "PNG", "WEBP", "BMP", "TIFF", "GIF")


def check_photo(path: Path | str) -> Path:
    """A photo must be a picture the documents can print, within CivDesk's limits on pictures
    (services/limits.py); InputError (LimitExceeded) names the file and the fault otherwise."""
    from PIL import UnidentifiedImageError

    from .limits import LimitExceeded, open_image

    path = Path(path)
    if not path.is_file():
        raise InputError("inspections.no_such_file", path=path)
    try:
        with open_image(path) as im:
            fmt = im.format
            im.verify()  # reads the whole file: a truncated or damaged picture is refused here
    except LimitExceeded:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise InputError("inspections.picture_civdesk_can_read", name=path.name) from None
    if fmt not in PHOTO_FORMATS:
        raise InputError("inspections.pictures_supported_use_jpeg", name=path.name, fmt=fmt)
    return path


def remove_photo(store: Store, by: Actor, attachment_id: int) -> None:
    att = repo.attachment(store.conn, attachment_id)
    if att is None:
        raise NotFound("inspections.no_attachment_id", attachment_id=attachment_id)
    _editable(store, by, att.inspection_id)
    # The file stays: other rows (or a backup being restored) may share the same content.
    with store.write() as conn:
        repo.delete_attachment(conn, attachment_id)
        store.audit(
            by.id,
            "photo.remove",
            "inspection",
            att.inspection_id,
            {"code": att.item_code, "sha256": att.sha256, "attachment": attachment_id},
        )


@dataclass(frozen=True)
class PhotoFile:
    """A photo attached to an item, with the stored file it is (``path``)."""

    id: int
    item_code: str
    sha256: str
    filename: str
    size: int
    path: str


def photos(store: Store, inspection_id: int, code: str | None = None) -> list[PhotoFile]:
    """The photos of an inspection (of one item when ``code``), in the order they were added."""
    return [
        PhotoFile(a.id, a.item_code, a.sha256, a.filename, a.size, str(files.path_for(store.attachments_dir, a.sha256)))
        for a in repo.attachments(store.conn, inspection_id, code)
    ]


@dataclass(frozen=True)
class View:
    """Everything a screen or document needs about one inspection."""

    row: dict
    template: Template
    params: dict[str, str]
    answers: dict[str, Any]
    notes: dict[str, str]
    photo_counts: dict[str, int]
    result: Result


def view(store: Store, inspection_id: int) -> View:
    row = _row(store, inspection_id)
    tpl = template_of(store, row)
    params = json.loads(row["params"])
    answers, notes = {}, {}
    for a in answer_repo.answers(store.conn, inspection_id):
        if a.value is not None:
            answers[a.item_code] = json.loads(a.value)
        if a.note:
            notes[a.item_code] = a.note
    counts = repo.photo_counts(store.conn, inspection_id)
    known = {i.code for i in tpl.items()}
    return View(
        row, tpl, params, answers, notes, counts, score(tpl, {k: v for k, v in answers.items() if k in known}, params)
    )


def _blockers(v: View) -> list:
    found = submission_blockers(v.template, v.result, v.notes, v.photo_counts)
    if v.row.get("covers"):
        # A re-inspection looks only at the items whose rectifications it covers.
        covered = set(json.loads(v.row["covers"]))
        found = [b for b in found if b.code in covered]
    return found


def blockers(store: Store, inspection_id: int) -> list:
    return _blockers(view(store, inspection_id))


def _transition(store: Store, by: Actor, inspection_id: int, action: str) -> tuple[dict, str]:
    row = _row(store, inspection_id)
    return row, check(by, action, _facts(store, row))


def submit(store: Store, by: Actor, inspection_id: int, *, today: _dt.date | None = None) -> Result:
    """Submit for review; refused with every blocker listed. Failed items become rectifications
    (due ``rectification_days`` after ``today``, which tests and demo data may set)."""
    _, target = _transition(store, by, inspection_id, "submit")
    v = view(store, inspection_id)
    found = _blockers(v)
    if found:
        raise SubmitBlocked(found)
    ts = now()
    r = v.result
    today = today or _dt.date.fromisoformat(ts[:10])
    due = rect.due_date(today, v.template.rectification_days).isoformat()
    owner = accounts.site_manager_id(store, v.row["site_id"])
    with store.write() as conn:
        repo.change(
            conn,
            inspection_id,
            state=target,
            submitted_at=ts,
            updated_at=ts,
            score=r.score,
            max_score=r.max,
            percent=r.percent,
            level=r.level,
            level_label=r.level_label,
            vetoed=int(r.vetoed),
        )
        existing = set(rect_repo.codes_of(conn, inspection_id))
        failed = r.failed_items
        if v.row.get("covers"):
            failed = []  # a re-inspection settles the rectifications it covers; it opens none of its own
        created = rect.new_items(failed, existing)
        for code in created:
            rect_repo.create(
                conn,
                inspection_id=inspection_id,
                item_code=code,
                owner_id=owner,
                due_date=due,
                state="open",
                created_at=ts,
            )
        # Resubmitted after a return with an item amended so it no longer fails: its rectification,
        # never worked yet, is dropped (one that was worked stays for the record).
        dropped = [c for c in rect_repo.codes_of(conn, inspection_id, state="open") if c not in failed]
        if dropped:
            rect_repo.delete_open(conn, inspection_id, dropped)
        detail = {
            "score": r.score,
            "percent": r.percent,
            "level": r.level,
            "vetoed": r.vetoed,
            "rectifications": created,
        }
        if dropped:
            detail["rectifications_dropped"] = dropped
        store.audit(by.id, "inspection.submit", "inspection", inspection_id, detail)
    return r


def return_inspection(
    store: Store, by: Actor, inspection_id: int, reason: str, item_comments: dict[str, str] | None = None
) -> None:
    """The reviewer sends it back to its author with a reason (and per-item comments)."""
    if not reason or not reason.strip():
        raise InputError("inspections.returning_inspection_needs_reason")
    _, target = _transition(store, by, inspection_id, "return")
    ts = now()
    with store.write():
        repo.change(store.conn, inspection_id, state=target, reviewer_id=by.id, updated_at=ts)
        repo.add_comment(store.conn, inspection_id, None, by.id, "return", reason.strip(), ts)
        for code, text in (item_comments or {}).items():
            repo.add_comment(store.conn, inspection_id, code, by.id, "comment", text, ts)
        store.audit(
            by.id,
            "inspection.return",
            "inspection",
            inspection_id,
            {"reason": reason.strip(), "items": sorted(item_comments or {})},
        )


def approve(store: Store, by: Actor, inspection_id: int, comment: str = "") -> None:
    _, target = _transition(store, by, inspection_id, "approve")
    ts = now()
    with store.write():
        repo.change(store.conn, inspection_id, state=target, reviewer_id=by.id, updated_at=ts)
        if comment.strip():
            repo.add_comment(store.conn, inspection_id, None, by.id, "approve", comment.strip(), ts)
        store.audit(by.id, "inspection.approve", "inspection", inspection_id, {"comment": comment.strip()})


def comments(store: Store, inspection_id: int) -> list[dict]:
    return [as_dict(c) for c in repo.comments(store.conn, inspection_id)]


def list_inspections(
    store: Store,
    *,
    state: str | None = None,
    site_id: int | None = None,
    template_id: str | None = None,
    since: str | None = None,
    until: str | None = None,
    search: str | None = None,
    limit: int | None = None,
    scope: Actor | None = None,
) -> list[dict]:
    """Inspections matching the filters, newest first (``limit``: the first that many); ``scope``
    limits them to that person's sites. Screens page through services.listing instead."""
    from . import listing

    query = listing.inspection_query(
        state=state,
        site_id=site_id,
        template_id=template_id,
        since=since,
        until=until,
        search=search,
        site_ids=_scope.sites(scope),
    )
    return listing.page(store, query, 0, int(limit) if limit else -1)


def counts_by_state(store: Store, scope: Actor | None = None) -> dict[str, int]:
    got = repo.counts_by_state(store.conn, _scope.sites(scope))
    return {s: got.get(s, 0) for s in STATES}


def view_for(store: Store, by: Actor | None, inspection_id: int) -> View:
    """``view`` for a person: OutOfScope when the inspection's site is not theirs."""
    v = view(store, inspection_id)
    _scope.require(by, v.row["site_id"], site_repo.site_name(store.conn, v.row["site_id"]))
    return v


__all__ = ["KINDS", "WorkflowError"]
