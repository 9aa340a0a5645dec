"""Bundles are accepted only from signers a trusted root vouches for, people are matched by uuid
(never by name), and the exporter's role allows what the bundle writes, as in the app."""

from __future__ import annotations

import re
import shutil

import pytest

from civdesk import services
from civdesk.cli import main
from civdesk.services import accounts, demo, exchange, inspections, maintenance, signing, trust
from civdesk.services.exchange.bundle_format import BundleRefused
from tests.helpers.exchange import login, members, resign, snapshot, write_zip

PW = "password-123"


def state(home) -> dict:
    """What a home holds: every table's rows (hashed) and every file but SQLite's own WAL, which a
    login may touch without changing a row."""
    import hashlib
    import sqlite3

    conn = sqlite3.connect(f"file:{home / 'civdesk.db'}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        rows = {
            t: hashlib.sha256(repr(sorted(map(repr, conn.execute(f'SELECT * FROM "{t}"')))).encode()).hexdigest()
            for t in tables
            if t != "login_failures"
        }
    finally:
        conn.close()
    files = {k: v for k, v in snapshot(home).items() if not k.endswith("-wal")}
    return {"rows": rows, "files": files}


@pytest.fixture
def office(tmp_path, demo_a):
    """Home B of the same organisation: its own admin and manager (names the demo does not use), and
    each home pinned the other's root."""
    b = services.open_home(tmp_path / "B")
    boss = accounts.actor(b, accounts.create_user(b, by=None, name="boss", role="admin", password=PW))
    site = accounts.create_site(b, by=boss, name="杭州东收费站", kind="toll_station", region="east")
    accounts.create_user(b, by=boss, name="mgr_b", role="manager", password=PW, site_ids=[site])
    trust.pin(b, boss, trust.own_root(demo_a).certificate)
    trust.pin(demo_a, accounts.authenticate(demo_a, "admin", "admin123"), trust.own_root(b).certificate)
    yield b, boss
    b.close()


def test_a_bundle_of_a_same_named_home_is_refused_and_nothing_is_filed(demo_master, tmp_path, capsys, monkeypatch):
    """Two demo homes (every one has inspector2, mgr_hzd …): the other's bundle is refused, first as
    unknown, then, after its root is pinned, because its people are not this home's namesakes."""
    other = services.open_home(tmp_path / "other")
    demo.fill(other)
    ids = [r[0] for r in other.conn.execute("SELECT id FROM inspections WHERE state = 'signed' ORDER BY id")]
    exchange.export_bundle(other, ids, tmp_path / "other.civpack", by=login(other, "admin"), password="admin123")
    other_root = trust.own_root(other).pem
    other.close()
    home = shutil.copytree(demo_master / "A", tmp_path / "A")
    assert main(["--lang", "en", "--home", str(home), "trust", "list"]) == 0
    before = state(home)
    capsys.readouterr()
    monkeypatch.setenv("CIVDESK_PASSWORD", "admin123")
    assert (
        main(["--lang", "en", "--home", str(home), "import", str(tmp_path / "other.civpack"), "--user", "admin"]) == 2
    )
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no root this home trusts issued" in err
    assert state(home) == before
    # Pinned: still refused, naming the person; no foreign certificate lands under a local user.
    (tmp_path / "other-root.pem").write_bytes(other_root)
    assert (
        main(
            [
                "--lang",
                "en",
                "--home",
                str(home),
                "trust",
                "add",
                str(tmp_path / "other-root.pem"),
                "--user",
                "admin",
                "--yes",
            ]
        )
        == 0
    )
    capsys.readouterr()
    assert (
        main(["--lang", "en", "--home", str(home), "import", str(tmp_path / "other.civpack"), "--user", "admin"]) == 2
    )
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and re.search(
        r"user (\w+) of the bundle is another person than this home's \1 "
        r"\(same name, different identity\); nothing was imported",
        err,
    )
    store = services.open_home(home)
    try:
        assert store.scalar("SELECT COUNT(*) FROM user_keys WHERE private_key = ''") == 0
        assert signing.verify_frozen(store) == [] and maintenance.check(store) == []
    finally:
        store.close()


