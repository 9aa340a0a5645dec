"""Schema migrations: an empty database reaches the newest schema; an old one upgrades with its rows."""

from __future__ import annotations

import sqlite3

from sqlite_utils import Database

from civdesk.store import Store
from civdesk.store.schema import SCHEMA_MIGRATIONS


def test_empty_database_reaches_newest_schema(tmp_path):
    store = Store(tmp_path / "home")
    applied = [m.name for m in SCHEMA_MIGRATIONS.applied(store.db)]
    assert applied == [m.name for m in SCHEMA_MIGRATIONS._migrations]
    assert SCHEMA_MIGRATIONS.pending(store.db) == []
    tables = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {
        "templates",
        "sites",
        "users",
        "inspections",
        "answers",
        "attachments",
        "rectifications",
        "audit",
        "signatures",
        "user_keys",
    } <= tables


def test_first_schema_upgrades_with_rows_intact(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    # A home made by the first release: only m001 applied, with a user, a site and an answer.
    db = Database(sqlite3.connect(home / "civdesk.db", isolation_level=None))
    SCHEMA_MIGRATIONS.apply(db, stop_before="m002_signatures_keys")
    db.execute(
        "INSERT INTO users (name, display_name, role, password_hash, created_at) "
        "VALUES ('old', '老用户', 'inspector', 'scrypt$x', '2026-01-01')"
    )
    db.execute(
        "INSERT INTO sites (name, kind, region, created_at) VALUES ('老站', 'toll_station', 'east', '2026-01-01')"
    )
    db.execute(
        "INSERT INTO templates (template_id, version, title, scope, data, sha256, created_at) "
        "VALUES ('t', 1, 'T', 'city', '{}', 'abc', '2026-01-01')"
    )
    db.execute(
        "INSERT INTO inspections (uuid, template_pk, site_id, kind, state, author_id, created_at, updated_at) "
        "VALUES ('u-1', 1, 1, 'inspection', 'draft', 1, '2026-01-01', '2026-01-01')"
    )
    db.execute(
        "INSERT INTO answers (inspection_id, item_code, value, answered_by, answered_at) "
        "VALUES (1, '1.1', '\"yes\"', 1, '2026-01-01')"
    )
    db.conn.close()

    store = Store(home)  # opening applies the pending migrations
    assert SCHEMA_MIGRATIONS.pending(store.db) == []
    assert store.one("SELECT name, display_name, reset_required FROM users") == {
        "name": "old",
        "display_name": "老用户",
        "reset_required": 0,
    }
    assert len(store.scalar("SELECT uuid FROM users")) == 36  # people get the identity certificates name
    assert store.one("SELECT item_code, value FROM answers") == {"item_code": "1.1", "value": '"yes"'}
    assert store.one("SELECT uuid, state, covers FROM inspections") == {"uuid": "u-1", "state": "draft", "covers": None}
    indexes = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert "inspections_created" in indexes


def test_audit_entries_write_one_index_besides_the_log(tmp_path):
    """m015: an audit entry adds to the per-entity index alone; the restores keep an index of their
    own, which holds nothing else."""
    store = Store(tmp_path / "home")
    with store.write():
        store.audit(None, "answer", "inspection", 1, {"code": "1.1"})
        store.audit(None, "home.restore", "home", None, {"from": "b.db"})
    on_audit = {
        r[0]: r[1]
        for r in store.conn.execute("SELECT name, sql FROM sqlite_master WHERE tbl_name = 'audit' AND type = 'index'")
    }
    assert set(on_audit) == {"audit_entity", "audit_restores"}
    assert "WHERE action = 'home.restore'" in on_audit["audit_restores"]
    held = store.scalar("SELECT COUNT(*) FROM audit INDEXED BY audit_restores WHERE action = 'home.restore'")
    assert held == 1
