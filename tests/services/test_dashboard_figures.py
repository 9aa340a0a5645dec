"""The dashboard's figures on the demo home, each checked against the same figure worked out in Python
from the inspections and rectifications as the services show them (definitions in services/dashboard.py)."""

from __future__ import annotations

import collections
import datetime as _dt

import pytest

from civdesk.domain import rectification as rule
from civdesk.domain.workflow import STATES
from civdesk.services import accounts, dashboard, demo, inspections, settings
from civdesk.store import results as result_repo


@pytest.fixture(scope="module")
def demo_home(tmp_path_factory):
    from civdesk import services

    store = services.open_home(tmp_path_factory.mktemp("demo") / "home")
    demo.fill(store)
    # One site last visited a year ago (a returned inspection and no signed history, so nothing frozen is touched).
    sid = store.scalar("SELECT id FROM sites WHERE name = '西湖区政务服务窗口'")
    with store.write() as conn:
        conn.execute("UPDATE inspections SET created_at = '2025-06-01T08:00:00.000000+00:00' WHERE site_id = ?", (sid,))
    yield store
    store.close()


@pytest.fixture(scope="module")
def views(demo_home):
    """Every inspection as the inspection service shows it, its result scored again from its answers
    by the domain: the expectations below are worked out from these in Python, not with the SQL of
    services/dashboard.py or the result columns it reads."""
    return [inspections.view(demo_home, iid) for (iid,) in demo_home.conn.execute("SELECT id FROM inspections")]


def results(views) -> list:
    """What the dashboard calls a result: a submitted inspection (not a re-inspection or self-assessment)."""
    return [v for v in views if v.row["kind"] == "inspection" and v.row["submitted_at"]]


def local_day(ts: str) -> _dt.date:
    return _dt.datetime.fromisoformat(ts).astimezone().date()


def test_counts_by_state(demo_home, views):
    d = dashboard.summary(demo_home)
    by_state = collections.Counter(v.row["state"] for v in views)
    assert d.counts == {s: by_state[s] for s in STATES}
    assert d.total == len(views) > 0
    assert sum(1 for n in d.counts.values() if n) >= 5  # the demo reaches nearly every state


def test_latest_result_and_series_per_site(demo_home, views):
    d = dashboard.summary(demo_home)
    per_site = collections.defaultdict(list)
    for v in sorted(results(views), key=lambda v: (v.row["submitted_at"], v.row["id"])):
        per_site[v.row["site_id"]].append(v)
    want = {
        sid: (vs[-1].row["id"], round(vs[-1].result.percent, 6), vs[-1].result.level, vs[-1].result.vetoed)
        for sid, vs in per_site.items()
    }
    got = {
        s.site_id: (s.latest.inspection_id, round(s.latest.percent, 6), s.latest.level, s.latest.vetoed)
        for s in d.sites
        if s.latest
    }
    assert got == want and len(want) >= 3
    assert len(d.sites) == len(demo.SITES)
    assert {s.site_id: [p.inspection_id for p in s.series] for s in d.sites} == {
        s.site_id: [v.row["id"] for v in per_site.get(s.site_id, [])] for s in d.sites
    }
    assert {s.site_id: s.count for s in d.sites} == {s.site_id: len(per_site.get(s.site_id, [])) for s in d.sites}


def test_overdue_rectifications(demo_home):
    rows = demo_home.query("SELECT id, state, due_date FROM rectifications")
    for today in (_dt.date.today(), _dt.date.today() + _dt.timedelta(days=40)):
        d = dashboard.summary(demo_home, today=today)
        want = {r["id"] for r in rows if rule.is_overdue(r["state"], _dt.date.fromisoformat(r["due_date"]), today)}
        assert {r.id for r in d.overdue} == want and d.overdue_count == len(want)
    assert dashboard.summary(demo_home).overdue  # the demo leaves some overdue


