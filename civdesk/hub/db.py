"""The hub's PostgreSQL: versioned migrations and the connection pool.

Every hub process is stateless: what it knows lives here, so N workers or N machines serve one
database. Migrations are numbered SQL steps recorded in ``hub_migrations`` and applied under an
advisory lock, so two ``civdesk-hub migrate`` at once apply each step once.

Photos are ``bytea`` rows keyed by SHA-256 (stored once, whichever desk sends them): they are a
few MB at most, so bytea keeps them inside ordinary rows that pg_dump, replication, transactions
and row deletes all handle, where large objects need their own permissions, ``lo_*`` calls and
``vacuumlo`` for orphans. Moving them to object storage later: the key is already the content
hash, so a mover uploads each row under its hash, and ``photos.data`` becomes nullable with a
``location`` column read by the same ``photo`` lookup.
"""

from __future__ import annotations

import os

import psycopg
from psycopg_pool import ConnectionPool

from .locks import MIGRATION_LOCK

ENV = "CIVDESK_HUB_DATABASE"
FIGURES_ENV = "CIVDESK_HUB_FIGURES_DATABASE"  # optional: a read replica for the office figures

MIGRATIONS: list[tuple[str, str]] = [
    (
        "m001_core",
        """
CREATE TABLE hub_identity (
    id integer PRIMARY KEY CHECK (id = 1),
    private_key text NOT NULL,
    certificate text NOT NULL,
    fingerprint text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE SEQUENCE change_seq;
CREATE TABLE desks (
    id bigserial PRIMARY KEY,
    name text NOT NULL UNIQUE,
    office boolean NOT NULL,
    code_hash text UNIQUE,
    code_expires timestamptz,
    fingerprint text UNIQUE,
    certificate text,
    enrolled_at timestamptz,
    revoked_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    last_sync_at timestamptz,
    last_result text
);
CREATE TABLE sites (
    name text PRIMARY KEY,
    kind text NOT NULL,
    region text NOT NULL,
    address text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE desk_sites (
    desk_id bigint NOT NULL REFERENCES desks(id) ON DELETE CASCADE,
    site text NOT NULL REFERENCES sites(name),
    PRIMARY KEY (desk_id, site)
);
CREATE TABLE users (
    name text PRIMARY KEY,
    display_name text NOT NULL,
    role text NOT NULL,
    uuid text,                     -- the identity their certificates name (homes match people by it)
    seq bigint NOT NULL
);
CREATE TABLE user_sites (
    user_name text NOT NULL REFERENCES users(name),
    site text NOT NULL REFERENCES sites(name),
    PRIMARY KEY (user_name, site)
);
CREATE TABLE certificates (
    fingerprint text PRIMARY KEY,
    user_name text NOT NULL REFERENCES users(name),
    pem text NOT NULL
);
CREATE TABLE templates (
    template_id text NOT NULL,
    version integer NOT NULL,
    title text NOT NULL,
    scope text NOT NULL,
    data text NOT NULL,
    sha256 text NOT NULL,
    builtin integer NOT NULL DEFAULT 0,
    published_seq bigint,
    published_at timestamptz,
    published_by bigint REFERENCES desks(id),
    PRIMARY KEY (template_id, version)
);
CREATE INDEX templates_published ON templates (published_seq) WHERE published_seq IS NOT NULL;
CREATE TABLE photos (
    sha256 text PRIMARY KEY,
    size integer NOT NULL,
    data bytea NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
-- The current version of each inspection (its head) with the figures the office reads.
CREATE TABLE records (
    uuid uuid PRIMARY KEY,
    site text NOT NULL REFERENCES sites(name),
    template_id text NOT NULL,
    kind text NOT NULL,
    state text NOT NULL,
    score double precision,
    percent double precision,
    level text,
    level_label text,
    vetoed boolean,
    created_at timestamptz NOT NULL,
    submitted_at timestamptz,
    sync_hash text NOT NULL,
    member text NOT NULL,
    desk_id bigint NOT NULL REFERENCES desks(id),
    seq bigint NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX records_seq ON records (seq);
CREATE INDEX records_site_seq ON records (site, seq);
-- Every version ever received, the heads' and the conflicting ones kept beside them.
CREATE TABLE record_versions (
    id bigserial PRIMARY KEY,
    uuid uuid NOT NULL,
    sync_hash text NOT NULL,
    status text NOT NULL CHECK (status IN ('accepted', 'conflict')),
    member text NOT NULL,
    desk_id bigint NOT NULL REFERENCES desks(id),
    received_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (uuid, sync_hash)
);
CREATE TABLE rectifications (
    uuid uuid NOT NULL REFERENCES records(uuid) ON DELETE CASCADE,
    item_code text NOT NULL,
    site text NOT NULL,
    state text NOT NULL,
    due_date date,
    PRIMARY KEY (uuid, item_code)
);
CREATE INDEX rectifications_open ON rectifications (due_date) WHERE state <> 'verified';
CREATE TABLE refusals (
    id bigserial PRIMARY KEY,
    desk_id bigint REFERENCES desks(id),
    at timestamptz NOT NULL DEFAULT now(),
    reason text NOT NULL
);
CREATE TABLE nonces (
    desk_id bigint NOT NULL REFERENCES desks(id) ON DELETE CASCADE,
    nonce text NOT NULL,
    at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (desk_id, nonce)
);
""",
    ),
    (
        "m002_org_root",
        """
-- The organisation's root of trust (hub/orgroot.py): it certifies each desk's home root as an
-- intermediate at enrolment; revocations of intermediates and user certificates travel to desks.
CREATE TABLE org_root (
    id integer PRIMARY KEY CHECK (id = 1),
    private_key text NOT NULL,
    certificate text NOT NULL,
    fingerprint text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE intermediates (
    fingerprint text PRIMARY KEY,
    desk_id bigint NOT NULL REFERENCES desks(id),
    home_root text NOT NULL,          -- fingerprint of the desk's own (self-signed) home root
    certificate text NOT NULL,
    issued_at timestamptz NOT NULL DEFAULT now(),
    revoked_at timestamptz,
    seq bigint NOT NULL               -- change number: issued or revoked (desks pull it)
);
CREATE INDEX intermediates_seq ON intermediates (seq);
ALTER TABLE certificates ADD COLUMN revoked_at timestamptz;
ALTER TABLE certificates ADD COLUMN revoked_reason text;
ALTER TABLE certificates ADD COLUMN revoked_seq bigint;
CREATE INDEX certificates_revoked_seq ON certificates (revoked_seq) WHERE revoked_seq IS NOT NULL;
""",
    ),
]


