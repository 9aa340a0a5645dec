"""The keys repository: users' signing keys and certificates, the trusted roots and the admins'
grants of the home's root. Key material is stored sealed (services.keys, services.trust); this
module only reads and writes the rows."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from .rows import check_columns, column, columns, read, read_one, scalar
from .rows import insert as insert_row


@dataclass(frozen=True, slots=True)
class UserKey:
    id: int
    user_id: int
    certificate: str  # PEM
    private_key: str  # sealed; '' for a key known only by its certificate
    fingerprint: str
    active: int
    created_at: str
    issuer: str | None  # the root's fingerprint; None for a key from before roots


_KEY = f"SELECT {columns(UserKey)} FROM user_keys"


def by_fingerprint(conn: sqlite3.Connection, fingerprint: str) -> UserKey | None:
    return read_one(UserKey, conn.execute(_KEY + " WHERE fingerprint = ?", (fingerprint,)))


def known(conn: sqlite3.Connection, fingerprint: str) -> bool:
    return bool(scalar(conn, "SELECT 1 FROM user_keys WHERE fingerprint = ?", (fingerprint,)))


def active_certified(conn: sqlite3.Connection, user_id: int) -> UserKey | None:
    """The user's active key that a root certified and whose private half is here."""
    return read_one(
        UserKey,
        conn.execute(
            _KEY + " WHERE user_id = ? AND active = 1 AND issuer IS NOT NULL AND private_key != ''", (user_id,)
        ),
    )


def with_private(conn: sqlite3.Connection, user_id: int) -> list[UserKey]:
    """The user's keys whose private half is here, oldest first."""
    return read(UserKey, conn.execute(_KEY + " WHERE user_id = ? AND private_key != '' ORDER BY id", (user_id,)))


def of_user(conn: sqlite3.Connection, user_id: int) -> list[UserKey]:
    return read(UserKey, conn.execute(_KEY + " WHERE user_id = ? ORDER BY id", (user_id,)))


def certificates(conn: sqlite3.Connection, *, certified_only: bool = False) -> list[str]:
    """Every certificate (PEM) this home holds, in the order they came (``certified_only``: those
    a root issued)."""
    where = " WHERE issuer IS NOT NULL" if certified_only else ""
    return column(conn, "SELECT certificate FROM user_keys" + where + " ORDER BY id")


def owner_name(conn: sqlite3.Connection, fingerprint: str) -> str | None:
    """The login name of whoever holds the key ``fingerprint``."""
    found: str | None = scalar(
        conn, "SELECT u.name FROM user_keys k JOIN users u ON u.id = k.user_id WHERE k.fingerprint = ?", (fingerprint,)
    )
    return found


def before_roots(conn: sqlite3.Connection) -> list[UserKey]:
    """Keys of this home's own users (not placeholders) that no root certified yet."""
    return read(
        UserKey,
        conn.execute(
            f"SELECT {columns(UserKey, 'k')} FROM user_keys k JOIN users u ON u.id = k.user_id "
            "WHERE k.issuer IS NULL AND k.private_key != '' AND u.password_hash != '!' ORDER BY k.id"
        ),
    )


def retire_all(conn: sqlite3.Connection, user_id: int) -> None:
    conn.execute("UPDATE user_keys SET active = 0 WHERE user_id = ?", (user_id,))


def retire(conn: sqlite3.Connection, key_id: int) -> None:
    conn.execute("UPDATE user_keys SET active = 0 WHERE id = ?", (key_id,))


def reseal(conn: sqlite3.Connection, key_id: int, sealed: str) -> None:
    conn.execute("UPDATE user_keys SET private_key = ? WHERE id = ?", (sealed, key_id))


# ---------------------------------------------------------------------------- trusted roots


@dataclass(frozen=True, slots=True)
class TrustRoot:
    fingerprint: str
    certificate: str  # PEM
    own: int
    private_key: str | None  # sealed; the home's own root only
    endorsement: bytes | None  # the own root's signature over a pinned root's fingerprint
    name: str
    added_by: int | None
    added_at: str


