"""The figures of the dashboard (首页), read in a handful of queries so the screen opens at once
even on a home with ten thousand inspections.

Definitions (the dashboard's captions say the same):

- counts by state: every inspection, all kinds.
- a site's result: its submitted inspections of kind ``inspection`` (检查) — not self-assessments,
  which the site writes about itself, and not re-inspections, which score only the items they cover.
  The latest result is the one submitted last; the trend is all of them by submission time.
- overdue rectifications: past their due date and not verified (civdesk.domain.rectification).
- a site is *stale* when no inspection or re-inspection of it was started in the last N months
  (N from the ``dashboard.stale_months`` setting), or never.
"""

from __future__ import annotations

import calendar
import datetime as _dt
from dataclasses import dataclass, field
from typing import Callable, NamedTuple

from ..domain import scope as _scope
from ..domain.workflow import STATES, Actor
from ..store import Store
from ..store.counts import counts_sql
from . import rectifications, settings

RESULT_KIND = "inspection"
VISIT_KINDS = ("inspection", "reinspection")
OVERDUE_SHOWN = 50  # as many as the tab shows of 我的待办; its title counts all, 整改 lists all


# All served by the covering index inspections_results (m006): the dashboard refreshes on every visit.
_RESULT = "i.kind = ? AND i.percent IS NOT NULL AND i.submitted_at IS NOT NULL"
# Per site, one probe of the index each: its latest result, and how many it has.
LATEST_SQL = ("SELECT i.id, i.submitted_at, i.percent, i.level, i.level_label, COALESCE(i.vetoed, 0) != 0, "
              f"i.template_pk FROM inspections i WHERE {_RESULT} AND i.site_id = ? "
              "ORDER BY i.submitted_at DESC, i.id DESC LIMIT 1")
# Every site's latest result in one statement: the same probe per site, without a Python round trip each.
LATEST_ALL_SQL = ("SELECT s.id, i.id, i.submitted_at, i.percent, i.level, i.level_label, COALESCE(i.vetoed, 0) != 0, "
                  "i.template_pk FROM sites s JOIN inspections i ON i.id = (SELECT i.id FROM inspections i "
                  f"WHERE {_RESULT} AND i.site_id = s.id ORDER BY i.submitted_at DESC, i.id DESC LIMIT 1)")
COUNT_SQL = f"SELECT COUNT(*) FROM inspections i WHERE {_RESULT} AND i.site_id = ?"
# One site's results, oldest first: read when its chart or trend line is drawn.
SERIES_SQL = ("SELECT i.id, i.submitted_at, i.percent, i.level, i.level_label, COALESCE(i.vetoed, 0) != 0, "
              f"t.title FROM inspections i JOIN templates t ON t.id = i.template_pk WHERE {_RESULT} "
              "AND i.site_id = ? ORDER BY i.submitted_at, i.id")
# A site's last few results, newest first: its trend line in the ranking.
RECENT_SQL = ("SELECT i.id, i.submitted_at, i.percent, i.level, i.level_label, COALESCE(i.vetoed, 0) != 0, '' "
              f"FROM inspections i WHERE {_RESULT} AND i.site_id = ? ORDER BY i.submitted_at DESC, i.id DESC LIMIT ?")
RECENT = 30
# Every site's results as monthly means: the chart's grey line.
TREND_SQL = (f"SELECT substr(i.submitted_at, 1, 7) AS month, AVG(i.percent) FROM inspections i WHERE {_RESULT} "
             "GROUP BY month ORDER BY month")
# Per site, so each maximum is one probe of the covering index inspections_visits (m006).
VISITS_SQL = ("SELECT s.id, (SELECT MAX(created_at) FROM inspections WHERE kind IN "
              f"({', '.join('?' * len(VISIT_KINDS))}) AND site_id = s.id) FROM sites s")


class Point(NamedTuple):
    """One submitted result (a tuple: ten thousand of them are made on every refresh)."""

    inspection_id: int
    submitted_at: str
    percent: float
    level: str | None
    level_label: str | None
    vetoed: bool
    template_title: str

    @property
    def t(self) -> float:
        """submitted_at as seconds since the epoch (the chart's time axis), worked out only for
        the points a chart draws rather than for every result on every refresh."""
        return _dt.datetime.fromisoformat(self.submitted_at).timestamp()


@dataclass
class SiteStatus:
    site_id: int
    name: str
    kind: str
    region: str
    latest: Point | None = None                         # the result submitted last
    last_visit: str | None = None                       # created_at of the newest visit
    stale: bool = False
    _load: Callable[[int], list[Point]] | None = field(default=None, repr=False, compare=False)
    _series: list[Point] | None = field(default=None, repr=False, compare=False)
    _count: Callable[[int], int] | None = field(default=None, repr=False, compare=False)
    _recent: Callable[[int], list[Point]] | None = field(default=None, repr=False, compare=False)

    @property
    def count(self) -> int:
        """How many results (counted when asked: a tooltip or the chart's title)."""
        if self._series is not None or self._count is None:
            return len(self.series)
        return self._count(self.site_id)

    @property
    def recent(self) -> list[Point]:
        """The last RECENT results, oldest first (the ranking's trend line): one short index read."""
        if self._series is not None or self._recent is None:
            return self.series[-RECENT:]
        return self._recent(self.site_id)

    @property
    def series(self) -> list[Point]:
        """Every result, oldest first, read on an index when first asked for: the ranking needs
        each site's latest only, the chart and the visible trend lines a few sites' series."""
        if self._series is None:
            self._series = self._load(self.site_id) if self._load else []
        return self._series


