"""Users, roles, passwords and sites: who may act in CivDesk.

Passwords are kept only as scrypt hashes (hashlib, standard library) with a per-user salt.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from ..domain.workflow import ROLES, Actor
from ..store import Store, now, sites, users
from ..store import keys as key_repo
from ..store.rows import as_dict
from .errors import CivDeskError, InputError, NotAllowed, NotFound
from .password_cost import scrypt_cost

MIN_PASSWORD = 8
SITE_KINDS = ("toll_station", "service_window", "unit", "city")
REGIONS = ("east", "central", "northeast", "west")

# Who may do what to users and sites: the one place the services below and the views the screens
# ask (services.admin_views) take it from.
USER_ACTIONS = ("add", "reset_password", "assign_sites")
SITE_ACTIONS = ("add", "edit", "set_manager")
_ADMIN_ONLY = {
    ("user", "add"): "accounts.only_admin_adds_users",
    ("user", "reset_password"): "accounts.only_admin_resets_passwords",
    ("user", "assign_sites"): "accounts.only_admin_assigns_inspectors",
    ("site", "add"): "accounts.only_admin_adds_sites",
    ("site", "edit"): "accounts.only_admin_edits_sites",
    ("site", "set_manager"): "accounts.only_admin_assigns_site",
}


def user_refusal(by: Actor, action: str, target_role: str | None = None) -> CivDeskError | None:
    """Why ``by`` may not do ``action`` (USER_ACTIONS) to a user of ``target_role``, or None."""
    if by.role != "admin":
        return NotAllowed(_ADMIN_ONLY["user", action])
    if action == "assign_sites" and target_role is not None and target_role != "inspector":
        return InputError("accounts.only_inspectors_assigned_sites")
    return None


def site_refusal(by: Actor, action: str) -> CivDeskError | None:
    """Why ``by`` may not do ``action`` (SITE_ACTIONS) to sites, or None."""
    return NotAllowed(_ADMIN_ONLY["site", action]) if by.role != "admin" else None


def _refuse(refusal: CivDeskError | None) -> None:
    if refusal is not None:
        raise refusal


def hash_password(password: str, cost: dict | None = None) -> str:
    cost = cost or scrypt_cost()
    salt = os.urandom(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, dklen=32, **cost)
    b64 = base64.b64encode
    return f"scrypt${cost['n']}${cost['r']}${cost['p']}${b64(salt).decode()}${b64(digest).decode()}"


def verify_password(password: str, stored: str) -> bool:
    """Whether ``password`` matches the stored hash; False for a damaged or unknown hash."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        got = hashlib.scrypt(password.encode(), salt=base64.b64decode(salt), dklen=32, n=int(n), r=int(r), p=int(p))
        return hmac.compare_digest(got, base64.b64decode(digest))
    except ValueError:  # also binascii.Error: a hash string someone edited by hand
        return False


def actor(store: Store, user_id: int) -> Actor:
    row = users.get(store.conn, user_id)
    if row is None or not row.active:
        raise NotFound("accounts.no_active_user_id", user_id=user_id)
    return Actor(row.id, row.name, row.role, users.site_ids_of(store.conn, user_id))


def user_by_name(store: Store, name: str) -> dict:
    row = users.by_name(store.conn, name)
    if row is None:
        raise NotFound("accounts.no_user_named", name=name)
    return as_dict(row)


FREE_FAILURES = 3  # failed logins allowed before CivDesk starts making the user wait
MAX_DELAY_S = 60  # never longer: an attacker can slow the rightful user down, not lock them out


class PasswordChangeRequired(NotAllowed):
    """The password is right, but an admin reset it: the user must choose a new one first."""

    def __init__(self, name: str):
        self.name = name
        super().__init__("accounts.password_change_required", name=name)


def login_delay(failures: int) -> float:
    """Seconds to wait after ``failures`` failed logins in a row: 0, then 2, 4, 8 … up to a minute."""
    if failures < FREE_FAILURES:
        return 0.0
    return float(min(MAX_DELAY_S, 2 ** (failures - FREE_FAILURES + 1)))


