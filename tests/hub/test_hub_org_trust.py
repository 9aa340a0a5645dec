"""The organisation's root of trust on the hub: signatures verify across desks through it, a
certificate outside it is refused, a revoked key's later signatures are refused; HTTPS."""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import subprocess
import sys

import psycopg
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from civdesk import services
from civdesk.hub import cli as hubcli
from civdesk.hub.devcluster import HubProcess
from civdesk.services import accounts, crypto, demo, keys, signing, sync, trust
from civdesk.services.errors import NotAllowed
from civdesk.store import now
from tests.helpers.hub import STATION_SITES, enrol_code, home_facts, hub_state, refusals

SIGNABLE = 14  # the demo's approved inspection at 成都北收费站: inspector2 then mgr_cdb sign it


def login(store, name):
    return accounts.actor(store, accounts.user_by_name(store, name)["id"])


def sign(store, name, iid=SIGNABLE):
    return signing.sign(store, login(store, name), iid, demo.PASSWORDS[name], demo.signature_png(name))


def civdesk(home, *args, env=None):
    return subprocess.run(
        [sys.executable, "-m", "civdesk.cli", "--home", str(home), *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=300,
    )


def org_root(db_url) -> str:
    with psycopg.connect(db_url) as conn:
        return conn.execute("SELECT fingerprint FROM org_root").fetchone()[0]


@pytest.fixture
def second_station(tmp_path):
    """Another station's home with its own admin (so its own home root), nothing else."""
    store = services.open_home(tmp_path / "station-b")
    accounts.create_user(store, by=None, name="chief_b", role="admin", password="chief-b-pass-1")
    yield store
    store.close()


@pytest.fixture
def enrolled(station, office, hub, hub_url):
    """Station A (the demo, two sites) and the office enrolled and synced once."""
    sync.enrol(station, hub.url, enrol_code(hub_url, "A站", sites=STATION_SITES))
    accounts.create_user(office, by=None, name="boss", role="admin", password="boss-pass-123")
    sync.enrol(office, hub.url, enrol_code(hub_url, "中心", office=True))
    sync.sync(station)
    sync.sync(office)
    sync.sync(station)  # the office's certified home root
    return station, office


def test_a_signature_made_at_one_station_verifies_at_the_office_and_another_station(
    enrolled, second_station, hub, hub_url
):
    station, office = enrolled
    b = second_station
    sync.enrol(b, hub.url, enrol_code(hub_url, "B站", sites=["成都北收费站"]))
    org = org_root(hub_url)
    # Each desk pinned the organisation's root at enrolment, endorsed by its own home root.
    for home in (station, office, b):
        assert org in [r.fingerprint for r in trust.roots(home)]
    a_root = trust.own_root(station).fingerprint
    a_inter = station.scalar("SELECT fingerprint FROM trust_intermediates WHERE issuer = ?", (org,))
    assert a_inter and a_inter != a_root

    assert sign(station, "inspector2") == "approved"
    assert sign(station, "mgr_cdb") == "signed"
    uuid = station.scalar("SELECT uuid FROM inspections WHERE id = ?", (SIGNABLE,))
    assert sync.sync(station).pushed == [uuid]
    sync.sync(office)
    sync.sync(b)

    for home in (office, b):
        row = home.one("SELECT id, state, content_hash FROM inspections WHERE uuid = ?", (uuid,))
        assert row["state"] == "signed"
        # Neither home pinned station A's root: the organisation's root vouches, through A's intermediate.
        assert a_root not in [r.fingerprint for r in trust.roots(home)]
        ht = trust.HomeTrust(home)
        sigs = home.query(
            "SELECT s.key_fingerprint, s.signature, s.content_hash, u.name FROM signatures s "
            "JOIN users u ON u.id = s.user_id WHERE s.inspection_id = ? ORDER BY u.name",
            (row["id"],),
        )
        assert [s["name"] for s in sigs] == ["inspector2", "mgr_cdb"]
        for s in sigs:
            cert = keys.certificate(home, s["key_fingerprint"])
            assert keys.verify_digest(cert, row["content_hash"], s["signature"])
            got = ht.vouch(cert)
            assert (got.root, got.chain) == (org, a_inter)
        assert signing.verify_frozen(home) == []
    # Station B holds only its own site's records, each verifying.
    assert {r[0] for r in b.conn.execute("SELECT s.name FROM inspections i JOIN sites s ON s.id = i.site_id")} == {
        "成都北收费站"
    }


def _rogue_root():
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "伪造的根证书")])
    start = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .sign(key, hashes.SHA256())
    )
    return key, cert


