"""What the admin screens show to the person looking at them: the users, the sites and the settings,
each with what that person may do (``allowed``) and the refusal for what they may not (``refused``).

Each action is decided by the function the service that performs it refuses with —
``accounts.user_refusal`` / ``site_refusal`` for users and sites, ``settings.refusal`` for a
setting — so a button the screen offers and the service's answer cannot disagree
(tests/services/test_admin_views.py tries every action as every role).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from .. import settings_schema as schema
from ..domain.workflow import Actor
from ..store import Store, sites, users
from . import accounts, settings, sync_state
from .allows import Allows
from .errors import CivDeskError


def _decide(refusals: Mapping[str, CivDeskError | None]) -> tuple[frozenset[str], Mapping[str, CivDeskError]]:
    refused = {a: r for a, r in refusals.items() if r is not None}
    return frozenset(a for a in refusals if a not in refused), MappingProxyType(refused)


@dataclass(frozen=True)
class UserView(Allows):
    """A user as the users page lists them; ``allowed`` among reset_password and assign_sites."""

    id: int
    name: str
    display_name: str
    role: str
    active: bool
    created_at: str
    sites: tuple[str, ...]  # names of the sites they belong to (an inspector: is assigned to)
    site_ids: frozenset[int]
    allowed: frozenset[str]
    refused: Mapping[str, CivDeskError] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def every_site(self) -> bool:
        """An inspector assigned to no site in particular works at every site."""
        return self.role == "inspector" and not self.site_ids


@dataclass(frozen=True)
class SiteView(Allows):
    """A site as the sites page lists it; ``allowed``: edit and set_manager, or neither."""

    id: int
    name: str
    kind: str
    region: str
    address: str
    managers: tuple[str, ...]  # display names of its managers
    manager_id: int | None  # the active manager the site dialog offers as chosen
    allowed: frozenset[str]
    refused: Mapping[str, CivDeskError] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True)
class Directory(Allows):
    """The users and sites pages: every user and site with what ``by`` may do to each, and what
    the pages offer at all (``allowed`` among "add_user", "reset_password", "assign_sites",
    "add_site", "edit_site"); whether one user allows an action is that user's view."""

    users: tuple[UserView, ...]
    sites: tuple[SiteView, ...]
    allowed: frozenset[str]
    refused: Mapping[str, CivDeskError] = field(default_factory=lambda: MappingProxyType({}))

    def user(self, user_id: int) -> UserView:
        return next(u for u in self.users if u.id == user_id)

    def site(self, site_id: int) -> SiteView:
        return next(s for s in self.sites if s.id == site_id)

    def managers(self) -> tuple[UserView, ...]:
        """The active managers, whom a site may be given to."""
        return tuple(u for u in self.users if u.role == "manager" and u.active)


def directory(store: Store, by: Actor) -> Directory:
    site_names: dict[int, list[str]] = {}
    site_ids: dict[int, set[int]] = {}
    for uid, sid, site_name in users.site_links(store.conn):  # one pass: a city office has hundreds of links
        site_names.setdefault(uid, []).append(site_name)
        site_ids.setdefault(uid, set()).add(sid)
    user_views = []
    for u in users.all_users(store.conn):
        allowed, refused = _decide(
            {a: accounts.user_refusal(by, a, u.role) for a in accounts.USER_ACTIONS if a != "add"}
        )
        user_views.append(
            UserView(
                id=u.id,
                name=u.name,
                display_name=u.display_name,
                role=u.role,
                active=bool(u.active),
                created_at=u.created_at,
                sites=tuple(site_names.get(u.id, ())),
                site_ids=frozenset(site_ids.get(u.id, ())),
                allowed=allowed,
                refused=refused,
            )
        )
    managers: dict[int, list[str]] = {}
    for sid, name in users.managers_by_site(store.conn):
        managers.setdefault(sid, []).append(name)
    manager_ids = users.manager_ids_by_site(store.conn)
    site_allowed, site_refused = _decide({a: accounts.site_refusal(by, a) for a in accounts.SITE_ACTIONS if a != "add"})
    site_views = tuple(
        SiteView(
            id=s.id,
            name=s.name,
            kind=s.kind,
            region=s.region,
            address=s.address,
            managers=tuple(managers.get(s.id, ())),
            manager_id=manager_ids.get(s.id),
            allowed=site_allowed,
            refused=site_refused,
        )
        for s in sites.listed(store.conn)
    )
    allowed, refused = _decide(
        {
            "add_user": accounts.user_refusal(by, "add"),
            "reset_password": accounts.user_refusal(by, "reset_password"),
            "assign_sites": accounts.user_refusal(by, "assign_sites"),
            "add_site": accounts.site_refusal(by, "add"),
            "edit_site": accounts.site_refusal(by, "edit"),
        }
    )
    return Directory(tuple(user_views), site_views, allowed, refused)


@dataclass(frozen=True)
class SettingsView(Allows):
    """Which settings ``by`` may change: ``allowed`` holds the setting names, and "sync.enrol" /
    "sync.publish" when this home may be enrolled with a hub / publish templates through it now;
    ``groups`` the schema groups in which every setting is theirs to change."""

    groups: frozenset[str]
    allowed: frozenset[str]
    refused: Mapping[str, CivDeskError] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def all_changeable(self) -> bool:
        return not any(name in self.refused for name in schema.BY_NAME)


def settings_view(store: Store, by: Actor) -> SettingsView:
    refusals: dict[str, CivDeskError | None] = {s.name: settings.refusal(by, s.name) for s in schema.SCHEMA}
    refusals.update({f"sync.{a}": sync_state.refusal(store, by, a) for a in ("enrol", "publish")})
    allowed, refused = _decide(refusals)
    groups = frozenset(g for g in schema.GROUPS if all(s.name in allowed for s in schema.SCHEMA if s.group == g))
    return SettingsView(groups, allowed, refused)
