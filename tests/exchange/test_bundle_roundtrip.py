"""A → B: 50 inspections with photos arrive identical, signatures verify, a second import changes
nothing; what a bundle never carries; who may export; an export that fails leaves nothing."""

from __future__ import annotations

import errno
import hashlib
import json
import time

import pytest

from civdesk.domain import exchange as ex
from civdesk.domain.errors import NotAllowed
from civdesk.services import accounts, exchange, inspections, keys, maintenance, signing, trust
from civdesk.services.errors import InputError
from civdesk.services.exchange import portable
from civdesk.services.exchange.bundle_format import BundleWriter
from tests.helpers.exchange import home_dump, login, members, snapshot


def export_all(store, dest, user="admin", password="admin123"):
    ids = [r[0] for r in store.conn.execute("SELECT id FROM inspections ORDER BY id")]
    return exchange.export_bundle(store, ids, dest, by=login(store, user), password=password)


def test_fifty_inspections_arrive_identical_and_signatures_verify(home_a, home_b, tmp_path):
    assert home_a.scalar("SELECT COUNT(*) FROM inspections") == 50
    assert home_a.scalar("SELECT COUNT(*) FROM attachments") >= 70
    signed = home_a.scalar("SELECT COUNT(*) FROM inspections WHERE state = 'signed'")
    assert signed >= 5
    t0 = time.perf_counter()
    exported = export_all(home_a, tmp_path / "all.civpack")
    t1 = time.perf_counter()
    report = exchange.import_bundle(home_b, exported.path, by=None)
    t2 = time.perf_counter()
    size = exported.path.stat().st_size
    print(
        f"\n50 inspections: bundle {size / 2**20:.2f} MiB, export {t1 - t0:.2f} s, import {t2 - t1:.2f} s, "
        f"{size / 2**20 / (t2 - t0):.1f} MiB/s round trip"
    )

    assert report.counts() == {"added": 50, "updated": 0, "unchanged": 0, "conflicts": 0, "resolved": 0}
    assert home_dump(home_b) == home_dump(home_a)
    # Signatures verify in B, with the certificates that came along; B's home is sound.
    assert signing.verify_frozen(home_b) == []
    assert maintenance.check(home_b) == []
    for sig in home_b.query(
        "SELECT s.*, i.content_hash AS ch FROM signatures s JOIN inspections i "
        "ON i.id = s.inspection_id WHERE i.state = 'signed'"
    ):
        assert keys.verify_digest(keys.certificate(home_b, sig["key_fingerprint"]), sig["ch"], sig["signature"])
    # The audit log of B records the import, hash-chained with the rest.
    actions = [r[0] for r in home_b.conn.execute("SELECT action FROM audit ORDER BY seq")]
    assert actions.count("exchange.add") == 50 and actions[-1] == "exchange.import"
    assert (
        home_b.scalar("SELECT COUNT(*) FROM imported_audit")
        == home_a.scalar("SELECT COUNT(*) FROM audit WHERE entity IN ('inspection', 'rectification')") - 50
    )  # minus the exports


def test_a_second_import_changes_nothing_and_says_so(demo_a, home_b, bundle_few):
    first = exchange.import_bundle(home_b, bundle_few, by=None)
    assert first.counts()["added"] == 3 and first.changed
    before = snapshot(home_b.home)
    again = exchange.import_bundle(home_b, bundle_few, by=None)
    assert again.counts() == {"added": 0, "updated": 0, "unchanged": 3, "conflicts": 0, "resolved": 0}
    assert not again.changed
    assert snapshot(home_b.home) == before


def test_imported_people_are_placeholders_with_public_certificates_only(demo_a, home_b, bundle_few):
    exchange.import_bundle(home_b, bundle_few, by=None)
    people = home_b.query("SELECT name, active, password_hash FROM users")
    assert people and all(p["active"] == 0 and p["password_hash"] == "!" for p in people)
    with pytest.raises(NotAllowed):
        accounts.authenticate(home_b, "inspector1", "inspect123")
    assert home_b.scalar("SELECT COUNT(*) FROM user_keys WHERE private_key != '' OR active != 0") == 0
    assert home_b.scalar("SELECT COUNT(*) FROM user_keys") >= 3


def test_a_bundle_never_carries_private_keys_or_password_hashes(demo_a, bundle_few):
    secrets = [r[0] for r in demo_a.conn.execute("SELECT password_hash FROM users")]
    secrets += [r[0] for r in demo_a.conn.execute("SELECT private_key FROM user_keys")]
    blob = b"".join(members(bundle_few).values())
    for s in secrets:
        assert s.encode() not in blob
    for marker in (b"PRIVATE KEY", b"ENCRYPTED", b"scrypt$", b"password"):
        assert marker not in blob


def test_portable_canonical_is_what_signatures_cover(demo_a):
    for (iid,) in demo_a.conn.execute("SELECT id FROM inspections").fetchall():
        assert portable.canonical_of(portable.dump(demo_a, iid)) == signing.canonical(demo_a, iid)


def test_export_completes_the_set_with_the_inspection_a_reinspection_follows(demo_a, home_b, tmp_path):
    reinspection = demo_a.scalar("SELECT id FROM inspections WHERE kind = 'reinspection'")
    follows = demo_a.scalar("SELECT follows_id FROM inspections WHERE id = ?", (reinspection,))
    r = exchange.export_bundle(
        demo_a, [reinspection], tmp_path / "r.civpack", by=login(demo_a, "admin"), password="admin123"
    )
    uuid_follows = demo_a.scalar("SELECT uuid FROM inspections WHERE id = ?", (follows,))
    assert r.added_for_completeness == [uuid_follows]
    exchange.import_bundle(home_b, r.path, by=None)
    assert (
        home_b.scalar(
            "SELECT f.uuid FROM inspections i JOIN inspections f ON f.id = i.follows_id WHERE i.kind = 'reinspection'"
        )
        == uuid_follows
    )


