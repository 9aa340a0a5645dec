"""What the hub refuses, each time with the hub and the office desk unchanged and one clear line
back to the desk (``civdesk sync`` exits 2)."""

from __future__ import annotations

import os
import secrets
import sqlite3
import subprocess
import sys
import urllib.error
import urllib.request

import pytest

from civdesk import services
from civdesk.hub import protocol
from civdesk.hub.devcluster import HubProcess
from civdesk.services import accounts, exchange, inspections, sync
from civdesk.services.sync_client import Client, SyncRefused
from tests.helpers.hub import STATION_SITES, enrol_code, home_facts, hub_state, refusals


def login(store, name):
    return accounts.actor(store, accounts.user_by_name(store, name)["id"])


def civdesk_sync(home):
    return subprocess.run(
        [sys.executable, "-m", "civdesk.cli", "--home", str(home), "--lang", "en", "sync"],
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def desks(station, office, hub, hub_url):
    """The station enrolled for its two sites and the office for everything, both synced once."""
    sync.enrol(station, hub.url, enrol_code(hub_url, "站", sites=STATION_SITES))
    accounts.create_user(office, by=None, name="boss", role="admin", password="boss-pass-123")
    sync.enrol(office, hub.url, enrol_code(hub_url, "中心", office=True))
    sync.sync(station)
    sync.sync(office)
    return station, office


def unchanged_everywhere(hub_url, office, before_hub, before_office):
    assert hub_state(hub_url) == before_hub
    report = sync.sync(office)
    assert not report.changed
    assert home_facts(office) == before_office


def a_draft(store, site="成都北收费站"):
    iid = store.scalar(
        "SELECT i.id FROM inspections i JOIN sites s ON s.id = i.site_id WHERE s.name = ? AND i.state = 'draft'",
        (site,),
    )
    author = store.scalar("SELECT u.name FROM inspections i JOIN users u ON u.id = i.author_id WHERE i.id = ?", (iid,))
    return iid, author, inspections.view(store, iid).template.items()[0].code


def signed_bundle(store, ids, dest):
    cfg = sync.config(store)
    exchange.write_bundle(
        store,
        ids,
        dest,
        key=protocol.load_key(cfg["key"]),
        cert=protocol.load_cert(cfg["certificate"]),
        exporter={"name": "desk:x", "display_name": "x", "role": "desk"},
        actor_id=None,
        exporter_is_user=False,
        remember=False,
    )
    return dest.read_bytes()


def test_a_record_altered_after_signing_is_refused(station, office, hub, hub_url, tmp_path):
    office_code = enrol_code(hub_url, "中心", office=True)
    accounts.create_user(office, by=None, name="boss", role="admin", password="boss-pass-123")
    sync.enrol(office, hub.url, office_code)
    sync.enrol(station, hub.url, enrol_code(hub_url, "站", sites=STATION_SITES))
    assert sync.sync(office).trust == 1  # the station's home root, certified by the organisation's root
    before_hub, before_office = hub_state(hub_url), home_facts(office)
    # Someone edits a signed inspection's answer behind CivDesk's back (dropping the guard trigger).
    signed = station.scalar(
        "SELECT i.id FROM inspections i JOIN sites s ON s.id = i.site_id "
        "WHERE s.name = '杭州东收费站' AND i.state = 'signed' AND i.kind = 'inspection'"
    )
    home = station.home
    station.close()
    raw = sqlite3.connect(home / "civdesk.db")
    raw.execute("DROP TRIGGER answers_frozen_update")
    raw.execute(
        "UPDATE answers SET value = '\"yes\"', note = '改过' WHERE inspection_id = ? AND item_code = "
        "(SELECT MIN(item_code) FROM answers WHERE inspection_id = ?)",
        (signed, signed),
    )
    raw.commit()
    raw.close()

    r = civdesk_sync(home)
    assert r.returncode == 2
    assert "signed inspection's content does not match its signed hash" in r.stderr
    assert r.stderr.count("\n") == 1 and "Traceback" not in r.stderr
    unchanged_everywhere(hub_url, office, before_hub, before_office)
    assert "signed hash" in refusals(hub_url)[-1]
    reopened = services.open_home(home)
    try:
        assert sync.last_sync(reopened)["ok"] is False
    finally:
        reopened.close()


def test_a_record_of_a_site_outside_the_desks_scope_is_refused(desks, hub_url, hub):
    station, office = desks
    other = station.scalar("SELECT i.id FROM inspections i JOIN sites s ON s.id = i.site_id WHERE s.name = '昆明市'")
    before_hub, before_office = hub_state(hub_url), home_facts(office)
    cfg = sync.config(station)
    with pytest.raises(SyncRefused, match="outside this desk's sites") as e:
        sync.push_ids(station, Client(cfg["url"], cfg["key"], cfg["fingerprint"]), cfg, [other], sync.SyncReport())
    assert e.value.status == 403
    unchanged_everywhere(hub_url, office, before_hub, before_office)
    # The desk itself never offers it: its own syncs send only its sites' records.
    iid, author, code = a_draft(station, "昆明市")
    inspections.answer(station, login(station, author), iid, code, "no")
    assert sync.sync(station).pushed == []


def test_an_unknown_desk_and_a_revoked_desk_are_refused(desks, hub_url, hub, tmp_path):
    station, office = desks
    iid, author, code = a_draft(station)
    inspections.answer(station, login(station, author), iid, code, "no", note="待同步")
    before_hub, before_office = hub_state(hub_url), home_facts(office)

    key, _cert, fp = protocol.new_key("stranger")
    body = signed_bundle(station, [iid], tmp_path / "x.civpack")
    with pytest.raises(SyncRefused, match="unknown desk") as e:
        Client(hub.url, key, fp).push(body)
    assert e.value.status == 401
    unchanged_everywhere(hub_url, office, before_hub, before_office)

    from civdesk.hub import cli as hubcli

    assert hubcli.main(["--database", hub_url, "revoke", "--name", "站"]) == 0
    home = station.home
    station.close()
    r = civdesk_sync(home)
    assert r.returncode == 2 and "desk '站' was revoked on the hub" in r.stderr
    assert hub_state(hub_url) == before_hub
    # The office learns the revocation (the station's certified home root, dated) and nothing else.
    assert sync.sync(office).trust == 1
    assert office.scalar("SELECT count(*) FROM trust_intermediates WHERE revoked_at IS NOT NULL") == 1
    unchanged_everywhere(hub_url, office, before_hub, home_facts(office))


def test_a_replayed_old_version_and_a_replayed_request_are_refused(desks, hub_url, hub, tmp_path):
    station, office = desks
    iid, author, code = a_draft(station)
    inspections.answer(station, login(station, author), iid, code, "no", note="第一版")
    old = signed_bundle(station, [iid], tmp_path / "old.civpack")
    sync.sync(station)
    inspections.answer(station, login(station, author), iid, code, "yes", note="第二版")
    sync.sync(station)
    sync.sync(office)
    before_hub, before_office = hub_state(hub_url), home_facts(office)

    cfg = sync.config(station)
    client = Client(cfg["url"], cfg["key"], cfg["fingerprint"])
    with pytest.raises(SyncRefused, match="older version than the hub's") as e:
        client.push(old)
    assert e.value.status == 409
    unchanged_everywhere(hub_url, office, before_hub, before_office)

    # The very same signed request sent twice: the second is refused before anything is read.
    target = "/api/v1/push"
    headers = protocol.sign_request(protocol.load_key(cfg["key"]), cfg["fingerprint"], "POST", target, old)
    statuses = []
    for _ in range(2):
        req = urllib.request.Request(hub.url + target, data=old, method="POST", headers=headers)
        try:
            urllib.request.urlopen(req, timeout=30).close()
        except urllib.error.HTTPError as err:
            statuses.append((err.code, err.read().decode()))
    assert statuses[0][0] == 409 and "older version" in statuses[0][1]
    assert statuses[1][0] == 409 and "already received" in statuses[1][1]
    unchanged_everywhere(hub_url, office, before_hub, before_office)


def test_malformed_and_oversized_uploads_are_refused(desks, hub_url, tmp_path):
    station, office = desks
    small = HubProcess(hub_url, env={"CIVDESK_HUB_MAX_PUSH_MB": "1"}).start()
    try:
        before_hub, before_office = hub_state(hub_url), home_facts(office)
        cfg = sync.config(station)
        client = Client(small.url, cfg["key"], cfg["fingerprint"])
        with pytest.raises(SyncRefused, match="not a CivDesk bundle") as e:
            client.push(b"this is not a bundle")
        assert e.value.status == 422
        with pytest.raises(SyncRefused, match="more than the hub accepts") as e:
            client.push(secrets.token_bytes(2 * 2**20))
        assert e.value.status == 413
        unchanged_everywhere(hub_url, office, before_hub, before_office)

        # Through `civdesk sync`: a change whose photo makes the push larger than this hub accepts.
        iid, author, code = a_draft(station)
        from PIL import Image

        big = tmp_path / "big.png"
        Image.frombytes("RGB", (700, 700), os.urandom(700 * 700 * 3)).save(big)
        inspections.attach_photo(station, login(station, author), iid, code, big)
        cfg["url"] = small.url
        station.set_setting(sync.CONFIG, cfg)
        home = station.home
        station.close()
        r = civdesk_sync(home)
        assert r.returncode == 2 and "more than the hub accepts (1.0 MiB)" in r.stderr
        unchanged_everywhere(hub_url, office, before_hub, before_office)
    finally:
        small.stop()
