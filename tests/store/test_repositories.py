"""The store's repositories: row classes match their tables, rows come back frozen, and a write
names only the columns its row class has (nothing written otherwise)."""

from __future__ import annotations

import dataclasses
import sqlite3

import pytest

from civdesk.store import Store, documents, inspections, keys, rectifications, sites, templates, users
from civdesk.store.rows import names

# Row class → its table, and the fields that are not the table's own columns (joined in).
TABLES = [
    (inspections.Inspection, "inspections", set()),
    (inspections.Attachment, "attachments", set()),
    (inspections.Comment, "comments", {"display_name"}),
    (rectifications.Rectification, "rectifications", {"site_id"}),
    (users.User, "users", set()),
    (sites.Site, "sites", set()),
    (templates.TemplateVersion, "templates", set()),
    (keys.UserKey, "user_keys", set()),
    (keys.TrustRoot, "trust_roots", set()),
    (documents.Document, "documents", set()),
]


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "home")
    yield s
    s.close()


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]


@pytest.mark.parametrize("cls, table, joined", TABLES, ids=lambda x: getattr(x, "__name__", None) or str(x))
def test_row_class_has_every_column_of_its_table_in_order(store, cls, table, joined):
    own = [n for n in names(cls) if n not in joined]
    assert own == _columns(store.conn, table)


def test_rows_come_back_as_frozen_dataclasses(store):
    with store.write() as conn:
        sid = sites.create(conn, name="一号收费站", kind="toll_station", region="east", address="", created_at="t0")
    site = sites.get(store.conn, sid)
    assert dataclasses.is_dataclass(site) and site == sites.Site(sid, "一号收费站", "toll_station", "east", "", "t0")
    with pytest.raises(dataclasses.FrozenInstanceError):
        site.name = "改名"  # type: ignore[misc]
    assert sites.get(store.conn, sid + 1) is None
    assert [s.name for s in sites.listed(store.conn, [sid])] == ["一号收费站"]
    assert sites.listed(store.conn, []) == []  # an empty scope sees no site, not every site


def test_a_write_naming_an_unknown_column_is_refused_and_writes_nothing(store):
    with pytest.raises(KeyError, match="Site has no column colour"), store.write() as conn:
        sites.create(conn, name="二号站", kind="unit", region="east", address="", created_at="t0", colour="红")
    assert sites.by_name(store.conn, "二号站") is None
    with store.write() as conn:
        sid = sites.create(conn, name="二号站", kind="unit", region="east", address="", created_at="t0")
    with pytest.raises(KeyError, match="Site has no column"):
        sites.change(store.conn, sid)  # nothing to change is a mistake too
    with store.write() as conn:
        sites.change(conn, sid, address="解放路 1 号")
    assert sites.get(store.conn, sid).address == "解放路 1 号"


def test_writes_through_repositories_are_sealed(store):
    """A repository writes inside Store.write(), so the audit entry of the transaction carries the
    new row's seal, as before the SQL moved into the store."""
    with store.write() as conn:
        sid = sites.create(conn, name="三号站", kind="unit", region="west", address="", created_at="t0")
        store.audit(None, "site.create", "site", sid, {"name": "三号站"})
    last = list(store.audit_entries())[-1]
    assert last["action"] == "site.create"
    assert '"sites"' in (last.get("seal") or "")