def _give_key(store, name, issuer_key, issuer_cert, *, expired=False):
    """Replace the user's active key with one certified by ``issuer`` (expired: valid only in the past)."""
    user = store.one("SELECT id, name, display_name, role, uuid FROM users WHERE name = ?", (name,))
    key = ec.generate_private_key(ec.SECP256R1())
    cert = crypto.user_certificate(issuer_key, issuer_cert, key.public_key(), user)
    if expired:
        past = dt.datetime.now(dt.UTC) - dt.timedelta(days=400)
        cert = (
            x509.CertificateBuilder()
            .subject_name(cert.subject)
            .issuer_name(cert.issuer)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(past)
            .not_valid_after(past + dt.timedelta(days=30))
            .add_extension(cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value, critical=False)
            .sign(issuer_key, hashes.SHA256())
        )
    with store.write() as conn:
        conn.execute("UPDATE user_keys SET active = 0 WHERE user_id = ?", (user["id"],))
        store.insert(
            "user_keys",
            {
                "user_id": user["id"],
                "certificate": cert.public_bytes(serialization.Encoding.PEM).decode(),
                "private_key": keys._seal_key(key, demo.PASSWORDS[name]),
                "fingerprint": crypto.fingerprint(cert),
                "active": 1,
                "created_at": now(),
                "issuer": crypto.fingerprint(issuer_cert),
            },
        )
        store.audit(user["id"], "key.create", "user", user["id"], {"fingerprint": crypto.fingerprint(cert)})
    return crypto.fingerprint(cert)


def test_a_certificate_outside_the_organisation_or_expired_is_refused_at_the_hub(enrolled, hub_url):
    station, office = enrolled
    before_hub, before_office = hub_state(hub_url), home_facts(office)
    # inspector2 signs with a key their own made-up root certified.
    rogue = _give_key(station, "inspector2", *_rogue_root())
    sign(station, "inspector2")
    home = station.home
    r = civdesk(home, "sync")
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and "Traceback" not in r.stderr
    assert f"certificate {rogue[:16]}… of inspector2 is not chained to the organisation's root" in r.stderr
    assert "伪造的根证书" in r.stderr and "nothing was accepted" in r.stderr
    assert hub_state(hub_url) == before_hub and "not chained" in refusals(hub_url)[-1]
    assert not sync.sync(office).changed and home_facts(office) == before_office

    # The same with a certificate this station's own root issued, but expired.
    with station.write() as conn:
        conn.execute("DELETE FROM signatures WHERE inspection_id = ?", (SIGNABLE,))
        station.audit(None, "test.unsign", "inspection", SIGNABLE, {})
    expired = _give_key(station, "inspector2", *trust.unlocked_root(station), expired=True)
    sign(station, "inspector2")
    r = civdesk(home, "sync")
    assert r.returncode == 2 and r.stderr.count("\n") == 1
    assert f"certificate {expired[:16]}… of inspector2 has expired on" in r.stderr
    assert hub_state(hub_url) == before_hub
    assert not sync.sync(office).changed and home_facts(office) == before_office


