"""Station desk → hub → office desk that started empty, through real processes and PostgreSQL."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import psycopg
import pytest

from civdesk.domain import exchange as ex
from civdesk.services import accounts, inspections, sync
from tests.helpers.hub import STATION_SITES, enrol_code, home_facts, hub_state, inspections_of


def login(store, name):
    return accounts.actor(store, accounts.user_by_name(store, name)["id"])


def civdesk(home, *args, env=None):
    return subprocess.run(
        [sys.executable, "-m", "civdesk.cli", "--home", str(home), "--lang", "en", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=300,
    )


def test_station_to_office_the_same_inspections_then_nothing_changes(station, office, hub, hub_url):
    station_code = enrol_code(hub_url, "杭州东站", sites=STATION_SITES)
    office_code = enrol_code(hub_url, "省中心", office=True)
    station_home, office_home = station.home, office.home
    station.close()
    office.close()

    r = civdesk(
        station_home,
        "sync",
        "--hub",
        hub.url,
        "--code",
        station_code,
        "--user",
        "admin",
        env={"CIVDESK_PASSWORD": "admin123"},
    )
    assert r.returncode == 0, r.stderr
    assert "enrolled as 杭州东站: station desk for" in r.stdout
    r = civdesk(
        office_home,
        "sync",
        "--hub",
        hub.url,
        "--code",
        office_code,
        "--user",
        "boss",
        "--json",
        env={"CIVDESK_NEW_PASSWORD": "boss-pass-123"},
    )
    assert r.returncode == 0, r.stderr
    report = json.loads(r.stdout)
    # The station learns the office's home root, certified by the organisation's root at its enrolment.
    r = civdesk(station_home, "sync", "--json")
    assert r.returncode == 0 and json.loads(r.stdout)["trust"] == 1, r.stderr

    from civdesk import services

    station, office = services.open_home(station_home), services.open_home(office_home)
    try:
        want = inspections_of(station, STATION_SITES)
        got = inspections_of(office)
        assert len(want) >= 5 and sorted(report["pulled_added"]) == sorted(want)
        assert set(got) == set(want)  # the station's sites only: none of the demo's other sites
        for uuid, d in want.items():
            g = got[uuid]
            for key in (
                "state",
                "score",
                "percent",
                "level",
                "vetoed",
                "content_hash",
                "answers",
                "attachments",
                "signatures",
                "rectifications",
                "site",
                "author",
                "template",
            ):
                assert g[key] == d[key], (uuid, key)
            assert ex.sync_hash(g) == ex.sync_hash(d)
        assert {d["state"] for d in got.values()} >= {"signed", "approved", "draft"}
        assert sum(len(d["attachments"]) for d in got.values()) == sum(len(d["attachments"]) for d in want.values()) > 0
        # Every signature verifies in the office home through the organisation's root, pinned at
        # enrolment: the station's home root came back from the hub certified by it.
        facts = home_facts(office)
        assert facts["frozen_problems"] == []  # signatures verify in the office home
        # The office took the users from the hub (as accounts that cannot log in here) and its own admin.
        names = {u["name"]: u for u in facts["users"]}
        authors = {d["author"] for d in want.values()}
        assert names["boss"]["active"] == 1 and all(names[a]["active"] == 0 for a in authors)
        assert set(names) == {"boss", *(u for (u,) in hub_state(hub_url)["users"])}
        assert len(hub_state(hub_url)["records"]) == len(want)

        before_hub, before_station, before_office = hub_state(hub_url), home_facts(station), facts
    finally:
        station.close()
        office.close()

    # A second sync on both desks changes nothing anywhere.
    for home in (station_home, office_home):
        r = civdesk(home, "sync", "--json")
        assert r.returncode == 0, r.stderr
        again = json.loads(r.stdout)
        assert not again["changed"] and again["pushed"] == [] and again["pulled_added"] == []
    assert hub_state(hub_url) == before_hub
    station, office = services.open_home(station_home), services.open_home(office_home)
    try:
        assert home_facts(station) == before_station
        assert home_facts(office) == before_office
        assert sync.last_sync(office)["ok"] is True
    finally:
        station.close()
        office.close()


def new_draft(store, site_name):
    """A fresh answered draft by inspector1 at ``site_name`` (the newest draft there)."""
    by = login(store, "inspector1")
    iid = inspections.new_inspection(
        store, by, template_id="toll-window", site_id=accounts.find_site(store, site_name)["id"], kind="inspection"
    )
    for item in inspections.view(store, iid).template.items()[:2]:
        inspections.answer(store, by, iid, item.code, "yes")
    return iid


def test_changes_travel_both_ways_and_a_conflict_is_kept_not_written(station, office, hub, hub_url):
    new_draft(station, "成都北收费站")
    new_draft(station, "杭州东收费站")
    sync.enrol(station, hub.url, enrol_code(hub_url, "站", sites=STATION_SITES))
    accounts.create_user(office, by=None, name="boss", role="admin", password="boss-pass-123")
    sync.enrol(office, hub.url, enrol_code(hub_url, "中心", office=True))
    sync.sync(station)
    sync.sync(office)

    draft = station.scalar(
        "SELECT i.id FROM inspections i JOIN sites s ON s.id = i.site_id "
        "WHERE s.name = '成都北收费站' AND i.state = 'draft' ORDER BY i.id DESC LIMIT 1"
    )
    uuid = station.scalar("SELECT uuid FROM inspections WHERE id = ?", (draft,))
    author = station.scalar(
        "SELECT u.name FROM inspections i JOIN users u ON u.id = i.author_id WHERE i.id = ?", (draft,)
    )
    tpl = inspections.view(station, draft).template
    code = tpl.items()[0].code
    inspections.answer(station, login(station, author), draft, code, "no", note="站里改的")
    pushed = sync.sync(station)
    assert pushed.pushed == [uuid]
    pulled = sync.sync(office)
    assert pulled.pulled_updated == [uuid]
    assert inspections_of(office)[uuid] == inspections_of(station)[uuid]

    # The other way: the office answers a draft of the station's site; the station receives it.
    other = office.scalar(
        "SELECT i.id FROM inspections i JOIN sites s ON s.id = i.site_id "
        "WHERE s.name = '杭州东收费站' AND i.state = 'draft' ORDER BY i.id DESC LIMIT 1"
    )
    other_uuid = office.scalar("SELECT uuid FROM inspections WHERE id = ?", (other,))
    other_author = office.scalar(
        "SELECT u.name FROM inspections i JOIN users u ON u.id = i.author_id WHERE i.id = ?", (other,)
    )
    office.conn.execute("UPDATE users SET active = 1 WHERE name = ?", (other_author,))
    other_code = inspections.view(office, other).template.items()[0].code
    inspections.answer(office, login(office, other_author), other, other_code, "yes", note="中心补充")
    assert sync.sync(office).pushed == [other_uuid]
    assert sync.sync(station).pulled_updated == [other_uuid]
    assert inspections_of(station)[other_uuid] == inspections_of(office)[other_uuid]

    # Both change the same draft before syncing: the hub keeps the office's edit beside its head
    # and says so; the station's version stays the head; nothing is overwritten anywhere.
    office_iid = office.scalar("SELECT id FROM inspections WHERE uuid = ?", (uuid,))
    office.conn.execute(
        "UPDATE users SET active = 1, password_hash = (SELECT password_hash FROM users "
        "WHERE name = 'boss') WHERE name = ?",
        (author,),
    )
    inspections.answer(office, login(office, author), office_iid, code, "yes", note="中心改的")
    inspections.answer(station, login(station, author), draft, code, "partial", note="站里又改")
    sync.sync(station)
    report = sync.sync(office)
    assert uuid in report.conflicts and report.conflict_files
    with psycopg.connect(hub_url) as conn:
        statuses = [
            r[0] for r in conn.execute("SELECT status FROM record_versions WHERE uuid = %s ORDER BY id", (uuid,))
        ]
        head = json.loads(conn.execute("SELECT member FROM records WHERE uuid = %s", (uuid,)).fetchone()[0])
    assert statuses[-1] == "conflict"
    assert next(a for a in head["inspection"]["answers"] if a["item_code"] == code)["note"] == "站里又改"
    mine = next(a for a in inspections_of(office)[uuid]["answers"] if a["item_code"] == code)
    assert mine["note"] == "中心改的"  # the office's edit is kept until someone settles the conflict

    # Settled in the office as an import of the kept page (what the conflict dialog does): the
    # office keeps its answer; that version descends from both, so it travels on to the station.
    from civdesk.services import exchange

    settled = exchange.import_bundle(
        office, report.conflict_files[0], by=login(office, "boss"), resolutions={uuid: "mine"}
    )
    assert settled.resolved == {uuid: "mine"}
    assert sync.sync(office).pushed == [uuid]
    assert sync.sync(station).pulled_updated == [uuid]
    assert inspections_of(station)[uuid] == inspections_of(office)[uuid]
    assert next(a for a in inspections_of(station)[uuid]["answers"] if a["item_code"] == code)["note"] == "中心改的"


def test_published_template_reaches_the_station_and_figures_come_from_postgresql(station, office, hub, hub_url):
    from civdesk.services import templates

    sync.enrol(station, hub.url, enrol_code(hub_url, "站", sites=STATION_SITES))
    accounts.create_user(office, by=None, name="boss", role="admin", password="boss-pass-123")
    sync.enrol(office, hub.url, enrol_code(hub_url, "中心", office=True))
    sync.sync(station)
    data = templates.template_data(office, templates.latest_pk(office, "toll-window"))
    data = dict(data, version=data["version"] + 1, title=data["title"] + "(2027版)")
    templates.add_version(office, data, by=login(office, "boss"))
    assert sync.publish_templates(office, ["toll-window"]) == [f"toll-window@{data['version']}"]
    assert sync.publish_templates(office, ["toll-window"]) == []  # published once
    with pytest.raises(sync.InputError, match="only an office desk"):
        sync.publish_templates(station, ["toll-window"])

    report = sync.sync(station)
    assert report.templates == 1
    assert (
        station.scalar(
            "SELECT title FROM templates WHERE template_id = 'toll-window' AND version = ?", (data["version"],)
        )
        == data["title"]
    )

    sync.sync(office)
    cached = sync.cached_figures(office)["figures"]
    with psycopg.connect(hub_url) as conn:
        n = conn.execute("SELECT count(*) FROM records").fetchone()[0]
    assert cached["inspections"] == n == len(inspections_of(station, STATION_SITES)) and cached["scope"] == "office"
    # The hub's figures agree with the office desk's own dashboard over the same records.
    from civdesk.services import dashboard

    local = dashboard.summary(office, login(office, "boss"))
    assert [(r["site"], round(r["percent"], 2)) for r in cached["ranking"]] == sorted(
        ((s.name, round(s.latest.percent, 2)) for s in local.sites if s.latest is not None), key=lambda x: (-x[1], x[0])
    )
    assert sum(r["count"] for r in cached["overdue"]) == len(local.overdue) > 0
    assert sum(r["count"] for r in cached["trend"]) == sum(len(s.series) for s in local.sites)
    ranked = {r["site"]: r for r in cached["ranking"]}
    signed = next(
        d
        for d in inspections_of(station, ["杭州东收费站"]).values()
        if d["kind"] == "inspection" and d["state"] == "signed"
    )
    assert ranked["杭州东收费站"]["percent"] == signed["percent"]
    assert set(ranked) <= set(STATION_SITES)
