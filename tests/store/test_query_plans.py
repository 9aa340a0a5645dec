"""Every list query of the screens runs on an index: EXPLAIN QUERY PLAN over them on a populated
home (5,000 inspections) fails on a scan of a large table that reads it whole.

A scan is allowed only where it is the list's own order and the query stops at a page (LIMIT,
no sort of the rows afterwards): that reads one page, not the table.
"""

from __future__ import annotations

import datetime as _dt
import re

import pytest

from civdesk.domain.workflow import Actor
from civdesk.services import dashboard, listing, rectifications
from civdesk.store import Store, audit, results, work
from civdesk.store import inspections as qi
from civdesk.store import rectifications as qr
from civdesk.store.counts import counts_sql

LARGE = {"inspections", "answers", "rectifications", "comments", "attachments", "audit", "inspection_search"}
TODAY = _dt.date(2026, 6, 1)


def _plan(store: Store, sql: str, args) -> list[str]:
    args = args if isinstance(args, dict) else list(args)
    return [row[3] for row in store.conn.execute("EXPLAIN QUERY PLAN " + sql, args)]


def _aliases(sql: str) -> dict[str, str]:
    """alias → table for the FROM/JOIN clauses of ``sql``."""
    found = {t: t for t in LARGE}
    for table, alias in re.findall(r"(?:FROM|JOIN)\s+(\w+)\s+(?:AS\s+)?(\w+)", sql, re.I):
        if alias.upper() not in ("ON", "WHERE", "JOIN", "CROSS", "LEFT", "ORDER", "GROUP", "LIMIT"):
            found[alias] = table
    return found


def full_scans(store: Store, sql: str, args) -> list[str]:
    plan = _plan(store, sql, args)
    paged = " LIMIT " in sql.upper() and not any("TEMP B-TREE FOR ORDER BY" in p for p in plan)
    aliases = _aliases(sql)
    bad = []
    for step in plan:
        m = re.match(r"SCAN (\w+)(?: USING (?:COVERING )?INDEX (\w+))?$", step)
        if not m or aliases.get(m.group(1)) not in LARGE:
            continue
        # A covering index read for an aggregate reads the index, not the table's rows.
        aggregate = re.match(r"\s*SELECT (COUNT|MAX|MIN|\w+, COUNT)", sql, re.I) and "COVERING" in step
        if not paged and not aggregate and not (m.group(2) and _partial(store, m.group(2))):
            bad.append(step)
    return bad


def _partial(store: Store, index: str) -> bool:
    """A partial index holds only the rows its WHERE names: scanning it reads those alone."""
    sql = store.scalar("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?", (index,)) or ""
    return " WHERE " in sql.upper()


def _inspection_queries():
    for sort in qi.SORTS:
        for filters in (
            {},
            {"state": "submitted"},
            {"site_id": 3},
            {"template_id": "toll-window"},
            {"search": "合成站点01"},
            {"search": "站点"},
            {"search": "检查员3"},
            {"search": "员3"},
            {"search": "站长"},
            {"since": "2026-01-01", "until": "2026-03-31"},
            {"site_ids": (1, 2, 3)},
        ):
            yield f"inspections/{sort}/{filters}", listing.inspection_query(sort=sort, **filters)