def test_a_revoked_users_later_signature_is_refused_on_the_hub_and_on_desks(enrolled, hub_url, capsys):
    station, office = enrolled
    assert hubcli.main(["--database", hub_url, "revoke", "--user", "inspector2", "--reason", "离职"]) == 0
    assert "inspector2: 1 certificate(s) revoked" in capsys.readouterr().out
    # Station A has not heard yet: inspector2 signs there after the revocation.
    assert sign(station, "inspector2") == "approved"
    assert sign(station, "mgr_cdb") == "signed"
    before_hub = hub_state(hub_url)
    with pytest.raises(
        sync.SyncRefused,
        match=r"carries a signature of inspector2 made on .*after the organisation "
        r"revoked that key on .* \(离职\); nothing was accepted",
    ):
        sync.sync(station)
    assert hub_state(hub_url) == before_hub
    # The pull before the push brought the revocation: the station now names that signature, and
    # inspector2 cannot sign again with that key.
    fp = station.scalar(
        "SELECT fingerprint FROM user_keys k JOIN users u ON u.id = k.user_id "
        "WHERE u.name = 'inspector2' AND k.active = 1"
    )
    assert station.scalar("SELECT reason FROM revoked_keys WHERE fingerprint = ?", (fp,)) == "离职"
    problems = signing.verify_frozen(station)
    assert len(problems) == 1 and "the signature of inspector2" in problems[0] and "revoked its key" in problems[0]
    with pytest.raises(NotAllowed, match="revoked by the organisation"):
        sign(station, "inspector2", 8)
    # The office learns it too; inspector2's signatures made before it still verify there.
    assert sync.sync(office).trust == 1
    assert (
        office.scalar("SELECT count(*) FROM signatures s JOIN users u ON u.id = s.user_id WHERE u.name = 'inspector2'")
        >= 1
    )
    assert signing.verify_frozen(office) == []
    # Revoking someone the hub holds no certificate of says so.
    assert hubcli.main(["--lang", "en", "--database", hub_url, "revoke", "--user", "nobody"]) == 2
    assert "no unrevoked certificate of a user named 'nobody'" in capsys.readouterr().err


def test_a_revoked_desks_later_bundle_is_refused_at_the_office(enrolled, hub_url, tmp_path):
    """A revoked desk's home root is revoked as an intermediate: what it signs later is refused
    elsewhere, even when it travels by USB stick; what it exported before still imports."""
    from civdesk.services import exchange as bundles
    from civdesk.services.exchange.bundle_format import BundleRefused

    station, office = enrolled
    sign(station, "inspector2")
    early = tmp_path / "early.civpack"
    bundles.export_bundle(station, [SIGNABLE], early, by=login(station, "admin"), password=demo.PASSWORDS["admin"])
    assert hubcli.main(["--database", hub_url, "revoke", "--name", "A站"]) == 0
    assert sync.sync(office).trust == 1
    sign(station, "mgr_cdb")
    late = tmp_path / "late.civpack"
    bundles.export_bundle(station, [SIGNABLE], late, by=login(station, "admin"), password=demo.PASSWORDS["admin"])
    before = home_facts(office)
    with pytest.raises(
        BundleRefused,
        match=r"signed by 系统管理员 \(admin\) on .*after the organisation revoked that "
        r"key \(or its home's root\)",
    ):
        bundles.import_bundle(office, late, by=login(office, "boss"))
    assert home_facts(office) == before
    bundles.import_bundle(office, early, by=login(office, "boss"))
    assert signing.verify_frozen(office) == []


# ---------------------------------------------------------------------------------------------- HTTPS


def _tls(folder):
    """A CA made here and the hub's certificate for 127.0.0.1 issued by it: (cert, key, ca) files."""
    folder.mkdir(exist_ok=True)
    start = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "CivDesk test CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + dt.timedelta(days=2))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "hub")]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    files = folder / "hub.crt", folder / "hub.key", folder / "ca.pem"
    files[0].write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    files[1].write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    files[2].write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    return files