@dataclass
class Dashboard:
    today: _dt.date
    counts: dict[str, int]
    sites: list[SiteStatus]
    overdue: list[dict]          # the first OVERDUE_SHOWN, oldest due first
    stale_months: int
    stale_before: _dt.date
    my_work: list  # services.my_work.WorkItem, overdue first
    overdue_count: int = 0       # all of them, counted in SQL
    trend: list[Point] = field(default_factory=list)  # every site's monthly mean, oldest first

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def stale_sites(self) -> list[SiteStatus]:
        return [s for s in self.sites if s.stale]


def months_before(day: _dt.date, months: int) -> _dt.date:
    """The same day ``months`` calendar months earlier (the month's last day when it is shorter)."""
    y, m = divmod(day.year * 12 + day.month - 1 - months, 12)
    return _dt.date(y, m + 1, min(day.day, calendar.monthrange(y, m + 1)[1]))


def summary(store: Store, actor: Actor | None = None, *, today: _dt.date | None = None,
            stale_months: int | None = None, with_trend: bool = True) -> Dashboard:
    """The figures ``actor`` sees: every one of them limited to the actor's scope (their sites)."""
    from .my_work import my_work

    today = today or _dt.date.today()
    months = stale_months if stale_months is not None else settings.get(store, "dashboard.stale_months")
    cutoff = months_before(today, months)
    cond = _scope.condition(actor, "site_id")

    got = dict(store.conn.execute(counts_sql(cond)).fetchall())  # kept by triggers: store/counts.py
    counts = {s: got.get(s, 0) for s in STATES}

    titles = dict(store.conn.execute("SELECT id, title FROM templates"))

    def load(site_id: int) -> list[Point]:
        return [Point._make(r) for r in store.conn.execute(SERIES_SQL, (RESULT_KIND, site_id))]

    def count(site_id: int) -> int:
        return store.conn.execute(COUNT_SQL, (RESULT_KIND, site_id)).fetchone()[0]

    def recent(site_id: int) -> list[Point]:
        return [Point._make(r) for r in reversed(store.conn.execute(RECENT_SQL, (RESULT_KIND, site_id, RECENT))
                                                 .fetchall())]

    # Only the sites in scope are read, so each per-site figure below is scoped too.
    site_cond = _scope.condition(actor, "id")
    sites = {r[0]: SiteStatus(r[0], r[1], r[2], r[3], _load=load, _count=count, _recent=recent)
             for r in store.conn.execute(
        "SELECT id, name, kind, region FROM sites " + (f"WHERE {site_cond} " if site_cond else "") + "ORDER BY name")}
    for row in store.conn.execute(LATEST_ALL_SQL, (RESULT_KIND,)):
        if row[0] in sites:
            sites[row[0]].latest = Point(*row[1:7], titles.get(row[7], ""))
    for sid, last in store.conn.execute(VISITS_SQL, VISIT_KINDS):
        if sid in sites:
            sites[sid].last_visit = last
    for s in sites.values():
        s.stale = s.last_visit is None or _local_date(s.last_visit) < cutoff

    overdue_query = rectifications.query(status="overdue", today=today, site_ids=_scope.sites(actor))
    overdue = rectifications.page(store, overdue_query, 0, OVERDUE_SHOWN)
    work = my_work(store, actor, today=today) if actor is not None else []
    return Dashboard(today, counts, list(sites.values()), overdue, months, cutoff, work,
                     rectifications.count(store, overdue_query), trend(store, actor) if with_trend else [])


def trend(store: Store, actor: Actor | None = None) -> list[Point]:
    """The results of the sites ``actor`` sees as monthly means, oldest first (the chart's grey
    line). It reads every result, so the dashboard screen has it worked out on the runner's thread."""
    cond = _scope.condition(actor, "i.site_id")
    sql = TREND_SQL.replace("GROUP BY", f"AND {cond} GROUP BY") if cond else TREND_SQL
    return [Point(0, f"{month}-15T00:00:00+00:00", mean, None, None, False, "")
            for month, mean in store.conn.execute(sql, (RESULT_KIND,))]


def trend_key(store: Store, actor: Actor | None = None) -> tuple:
    """What the trend depends on, read in three index look-ups: it differs after any change this
    connection made to an inspection (updated_at moves on), an inspection added or removed, and
    any commit by another connection (a sync, another process)."""
    return (store.scalar("SELECT MAX(updated_at) FROM inspections"),
            store.scalar("SELECT SUM(n) FROM inspection_counts"),
            store.scalar("PRAGMA data_version"), actor.id if actor else None)


def _local_date(ts: str) -> _dt.date:
    """The local calendar day of a stored UTC timestamp."""
    try:
        return _dt.datetime.fromisoformat(ts).astimezone().date()
    except ValueError:
        return _dt.date.fromisoformat(ts[:10])