def test_who_may_export(demo_a, tmp_path):
    other = demo_a.scalar(
        "SELECT id FROM inspections WHERE author_id != ? AND kind = 'inspection'", (login(demo_a, "inspector1").id,)
    )
    with pytest.raises(NotAllowed, match="not your own"):
        exchange.export_bundle(
            demo_a, [other], tmp_path / "x.civpack", by=login(demo_a, "inspector1"), password="inspect123"
        )
    own = demo_a.scalar("SELECT id FROM inspections WHERE author_id = ?", (login(demo_a, "inspector1").id,))
    with pytest.raises(NotAllowed, match="wrong user name or password"):
        exchange.export_bundle(demo_a, [own], tmp_path / "x.civpack", by=login(demo_a, "inspector1"), password="nope")
    assert not list(tmp_path.glob("*civpack*"))


def test_a_full_disk_during_export_leaves_no_file_and_no_record(demo_a, tmp_path, monkeypatch):
    ids = [r[0] for r in demo_a.conn.execute("SELECT id FROM inspections")]
    audit_before = demo_a.scalar("SELECT MAX(seq) FROM audit")
    state_before = demo_a.query("SELECT * FROM exchange_state ORDER BY uuid")
    real_add = BundleWriter.add
    calls = []

    def add(self, name, data, *, compress=True):
        calls.append(name)
        if len(calls) > 5:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_add(self, name, data, compress=compress)

    monkeypatch.setattr(BundleWriter, "add", add)
    with pytest.raises(OSError, match="No space left"):
        exchange.export_bundle(
            demo_a, ids, tmp_path / "out" / "x.civpack", by=login(demo_a, "admin"), password="admin123"
        )
    assert list((tmp_path / "out").iterdir()) == []
    assert demo_a.query("SELECT * FROM exchange_state ORDER BY uuid") == state_before
    assert (
        demo_a.scalar("SELECT COUNT(*) FROM audit WHERE seq > ? AND action = 'exchange.export'", (audit_before,)) == 0
    )
    monkeypatch.setattr(BundleWriter, "add", real_add)
    ok = exchange.export_bundle(
        demo_a, ids, tmp_path / "out" / "x.civpack", by=login(demo_a, "admin"), password="admin123"
    )
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["x.civpack"] and ok.bytes > 0


def test_export_refuses_an_altered_photo_in_its_own_home(demo_a, tmp_path):
    row = demo_a.one("SELECT inspection_id, sha256 FROM attachments LIMIT 1")
    (demo_a.attachments_dir / row["sha256"][:2] / row["sha256"]).write_bytes(b"changed")
    with pytest.raises(InputError, match="missing or altered in this home"):
        exchange.export_bundle(
            demo_a, [row["inspection_id"]], tmp_path / "x.civpack", by=login(demo_a, "admin"), password="admin123"
        )
    assert not (tmp_path / "x.civpack").exists()


def test_manifest_lists_every_member_with_its_hash(bundle_few):
    content = members(bundle_few)
    manifest = json.loads(content["manifest.json"])
    assert manifest["format"] == "civpack" and manifest["format_version"] == 1
    listed = {m["name"]: m for m in manifest["members"]}
    assert set(listed) == set(content) - {"manifest.json", "manifest.sig"}
    for name, m in listed.items():
        assert m["sha256"] == hashlib.sha256(content[name]).hexdigest() and m["size"] == len(content[name])
    for entry in manifest["inspections"]:
        member = json.loads(content[f"inspections/{entry['uuid']}.json"])
        assert ex.sync_hash(member["inspection"]) == entry["sync_hash"]
        assert entry["sync_hash"] in member["history"]


def test_import_needs_a_user_once_the_home_has_users(demo_a, bundle_few, people):
    with pytest.raises(NotAllowed, match="log in first"):
        exchange.import_bundle(people.store, bundle_few, by=None)
    with pytest.raises(NotAllowed, match="only an admin, a manager or an inspector"):
        exchange.import_bundle(people.store, bundle_few, by=people.staff_a)
    # A home with a root of its own trusts the demo home's only once an admin pinned it.
    with pytest.raises(exchange.BundleRefused, match="no root this home trusts"):
        exchange.import_bundle(people.store, bundle_few, by=people.manager_a)
    trust.pin(people.store, people.admin, trust.own_root(demo_a).certificate)
    # Pinned, but the demo's inspector2 (an author in the bundle) is not this home's inspector2.
    before = snapshot(people.store.home)
    with pytest.raises(
        exchange.BundleRefused, match="inspector2 of the bundle is another person than this home's inspector2"
    ):
        exchange.import_bundle(people.store, bundle_few, by=people.manager_a)
    assert snapshot(people.store.home) == before


def test_inspection_view_works_on_imported_data(demo_a, home_b, bundle_few):
    exchange.import_bundle(home_b, bundle_few, by=None)
    for iid, uuid in home_b.conn.execute("SELECT id, uuid FROM inspections").fetchall():
        a_id = demo_a.scalar("SELECT id FROM inspections WHERE uuid = ?", (uuid,))
        assert inspections.view(home_b, iid).result == inspections.view(demo_a, a_id).result
