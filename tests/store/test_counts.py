"""The inspections counted by site and state (store/counts.py) stay equal to counting the
inspections themselves after every kind of change: added, state changed, moved to another site,
deleted, and a transaction rolled back."""

from __future__ import annotations

import pytest

from civdesk import services
from civdesk.services import accounts, dashboard
from civdesk.services import inspections as insp
from tests.helpers.data import SYNTHETIC_PASSWORD as PASSWORD


def _counted(store) -> dict:
    return {
        (s, st): n for s, st, n in store.conn.execute("SELECT site_id, state, n FROM inspection_counts WHERE n != 0")
    }


def _counting(store) -> dict:
    return {
        (s, st): n
        for s, st, n in store.conn.execute("SELECT site_id, state, COUNT(*) FROM inspections GROUP BY site_id, state")
    }


@pytest.fixture
def store(populated_home):
    s = services.open_home(populated_home)
    yield s
    s.close()


def test_counts_follow_every_change(store):
    assert _counted(store) == _counting(store) and sum(_counted(store).values()) == 5_000
    me = accounts.authenticate(store, "insp1", PASSWORD)
    site = store.scalar("SELECT id FROM sites ORDER BY id LIMIT 1")
    other = store.scalar("SELECT id FROM sites ORDER BY id DESC LIMIT 1")
    iid = insp.new_inspection(store, me, template_id="toll-window", site_id=site, kind="inspection")
    assert _counted(store)[(site, "draft")] == _counting(store)[(site, "draft")]
    with store.write() as conn:
        conn.execute("UPDATE inspections SET state = 'submitted' WHERE id = ?", (iid,))
        conn.execute("UPDATE inspections SET site_id = ? WHERE id = ?", (other, iid))
        conn.execute("UPDATE inspections SET updated_at = updated_at WHERE id = ?", (iid,))  # neither column
    assert _counted(store) == _counting(store)
    gone = store.scalar(
        "SELECT id FROM inspections WHERE state = 'draft' AND id NOT IN "
        "(SELECT inspection_id FROM answers UNION SELECT inspection_id FROM rectifications "
        "UNION SELECT inspection_id FROM comments UNION SELECT inspection_id FROM attachments "
        "UNION SELECT follows_id FROM inspections WHERE follows_id IS NOT NULL) LIMIT 1"
    )
    with store.write() as conn:
        conn.execute("DELETE FROM inspections WHERE id IN (?, ?)", (iid, gone))
    assert _counted(store) == _counting(store)
    before = _counted(store)
    with pytest.raises(RuntimeError), store.write() as conn:
        conn.execute("UPDATE inspections SET state = 'approved' WHERE state = 'draft'")
        raise RuntimeError("rolled back")
    assert _counted(store) == before == _counting(store)


def test_the_dashboard_counts_a_managers_sites_only(store):
    manager = store.one("SELECT u.id FROM users u WHERE role = 'manager' LIMIT 1")
    who = accounts.actor(store, manager["id"])
    assert who.site_ids
    figures = dashboard.summary(store, who, with_trend=False)
    marks = ", ".join("?" * len(who.site_ids))
    expected = dict(
        store.conn.execute(
            f"SELECT state, COUNT(*) FROM inspections WHERE site_id IN ({marks}) GROUP BY state", sorted(who.site_ids)
        ).fetchall()
    )
    assert {k: v for k, v in figures.counts.items() if v} == expected