_ROOT = f"SELECT {columns(TrustRoot)} FROM trust_roots"


def own_root(conn: sqlite3.Connection) -> TrustRoot | None:
    return read_one(TrustRoot, conn.execute(_ROOT + " WHERE own = 1"))


def pinned_roots(conn: sqlite3.Connection) -> list[TrustRoot]:
    return read(TrustRoot, conn.execute(_ROOT + " WHERE own = 0 ORDER BY added_at"))


def root_known(conn: sqlite3.Connection, fingerprint: str) -> bool:
    return bool(scalar(conn, "SELECT 1 FROM trust_roots WHERE fingerprint = ?", (fingerprint,)))


def any_root(conn: sqlite3.Connection) -> bool:
    return bool(scalar(conn, "SELECT 1 FROM trust_roots LIMIT 1"))


def endorse(conn: sqlite3.Connection, fingerprint: str, endorsement: bytes) -> None:
    conn.execute("UPDATE trust_roots SET endorsement = ? WHERE fingerprint = ?", (endorsement, fingerprint))


def unpin(conn: sqlite3.Connection, fingerprint: str) -> None:
    conn.execute("DELETE FROM trust_roots WHERE fingerprint = ? AND own = 0", (fingerprint,))


# ---------------------------------------------------------------------------- grants of the root


def grant_of(conn: sqlite3.Connection, user_id: int) -> str | None:
    found: str | None = scalar(conn, "SELECT sealed FROM root_grants WHERE user_id = ?", (user_id,))
    return found


def put_grant(conn: sqlite3.Connection, user_id: int, sealed: str, at: str) -> None:
    conn.execute(
        "INSERT INTO root_grants (user_id, sealed, created_at) VALUES (?, ?, ?) ON CONFLICT(user_id) "
        "DO UPDATE SET sealed = excluded.sealed, created_at = excluded.created_at",
        (user_id, sealed, at),
    )


def reseal_grant(conn: sqlite3.Connection, user_id: int, sealed: str) -> None:
    conn.execute("UPDATE root_grants SET sealed = ? WHERE user_id = ?", (sealed, user_id))


def revoke_grant(conn: sqlite3.Connection, user_id: int) -> None:
    conn.execute("DELETE FROM root_grants WHERE user_id = ?", (user_id,))


def add_key(conn: sqlite3.Connection, **row: Any) -> int:
    return insert_row(conn, "user_keys", UserKey, row)


def add_root(conn: sqlite3.Connection, **row: Any) -> None:
    check_columns(TrustRoot, row)
    conn.execute(
        f"INSERT INTO trust_roots ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", tuple(row.values())
    )


# ---------------------------------------------------------------------------- the organisation's trust


@dataclass(frozen=True, slots=True)
class TrustIntermediate:
    fingerprint: str
    certificate: str  # PEM: a home's root key, certified by a trusted root
    issuer: str
    revoked_at: str | None
    added_at: str


def intermediates(conn: sqlite3.Connection) -> list[TrustIntermediate]:
    """The intermediates held, those not revoked first, oldest first."""
    return read(
        TrustIntermediate,
        conn.execute(
            f"SELECT {columns(TrustIntermediate)} FROM trust_intermediates ORDER BY revoked_at IS NOT NULL, added_at"
        ),
    )


def add_intermediate(conn: sqlite3.Connection, **row: Any) -> None:
    check_columns(TrustIntermediate, row)
    conn.execute(
        f"INSERT INTO trust_intermediates ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", tuple(row.values())
    )


def revoked_keys(conn: sqlite3.Connection) -> dict[str, str]:
    """Fingerprint → when the organisation revoked that user certificate."""
    return dict(conn.execute("SELECT fingerprint, revoked_at FROM revoked_keys"))


def revoked_at(conn: sqlite3.Connection, fingerprint: str) -> str | None:
    found: str | None = scalar(conn, "SELECT revoked_at FROM revoked_keys WHERE fingerprint = ?", (fingerprint,))
    return found
