"""Opening a walkthrough on an inspection made through the services (shared by the walkthrough tests)."""

from __future__ import annotations

from civdesk.services import inspections as insp


def start(window, crew, template_id: str, site: str, *, code: str | None = None, params=None, by=None):
    """Create an inspection as the window's user and open it at ``code``; returns the page."""
    iid = insp.new_inspection(
        crew.store,
        by or window.session.actor,
        template_id=template_id,
        site_id=crew.site[site],
        kind="inspection",
        params=params,
    )
    page = window.open_inspection(iid, code)
    assert page is not None
    return page


def stored(crew, iid: int):
    """What the database holds for an inspection (a fresh read, not the screen's copy)."""
    return insp.view(crew.store, iid)
