"""The SQLite store on real files: pragmas, migrations, refusing damaged files untouched, triggers, attachments."""

from __future__ import annotations

import hashlib
import sqlite3

import pytest

from civdesk.domain.audit import first_broken
from civdesk.store import DB_NAME, Store, StoreError, attachments, now
from civdesk.store.schema import SCHEMA_MIGRATIONS


def sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def sidecars(path):
    return [p.name for p in path.parent.iterdir() if p.name.startswith(path.name + "-")]


@pytest.fixture
def db(tmp_path):
    s = Store(tmp_path / "home")
    yield s
    s.close()


def fill(store: Store, rows: int = 400) -> None:
    with store.write():
        for n in range(rows):
            store.conn.execute("INSERT INTO settings (key, value) VALUES (?, ?)", (f"k{n}", '"' + "文明" * 60 + '"'))


def add_inspection(store: Store) -> tuple[int, int]:
    """A template version used by one inspection: (template pk, inspection id)."""
    ts = now()
    with store.write():
        tpk = store.insert(
            "templates",
            {
                "template_id": "t",
                "version": 1,
                "title": "T",
                "scope": "unit",
                "data": "{}",
                "sha256": "0" * 64,
                "created_at": ts,
            },
        )
        sid = store.insert("sites", {"name": "站", "kind": "unit", "region": "east", "created_at": ts})
        uid = store.insert(
            "users", {"name": "u", "display_name": "U", "role": "inspector", "password_hash": "x", "created_at": ts}
        )
        iid = store.insert(
            "inspections",
            {
                "uuid": "u-1",
                "template_pk": tpk,
                "site_id": sid,
                "kind": "inspection",
                "state": "draft",
                "author_id": uid,
                "created_at": ts,
                "updated_at": ts,
            },
        )
    return tpk, iid


# ------------------------------------------------------------------ opening


def test_pragmas(db):
    c = db.conn
    assert c.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert c.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert c.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert c.execute("PRAGMA busy_timeout").fetchone()[0] == 5000