def database_url(explicit: str | None = None) -> str:
    url = explicit or os.environ.get(ENV)
    if not url:
        raise SystemExit("civdesk-hub: no database: give --database URL or set CIVDESK_HUB_DATABASE")
    return url


def migrate(url: str) -> list[str]:
    """Apply the pending migrations; returns the names applied (and makes the hub's key once)."""
    from . import orgroot, protocol

    applied: list[str] = []
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("SELECT pg_advisory_lock(%s)", (MIGRATION_LOCK,))
        try:
            conn.execute(
                "CREATE TABLE IF NOT EXISTS hub_migrations (name text PRIMARY KEY, "
                "applied_at timestamptz NOT NULL DEFAULT now())"
            )
            done = {r[0] for r in conn.execute("SELECT name FROM hub_migrations")}
            for name, sql in MIGRATIONS:
                if name in done:
                    continue
                with conn.transaction():
                    conn.execute(sql)
                    conn.execute("INSERT INTO hub_migrations (name) VALUES (%s)", (name,))
                applied.append(name)
            if conn.execute("SELECT 1 FROM hub_identity").fetchone() is None:
                key, cert, fp = protocol.new_key("CivDesk Hub")
                conn.execute(
                    "INSERT INTO hub_identity (id, private_key, certificate, fingerprint) VALUES (1, %s, %s, %s)",
                    (key, cert, fp),
                )
            orgroot.ensure(conn)
        finally:
            conn.execute("SELECT pg_advisory_unlock(%s)", (MIGRATION_LOCK,))
    return applied


def pending(conn: psycopg.Connection) -> list[str]:
    exists = conn.execute("SELECT to_regclass('hub_migrations')").fetchone()[0]
    done = {r[0] for r in conn.execute("SELECT name FROM hub_migrations")} if exists else set()
    return [name for name, _ in MIGRATIONS if name not in done]


def pool(url: str, *, size: int = 8) -> ConnectionPool:
    """A pool for one hub process; connections are checked before use, so a restarted PostgreSQL
    costs the requests in flight at that moment, not the process; a request that waits 5 s for a
    connection is answered 503 (the desk retries later)."""
    return ConnectionPool(
        url,
        min_size=1,
        max_size=size,
        open=False,
        check=ConnectionPool.check_connection,
        timeout=5,
        kwargs={"autocommit": True},
        name="civdesk-hub",
    )
