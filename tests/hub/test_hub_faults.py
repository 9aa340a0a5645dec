"""Faults during a sync: the hub process killed mid-push, PostgreSQL restarted mid-sync. The
retried sync finishes with every record on the hub once and nothing lost."""

from __future__ import annotations

import threading

import psycopg
import pytest

from civdesk.hub import protocol
from civdesk.hub.devcluster import HubProcess
from civdesk.services import accounts, inspections, sync
from civdesk.services.sync_client import HubUnreachable
from tests.helpers.hub import STATION_SITES, enrol_code, inspections_of


def add_drafts(store, n: int) -> None:
    """``n`` more answered drafts at the station's first site, made through the services."""
    site = accounts.find_site(store, STATION_SITES[0])
    by = accounts.actor(store, accounts.user_by_name(store, "inspector1")["id"])
    for k in range(n):
        iid = inspections.new_inspection(store, by, template_id="toll-window", site_id=site["id"], kind="inspection")
        for item in inspections.view(store, iid).template.items()[:3]:
            inspections.answer(store, by, iid, item.code, "yes", note=f"草稿{k}")


def hub_counts(url: str) -> tuple[int, int, int]:
    with psycopg.connect(url) as conn:
        return (
            conn.execute("SELECT count(*) FROM records").fetchone()[0],
            conn.execute("SELECT count(*) FROM record_versions").fetchone()[0],
            conn.execute("SELECT count(DISTINCT (uuid, sync_hash)) FROM record_versions").fetchone()[0],
        )


@pytest.fixture
def small_batches(monkeypatch):
    monkeypatch.setattr(protocol, "PUSH_BATCH", 2)


def _office(office, hub, hub_url):
    accounts.create_user(office, by=None, name="boss", role="admin", password="boss-pass-123")
    sync.enrol(office, hub.url, enrol_code(hub_url, "中心", office=True))


@pytest.mark.parametrize("delay", [0.0, 0.004, 0.015])
def test_hub_killed_mid_push_then_the_retry_finishes(station, office, hub, hub_url, small_batches, delay):
    add_drafts(station, 9)
    sync.enrol(station, hub.url, enrol_code(hub_url, "站", sites=STATION_SITES))
    _office(office, hub, hub_url)
    want = inspections_of(station, STATION_SITES)
    assert len(want) >= 14

    def kill_during_the_next_push(done, total, label):
        if label == "push" and done == 4:
            threading.Timer(delay, hub.kill).start()  # the third batch is on its way or being stored

    with pytest.raises(HubUnreachable):
        sync.sync(station, progress=kill_during_the_next_push)
    landed = hub_counts(hub_url)[0]
    assert 4 <= landed < len(want)
    # What the desk knows the hub holds: the batches answered before the kill (two, or three when the
    # third was stored and answered before the timer fired).
    acknowledged = station.scalar("SELECT COUNT(*) FROM hub_sync_state")
    assert 4 <= acknowledged <= landed

    restarted = HubProcess(hub_url, port=hub.port).start()
    try:
        report = sync.sync(station)
        assert len(report.pushed) + report.pushed_unchanged == len(want) - acknowledged
        records, versions, distinct = hub_counts(hub_url)
        assert records == versions == distinct == len(want)  # everything once
        assert not sync.sync(station).changed
        pulled = sync.sync(office)
        assert sorted(pulled.pulled_added) == sorted(want)
        assert inspections_of(office) == want
    finally:
        restarted.stop()


def test_postgresql_restarted_mid_sync_then_the_retry_finishes(pg, station, office, hub, hub_url, small_batches):
    add_drafts(station, 9)
    sync.enrol(station, hub.url, enrol_code(hub_url, "站", sites=STATION_SITES))
    _office(office, hub, hub_url)
    want = inspections_of(station, STATION_SITES)
    stopped = []

    def stop_postgresql(done, total, label):
        if label == "push" and done == 2 and not stopped:
            pg.stop("immediate")  # as if the database server crashed between two batches
            stopped.append(True)

    with pytest.raises(HubUnreachable, match="database is not available"):
        sync.sync(station, progress=stop_postgresql)
    assert sync.last_sync(station)["ok"] is False
    pg.start()

    report = sync.sync(station)  # the same hub process: its pool reconnects
    assert sync.last_sync(station)["ok"] is True
    records, versions, distinct = hub_counts(hub_url)
    assert records == versions == distinct == len(want)
    assert len(report.pushed) + report.pushed_unchanged <= len(want)
    assert sorted(sync.sync(office).pulled_added) == sorted(want)
    assert inspections_of(office) == want


def test_hub_restored_from_pg_dump_then_sync_full_sends_what_it_lost(pg, station, office, hub, hub_url, tmp_path):
    """The documented backup (pg_dump) and restore (pg_restore) of the hub, and the desks' way back."""
    sync.enrol(station, hub.url, enrol_code(hub_url, "站", sites=STATION_SITES))
    sync.sync(station)
    dump = pg.root / "hub.dump"
    name = hub_url.rsplit("/", 1)[1]
    pg._run("pg_dump", "-h", "127.0.0.1", "-p", str(pg.port), "-U", "civdesk", "-Fc", "-f", str(dump), name)
    add_drafts(station, 3)
    sync.sync(station)
    want = inspections_of(station, STATION_SITES)
    assert hub_counts(hub_url)[0] == len(want)

    hub.stop()
    pg.psql(f"DROP DATABASE {name}")
    pg.psql(f"CREATE DATABASE {name}")
    pg._run("pg_restore", "-h", "127.0.0.1", "-p", str(pg.port), "-U", "civdesk", "-d", name, str(dump))
    restored = HubProcess(hub_url, port=hub.port).start()
    try:
        assert hub_counts(hub_url)[0] == len(want) - 3  # the backup predates the last three
        assert sync.sync(station).pushed == []  # the desk believes the hub holds them
        sync.forget_hub_state(station)
        again = sync.sync(station)
        assert len(again.pushed) == 3 and again.pushed_unchanged == len(want) - 3
        records, versions, distinct = hub_counts(hub_url)
        assert records == versions == distinct == len(want)
        _office(office, restored, hub_url)
        sync.sync(office)
        assert inspections_of(office) == want
    finally:
        restored.stop()


def test_pulling_page_by_page_survives_the_hub_killed_between_pages(station, office, hub_url):
    """Pages of 3 records; the hub is killed after the second page; the retry takes the rest once."""
    paged = HubProcess(hub_url, env={"CIVDESK_HUB_PULL_BATCH": "3"}).start()
    try:
        add_drafts(station, 9)
        sync.enrol(station, paged.url, enrol_code(hub_url, "站", sites=STATION_SITES))
        sync.sync(station)
        want = inspections_of(station, STATION_SITES)
        _office(office, paged, hub_url)

        def kill_after_two_pages(done, total, label):
            if label == "pull" and done == 2:
                paged.kill()

        with pytest.raises(HubUnreachable):
            sync.sync(office, progress=kill_after_two_pages)
        partial = inspections_of(office)
        assert 6 <= len(partial) < len(want) and all(partial[u] == want[u] for u in partial)
        cursor = sync.config(office)["pull_cursor"]
        assert cursor > 0
    finally:
        paged.stop()
    again = HubProcess(hub_url, port=paged.port, env={"CIVDESK_HUB_PULL_BATCH": "3"}).start()
    try:
        report = sync.sync(office)
        assert sorted(report.pulled_added) == sorted(set(want) - set(partial))  # only the rest, once
        assert report.pages >= 2
        assert inspections_of(office) == want
        assert not sync.sync(office).changed
    finally:
        again.stop()
