"""The dashboard's figures against direct SQL on the demo home (definitions in services/dashboard.py)."""

from __future__ import annotations

import datetime as _dt

import pytest

from civdesk.services import accounts, dashboard, demo, settings
from civdesk.store import results
from civdesk.domain.workflow import STATES


@pytest.fixture(scope="module")
def demo_home(tmp_path_factory):
    from civdesk import services

    store = services.open_home(tmp_path_factory.mktemp("demo") / "home")
    demo.fill(store)
    # One site last visited a year ago (a returned inspection and no signed history, so nothing frozen is touched).
    sid = store.scalar("SELECT id FROM sites WHERE name = '西湖区政务服务窗口'")
    with store.write() as conn:
        conn.execute("UPDATE inspections SET created_at = '2025-06-01T08:00:00.000000+00:00' WHERE site_id = ?",
                     (sid,))
    yield store
    store.close()


def test_counts_by_state_equal_sql(demo_home):
    d = dashboard.summary(demo_home)
    sql = dict(demo_home.conn.execute("SELECT state, COUNT(*) FROM inspections GROUP BY state").fetchall())
    assert d.counts == {s: sql.get(s, 0) for s in STATES}
    assert d.total == demo_home.scalar("SELECT COUNT(*) FROM inspections") > 0
    assert sum(1 for n in d.counts.values() if n) >= 5  # the demo reaches nearly every state


def test_latest_result_and_trend_per_site_equal_sql(demo_home):
    d = dashboard.summary(demo_home)
    rows = demo_home.query(
        "SELECT s.id AS site_id, i.id, i.percent, i.level, i.vetoed FROM sites s "
        "LEFT JOIN inspections i ON i.id = (SELECT j.id FROM inspections j WHERE j.site_id = s.id "
        "AND j.kind = 'inspection' AND j.state != 'draft' ORDER BY j.submitted_at DESC, j.id DESC LIMIT 1)")
    want = {r["site_id"]: (r["id"], r["percent"], r["level"], bool(r["vetoed"]) if r["id"] else None) for r in rows}
    got = {s.site_id: (s.latest.inspection_id, s.latest.percent, s.latest.level, s.latest.vetoed) if s.latest
           else (None, None, None, None) for s in d.sites}
    assert got == want
    assert len(d.sites) == demo_home.scalar("SELECT COUNT(*) FROM sites") == len(demo.SITES)
    counts = dict(demo_home.conn.execute("SELECT site_id, COUNT(*) FROM inspections WHERE kind = 'inspection' "
                                         "AND state != 'draft' GROUP BY site_id").fetchall())
    assert {s.site_id: len(s.series) for s in d.sites} == {s.site_id: counts.get(s.site_id, 0) for s in d.sites}
    for s in d.sites:
        assert [p.submitted_at for p in s.series] == sorted(p.submitted_at for p in s.series)


def test_overdue_rectifications_equal_sql(demo_home):
    for today in (_dt.date.today(), _dt.date.today() + _dt.timedelta(days=40)):
        d = dashboard.summary(demo_home, today=today)
        ids = {r[0] for r in demo_home.conn.execute(
            "SELECT id FROM rectifications WHERE state != 'verified' AND due_date < ?", (today.isoformat(),))}
        assert {r["id"] for r in d.overdue} == ids and d.overdue_count == len(ids)
    assert dashboard.summary(demo_home).overdue  # the demo leaves some overdue


def test_stale_sites_equal_sql_and_follow_the_setting(demo_home):
    def sql_stale(cutoff: _dt.date) -> set[int]:
        return {r[0] for r in demo_home.conn.execute(
            "SELECT id FROM sites WHERE id NOT IN (SELECT site_id FROM inspections WHERE kind IN "
            "('inspection', 'reinspection') AND substr(created_at, 1, 10) >= ?)", (cutoff.isoformat(),))}

    d = dashboard.summary(demo_home, stale_months=6)
    assert {s.site_id for s in d.stale_sites} == sql_stale(d.stale_before)
    assert [s.name for s in d.stale_sites] == ["西湖区政务服务窗口"]
    admin = accounts.actor(demo_home, accounts.user_by_name(demo_home, "admin")["id"])
    settings.set_value(demo_home, admin, "dashboard.stale_months", 24)
    d = dashboard.summary(demo_home)
    assert d.stale_months == 24 and d.stale_sites == []
    later = dashboard.summary(demo_home, today=_dt.date.today() + _dt.timedelta(days=800))
    assert {s.site_id for s in later.stale_sites} == sql_stale(later.stale_before) == set(
        r[0] for r in demo_home.conn.execute("SELECT id FROM sites"))


def test_months_before_clamps_to_the_month_end():
    assert dashboard.months_before(_dt.date(2026, 3, 31), 1) == _dt.date(2026, 2, 28)
    assert dashboard.months_before(_dt.date(2026, 1, 15), 6) == _dt.date(2025, 7, 15)
    assert dashboard.months_before(_dt.date(2024, 8, 31), 6) == _dt.date(2024, 2, 29)


def test_trend_is_every_sites_monthly_mean(demo_home):
    got = {p.submitted_at[:7]: round(p.percent, 6) for p in dashboard.summary(demo_home).trend}
    want = {m: round(v, 6) for m, v in demo_home.conn.execute(
        "SELECT substr(submitted_at, 1, 7), AVG(percent) FROM inspections WHERE kind = 'inspection' "
        "AND percent IS NOT NULL AND submitted_at IS NOT NULL GROUP BY 1")}
    assert got == want and got
    assert dashboard.summary(demo_home, with_trend=False).trend == []


def test_point_time_is_the_submission_instant(demo_home):
    d = dashboard.summary(demo_home)
    p = next(s.latest for s in d.sites if s.latest)
    at = _dt.datetime.fromisoformat(p.submitted_at)
    assert at.tzinfo is not None and p.t == at.timestamp()


@pytest.mark.parametrize("sql, args, index", [
    (results.LATEST_SQL, (dashboard.RESULT_KIND, 1), "inspections_results"),
    (results.COUNT_SQL, (dashboard.RESULT_KIND, 1), "inspections_results"),
    (results.SERIES_SQL, (dashboard.RESULT_KIND, 1), "inspections_results"),
    (results.TREND_SQL, (dashboard.RESULT_KIND,), "inspections_results"),
    (results.VISITS_SQL, results.VISIT_KINDS, "inspections_visits"),
])
def test_dashboard_queries_read_only_their_covering_index(demo_home, sql, args, index):
    plan = " | ".join(r[3] for r in demo_home.conn.execute("EXPLAIN QUERY PLAN " + sql, args))
    assert f"USING COVERING INDEX {index}" in plan, plan
    assert "SCAN inspections" not in plan and "SCAN i " not in plan, plan
