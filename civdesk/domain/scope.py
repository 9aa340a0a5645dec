"""Scope: which sites a person sees and acts on.

Staff and managers: the sites they belong to. Inspectors: the sites they are assigned to, or every
site when they have no assignment (the default). Admins: every site. The services put this into
their queries (``sites`` is None for "every site"), so a row outside scope is never read, rather
than read and hidden.
"""

from __future__ import annotations

from .errors import NotAllowed
from .workflow import Actor


class OutOfScope(NotAllowed):
    """An action on a site outside the acting person's scope."""

    def __init__(self, site_name: str | None = None):
        self.site_name = site_name
        if site_name:
            super().__init__("scope.site_outside", site=site_name)
        else:
            super().__init__("scope.outside")


def sites(actor: Actor | None) -> frozenset[int] | None:
    """The site ids ``actor`` may see, or None for every site (admins, unassigned inspectors, and
    no actor at all: the command line run without --user reads the whole home)."""
    if actor is None or actor.role == "admin":
        return None
    if actor.role == "inspector" and not actor.site_ids:
        return None
    return frozenset(actor.site_ids)


def covers(actor: Actor | None, site_id: int) -> bool:
    allowed = sites(actor)
    return allowed is None or site_id in allowed


def require(actor: Actor | None, site_id: int, site_name: str | None = None) -> None:
    if not covers(actor, site_id):
        raise OutOfScope(site_name)


def condition(actor: Actor | None, column: str) -> str:
    """A WHERE condition limiting ``column`` (a site id) to the scope, "" when it is every site.
    The ids are written in as integers (int() of each), so the condition needs no arguments and
    fits any query, with positional or named parameters alike."""
    allowed = sites(actor)
    if allowed is None:
        return ""
    if not allowed:
        return "0"
    return f"{column} IN ({', '.join(str(int(x)) for x in sorted(allowed))})"


def home_site(actor: Actor | None) -> int | None:
    """The one site a station's staff member or manager belongs to, where their lists start; None
    for the assessing side (admins, inspectors) and for someone of several sites."""
    if actor is None or actor.role not in ("manager", "staff") or len(actor.site_ids) != 1:
        return None
    return next(iter(actor.site_ids))