def _take_attempt(store: Store, name: str, clock=None) -> None:
    """Decide, in one transaction, whether ``name`` may try a password now, and count the try
    before the password is checked: parallel wrong passwords each see the ones before them.
    A refused try is not counted, so hammering never makes the wait longer than MAX_DELAY_S."""
    import datetime as _dt

    with store.write() as conn:
        # The time is read under the write lock: a try that waited for it is not "earlier" than
        # the one that held it.
        moment = clock() if clock else _dt.datetime.now(_dt.UTC)
        fail = users.failures(conn, name)
        if fail and login_delay(fail[0]) > 0:
            wait = login_delay(fail[0]) - (moment - _dt.datetime.fromisoformat(fail[1])).total_seconds()
            if wait > 0:
                raise NotAllowed("accounts.too_many_failed_logins", name=name, value=int(wait) + 1)
        users.count_failure(conn, name, moment.isoformat())


def authenticate(
    store: Store,
    name: str,
    password: str,
    *,
    clock=None,
    meanwhile: Callable[[], object] | None = None,
    changing: bool = False,
) -> Actor:
    """The user, or NotAllowed. Repeated failures for a name slow further attempts down.

    A user whose password an admin reset gets PasswordChangeRequired (the password was right)
    unless ``changing`` (the password change itself).

    ``meanwhile`` is work for the calling thread while the password hash is computed on another
    (hashlib.scrypt releases the GIL): the desktop app loads the main window's code there. It
    runs for any known, active name before the password is known to be right, so it must not
    depend on who logs in.
    """
    _take_attempt(store, name, clock)
    row = users.by_name(store.conn, name)
    if meanwhile is None or row is None or not row.active:
        ok = row is not None and bool(row.active) and verify_password(password, row.password_hash)
    else:
        import threading

        verdict: list[bool] = []
        stored = row.password_hash
        worker = threading.Thread(
            target=lambda: verdict.append(verify_password(password, stored)), name="password-check", daemon=True
        )
        worker.start()
        try:
            meanwhile()
        finally:
            worker.join()
        ok = verdict == [True]
    if not ok:
        raise NotAllowed("accounts.wrong_user_name_password")
    assert row is not None
    with store.write() as conn:
        users.clear_failures(conn, name)
    if row.reset_required and not changing:
        raise PasswordChangeRequired(name)
    who = actor(store, row.id)
    if who.role == "admin" or key_repo.with_private(store.conn, who.id):
        # The signature libraries load only for someone with a root or a key to open.
        from . import keys, trust

        trust.on_login(store, who, password)  # an admin opens the root for this process
        keys.reseal_at_login(store, who.id, password)  # and everyone's own key, resealed if sealed the old way
    return who


def change_password(store: Store, *, name: str, old_password: str, new_password: str) -> Actor:
    """The user changes their own password (required after an admin reset it). Their signing keys
    and, for an admin, the grant of the home's root are sealed again for the new password, in the
    same transaction (services.keys.change_password)."""
    who = authenticate(store, name, old_password, changing=True)
    if len(new_password) < MIN_PASSWORD:
        raise InputError("accounts.password_must_have_at", min_password=MIN_PASSWORD)
    if new_password == old_password:
        raise InputError("accounts.new_password_must_differ")
    from . import keys

    with store.write() as conn:
        users.set_password(conn, who.id, hash_password(new_password), reset=False)
        keys.change_password(store, who.id, old_password, new_password)
        store.audit(who.id, "user.change_password", "user", who.id, {})
    return who


def reset_password(store: Store, *, by: Actor, user_id: int, new_password: str) -> None:
    """Admin sets a new password. The old signing key is retired (its certificate stays, so signatures
    made with it still verify) and a new one is issued under the home's root; an admin's grant of
    the root is sealed again for the new password (the old one no longer opens it)."""
    _refuse(user_refusal(by, "reset_password"))
    if len(new_password) < MIN_PASSWORD:
        raise InputError("accounts.password_must_have_at", min_password=MIN_PASSWORD)
    target = users.get(store.conn, user_id)
    if target is None:
        raise NotFound("accounts.no_user_id", user_id=user_id)
    from . import keys, trust

    name, role = target.name, target.role
    with store.write() as conn:
        # A person who came in a bundle (a placeholder) gets an account here this way, keeping
        # their identity (uuid): their signatures of either home are theirs.
        users.set_password(conn, user_id, hash_password(new_password), reset=True)
        key_repo.retire_all(conn, user_id)
        users.clear_failures(conn, name)
        trust.revoke_grant(store, user_id)
        store.audit(by.id, "user.reset_password", "user", user_id, {})
        if trust.unlocked_root(store) is not None:
            keys.create_key(store, user_id, new_password)
            if role == "admin":
                trust.grant(store, user_id, new_password)


