"""Operations: one small keyword-only function per user action. Each calls a service, then
broadcasts what changed through ``Session.changed`` (Anki's qt/aqt/operations pattern).

Errors from the services pass through unchanged; the calling screen shows them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..services import accounts, templates
from ..services import inspections as insp
from .session import Change, Session


def answer(session: Session, *, inspection_id: int, code: str, value: Any, source: Any = None) -> insp.Saved:
    saved = insp.answer(session.store, session.actor, inspection_id, code, value)
    session.broadcast(Change(inspections=frozenset({inspection_id}), source=source))
    return saved


def clear_answer(session: Session, *, inspection_id: int, code: str, source: Any = None) -> None:
    insp.clear_answer(session.store, session.actor, inspection_id, code)
    session.broadcast(Change(inspections=frozenset({inspection_id}), source=source))


def set_note(session: Session, *, inspection_id: int, code: str, note: str, source: Any = None) -> insp.Saved:
    saved = insp.set_note(session.store, session.actor, inspection_id, code, note)
    session.broadcast(Change(inspections=frozenset({inspection_id}), source=source))
    return saved


def attach_photo(session: Session, *, inspection_id: int, code: str, path: Path | str, source: Any = None) -> int:
    aid = insp.attach_photo(session.store, session.actor, inspection_id, code, path)
    session.broadcast(Change(inspections=frozenset({inspection_id}), source=source))
    return aid


def remove_photo(session: Session, *, inspection_id: int, attachment_id: int, source: Any = None) -> None:
    insp.remove_photo(session.store, session.actor, attachment_id)
    session.broadcast(Change(inspections=frozenset({inspection_id}), source=source))


def submit(session: Session, *, inspection_id: int, source: Any = None):
    result = insp.submit(session.store, session.actor, inspection_id)
    session.broadcast(Change(inspections=frozenset({inspection_id}), source=source))
    return result


def new_inspection(
    session: Session,
    *,
    template_id: str,
    site_id: int,
    kind: str,
    params: dict[str, str] | None = None,
    follows_id: int | None = None,
    source: Any = None,
) -> int:
    iid = insp.new_inspection(
        session.store,
        session.actor,
        template_id=template_id,
        site_id=site_id,
        kind=kind,
        params=params,
        follows_id=follows_id,
    )
    session.broadcast(Change(inspections=frozenset({iid}), new_inspection=True, source=source))
    return iid


def save_template(session: Session, *, data: dict, source: Any = None) -> tuple[int, bool]:
    """Store a checklist as its next version (unchanged content makes none): (pk, created)."""
    pk, created = templates.add_version(session.store, data, by=session.actor)
    if created:
        session.broadcast(Change(templates=True, source=source))
    return pk, created


def announce_import(
    session: Session,
    *,
    inspection_ids: frozenset[int],
    new_inspection: bool,
    sites: bool,
    users: bool,
    templates_added: bool,
    source: Any = None,
) -> None:
    """An import (run on the operation runner's thread) has finished: tell every screen what arrived."""
    if inspection_ids or new_inspection or sites or users or templates_added:
        session.broadcast(
            Change(
                inspections=inspection_ids,
                new_inspection=new_inspection,
                sites=sites,
                users=users,
                templates=templates_added,
                source=source,
            )
        )


def announce_sync(session: Session, *, source: Any = None) -> None:
    """A sync with the hub brought changes: anything may be new."""
    session.broadcast(Change(new_inspection=True, sites=True, users=True, templates=True, source=source))


def save_site(
    session: Session,
    *,
    site_id: int | None,
    name: str,
    kind: str,
    region: str,
    address: str,
    manager_id: int | None,
    source: Any = None,
) -> int:
    """Add (``site_id`` None) or edit a site and set its manager."""
    store, by = session.store, session.actor
    if site_id is None:
        site_id = accounts.create_site(store, by=by, name=name, kind=kind, region=region, address=address)
    else:
        accounts.update_site(store, by=by, site_id=site_id, name=name, kind=kind, region=region, address=address)
    if manager_id != accounts.site_manager_id(store, site_id):
        accounts.set_site_manager(store, by=by, site_id=site_id, manager_id=manager_id)
    session.broadcast(Change(sites=True, users=True, source=source))
    return site_id
