"""What a home remembers about its CivDesk Hub, read without loading the sync machinery (the
status bar and the dashboard read it at start-up): the enrolment, the last sync and the office
figures last fetched; and who may enrol the home or publish from it now (``refusal``)."""

from __future__ import annotations

from dataclasses import dataclass

from ..domain.workflow import Actor
from ..messages import LANGS, describe, language, word
from ..store import Store
from .errors import CivDeskError, InputError, NotAllowed

CONFIG, LAST, FIGURES = "hub", "hub_last_sync", "hub_figures"


def config(store: Store) -> dict | None:
    return store.get_setting(CONFIG)


def last_sync(store: Store) -> dict | None:
    return store.get_setting(LAST)


def worded(what: object) -> dict[str, str]:
    """What the last sync said, kept in every language (a refusal or a summary), so it is shown in
    the language of whoever reads it later."""
    return {lang: describe(what, lang) if isinstance(what, BaseException) else word(what, lang) for lang in LANGS}


def last_message(last: dict, lang: str | None = None) -> str:
    """The stored message of the last sync in ``lang`` (the current language when None); a sync
    recorded before messages were kept in every language has its English one."""
    return (last.get("worded") or {}).get(lang or language()) or last.get("message", "")


def cached_figures(store: Store) -> dict | None:
    """The figures as the hub sent them (plain JSON, hub/figures.py) and when: {"at", "figures"}."""
    return store.get_setting(FIGURES)


@dataclass(frozen=True)
class Enrolment:
    """This home as a desk of a hub: where, under which desk name, for which sites (office: all)."""

    url: str
    desk: str
    office: bool
    sites: tuple[str, ...]


def enrolment(store: Store) -> Enrolment | None:
    cfg = config(store)
    if not cfg:
        return None
    return Enrolment(cfg["url"], cfg["desk"], bool(cfg["office"]), tuple(cfg.get("sites") or ()))


def office_desk(store: Store) -> bool:
    """Enrolled for every site: the desk of the office, which sees the whole organisation's figures."""
    e = enrolment(store)
    return bool(e and e.office)


@dataclass(frozen=True)
class LastSync:
    """How the last sync went (services.sync writes it): when, whether it finished, and what moved."""

    at: str
    ok: bool
    message: str  # in the interface language when it was read (last_message)
    unreachable: bool  # it failed because the hub could not be reached (try again later)
    pulled: int
    pushed: int
    conflicts: int


def last_result(store: Store) -> LastSync | None:
    last = last_sync(store)
    if not last:
        return None
    return LastSync(
        last["at"],
        bool(last["ok"]),
        last_message(last),
        bool(last.get("unreachable")),
        int(last.get("pulled", 0)),
        int(last.get("pushed", 0)),
        int(last.get("conflicts", 0)),
    )


@dataclass(frozen=True)
class RankedSite:
    site: str
    percent: float
    level: str  # the level's label ("" when none)
    vetoed: bool
    date: str  # when its latest result was submitted (ISO date)


@dataclass(frozen=True)
class OverdueAt:
    site: str
    count: int
    oldest_due: str


@dataclass(frozen=True)
class MonthMean:
    month: str  # YYYY-MM
    percent: float
    count: int


@dataclass(frozen=True)
class OfficeFigures:
    """The organisation's figures the hub computed, as fetched at the last sync (so they show offline)."""

    at: str
    sites: int
    inspections: int
    ranking: tuple[RankedSite, ...]
    overdue: tuple[OverdueAt, ...]
    trend: tuple[MonthMean, ...]


def office_figures(store: Store) -> OfficeFigures | None:
    cached = cached_figures(store)
    if not cached:
        return None
    f = cached["figures"]
    return OfficeFigures(
        cached["at"],
        f["sites"],
        f["inspections"],
        tuple(
            RankedSite(r["site"], r["percent"], r["level"] or "", bool(r["vetoed"]), r["date"]) for r in f["ranking"]
        ),
        tuple(OverdueAt(r["site"], r["count"], r["oldest_due"]) for r in f["overdue"]),
        tuple(MonthMean(r["month"], r["percent"], r["count"]) for r in f["trend"]),
    )


def refusal(store: Store, by: Actor | None, action: str) -> CivDeskError | None:
    """Why ``by`` may not ``enrol`` this home or ``publish`` templates from it now, or None
    (services.sync refuses with it). ``by`` None is the desk itself: the command line checked
    the person before."""
    cfg = config(store)
    if by is not None and by.role != "admin":
        return NotAllowed("cli_sync.only_admin_enrols_home" if action == "enrol" else "sync.only_admin_publishes")
    if action == "enrol":
        return InputError("sync.home_already_enrolled", url=cfg["url"]) if cfg else None
    if not cfg:
        return InputError("sync.home_enrolled_hub_run")
    return None if cfg["office"] else InputError("sync.only_office_desk_publishes")