def test_stale_sites_follow_the_last_visit_and_the_setting(demo_home, views):
    last_visit: dict[int, _dt.date] = {}
    for v in views:
        if v.row["kind"] in ("inspection", "reinspection"):
            day = local_day(v.row["created_at"])
            last_visit[v.row["site_id"]] = max(day, last_visit.get(v.row["site_id"], day))

    def stale(d) -> set[int]:
        return {s.site_id for s in d.sites if s.site_id not in last_visit or last_visit[s.site_id] < d.stale_before}

    d = dashboard.summary(demo_home, stale_months=6)
    assert {s.site_id for s in d.stale_sites} == stale(d)
    assert [s.name for s in d.stale_sites] == ["西湖区政务服务窗口"]
    admin = accounts.actor(demo_home, accounts.user_by_name(demo_home, "admin")["id"])
    settings.set_value(demo_home, admin, "dashboard.stale_months", 24)
    d = dashboard.summary(demo_home)
    assert d.stale_months == 24 and d.stale_sites == []
    later = dashboard.summary(demo_home, today=_dt.date.today() + _dt.timedelta(days=800))
    assert {s.site_id for s in later.stale_sites} == stale(later) == {s.site_id for s in later.sites}


def test_months_before_clamps_to_the_month_end():
    assert dashboard.months_before(_dt.date(2026, 3, 31), 1) == _dt.date(2026, 2, 28)
    assert dashboard.months_before(_dt.date(2026, 1, 15), 6) == _dt.date(2025, 7, 15)
    assert dashboard.months_before(_dt.date(2024, 8, 31), 6) == _dt.date(2024, 2, 29)


def test_trend_is_every_sites_monthly_mean(demo_home, views):
    months = collections.defaultdict(list)
    for v in results(views):
        months[v.row["submitted_at"][:7]].append(v.result.percent)
    got = {p.submitted_at[:7]: round(p.percent, 6) for p in dashboard.summary(demo_home).trend}
    assert got == {m: round(sum(ps) / len(ps), 6) for m, ps in months.items()} and len(got) >= 6
    assert dashboard.summary(demo_home, with_trend=False).trend == []


def test_point_time_is_the_submission_instant(demo_home):
    d = dashboard.summary(demo_home)
    p = next(s.latest for s in d.sites if s.latest)
    at = _dt.datetime.fromisoformat(p.submitted_at)
    assert at.tzinfo is not None and p.t == at.timestamp()


@pytest.mark.parametrize(
    "sql, args, index",
    [
        (result_repo.LATEST_SQL, (dashboard.RESULT_KIND, 1), "inspections_results"),
        (result_repo.COUNT_SQL, (dashboard.RESULT_KIND, 1), "inspections_results"),
        (result_repo.SERIES_SQL, (dashboard.RESULT_KIND, 1), "inspections_results"),
        (result_repo.TREND_SQL, (dashboard.RESULT_KIND,), "inspections_results"),
        (result_repo.VISITS_SQL, result_repo.VISIT_KINDS, "inspections_visits"),
    ],
)
def test_dashboard_queries_read_only_their_covering_index(demo_home, sql, args, index):
    plan = " | ".join(r[3] for r in demo_home.conn.execute("EXPLAIN QUERY PLAN " + sql, args))
    assert f"USING COVERING INDEX {index}" in plan, plan
    assert "SCAN inspections" not in plan and "SCAN i " not in plan, plan


def test_figures_read_on_another_connection_then_attached_read_their_series_here(demo_home):
    """The screen reads the figures on the runner's thread with its own Store and shows them on the
    GUI thread: attached there, a site's series is read on the GUI's connection (the runner's is
    closed by then) and equals the one read directly."""
    from civdesk.store import Store

    admin = accounts.actor(demo_home, accounts.user_by_name(demo_home, "admin")["id"])
    other = Store(demo_home.home, migrate=False)
    try:
        away = dashboard.summary(other, admin, with_trend=False)
    finally:
        other.close()
    here = dashboard.summary(demo_home, admin, with_trend=False)
    dashboard.attach(away, demo_home)
    assert [s.site_id for s in away.sites] == [s.site_id for s in here.sites]
    for a, h in zip(away.sites, here.sites):
        assert (a.series, a.count, a.recent, a.latest) == (h.series, h.count, h.recent, h.latest)
    assert any(s.series for s in away.sites)
