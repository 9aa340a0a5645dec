"""Operations of review and sign-off (issue 4) and the documents printed from them (issue 5):
one keyword-only function per user action, each calling a service and broadcasting what changed
(the same pattern as ops.py). Service refusals pass through unchanged; ``refusals.explain`` words
them for the screen.

A rectification's change is broadcast as a change of its inspection (it is part of that record).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ...services import accounts, documents, rectifications, review_drafts, signing
from ...services import inspections as insp
from ..session import Change, Session


def _changed(session: Session, iid: int, source: Any, *, new: bool = False, users: bool = False) -> None:
    session.broadcast(Change(inspections=frozenset({iid}), new_inspection=new, users=users, source=source))


def return_inspection(
    session: Session, *, inspection_id: int, reason: str, item_comments: dict[str, str], source: Any = None
) -> None:
    with session.store.write():  # the reviewer's draft goes with the return that sends it
        insp.return_inspection(session.store, session.actor, inspection_id, reason, item_comments)
        review_drafts.clear(session.store, session.actor, inspection_id)
    _changed(session, inspection_id, source)


def approve(session: Session, *, inspection_id: int, comment: str = "", source: Any = None) -> None:
    with session.store.write():
        insp.approve(session.store, session.actor, inspection_id, comment)
        review_drafts.clear(session.store, session.actor, inspection_id)
    _changed(session, inspection_id, source)


def sign(session: Session, *, inspection_id: int, password: str, image_png: bytes, source: Any = None) -> str:
    state = signing.sign(session.store, session.actor, inspection_id, password, image_png)
    _changed(session, inspection_id, source)
    if state == "signed":
        # Signing a re-inspection settles the rectifications of the inspection it follows.
        follows = insp.view(session.store, inspection_id).row.get("follows_id")
        if follows:
            _changed(session, follows, source)
    return state


def issue_certificate(
    session: Session, *, inspection_id: int, title: str | None = None, source: Any = None
) -> documents.Rendered:
    """Issue (first time: the inspection becomes certified) and render the certificate."""
    rendered = documents.render_certificate(session.store, inspection_id, by=session.actor, title=title)
    _changed(session, inspection_id, source)
    return rendered


def revoke_certificate(session: Session, *, inspection_id: int, reason: str, source: Any = None):
    """Revoke the inspection's certificate with a reason (it goes back to signed)."""
    from ...services import certificates

    rec = certificates.revoke(session.store, session.actor, inspection_id, reason)
    _changed(session, inspection_id, source)
    return rec


def mark_done(
    session: Session, *, rect_id: int, inspection_id: int, note: str, photos: list[Path | str], source: Any = None
) -> None:
    rectifications.mark_done(session.store, session.actor, rect_id, note, photos)
    _changed(session, inspection_id, source)


def verify(session: Session, *, rect_id: int, inspection_id: int, source: Any = None) -> None:
    rectifications.verify(session.store, session.actor, rect_id)
    _changed(session, inspection_id, source)


def reopen(session: Session, *, rect_id: int, inspection_id: int, reason: str, source: Any = None) -> None:
    rectifications.reopen(session.store, session.actor, rect_id, reason)
    _changed(session, inspection_id, source)


def new_reinspection(session: Session, *, follows_id: int, source: Any = None) -> int:
    """A 复查 of the open rectifications of ``follows_id``, at the same site on the same checklist."""
    v = insp.view(session.store, follows_id)
    iid = insp.new_inspection(
        session.store,
        session.actor,
        template_id=v.template.id,
        site_id=v.row["site_id"],
        kind="reinspection",
        follows_id=follows_id,
    )
    _changed(session, iid, source, new=True)
    return iid


def create_user(
    session: Session, *, name: str, role: str, password: str, display_name: str, site_ids: list[int], source: Any = None
) -> int:
    uid = accounts.create_user(
        session.store,
        by=session.actor,
        name=name,
        role=role,
        password=password,
        display_name=display_name,
        site_ids=site_ids,
    )
    session.broadcast(Change(users=True, sites=True, source=source))
    return uid


def assign_sites(session: Session, *, user_id: int, site_ids: list[int], source: Any = None) -> None:
    accounts.assign_sites(session.store, by=session.actor, user_id=user_id, site_ids=site_ids)
    session.broadcast(Change(users=True, source=source))


def reset_password(session: Session, *, user_id: int, new_password: str, source: Any = None) -> None:
    accounts.reset_password(session.store, by=session.actor, user_id=user_id, new_password=new_password)
    session.broadcast(Change(users=True, source=source))