def has_users(store: Store) -> bool:
    """Whether anyone can log in here. People who arrived in a .civpack bundle are placeholders
    (password hash "!", see services.exchange): a home holding only them still gets its first admin."""
    return users.any_account(store.conn)


def has_active_users(store: Store) -> bool:
    """Whether anyone here is active (an import then acts as one of them: it needs a login)."""
    return users.any_active(store.conn)


def _check_new_user(store: Store, name: str, role: str, password: str, site_ids: list[int]) -> None:
    if not name or not name.strip() or any(c.isspace() for c in name):
        raise InputError("accounts.user_name_must_one", name=name)
    if role not in ROLES:
        raise InputError("accounts.role_one", role=role, join=", ".join(ROLES))
    if len(password) < MIN_PASSWORD:
        raise InputError("accounts.password_must_have_at", min_password=MIN_PASSWORD)
    if users.by_name(store.conn, name) is not None:
        raise InputError("accounts.user_named_already_exists", name=name)
    if role in ("manager", "staff") and not site_ids:
        raise InputError("accounts.belongs_at_least_one", role=role)
    for sid in site_ids:
        if not sites.exists(store.conn, sid):
            raise NotFound("accounts.no_site_id2", sid=sid)


def create_user(
    store: Store,
    *,
    by: Actor | None,
    name: str,
    role: str,
    password: str,
    display_name: str = "",
    site_ids: list[int] | None = None,
) -> int:
    """Admins add users; ``by=None`` only for the very first admin of an empty home."""
    site_ids = list(site_ids or [])
    if by is None:
        if has_users(store):
            raise NotAllowed("accounts.only_admin_adds_users")
        if role != "admin":
            raise InputError("accounts.first_user_new_home")
    else:
        _refuse(user_refusal(by, "add"))
    _check_new_user(store, name, role, password, site_ids)
    import uuid as _uuid

    from . import keys, trust

    own = trust.own_root(store)
    with store.write():
        uid = users.create(
            store.conn,
            name=name,
            display_name=display_name.strip() or name,
            role=role,
            password_hash=hash_password(password),
            created_at=now(),
            uuid=str(_uuid.uuid4()),
            root=own.fingerprint if own else None,
        )
        for sid in site_ids:
            users.add_site(store.conn, uid, sid)
        store.audit(by.id if by else uid, "user.create", "user", uid, {"name": name, "role": role, "sites": site_ids})
        # The first admin makes the home's root; later users get a key issued under it at once
        # (the admin who creates them unlocked the root at login).
        if by is None and own is None:
            trust.create_root(store, uid, password)
        elif role == "admin":
            trust.grant(store, uid, password)
        if trust.unlocked_root(store) is not None:
            keys.create_key(store, uid, password)
    return uid


@dataclass(frozen=True)
class Person:
    """A user as the lists show them: no password hash, with the names of their sites."""

    id: int
    name: str
    display_name: str
    role: str
    active: int
    created_at: str
    sites: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        """The command line's ``users list --json`` row."""
        return {**asdict(self), "sites": list(self.sites)}


def list_users(store: Store) -> list[Person]:
    links = users.site_links(store.conn)
    return [
        Person(
            u.id,
            u.name,
            u.display_name,
            u.role,
            u.active,
            u.created_at,
            tuple(n for uid, _sid, n in links if uid == u.id),
        )
        for u in users.all_users(store.conn)
    ]


# ---------------------------------------------------------------------------- sites


def _check_site(name: str, kind: str, region: str) -> None:
    if not name or not name.strip():
        raise InputError("accounts.site_name_must_empty")
    if kind not in SITE_KINDS:
        raise InputError("accounts.site_type_one", kind=kind, join=", ".join(SITE_KINDS))
    if region not in REGIONS:
        raise InputError("accounts.region_one", region=region, join=", ".join(REGIONS))


