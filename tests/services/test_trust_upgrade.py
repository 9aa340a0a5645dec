"""A home from before roots: self-signed user keys sealed with PBKDF2, signatures made with them.
The first admin login creates the root and re-certifies those keys (old signatures keep verifying);
each user's key is resealed with scrypt at their login; a key slipped in later is never certified."""

from __future__ import annotations

import datetime as _dt

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from civdesk.services import accounts, crypto, keys, maintenance, signing, trust
from tests.helpers.data import PASSWORD
from tests.helpers.docs import EXCELLENT, make_inspection


def _old_style_key(store, user_id: int):
    """A key as CivDesk made them before roots: self-signed, PKCS#8 with PBKDF2 (2,048 rounds)."""
    user = store.one("SELECT name, display_name FROM users WHERE id = ?", (user_id,))
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, user["display_name"]),
            x509.NameAttribute(NameOID.USER_ID, user["name"]),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "CivDesk"),
        ]
    )
    start = _dt.datetime.now(_dt.UTC) - _dt.timedelta(minutes=5)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + _dt.timedelta(days=3650))
        .sign(key, hashes.SHA256())
    )
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(PASSWORD.encode()),
    ).decode()
    fp = crypto.fingerprint(cert)
    store.conn.execute(
        "INSERT INTO user_keys (user_id, certificate, private_key, fingerprint, active, created_at) "
        "VALUES (?, ?, ?, ?, 1, '2026-01-01')",
        (user_id, cert.public_bytes(serialization.Encoding.PEM).decode(), pem, fp),
    )
    return key, fp


def _as_before_roots(people, iid: int) -> None:
    """Turn the home into what an older CivDesk left: no root, old-style keys that made the signatures."""
    s = people.store
    trigger = s.scalar("SELECT sql FROM sqlite_master WHERE name = 'signatures_frozen_update'")
    with s.write() as conn:
        conn.execute("DROP TRIGGER signatures_frozen_update")
        conn.execute("PRAGMA defer_foreign_keys = ON")
        conn.execute("DELETE FROM root_grants")
        conn.execute("DELETE FROM trust_roots")
        conn.execute("UPDATE users SET root = NULL")
        uids = [r[0] for r in conn.execute("SELECT DISTINCT user_id FROM user_keys").fetchall()]
        conn.execute("DELETE FROM user_keys")
        for uid in uids:
            key, fp = _old_style_key(s, uid)
            for sig in s.query("SELECT id, content_hash FROM signatures WHERE user_id = ?", (uid,)):
                conn.execute(
                    "UPDATE signatures SET key_fingerprint = ?, signature = ? WHERE id = ?",
                    (fp, keys.sign_digest(key, sig["content_hash"]), sig["id"]),
                )
        conn.execute(trigger)
    trust.lock(s)
    keys.forget(s)


def test_first_admin_login_recertifies_earlier_keys_and_logins_reseal_them(people, mini):
    s = people.store
    iid = make_inspection(people, EXCELLENT)
    _as_before_roots(people, iid)
    assert all(
        r[0].startswith("-----BEGIN ENCRYPTED PRIVATE KEY") for r in s.conn.execute("SELECT private_key FROM user_keys")
    )
    # Until an admin logs in, check says why nothing is vouched for (one line, not one per signature).
    problems = maintenance.check(s)
    assert len(problems) == 1 and "no root key yet" in problems[0]

    accounts.authenticate(s, "admin", PASSWORD)
    assert trust.own_root(s) is not None and signing.verify_frozen(s) == [] and maintenance.check(s) == []
    recertified = s.scalar("SELECT COUNT(*) FROM audit WHERE action = 'key.recertify'")
    assert recertified == s.scalar("SELECT COUNT(*) FROM user_keys WHERE issuer IS NULL") >= 2

    # The inspector's login reseals their keys with scrypt; they sign on with the re-certified key.
    accounts.authenticate(s, "inspector", PASSWORD)
    sealed = [
        r[0] for r in s.conn.execute("SELECT private_key FROM user_keys WHERE user_id = ?", (people.inspector.id,))
    ]
    assert sealed and all(p.startswith("scrypt-aesgcm$") for p in sealed)
    _key, cert = keys.signing_material(s, people.inspector.id, PASSWORD)
    assert trust.HomeTrust(s).vouch(cert).uuid == s.scalar(
        "SELECT uuid FROM users WHERE id = ?", (people.inspector.id,)
    )
    other = make_inspection(people, EXCELLENT)
    assert s.scalar("SELECT state FROM inspections WHERE id = ?", (other,)) == "signed"
    assert signing.verify_frozen(s) == []

    # A key written into the database after the root exists is never re-certified, whoever logs in.
    with s.write():
        _old_style_key(s, people.inspector2.id)
    trust.lock(s)
    accounts.authenticate(s, "admin", PASSWORD)
    assert s.scalar("SELECT COUNT(*) FROM audit WHERE action = 'key.recertify'") == recertified
