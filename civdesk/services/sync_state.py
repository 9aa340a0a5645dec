"""What a home remembers about its CivDesk Hub, read without loading the sync machinery (the
status bar and the dashboard read it at start-up): the enrolment, the last sync and the office
figures last fetched."""

from __future__ import annotations

from ..store import Store

CONFIG, LAST, FIGURES = "hub", "hub_last_sync", "hub_figures"


def config(store: Store) -> dict | None:
    return store.get_setting(CONFIG)


def last_sync(store: Store) -> dict | None:
    return store.get_setting(LAST)


def cached_figures(store: Store) -> dict | None:
    return store.get_setting(FIGURES)