def test_unknown_key_bundle_is_refused_by_import_with_nothing_changed(
    demo_a, bundle_few, tmp_path, capsys, monkeypatch
):
    """A bundle re-signed with a key no root issued (a forger's own): verify says NOT OK, import refuses."""
    # The forger re-signs the demo bundle with a key of their own, filed in the bundle as the exporter's.
    b = services.open_home(tmp_path / "forger")
    accounts.create_user(b, by=None, name="admin", role="admin", password=PW)  # a home the forger controls
    content = members(bundle_few)
    forged = write_zip(tmp_path / "forged.civpack", resign(_swap_exporter(content, b), b, "admin", PW))
    b.close()
    home = demo_a.home
    demo_a.close()
    capsys.readouterr()
    assert main(["--lang", "en", "--home", str(home), "verify", str(forged)]) == 1
    assert "NOT OK: intact, but it is signed by" in capsys.readouterr().out
    before = state(home)
    monkeypatch.setenv("CIVDESK_PASSWORD", "admin123")
    assert main(["--lang", "en", "--home", str(home), "import", str(forged), "--user", "admin"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no root this home trusts issued" in err
    assert state(home) == before


def _swap_exporter(content: dict, forger_home) -> dict:
    """The forger's admin certificate replaces the demo admin's in the bundle (same name)."""
    import json

    from civdesk.services import crypto, keys

    row = forger_home.one("SELECT certificate, fingerprint FROM user_keys WHERE active = 1")
    users = json.loads(content["users.json"])
    manifest = json.loads(content["manifest.json"])
    old = manifest["exporter"]["certificate"]
    for u in users:
        if u["name"] == "admin":
            u["certificates"] = [row["fingerprint"]]
            u["uuid"] = forger_home.scalar("SELECT uuid FROM users WHERE name = 'admin'")
    out = {k: v for k, v in content.items() if k != f"certificates/{old}.pem"}
    out["users.json"] = json.dumps(users, ensure_ascii=False).encode()
    out[f"certificates/{row['fingerprint']}.pem"] = row["certificate"].encode()
    manifest["exporter"]["certificate"] = row["fingerprint"]
    out["manifest.json"] = json.dumps(manifest).encode()
    assert crypto.fingerprint(keys.certificate(forger_home, row["fingerprint"])) == row["fingerprint"]
    return out


def test_an_inspectors_bundle_cannot_bring_a_checklist_version(office, demo_a, tmp_path, mini_data):
    from civdesk.services import templates

    b, boss = office
    admin = login(demo_a, "admin")
    _pk, _ = templates.add_version(demo_a, {**mini_data, "scope": "toll_station"}, by=admin)
    tpl_id = mini_data["id"]
    site = accounts.find_site(demo_a, "杭州东收费站")["id"]
    iid = inspections.new_inspection(
        demo_a, login(demo_a, "inspector1"), template_id=tpl_id, site_id=site, kind="inspection"
    )
    path = tmp_path / "new-template.civpack"
    exchange.export_bundle(demo_a, [iid], path, by=login(demo_a, "inspector1"), password="inspect123")
    before = snapshot(b.home)
    with pytest.raises(
        BundleRefused,
        match=f"checklist {tpl_id} version 1 is new to this home and only an admin's bundle brings checklist versions",
    ):
        exchange.import_bundle(b, path, by=boss)
    assert snapshot(b.home) == before
    # The same inspection exported by the admin brings it.
    exchange.export_bundle(demo_a, [iid], path, by=admin, password="admin123")
    assert exchange.import_bundle(b, path, by=boss).counts()["added"] == 1
    assert b.scalar("SELECT COUNT(*) FROM templates WHERE template_id = ?", (tpl_id,)) == 1


def test_an_inspectors_bundle_cannot_rewrite_anothers_unsigned_inspection(office, demo_a, tmp_path):
    b, boss = office
    draft = demo_a.one(
        "SELECT i.id, a.name FROM inspections i JOIN users a ON a.id = i.author_id "
        "WHERE i.state = 'draft' AND i.kind = 'inspection' ORDER BY i.id LIMIT 1"
    )
    other = "inspector2" if draft["name"] == "inspector1" else "inspector1"
    first = tmp_path / "first.civpack"
    exchange.export_bundle(demo_a, [draft["id"]], first, by=login(demo_a, "admin"), password="admin123")
    assert exchange.import_bundle(b, first, by=boss).counts()["added"] == 1
    # In home A the other inspector's edit goes behind the author's back (made as an admin would);
    # their bundle may not carry it into B.
    code = inspections.view(demo_a, draft["id"]).template.items()[0].code
    inspections.answer(demo_a, login(demo_a, draft["name"]), draft["id"], code, "no", note="改过")
    forged = tmp_path / "other.civpack"
    exchange.export_bundle(demo_a, [draft["id"]], forged, by=login(demo_a, "admin"), password="admin123")
    content = members(forged)
    import json

    manifest = json.loads(content["manifest.json"])
    me = demo_a.one(
        "SELECT u.name, u.display_name, u.role, k.fingerprint, k.certificate FROM users u JOIN user_keys k "
        "ON k.user_id = u.id WHERE u.name = ? AND k.active = 1",
        (other,),
    )
    manifest["exporter"] = {
        **manifest["exporter"],
        "name": other,
        "display_name": me["display_name"],
        "role": "inspector",
        "certificate": me["fingerprint"],
    }
    users = json.loads(content["users.json"])
    if not any(u["name"] == other for u in users):
        users.append(
            {
                "name": other,
                "display_name": me["display_name"],
                "role": "inspector",
                "uuid": demo_a.scalar("SELECT uuid FROM users WHERE name = ?", (other,)),
                "certificates": [me["fingerprint"]],
            }
        )
    content["users.json"] = json.dumps(users, ensure_ascii=False).encode()
    content[f"certificates/{me['fingerprint']}.pem"] = me["certificate"].encode()
    content["manifest.json"] = json.dumps(manifest).encode()
    path = write_zip(tmp_path / "by-other.civpack", resign(content, demo_a, other, demo.PASSWORDS[other]))
    before = snapshot(b.home)
    with pytest.raises(
        BundleRefused,
        match=f"is {draft['name']}'s and unsigned: a bundle of {other} "
        r"\(inspector\) cannot write it",
    ):
        exchange.import_bundle(b, path, by=boss)
    assert snapshot(b.home) == before
    # Exported by its author, the same change lands.
    mine = tmp_path / "mine.civpack"
    exchange.export_bundle(
        demo_a, [draft["id"]], mine, by=login(demo_a, draft["name"]), password=demo.PASSWORDS[draft["name"]]
    )
    assert exchange.import_bundle(b, mine, by=boss).counts()["updated"] == 1


def test_people_of_a_trusted_home_land_with_their_identity(office, demo_a, bundle_few):
    """Placeholders carry the uuid of the person; their certificates are filed under them, vouched."""
    b, boss = office
    mgr = accounts.actor(b, accounts.user_by_name(b, "mgr_b")["id"])
    r = exchange.import_bundle(b, bundle_few, by=mgr)
    assert r.counts()["added"] == 3
    for name in b.query("SELECT name FROM users WHERE password_hash = '!'"):
        assert b.scalar("SELECT uuid FROM users WHERE name = ?", (name["name"],)) == demo_a.scalar(
            "SELECT uuid FROM users WHERE name = ?", (name["name"],)
        )
    assert signing.verify_frozen(b) == [] and maintenance.check(b) == []
    # Unpinning the root: its signatures are no longer vouched for here, and check says so.
    trust.unpin(b, boss, trust.own_root(demo_a).fingerprint[:12])
    problems = signing.verify_frozen(b)
    assert problems and all("which no root this home trusts issued" in p for p in problems)