def _listed(store: Store):
    for name, q in _inspection_queries():
        where, args = q.where(conn=store.conn)
        yield name + "/page", (q.lead() or qi.SELECT) + where + q.order() + " LIMIT 200 OFFSET 0", args
        where, args = q.where(counting=True, conn=store.conn)
        yield name + "/count", "SELECT COUNT(*) FROM (SELECT 1 FROM inspections i" + where + " LIMIT 10001)", args
        yield name + "/rows", qi.SELECT + (where + " AND " if where else " WHERE ") + "i.id IN (?, ?)", [*args, 1, 2]
    for status in (None, *rectifications.FILTERS):
        for extra in ({}, {"site_id": 3}, {"owner_id": 10}, {"due_until": "2026-03-01"}, {"inspection_id": 7}):
            q = rectifications.query(status=status, today=TODAY, **extra)
            where, args = q.where(ordered=True)
            yield (
                f"rectifications/{status}/{extra}/page",
                qr.SELECT + where + " ORDER BY r.due_date, r.id LIMIT 200",
                [TODAY.isoformat(), *args],
            )
            where, args = q.where()
            base = (
                "FROM rectifications r JOIN inspections i ON i.id = r.inspection_id"
                if q.needs_join()
                else "FROM rectifications r"
            )
            yield f"rectifications/{status}/{extra}/count", f"SELECT COUNT(*) {base}{where}", args
    yield "dashboard/latest", results.LATEST_SQL, [dashboard.RESULT_KIND, 3]
    yield "dashboard/count", results.COUNT_SQL, [dashboard.RESULT_KIND, 3]
    yield "dashboard/series", results.SERIES_SQL, [dashboard.RESULT_KIND, 3]
    yield "dashboard/trend", results.TREND_SQL, [dashboard.RESULT_KIND]
    yield "dashboard/visits", results.VISITS_SQL, results.VISIT_KINDS
    yield "dashboard/latest of every site", results.LATEST_ALL_SQL, [dashboard.RESULT_KIND]
    yield "dashboard/states", counts_sql(None), []
    yield "dashboard/states in scope", counts_sql("site_id IN (1, 2)"), []
    yield "dashboard/trend key", "SELECT MAX(updated_at) FROM inspections", []
    for role in ("admin", "inspector", "manager"):
        me = Actor(7, "x", role, frozenset({1, 2}))
        yield f"my work/{role}/inspections", work._INSPECTIONS.format(who=work._inspections_who(me)), {"me": 7}
    yield "comments of an inspection", "SELECT * FROM comments WHERE inspection_id = ? ORDER BY id", [5]
    yield "answers of an inspection", "SELECT item_code, value, note FROM answers WHERE inspection_id = ?", [5]
    yield "photos of an inspection", "SELECT * FROM attachments WHERE inspection_id = ?", [5]
    yield "inspections of a template version", "SELECT 1 FROM inspections WHERE template_pk = ? LIMIT 1", [1]
    yield "re-inspections of an inspection", "SELECT id FROM inspections WHERE follows_id = ?", [5]
    yield "rectifications of an inspection", "SELECT * FROM rectifications WHERE inspection_id = ?", [5]
    yield (
        "audit of an entity",
        ("SELECT * FROM audit WHERE entity = 'inspection' AND entity_id = ? ORDER BY seq"),
        ["5"],
    )
    yield "audit page", "SELECT * FROM audit ORDER BY seq DESC LIMIT 200 OFFSET 0", []
    yield "restores in the audit log", audit.RESTORES_SQL, []
    yield "who last did an action", audit.LAST_ACTOR_SQL, ["rectification", "5", "rect.done"]


@pytest.fixture(scope="module")
def home(populated_home_path):
    store = Store(populated_home_path)
    store.conn.execute("ANALYZE")  # the planner's statistics as a working home gathers them
    yield store
    store.close()


def test_every_list_query_is_on_an_index(home):
    assert home.scalar("SELECT COUNT(*) FROM inspections") == 5_000
    assert home.scalar("SELECT COUNT(*) FROM rectifications") > 3_000
    bad = {name: scans for name, sql, args in _listed(home) if (scans := full_scans(home, sql, args))}
    assert bad == {}


def test_the_check_catches_a_full_scan(home):
    """The check itself: LIKE '%x%' over the joined list (the old search) is a full scan."""
    sql = qi.SELECT + " WHERE s.name LIKE ? OR u.display_name LIKE ? ORDER BY i.created_at DESC"
    assert full_scans(home, sql, ["%站点%", "%站点%"])
    assert full_scans(home, "SELECT * FROM rectifications WHERE state != 'verified' ORDER BY due_date", [])
    # Another action than the restores: the partial index cannot serve it, the log is read whole.
    assert full_scans(home, "SELECT seq FROM audit WHERE action = ? ORDER BY seq", ["answer"])
