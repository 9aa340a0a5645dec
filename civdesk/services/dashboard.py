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
from collections.abc import Callable
from dataclasses import dataclass, field

from ..domain import scope as _scope
from ..domain.workflow import STATES, Actor
from ..store import Store, health, results
from ..store import sites as site_repo
from ..store import templates as template_repo
from ..store.results import Point
from . import rectifications, settings

RESULT_KIND = "inspection"
OVERDUE_SHOWN = 50  # as many as the tab shows of 我的待办; its title counts all, 整改 lists all
RECENT = 30


@dataclass
class SiteStatus:
    site_id: int
    name: str
    kind: str
    region: str
    latest: Point | None = None  # the result submitted last
    last_visit: str | None = None  # created_at of the newest visit
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
    overdue: list[rectifications.RectificationRow]  # the first OVERDUE_SHOWN, oldest due first
    stale_months: int
    stale_before: _dt.date
    my_work: list  # services.my_work.WorkItem, overdue first
    overdue_count: int = 0  # all of them, counted in SQL
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


def summary(
    store: Store,
    actor: Actor | None = None,
    *,
    today: _dt.date | None = None,
    stale_months: int | None = None,
    with_trend: bool = True,
) -> Dashboard:
    """The figures ``actor`` sees: every one of them limited to the actor's scope (their sites)."""
    from .my_work import my_work

    today = today or _dt.date.today()
    months = stale_months if stale_months is not None else settings.get(store, "dashboard.stale_months")
    cutoff = months_before(today, months)
    in_scope = _scope.sites(actor)
    got = results.state_counts(store.conn, in_scope)  # kept by triggers: store/counts.py
    counts = {s: got.get(s, 0) for s in STATES}

    titles = template_repo.titles(store.conn)
    conn = store.conn
    load, count, recent = _readers(conn)
    # Only the sites in scope are read, so each per-site figure below is scoped too.
    sites = {
        r.id: SiteStatus(r.id, r.name, r.kind, r.region, _load=load, _count=count, _recent=recent)
        for r in site_repo.listed(conn, in_scope)
    }
    for sid, point in results.latest_of_every_site(conn, RESULT_KIND, titles).items():
        if sid in sites:
            sites[sid].latest = point
    for sid, last in results.last_visits(conn).items():
        if sid in sites:
            sites[sid].last_visit = last
    for s in sites.values():
        s.stale = s.last_visit is None or _local_date(s.last_visit) < cutoff

    overdue_query = rectifications.query(status="overdue", today=today, site_ids=_scope.sites(actor))
    overdue = rectifications.page(store, overdue_query, 0, OVERDUE_SHOWN)
    work = my_work(store, actor, today=today) if actor is not None else []
    return Dashboard(
        today,
        counts,
        list(sites.values()),
        overdue,
        months,
        cutoff,
        work,
        rectifications.count(store, overdue_query),
        trend(store, actor) if with_trend else [],
    )


def _readers(conn) -> tuple[Callable[[int], list[Point]], Callable[[int], int], Callable[[int], list[Point]]]:
    """A site's series, count and recent results, read when first asked for on ``conn``."""

    def load(site_id: int) -> list[Point]:
        return results.series(conn, RESULT_KIND, site_id)

    def count(site_id: int) -> int:
        return results.count(conn, RESULT_KIND, site_id)

    def recent(site_id: int) -> list[Point]:
        return results.recent(conn, RESULT_KIND, site_id, RECENT)

    return load, count, recent


def attach(d: Dashboard, store: Store) -> Dashboard:
    """``d`` worked out on another thread's connection (the screen's runner), its sites now reading
    their series on ``store`` (a connection belongs to its thread)."""
    load, count, recent = _readers(store.conn)
    for s in d.sites:
        s._load, s._count, s._recent = load, count, recent
    return d


def trend(store: Store, actor: Actor | None = None) -> list[Point]:
    """The results of the sites ``actor`` sees as monthly means, oldest first (the chart's grey
    line). It reads every result, so the dashboard screen has it worked out on the runner's thread."""
    return [
        Point(0, f"{month}-15T00:00:00+00:00", mean, None, None, False, "")
        for month, mean in results.monthly_means(store.conn, RESULT_KIND, _scope.sites(actor))
    ]


def trend_key(store: Store, actor: Actor | None = None) -> tuple:
    """What the trend depends on, read in three index look-ups: it differs after any change this
    connection made to an inspection (updated_at moves on), an inspection added or removed, and
    any commit by another connection (a sync, another process)."""
    return (*health.change_key(store.conn), actor.id if actor else None)


def _local_date(ts: str) -> _dt.date:
    """The local calendar day of a stored UTC timestamp."""
    try:
        return _dt.datetime.fromisoformat(ts).astimezone().date()
    except ValueError:
        return _dt.date.fromisoformat(ts[:10])