def create_site(store: Store, *, by: Actor, name: str, kind: str, region: str, address: str = "") -> int:
    _refuse(site_refusal(by, "add"))
    _check_site(name, kind, region)
    if sites.name_taken(store.conn, name.strip()):
        raise InputError("accounts.site_named_already_exists", strip=name.strip())
    with store.write():
        sid = sites.create(
            store.conn, name=name.strip(), kind=kind, region=region, address=address.strip(), created_at=now()
        )
        store.audit(by.id, "site.create", "site", sid, {"name": name.strip(), "kind": kind, "region": region})
    return sid


def update_site(store: Store, *, by: Actor, site_id: int, name: str, kind: str, region: str, address: str = "") -> None:
    _refuse(site_refusal(by, "edit"))
    _check_site(name, kind, region)
    current = get_site(store, site_id)
    if sites.name_taken(store.conn, name.strip(), other_than=site_id):
        raise InputError("accounts.site_named_already_exists", strip=name.strip())
    if name.strip() != current["name"] and sites.has_signed(store.conn, site_id):
        # Signatures cover the site's name (signing.canonical), the same on every machine.
        raise InputError("accounts.site_has_signed_inspections", name=current["name"])
    with store.write():
        sites.change(store.conn, site_id, name=name.strip(), kind=kind, region=region, address=address.strip())
        store.audit(by.id, "site.update", "site", site_id, {"name": name.strip(), "kind": kind, "region": region})


def get_site(store: Store, site_id: int) -> dict:
    row = sites.get(store.conn, site_id)
    if row is None:
        raise NotFound("accounts.no_site_id", site_id=site_id)
    return as_dict(row)


def find_site(store: Store, ref: str) -> dict:
    """A site by id or exact name (the CLI accepts both)."""
    if str(ref).isdigit():
        return get_site(store, int(ref))
    row = sites.by_name(store.conn, ref)
    if row is None:
        raise NotFound("accounts.no_site_named", ref=ref)
    return as_dict(row)


@dataclass(frozen=True)
class SiteEntry(sites.Site):
    """A site as the lists show it, with the display names of its managers."""

    managers: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        """The command line's ``sites list --json`` row."""
        return {**asdict(self), "managers": list(self.managers)}


def list_sites(store: Store, scope: Actor | None = None) -> list[SiteEntry]:
    """Every site, or those in ``scope``'s scope (the site filters of the lists offer only these)."""
    from ..domain import scope as _scope

    by_site: dict[int, list[str]] = {}  # grouped once: a province has hundreds of sites and managers
    for sid, name in users.managers_by_site(store.conn):
        by_site.setdefault(sid, []).append(name)
    return [
        SiteEntry(s.id, s.name, s.kind, s.region, s.address, s.created_at, tuple(by_site.get(s.id, ())))
        for s in sites.listed(store.conn, _scope.sites(scope))
    ]


def site_manager_id(store: Store, site_id: int) -> int | None:
    return users.site_manager_id(store.conn, site_id)


def set_site_manager(store: Store, *, by: Actor, site_id: int, manager_id: int | None) -> None:
    """Make ``manager_id`` (a user with the manager role) the site's manager, replacing any other;
    ``None`` leaves the site without a manager. The manager keeps any other sites they run."""
    _refuse(site_refusal(by, "set_manager"))
    get_site(store, site_id)
    if manager_id is not None:
        row = users.get(store.conn, manager_id)
        if row is None:
            raise NotFound("accounts.no_user_id2", manager_id=manager_id)
        if row.role != "manager" or not row.active:
            raise InputError("accounts.user_active_manager", manager_id=manager_id)
    with store.write() as conn:
        users.replace_manager(conn, site_id, manager_id)
        store.audit(by.id, "site.manager", "site", site_id, {"manager_id": manager_id})


def assign_sites(store: Store, *, by: Actor, user_id: int, site_ids: list[int]) -> None:
    """The sites an inspector is assigned to (their scope); an empty list means every site."""
    _refuse(user_refusal(by, "assign_sites"))
    row = users.get(store.conn, user_id)
    if row is None:
        raise NotFound("accounts.no_user_id", user_id=user_id)
    _refuse(user_refusal(by, "assign_sites", row.role))
    site_ids = sorted(set(site_ids))
    for sid in site_ids:
        get_site(store, sid)
    with store.write() as conn:
        users.set_sites(conn, user_id, site_ids)
        store.audit(by.id, "user.sites", "user", user_id, {"sites": site_ids})
