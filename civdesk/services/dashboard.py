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
import itertools
import operator
from dataclasses import dataclass, field
from typing import NamedTuple

from ..domain import scope as _scope
from ..domain.workflow import STATES, Actor
from ..store import Store
from . import settings
from .rectifications import list_rectifications

RESULT_KIND = "inspection"
VISIT_KINDS = ("inspection", "reinspection")


# Both served by covering indexes (store/schema.py m006): the dashboard refreshes on every visit.
RESULTS_SQL = ("SELECT i.site_id, i.id, i.submitted_at, i.percent, i.level, i.level_label, "
               "COALESCE(i.vetoed, 0) != 0, t.title FROM inspections i JOIN templates t ON t.id = i.template_pk "
               "WHERE i.kind = ? AND i.percent IS NOT NULL AND i.submitted_at IS NOT NULL {scope}"
               "ORDER BY i.site_id, i.submitted_at, i.id")
VISITS_SQL = (f"SELECT site_id, MAX(created_at) FROM inspections WHERE kind IN ({', '.join('?' * len(VISIT_KINDS))}) "
              "{scope}GROUP BY site_id")


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
    series: list[Point] = field(default_factory=list)   # oldest first
    last_visit: str | None = None                       # created_at of the newest visit
    stale: bool = False

    @property
    def latest(self) -> Point | None:
        return self.series[-1] if self.series else None


@dataclass
class Dashboard:
    today: _dt.date
    counts: dict[str, int]
    sites: list[SiteStatus]
    overdue: list[dict]
    stale_months: int
    stale_before: _dt.date
    my_work: list  # services.my_work.WorkItem, overdue first

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
            stale_months: int | None = None) -> Dashboard:
    """The figures ``actor`` sees: every one of them limited to the actor's scope (their sites)."""
    from .my_work import my_work

    today = today or _dt.date.today()
    months = stale_months if stale_months is not None else settings.get(store, "dashboard.stale_months")
    cutoff = months_before(today, months)
    cond = _scope.condition(actor, "site_id")
    where = f"WHERE {cond} " if cond else ""
    also = f"AND {cond} " if cond else ""

    got = dict(store.conn.execute(f"SELECT state, COUNT(*) FROM inspections {where}GROUP BY state").fetchall())
    counts = {s: got.get(s, 0) for s in STATES}

    site_cond = _scope.condition(actor, "id")
    sites = {r[0]: SiteStatus(r[0], r[1], r[2], r[3]) for r in store.conn.execute(
        "SELECT id, name, kind, region FROM sites " + (f"WHERE {site_cond} " if site_cond else "") + "ORDER BY name")}
    # Ordered by site then time, so each site's rows arrive together (the covering index
    # inspections_results, migration m006, serves this without touching the table).
    rows = store.conn.execute(RESULTS_SQL.format(scope=also.replace("site_id", "i.site_id")),
                              (RESULT_KIND,)).fetchall()
    make = Point._make
    for sid, group in itertools.groupby(rows, operator.itemgetter(0)):
        if sid in sites:
            sites[sid].series = [make(r[1:]) for r in group]
    for sid, last in store.conn.execute(VISITS_SQL.format(scope=also), VISIT_KINDS):
        if sid in sites:
            sites[sid].last_visit = last
    for s in sites.values():
        s.stale = s.last_visit is None or _local_date(s.last_visit) < cutoff

    overdue = list_rectifications(store, status="overdue", today=today, scope=actor)
    work = my_work(store, actor, today=today) if actor is not None else []
    return Dashboard(today, counts, list(sites.values()), overdue, months, cutoff, work)


def _local_date(ts: str) -> _dt.date:
    """The local calendar day of a stored UTC timestamp."""
    try:
        return _dt.datetime.fromisoformat(ts).astimezone().date()
    except ValueError:
        return _dt.date.fromisoformat(ts[:10])
