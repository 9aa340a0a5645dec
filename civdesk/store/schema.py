"""The database schema, as sqlite-utils migrations (applied in order, each in a transaction).

Never edit a released migration: add a new one. tests/store/test_migrations.py proves an empty
database reaches the newest schema and an older one upgrades with its rows intact.
"""

from __future__ import annotations

from sqlite_utils import Database, Migrations

from .search import SEARCH_TEXT_SQL

migrations = Migrations("civdesk")


@migrations()
def m001_initial(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE templates (
            id INTEGER PRIMARY KEY,
            template_id TEXT NOT NULL,
            version INTEGER NOT NULL,
            title TEXT NOT NULL,
            scope TEXT NOT NULL,
            data TEXT NOT NULL,            -- the template as canonical JSON
            sha256 TEXT NOT NULL,
            builtin INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            UNIQUE (template_id, version)
        );
        CREATE TABLE sites (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL,
            region TEXT NOT NULL,
            address TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL
        );
        CREATE TABLE users (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            display_name TEXT NOT NULL,
            role TEXT NOT NULL,
            password_hash TEXT NOT NULL,
            active INTEGER NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL
        );
        CREATE TABLE user_sites (
            user_id INTEGER NOT NULL REFERENCES users(id),
            site_id INTEGER NOT NULL REFERENCES sites(id),
            PRIMARY KEY (user_id, site_id)
        );
        CREATE TABLE inspections (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            template_pk INTEGER NOT NULL REFERENCES templates(id),
            params TEXT NOT NULL DEFAULT '{}',
            site_id INTEGER NOT NULL REFERENCES sites(id),
            kind TEXT NOT NULL,
            state TEXT NOT NULL,
            author_id INTEGER NOT NULL REFERENCES users(id),
            reviewer_id INTEGER REFERENCES users(id),
            follows_id INTEGER REFERENCES inspections(id),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            submitted_at TEXT,
            score REAL,
            max_score REAL,
            percent REAL,
            level TEXT,
            level_label TEXT,
            vetoed INTEGER,
            content_hash TEXT
        );
        CREATE INDEX inspections_state ON inspections(state);
        CREATE INDEX inspections_site ON inspections(site_id, created_at);
        CREATE TABLE answers (
            id INTEGER PRIMARY KEY,
            inspection_id INTEGER NOT NULL REFERENCES inspections(id),
            item_code TEXT NOT NULL,
            value TEXT,                    -- JSON; NULL when only a note was written
            note TEXT NOT NULL DEFAULT '',
            answered_by INTEGER NOT NULL REFERENCES users(id),
            answered_at TEXT NOT NULL,
            UNIQUE (inspection_id, item_code)
        );
        CREATE TABLE attachments (
            id INTEGER PRIMARY KEY,
            inspection_id INTEGER NOT NULL REFERENCES inspections(id),
            item_code TEXT NOT NULL,
            sha256 TEXT NOT NULL,          -- the file lives at attachments/<sha[:2]>/<sha>
            filename TEXT NOT NULL,
            size INTEGER NOT NULL,
            added_by INTEGER NOT NULL REFERENCES users(id),
            added_at TEXT NOT NULL
        );
        CREATE INDEX attachments_inspection ON attachments(inspection_id, item_code);
        CREATE TABLE comments (
            id INTEGER PRIMARY KEY,
            inspection_id INTEGER NOT NULL REFERENCES inspections(id),
            item_code TEXT,                -- NULL: about the whole inspection
            user_id INTEGER NOT NULL REFERENCES users(id),
            kind TEXT NOT NULL,            -- comment | return | approve
            text TEXT NOT NULL,
            at TEXT NOT NULL
        );
        CREATE TABLE rectifications (
            id INTEGER PRIMARY KEY,
            inspection_id INTEGER NOT NULL REFERENCES inspections(id),
            item_code TEXT NOT NULL,
            owner_id INTEGER REFERENCES users(id),
            due_date TEXT NOT NULL,
            state TEXT NOT NULL,
            created_at TEXT NOT NULL,
            done_note TEXT NOT NULL DEFAULT '',
            done_at TEXT,
            verified_by INTEGER REFERENCES users(id),
            verified_at TEXT,
            UNIQUE (inspection_id, item_code)
        );
        CREATE TABLE audit (
            seq INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            user_id INTEGER,
            action TEXT NOT NULL,
            entity TEXT NOT NULL,
            entity_id TEXT,
            detail TEXT NOT NULL,          -- canonical JSON
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL
        );
        CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        -- A template version that an inspection uses is immutable: edits make a new version.
        CREATE TRIGGER templates_used_immutable BEFORE UPDATE ON templates
        WHEN EXISTS (SELECT 1 FROM inspections WHERE template_pk = OLD.id)
        BEGIN SELECT RAISE(ABORT, 'template version is used by an inspection and cannot change'); END;
        CREATE TRIGGER templates_used_undeletable BEFORE DELETE ON templates
        WHEN EXISTS (SELECT 1 FROM inspections WHERE template_pk = OLD.id)
        BEGIN SELECT RAISE(ABORT, 'template version is used by an inspection and cannot be deleted'); END;
        -- The audit log is append-only.
        CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
        CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
        """
    )


SCHEMA_MIGRATIONS = migrations


@migrations()
def m002_signatures_keys(db: Database) -> None:
    """Review and sign-off: user key pairs, signatures, login throttling, frozen records."""
    db.executescript(
        """
        CREATE TABLE user_keys (
            id INTEGER PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users(id),
            certificate TEXT NOT NULL,     -- PEM, self-signed; kept after a reset so old signatures verify
            private_key TEXT NOT NULL,     -- PEM, encrypted with the user's password
            fingerprint TEXT NOT NULL UNIQUE,
            active INTEGER NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL
        );
        CREATE TABLE signatures (
            id INTEGER PRIMARY KEY,
            inspection_id INTEGER NOT NULL REFERENCES inspections(id),
            user_id INTEGER NOT NULL REFERENCES users(id),
            role TEXT NOT NULL,            -- author | reviewer
            signed_at TEXT NOT NULL,
            image BLOB NOT NULL,           -- the handwritten signature, PNG
            content_hash TEXT NOT NULL,    -- SHA-256 of the canonical inspection it covers
            signature BLOB NOT NULL,       -- the key's signature over content_hash
            key_fingerprint TEXT NOT NULL REFERENCES user_keys(fingerprint),
            UNIQUE (inspection_id, user_id)
        );
        CREATE TABLE login_failures (
            name TEXT PRIMARY KEY,
            count INTEGER NOT NULL,
            last_at TEXT NOT NULL
        );
        ALTER TABLE users ADD COLUMN reset_required INTEGER NOT NULL DEFAULT 0;
        -- A re-inspection covers the open rectifications of the inspection it follows (JSON list of codes).
        ALTER TABLE inspections ADD COLUMN covers TEXT;
        ALTER TABLE rectifications ADD COLUMN closed_by INTEGER REFERENCES inspections(id);
        ALTER TABLE rectifications ADD COLUMN closed_at TEXT;
        ALTER TABLE rectifications ADD COLUMN evidence TEXT NOT NULL DEFAULT '[]';  -- JSON list of sha256
        """
    )
    # Signed (frozen) inspections: nothing may change their rows, whoever asks.
    frozen = "(SELECT state FROM inspections WHERE id = {ref}) IN ('signed', 'certified')"
    for table, ref in (
        ("answers", "OLD.inspection_id"),
        ("attachments", "OLD.inspection_id"),
        ("signatures", "OLD.inspection_id"),
    ):
        for op in ("UPDATE", "DELETE"):
            db.execute(
                f"CREATE TRIGGER {table}_frozen_{op.lower()} BEFORE {op} ON {table} "
                f"WHEN {frozen.format(ref=ref)} BEGIN SELECT RAISE(ABORT, "
                f"'the inspection is signed and frozen'); END"
            )
    for table in ("answers", "attachments"):
        db.execute(
            f"CREATE TRIGGER {table}_frozen_insert BEFORE INSERT ON {table} "
            f"WHEN {frozen.format(ref='NEW.inspection_id')} BEGIN SELECT RAISE(ABORT, "
            f"'the inspection is signed and frozen'); END"
        )
    # The inspection row itself: once signed only the move to certified may happen.
    db.execute(
        "CREATE TRIGGER inspections_frozen_update BEFORE UPDATE ON inspections "
        "WHEN OLD.state IN ('signed', 'certified') AND NOT (OLD.state = 'signed' AND NEW.state = 'certified' "
        "AND NEW.content_hash IS OLD.content_hash AND NEW.score IS OLD.score AND NEW.template_pk = OLD.template_pk "
        "AND NEW.params = OLD.params AND NEW.site_id = OLD.site_id) "
        "BEGIN SELECT RAISE(ABORT, 'the inspection is signed and frozen'); END"
    )
    db.execute(
        "CREATE TRIGGER inspections_frozen_delete BEFORE DELETE ON inspections "
        "WHEN OLD.state IN ('signed', 'certified') "
        "BEGIN SELECT RAISE(ABORT, 'the inspection is signed and frozen'); END"
    )


@migrations()
def m003_documents(db: Database) -> None:
    """Issued documents (reports, certificates, notices) with their verification codes, the
    per-year certificate serial counter, and the certificates of the home's document-signing key."""
    db.executescript(
        """
        CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            code TEXT NOT NULL UNIQUE,     -- verification code printed on the document (and in its QR)
            kind TEXT NOT NULL,            -- report | certificate | notice
            inspection_id INTEGER NOT NULL REFERENCES inspections(id),
            serial TEXT UNIQUE,            -- certificates only: 2026-0001, sequential per year
            title TEXT NOT NULL DEFAULT '',
            summary TEXT NOT NULL DEFAULT '{}',  -- JSON: what the document states (site, score, level…)
            content_hash TEXT,             -- the inspection's signed content hash, when it was signed
            sha256 TEXT,                   -- SHA-256 of the last PDF written for it
            created_by INTEGER REFERENCES users(id),
            created_at TEXT NOT NULL,
            written_at TEXT
        );
        CREATE INDEX documents_inspection ON documents(inspection_id, kind);
        CREATE TABLE certificate_serials (
            year INTEGER PRIMARY KEY,
            last INTEGER NOT NULL
        );
        CREATE TABLE document_keys (
            fingerprint TEXT PRIMARY KEY,  -- SHA-256 of the certificate
            certificate TEXT NOT NULL,     -- PEM of the home's document-signing certificate
            created_at TEXT NOT NULL
        );
        """
    )


@migrations()
def m004_inspection_list_index(db: Database) -> None:
    """The inspections list sorts by creation time; an index keeps 10,000 rows under target."""
    db.execute("CREATE INDEX IF NOT EXISTS inspections_created ON inspections(created_at DESC, id DESC)")


@migrations()
def m005_exchange(db: Database) -> None:
    """Exchange between homes (.civpack bundles): what each inspection descends from, and the audit
    entries other homes recorded about the inspections they sent."""
    db.executescript(
        """
        -- Per inspection (by uuid): the sync hashes of the versions this home's copy descends from
        -- (every version it exported or imported), so an import tells "theirs is newer", "ours is
        -- newer" and "both changed" (a conflict) apart.
        CREATE TABLE exchange_state (
            uuid TEXT PRIMARY KEY,
            seen TEXT NOT NULL DEFAULT '[]',   -- JSON list of sync hashes, oldest first
            last_hash TEXT NOT NULL,           -- sync hash at the last export or import
            last_at TEXT NOT NULL
        );
        -- Audit entries of other homes, carried in bundles: provenance, kept verbatim (their own
        -- chain's seq and hash); this home's own chain records the import itself.
        CREATE TABLE imported_audit (
            id INTEGER PRIMARY KEY,
            origin TEXT NOT NULL,              -- the home_id of the home that wrote the entry
            origin_seq INTEGER NOT NULL,
            inspection_uuid TEXT NOT NULL,
            at TEXT NOT NULL,
            user_name TEXT,
            action TEXT NOT NULL,
            entity TEXT NOT NULL,
            ref TEXT,                          -- inspection uuid, or uuid#item_code for a rectification
            detail TEXT NOT NULL,
            hash TEXT NOT NULL,
            UNIQUE (origin, origin_seq)
        );
        CREATE INDEX imported_audit_inspection ON imported_audit(inspection_uuid);
        CREATE INDEX audit_entity ON audit(entity, entity_id);
        CREATE TRIGGER imported_audit_no_update BEFORE UPDATE ON imported_audit
        BEGIN SELECT RAISE(ABORT, 'imported audit entries are append-only'); END;
        CREATE TRIGGER imported_audit_no_delete BEFORE DELETE ON imported_audit
        BEGIN SELECT RAISE(ABORT, 'imported audit entries are append-only'); END;
        """
    )


@migrations()
def m006_dashboard_indexes(db: Database) -> None:
    """The dashboard reads every submitted result and each site's latest visit at each refresh;
    covering indexes let SQLite answer both without reading the inspection rows themselves."""
    db.executescript(
        """
        CREATE INDEX IF NOT EXISTS inspections_results
            ON inspections(kind, site_id, submitted_at, id, percent, level, level_label, vetoed, template_pk)
            WHERE percent IS NOT NULL AND submitted_at IS NOT NULL;
        CREATE INDEX IF NOT EXISTS inspections_visits ON inspections(kind, site_id, created_at);
        """
    )


@migrations()
def m007_trust_keys_root(db: Database) -> None:
    """One root of trust per home: users get a uuid their certificates are bound to, user keys
    record the root that issued their certificate, and the home's root (sealed) and the roots an
    admin pinned are kept. Rows from before have no issuer: services.trust explains how they move."""
    import uuid as _uuid

    db.executescript(
        """
        ALTER TABLE users ADD COLUMN uuid TEXT;      -- the identity a certificate names (never the login name)
        ALTER TABLE users ADD COLUMN root TEXT;      -- fingerprint of the root that vouches for this person
        ALTER TABLE user_keys ADD COLUMN issuer TEXT;  -- fingerprint of the root that issued the certificate
        CREATE TABLE trust_roots (
            fingerprint TEXT PRIMARY KEY,  -- SHA-256 of the root certificate (DER)
            certificate TEXT NOT NULL,     -- PEM
            own INTEGER NOT NULL DEFAULT 0,
            private_key TEXT,              -- own root only: sealed with the root secret (see root_grants)
            endorsement BLOB,              -- pinned roots: the own root's signature over the fingerprint
            name TEXT NOT NULL DEFAULT '',
            added_by INTEGER REFERENCES users(id),
            added_at TEXT NOT NULL
        );
        CREATE UNIQUE INDEX trust_roots_own ON trust_roots(own) WHERE own = 1;
        CREATE TABLE root_grants (         -- the root secret, sealed with each granted admin's password
            user_id INTEGER PRIMARY KEY REFERENCES users(id),
            sealed TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        """
    )
    # People of this home get their uuid now; placeholders that came in bundles get theirs from
    # the first bundle of a trusted root that names them.
    for (uid,) in db.execute("SELECT id FROM users WHERE password_hash != '!'").fetchall():
        db.execute("UPDATE users SET uuid = ? WHERE id = ?", (str(_uuid.uuid4()), uid))
    db.execute("CREATE UNIQUE INDEX users_uuid ON users(uuid)")


@migrations()
def m008_trust_check_row_seals(db: Database) -> None:
    """Audit entries carry the seals of the rows their transaction wrote (civdesk.domain.seals),
    so ``check`` finds edits made behind CivDesk's back. The Store seals every existing row in
    the same transaction (the home's baseline, an entry of its own in the chain)."""
    db.execute("ALTER TABLE audit ADD COLUMN seal TEXT")


@migrations()
def m009_org_scope_certificate_revocation(db: Database) -> None:
    """Certificates can be revoked with a reason; the revoked certificate's inspection goes back
    from certified to signed (still frozen: its content, score and site cannot change)."""
    db.executescript(
        """
        ALTER TABLE documents ADD COLUMN revoked_at TEXT;
        ALTER TABLE documents ADD COLUMN revoked_by INTEGER REFERENCES users(id);
        ALTER TABLE documents ADD COLUMN revoked_reason TEXT;
        DROP TRIGGER inspections_frozen_update;
        CREATE TRIGGER inspections_frozen_update BEFORE UPDATE ON inspections
        WHEN OLD.state IN ('signed', 'certified') AND NOT (
            ((OLD.state = 'signed' AND NEW.state = 'certified') OR (OLD.state = 'certified' AND NEW.state = 'signed'))
            AND NEW.content_hash IS OLD.content_hash AND NEW.score IS OLD.score AND NEW.template_pk = OLD.template_pk
            AND NEW.params = OLD.params AND NEW.site_id = OLD.site_id)
        BEGIN SELECT RAISE(ABORT, 'the inspection is signed and frozen'); END;
        """
    )


@migrations()
def m010_org_ui_review_drafts(db: Database) -> None:
    """A reviewer's unsent review of an inspection (per-item comments, the return reason or approval
    comment), kept while it is written so that leaving the page or switching users loses nothing.
    One row per reviewer and inspection; removed when the return or approval uses it."""
    db.executescript(
        """
        CREATE TABLE IF NOT EXISTS review_drafts (
            inspection_id INTEGER NOT NULL REFERENCES inspections(id) ON DELETE CASCADE,
            user_id INTEGER NOT NULL REFERENCES users(id),
            reason TEXT NOT NULL DEFAULT '',
            comments TEXT NOT NULL DEFAULT '{}',   -- JSON: item code -> comment
            updated_at TEXT NOT NULL,
            PRIMARY KEY (inspection_id, user_id)
        );
        """
    )


@migrations()
def m011_hub_sync_state(db: Database) -> None:
    """Per inspection, the version the CivDesk Hub holds from this desk's point of view (sent or
    received), so a sync sends only what the hub lacks."""
    db.executescript(
        """
        CREATE TABLE IF NOT EXISTS hub_sync_state (
            uuid TEXT PRIMARY KEY,
            sync_hash TEXT NOT NULL,
            at TEXT NOT NULL
        );
        """
    )


@migrations()
def m012_scale_indexes_search(db: Database) -> None:
    """A province's worth of inspections: an index under every list query and look-up, and a
    trigram full-text table (inspection_search) that finds Chinese substrings of an inspection's
    site, checklist, author, uuid and number. Triggers keep it current (civdesk/store/search.py)."""
    from .search import SEARCH_SCHEMA

    db.executescript(
        """
        CREATE INDEX IF NOT EXISTS comments_inspection ON comments(inspection_id);
        CREATE INDEX IF NOT EXISTS inspections_template ON inspections(template_pk, created_at);
        CREATE INDEX IF NOT EXISTS inspections_follows ON inspections(follows_id) WHERE follows_id IS NOT NULL;
        CREATE INDEX IF NOT EXISTS inspections_author ON inspections(author_id, created_at);
        CREATE INDEX IF NOT EXISTS inspections_state_created ON inspections(state, created_at);
        CREATE INDEX IF NOT EXISTS inspections_updated ON inspections(updated_at);
        CREATE INDEX IF NOT EXISTS inspections_percent ON inspections(percent);
        CREATE INDEX IF NOT EXISTS inspections_kind ON inspections(kind, created_at);
        CREATE INDEX IF NOT EXISTS inspections_level ON inspections(level, created_at);
        CREATE INDEX IF NOT EXISTS rectifications_state_due ON rectifications(state, due_date);
        CREATE INDEX IF NOT EXISTS rectifications_due ON rectifications(due_date);
        CREATE INDEX IF NOT EXISTS rectifications_owner ON rectifications(owner_id, due_date);
        CREATE INDEX IF NOT EXISTS rectifications_closed ON rectifications(closed_by) WHERE closed_by IS NOT NULL;
        CREATE INDEX IF NOT EXISTS users_display ON users(display_name);
        CREATE INDEX IF NOT EXISTS templates_title ON templates(title, version);
        CREATE INDEX IF NOT EXISTS audit_user ON audit(user_id, seq);
        CREATE INDEX IF NOT EXISTS audit_action ON audit(action, seq);
        """
    )
    db.executescript(SEARCH_SCHEMA)
    db.execute(
        "INSERT INTO inspection_search(rowid, text) SELECT i.id, "
        + SEARCH_TEXT_SQL
        + " FROM inspections i JOIN sites s ON s.id = i.site_id JOIN templates t ON t.id = i.template_pk "
        "JOIN users u ON u.id = i.author_id"
    )


@migrations()
def m013_hub_org_trust(db: Database) -> None:
    """The organisation's root of trust as a hub hands it out: the intermediates it issued (each a
    desk's home root certified by the organisation's root) and the keys it revoked, with when."""
    db.executescript(
        """
        CREATE TABLE IF NOT EXISTS trust_intermediates (
            fingerprint TEXT PRIMARY KEY,  -- SHA-256 of the intermediate certificate (DER)
            certificate TEXT NOT NULL,     -- PEM: a home's root key, certified by a trusted root
            issuer TEXT NOT NULL,          -- fingerprint of the trusted root that issued it
            revoked_at TEXT,               -- signatures made through it from then on are refused
            added_at TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS revoked_keys (
            fingerprint TEXT PRIMARY KEY,  -- a user certificate the organisation revoked
            revoked_at TEXT NOT NULL,      -- signatures made with it from then on are refused
            reason TEXT NOT NULL DEFAULT '',
            added_at TEXT NOT NULL
        );
        """
    )


@migrations()
def m014_scale_counts_reviewer(db: Database) -> None:
    """The dashboard at 100,000 inspections: the inspections counted by site and state, kept by
    triggers (store/counts.py), and an index for 我的待办's "approved, waiting for my signature as
    reviewer" (it read every approved inspection)."""
    from .counts import COUNTS_SCHEMA

    db.executescript(
        COUNTS_SCHEMA
        + """
        CREATE INDEX IF NOT EXISTS inspections_reviewer ON inspections(reviewer_id, state)
            WHERE reviewer_id IS NOT NULL;
        """
    )


@migrations()
def m015_audit_write_indexes(db: Database) -> None:
    """Fewer pages written with every audit entry (each answer saved writes one): no query reads
    the log by person, and the only one by action asks for the restores (``civdesk check``), so
    those two whole-log indexes give way to one that holds the restore entries alone."""
    db.executescript(
        """
        DROP INDEX IF EXISTS audit_user;
        DROP INDEX IF EXISTS audit_action;
        CREATE INDEX IF NOT EXISTS audit_restores ON audit(seq) WHERE action = 'home.restore';
        """
    )


# Opening a database compares PRAGMA user_version with SCHEMA_VERSION to skip this module: a new
# migration must raise that number too, or existing homes would never see it.
from .version import SCHEMA_VERSION  # noqa: E402

if len(migrations._migrations) != SCHEMA_VERSION:
    raise RuntimeError(
        f"civdesk/store/version.py says {SCHEMA_VERSION} migrations, schema.py has "
        f"{len(migrations._migrations)}: update SCHEMA_VERSION"
    )