def test_sync_over_https_with_the_ca_pinned_and_refused_without_it(station, office, hub_url, tmp_path):
    cert, key, ca = _tls(tmp_path)
    hub = HubProcess(hub_url, tls=(cert, key, ca)).start()
    try:
        assert hub.url.startswith("https://")
        station_home, office_home = station.home, office.home
        station.close()
        office.close()
        code = enrol_code(hub_url, "A站", sites=STATION_SITES)
        # No CA given: the hub's certificate is not trusted; one line, exit 2, nothing enrolled.
        r = civdesk(
            station_home,
            "sync",
            "--hub",
            hub.url,
            "--code",
            code,
            "--user",
            "admin",
            env={"CIVDESK_PASSWORD": "admin123"},
        )
        assert r.returncode == 2 and r.stderr.count("\n") == 1 and "Traceback" not in r.stderr
        assert "HTTPS 证书不受本机信任" in r.stderr and "--ca-file" in r.stderr
        # Another CA than the one that issued the hub's certificate is refused the same way.
        other = _tls(tmp_path / "other")[2]
        r = civdesk(
            station_home,
            "sync",
            "--hub",
            hub.url,
            "--code",
            code,
            "--user",
            "admin",
            "--ca-file",
            str(other),
            env={"CIVDESK_PASSWORD": "admin123"},
        )
        assert r.returncode == 2 and "不受本机信任" in r.stderr
        reopened = services.open_home(station_home)
        assert sync.config(reopened) is None
        reopened.close()
        assert hub_state(hub_url)["records"] == []
        # With the CA: enrolled and synced; the CA file is kept with the enrolment for later syncs.
        r = civdesk(
            station_home,
            "sync",
            "--hub",
            hub.url,
            "--code",
            code,
            "--user",
            "admin",
            "--ca-file",
            str(ca),
            env={"CIVDESK_PASSWORD": "admin123"},
        )
        assert r.returncode == 0, r.stderr
        assert len(hub_state(hub_url)["records"]) >= 5
        assert civdesk(station_home, "sync").returncode == 0
        # The CA can come from the environment too (the office desk).
        code = enrol_code(hub_url, "中心", office=True)
        r = civdesk(
            office_home,
            "sync",
            "--hub",
            hub.url,
            "--code",
            code,
            "--user",
            "boss",
            "--json",
            env={"CIVDESK_NEW_PASSWORD": "boss-pass-123", "CIVDESK_HUB_CA": str(ca)},
        )
        assert r.returncode == 0, r.stderr
        office = services.open_home(office_home)
        try:
            assert signing.verify_frozen(office) == [] and office.scalar("SELECT count(*) FROM signatures") > 0
        finally:
            office.close()
    finally:
        hub.stop()


def test_a_home_that_makes_its_root_after_enrolment_has_it_certified_at_its_next_sync(station, office, hub, hub_url):
    sync.enrol(station, hub.url, enrol_code(hub_url, "A站", sites=STATION_SITES))
    sync.enrol(office, hub.url, enrol_code(hub_url, "中心", office=True))  # an empty home: no root yet
    sync.sync(station)
    sync.sync(office)
    org = org_root(hub_url)
    assert trust.own_root(office) is None and [r.fingerprint for r in trust.roots(office)] == [org]
    assert signing.verify_frozen(office) == []
    accounts.create_user(office, by=None, name="boss", role="admin", password="boss-pass-123")
    own = trust.own_root(office)
    assert org in [r.fingerprint for r in trust.roots(office)]  # endorsed by the new root
    sync.sync(office)
    held = office.query("SELECT certificate, issuer FROM trust_intermediates ORDER BY added_at")
    assert len(held) == 2 and {h["issuer"] for h in held} == {org}  # station A's, then its own
    cert = x509.load_pem_x509_certificate(held[1]["certificate"].encode())
    assert cert.subject == own.certificate.subject and cert.public_key() == own.certificate.public_key()
    assert sync.sync(station).trust == 1  # the station learns it
    with psycopg.connect(hub_url) as conn:
        assert conn.execute("SELECT count(*) FROM intermediates").fetchone()[0] == 2
    assert not sync.sync(office).changed  # once only