def test_new_database_is_migrated_to_newest_schema(db, tmp_path):
    assert db.path == tmp_path / "home" / DB_NAME and db.path.is_file()
    applied = db.query("SELECT migration_set, name FROM _sqlite_migrations ORDER BY rowid")
    assert [r["name"] for r in applied] == [m.name for m in SCHEMA_MIGRATIONS._migrations]
    assert applied[0] == {"migration_set": "civdesk", "name": "m001_initial"}
    assert SCHEMA_MIGRATIONS.pending(db.db) == []
    tables = {r["name"] for r in db.query("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {
        "templates",
        "sites",
        "users",
        "user_sites",
        "inspections",
        "answers",
        "attachments",
        "comments",
        "rectifications",
        "audit",
        "settings",
    } <= tables


def test_reopening_is_idempotent(tmp_path):
    home = tmp_path / "home"
    s = Store(home)
    s.set_setting("organisation", "某某收费站")
    before = s.query("SELECT * FROM _sqlite_migrations ORDER BY rowid")
    s.close()
    for _ in range(2):
        s = Store(home)
        assert s.query("SELECT * FROM _sqlite_migrations ORDER BY rowid") == before  # applied_at unchanged too
        assert s.get_setting("organisation") == "某某收费站"
        s.close()


def test_empty_file_is_a_fresh_database(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / DB_NAME).write_bytes(b"")
    s = Store(home)
    try:
        assert s.scalar("SELECT COUNT(*) FROM _sqlite_migrations") == len(SCHEMA_MIGRATIONS._migrations)
    finally:
        s.close()


@pytest.mark.parametrize(
    "content",
    [
        b"This is a spreadsheet, not a database.\n" * 50,
        b"PK\x03\x04" + bytes(range(256)) * 8,  # a zip file
        b"SQLite format 3",  # too short to hold a header
    ],
)
def test_non_sqlite_file_is_refused_untouched(tmp_path, content):
    home = tmp_path / "home"
    home.mkdir()
    path = home / DB_NAME
    path.write_bytes(content)
    digest = sha(path)
    with pytest.raises(StoreError) as err:
        Store(home)
    assert str(path) in str(err.value)
    assert "not an SQLite file" in str(err.value)
    assert sha(path) == digest
    assert sorted(p.name for p in home.iterdir()) == [DB_NAME]


def test_truncated_database_is_refused_untouched(tmp_path):
    home = tmp_path / "home"
    s = Store(home)
    fill(s)
    s.close()
    path = home / DB_NAME
    assert sidecars(path) == []  # the last close folded the WAL into the file
    data = path.read_bytes()
    assert len(data) > 40_000
    path.write_bytes(data[: len(data) // 2])
    digest = sha(path)
    with pytest.raises(StoreError) as err:
        Store(home)
    assert str(path) in str(err.value)
    assert "truncated" in str(err.value)
    assert sha(path) == digest
    assert sidecars(path) == []


# ------------------------------------------------------------------ writes and triggers


def test_write_rolls_back_on_error_and_nests(db):
    with pytest.raises(RuntimeError), db.write():
        db.conn.execute("INSERT INTO settings (key, value) VALUES ('a', '1')")
        with db.write():  # joins the outer transaction
            db.conn.execute("INSERT INTO settings (key, value) VALUES ('b', '2')")
        raise RuntimeError("boom")
    assert db.scalar("SELECT COUNT(*) FROM settings") == 0
    assert db.conn.in_transaction is False


def test_foreign_keys_are_enforced(db):
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"), db.write():
        db.insert("answers", {"inspection_id": 999, "item_code": "1.1", "answered_by": 999, "answered_at": now()})
    assert db.scalar("SELECT COUNT(*) FROM answers") == 0


def test_audit_entries_chain_and_are_append_only(db):
    with db.write():
        db.audit(None, "test.one", "thing", 1, {"a": 1})
        db.audit(7, "test.two", "thing", None, {"名": "站"})
    rows = list(db.audit_entries())
    assert [(r["seq"], r["action"], r["entity_id"], r["detail"]) for r in rows] == [
        (1, "test.one", "1", '{"a":1}'),
        (2, "test.two", None, '{"名":"站"}'),
    ]
    assert rows[1]["prev_hash"] == rows[0]["hash"]
    assert first_broken(rows) is None
    with pytest.raises(sqlite3.IntegrityError, match="the audit log is append-only"):
        db.conn.execute("UPDATE audit SET detail = '{}' WHERE seq = 1")
    with pytest.raises(sqlite3.IntegrityError, match="the audit log is append-only"):
        db.conn.execute("DELETE FROM audit WHERE seq = 2")
    assert list(db.audit_entries()) == rows


def test_audit_outside_a_transaction_is_refused(db):
    with pytest.raises(AssertionError):
        db.audit(None, "x", "y", 1, {})
    assert db.scalar("SELECT COUNT(*) FROM audit") == 0


def test_used_template_version_cannot_change(db):
    tpk, _ = add_inspection(db)
    with pytest.raises(sqlite3.IntegrityError, match="template version is used by an inspection and cannot change"):
        db.conn.execute("UPDATE templates SET data = '{\"x\": 1}' WHERE id = ?", (tpk,))
    with pytest.raises(sqlite3.IntegrityError, match="cannot be deleted"):
        db.conn.execute("DELETE FROM templates WHERE id = ?", (tpk,))
    assert db.one("SELECT data FROM templates WHERE id = ?", (tpk,)) == {"data": "{}"}


def test_unused_template_version_may_still_be_edited(db):
    with db.write():
        tpk = db.insert(
            "templates",
            {
                "template_id": "t",
                "version": 1,
                "title": "T",
                "scope": "unit",
                "data": "{}",
                "sha256": "0" * 64,
                "created_at": now(),
            },
        )
    db.conn.execute("UPDATE templates SET title = 'T2' WHERE id = ?", (tpk,))
    assert db.scalar("SELECT title FROM templates WHERE id = ?", (tpk,)) == "T2"


def test_settings_round_trip(db):
    db.set_setting("seal", {"path": "seal.png", "size": [120, 120]})
    db.set_setting("seal", {"path": "印章.png"})
    assert db.get_setting("seal") == {"path": "印章.png"}
    assert db.get_setting("missing", 42) == 42


# ------------------------------------------------------------------ attachments


def test_attachments_are_content_addressed(tmp_path):
    root = tmp_path / "attachments"
    photo = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
    first = attachments.put_bytes(root, photo)
    second = attachments.put_bytes(root, photo)
    assert first == second == hashlib.sha256(photo).hexdigest()
    stored = [p for p in root.rglob("*") if p.is_file()]
    assert stored == [root / first[:2] / first]
    assert stored[0].read_bytes() == photo
    src = tmp_path / "photo.png"
    src.write_bytes(photo)
    assert attachments.put_file(root, src) == (first, len(photo))
    assert [p for p in root.rglob("*") if p.is_file()] == stored  # still one file, no temporaries left
    other = attachments.put_bytes(root, b"another photo")
    assert other != first and len([p for p in root.rglob("*") if p.is_file()]) == 2


def test_attachment_verify_detects_change_and_loss(tmp_path):
    root = tmp_path / "attachments"
    digest = attachments.put_bytes(root, b"photo")
    assert attachments.verify(root, digest) is True
    attachments.path_for(root, digest).write_bytes(b"edited photo")
    assert attachments.verify(root, digest) is False
    attachments.path_for(root, digest).unlink()
    assert attachments.verify(root, digest) is False
