"""The users repository: accounts, the sites a user belongs to, failed logins, and user keys.

Rows are frozen dataclasses. A person who came in a bundle is a placeholder with password hash
"!" (services.exchange); ``any_account`` leaves them out.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .rows import column, columns, read, read_one, scalar
from .rows import insert as insert_row


@dataclass(frozen=True, slots=True)
class User:
    id: int
    name: str
    display_name: str
    role: str
    password_hash: str
    active: int
    created_at: str
    reset_required: int
    uuid: str | None
    root: str | None


_USER = f"SELECT {columns(User)} FROM users"


def get(conn: sqlite3.Connection, user_id: int) -> User | None:
    return read_one(User, conn.execute(_USER + " WHERE id = ?", (user_id,)))


def by_name(conn: sqlite3.Connection, name: str) -> User | None:
    return read_one(User, conn.execute(_USER + " WHERE name = ?", (name,)))


def by_uuid(conn: sqlite3.Connection, uuid: str) -> User | None:
    return read_one(User, conn.execute(_USER + " WHERE uuid = ?", (uuid,)))


def login_facts(conn: sqlite3.Connection, name: str) -> tuple[str, str, int] | None:
    """(password hash, role, active) of a user name; reads only columns every schema had (a backup
    made by an older CivDesk is asked too)."""
    row = conn.execute("SELECT password_hash, role, active FROM users WHERE name = ?", (name,)).fetchone()
    return None if row is None else (str(row[0]), str(row[1]), int(row[2]))


def all_users(conn: sqlite3.Connection) -> list[User]:
    return read(User, conn.execute(_USER + " ORDER BY id"))


def display_names(conn: sqlite3.Connection) -> dict[int, str]:
    return dict(conn.execute("SELECT id, display_name FROM users"))


def display_name(conn: sqlite3.Connection, user_id: int | None) -> str | None:
    if user_id is None:
        return None
    found: str | None = scalar(conn, "SELECT display_name FROM users WHERE id = ?", (user_id,))
    return found


def login_name(conn: sqlite3.Connection, user_id: int | None) -> str | None:
    if user_id is None:
        return None
    found: str | None = scalar(conn, "SELECT name FROM users WHERE id = ?", (user_id,))
    return found


def any_account(conn: sqlite3.Connection) -> bool:
    """Whether anyone can log in here (placeholders from bundles cannot)."""
    return bool(scalar(conn, "SELECT EXISTS (SELECT 1 FROM users WHERE password_hash != '!')"))


def any_active(conn: sqlite3.Connection) -> bool:
    return bool(scalar(conn, "SELECT 1 FROM users WHERE active = 1 LIMIT 1"))


def set_password(conn: sqlite3.Connection, user_id: int, password_hash: str, *, reset: bool) -> None:
    """A new password; ``reset``: an admin set it (the user must change it), which also makes a
    placeholder from a bundle an active account."""
    if reset:
        conn.execute(
            "UPDATE users SET password_hash = ?, reset_required = 1, "
            "active = CASE WHEN password_hash = '!' THEN 1 ELSE active END WHERE id = ?",
            (password_hash, user_id),
        )
    else:
        conn.execute("UPDATE users SET password_hash = ?, reset_required = 0 WHERE id = ?", (password_hash, user_id))


def set_identity(conn: sqlite3.Connection, user_id: int, uuid: str, root: str | None) -> None:
    conn.execute("UPDATE users SET uuid = ?, root = ? WHERE id = ?", (uuid, root, user_id))


def adopt_root(conn: sqlite3.Connection, fingerprint: str) -> None:
    """Accounts made before the home had a root belong to it now."""
    conn.execute("UPDATE users SET root = ? WHERE password_hash != '!' AND root IS NULL", (fingerprint,))


# ---------------------------------------------------------------------------- sites of users


def site_ids_of(conn: sqlite3.Connection, user_id: int) -> frozenset[int]:
    return frozenset(column(conn, "SELECT site_id FROM user_sites WHERE user_id = ?", (user_id,)))


def site_links(conn: sqlite3.Connection) -> list[tuple[int, int, str]]:
    """(user id, site id, site name) of every link between a user and a site."""
    return [
        (u, s, n)
        for u, s, n in conn.execute(
            "SELECT us.user_id, s.id, s.name FROM user_sites us JOIN sites s ON s.id = us.site_id"
        )
    ]


def managers_by_site(conn: sqlite3.Connection) -> list[tuple[int, str]]:
    """(site id, display name) of every site manager."""
    return [
        (s, n)
        for s, n in conn.execute(
            "SELECT us.site_id, u.display_name FROM user_sites us JOIN users u ON u.id = us.user_id "
            "WHERE u.role = 'manager'"
        )
    ]


def manager_ids_by_site(conn: sqlite3.Connection) -> dict[int, int]:
    """Site id → the id of its active manager (the first, should there be several)."""
    return dict(
        conn.execute(
            "SELECT us.site_id, min(u.id) FROM user_sites us JOIN users u ON u.id = us.user_id "
            "WHERE u.role = 'manager' AND u.active = 1 GROUP BY us.site_id"
        )
    )


def site_manager_id(conn: sqlite3.Connection, site_id: int) -> int | None:
    found: int | None = scalar(
        conn,
        "SELECT u.id FROM users u JOIN user_sites us ON us.user_id = u.id "
        "WHERE us.site_id = ? AND u.role = 'manager' AND u.active = 1 "
        "ORDER BY u.id LIMIT 1",
        (site_id,),
    )
    return found


def replace_manager(conn: sqlite3.Connection, site_id: int, manager_id: int | None) -> None:
    conn.execute(
        "DELETE FROM user_sites WHERE site_id = ? AND user_id IN (SELECT id FROM users WHERE role = 'manager')",
        (site_id,),
    )
    if manager_id is not None:
        conn.execute("INSERT OR IGNORE INTO user_sites (user_id, site_id) VALUES (?, ?)", (manager_id, site_id))


def set_sites(conn: sqlite3.Connection, user_id: int, site_ids: Sequence[int]) -> None:
    conn.execute("DELETE FROM user_sites WHERE user_id = ?", (user_id,))
    conn.executemany("INSERT INTO user_sites (user_id, site_id) VALUES (?, ?)", [(user_id, s) for s in site_ids])


# ---------------------------------------------------------------------------- failed logins


def failures(conn: sqlite3.Connection, name: str) -> tuple[int, str] | None:
    """(failed logins in a row, when the last was) for a user name."""
    row = conn.execute("SELECT count, last_at FROM login_failures WHERE name = ?", (name,)).fetchone()
    return None if row is None else (int(row[0]), str(row[1]))


def count_failure(conn: sqlite3.Connection, name: str, at: str) -> None:
    conn.execute(
        "INSERT INTO login_failures (name, count, last_at) VALUES (?, 1, ?) ON CONFLICT(name) "
        "DO UPDATE SET count = count + 1, last_at = excluded.last_at",
        (name, at),
    )


def clear_failures(conn: sqlite3.Connection, name: str) -> None:
    conn.execute("DELETE FROM login_failures WHERE name = ?", (name,))


def create(conn: sqlite3.Connection, **row: Any) -> int:
    return insert_row(conn, "users", User, row)


def add_site(conn: sqlite3.Connection, user_id: int, site_id: int) -> None:
    conn.execute("INSERT INTO user_sites (user_id, site_id) VALUES (?, ?)", (user_id, site_id))