def test_figures_read_the_figures_database_when_one_is_given(station, office, pg, hub_url):
    """``serve --figures-database`` (or $CIVDESK_HUB_FIGURES_DATABASE): the figures' read-only queries
    go there. A copy of the hub's database taken before the station's first push stands in for a
    replica that lags behind: the office's figures then count what the copy holds."""
    hub = HubProcess(hub_url).start()
    sync.enrol(station, hub.url, enrol_code(hub_url, "A站", sites=STATION_SITES))
    sync.enrol(office, hub.url, enrol_code(hub_url, "中心", office=True))
    hub.stop()
    copy = hub_url.rsplit("/", 1)[1] + "_copy"
    pg.psql(f"CREATE DATABASE {copy} TEMPLATE {hub_url.rsplit('/', 1)[1]}")
    hub = HubProcess(
        hub_url, port=hub.port, env={"CIVDESK_HUB_FIGURES_DATABASE": hub_url.rsplit("/", 1)[0] + "/" + copy}
    ).start()
    try:
        assert len(sync.sync(station).pushed) >= 5
        sync.sync(office)
        assert sync.cached_figures(office)["figures"]["inspections"] == 0
        assert len(hub_state(hub_url)["records"]) >= 5
    finally:
        hub.stop()
    hub = HubProcess(hub_url, port=hub.port).start()
    try:
        sync.sync(office)
        assert sync.cached_figures(office)["figures"]["inspections"] == len(hub_state(hub_url)["records"])
    finally:
        hub.stop()


def test_a_pdf_signed_at_a_station_verifies_at_the_office_through_the_organisation_root(enrolled, hub_url):
    from civdesk.services import documents

    station, office = enrolled
    signed = station.scalar(
        "SELECT i.id FROM inspections i JOIN sites s ON s.id = i.site_id "
        "WHERE s.name = '杭州东收费站' AND i.state = 'signed' AND i.kind = 'inspection'"
    )
    pdf = documents.render_report(station, signed, by=login(station, "admin")).pdf
    here, there = documents.verify_pdf(station, pdf), documents.verify_pdf(office, pdf)
    assert here.ok and there.ok, (here.lines, there.lines)
    assert all("issued by a trusted root" in line for line in there.lines if line.startswith("signature"))
    assert trust.own_root(station).fingerprint not in [r.fingerprint for r in trust.roots(office)]


def test_a_desk_refuses_a_page_carrying_a_certificate_outside_its_trusted_roots(station, office, hub, hub_url):
    """The desk checks too: a certificate slipped into the hub's database behind its back (one
    the hub's own checks would have refused) makes the desk refuse the page, nothing imported."""
    sync.enrol(station, hub.url, enrol_code(hub_url, "A站", sites=STATION_SITES))
    sync.enrol(office, hub.url, enrol_code(hub_url, "中心", office=True))
    sync.sync(station)
    rogue_key, rogue_cert = _rogue_root()
    user = station.one("SELECT id, name, display_name, role, uuid FROM users WHERE name = 'inspector2'")
    cert = crypto.user_certificate(rogue_key, rogue_cert, ec.generate_private_key(ec.SECP256R1()).public_key(), user)
    with psycopg.connect(hub_url) as conn:
        conn.execute(
            "INSERT INTO certificates (fingerprint, user_name, pem) VALUES (%s, 'inspector2', %s)",
            (crypto.fingerprint(cert), cert.public_bytes(serialization.Encoding.PEM).decode()),
        )
    before = home_facts(office)
    with pytest.raises(
        sync.SyncRefused,
        match=rf"what the hub sent was refused: certificate "
        rf"{crypto.fingerprint(cert)[:16]}… of inspector2 is not issued by a "
        rf"root this home trusts",
    ):
        sync.sync(office)
    assert office.scalar("SELECT count(*) FROM inspections") == 0
    assert home_facts(office)["users"] == before["users"]
