"""Forgery with only the database file: a signed inspection edited and re-signed with a key slipped
into ``user_keys`` (or under a root slipped into ``trust_roots``) makes ``check`` fail, naming it.
Keys at rest: sealed with scrypt, nothing unencrypted in the home folder."""

from __future__ import annotations

import datetime as _dt
import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from civdesk import services
from civdesk.cli import main
from civdesk.domain.errors import NotAllowed
from civdesk.services import accounts, crypto, keys, signing


@pytest.fixture(scope="module")
def demo_home(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("trust") / "home"
    assert main(["--lang", "en", "--home", str(home), "demo"]) == 0
    return home


def _copy(demo_home: Path, tmp_path: Path) -> Path:
    home = tmp_path / "home"
    shutil.copytree(demo_home, home, ignore=shutil.ignore_patterns("civdesk.db*"))
    src = sqlite3.connect(demo_home / "civdesk.db")
    dst = sqlite3.connect(home / "civdesk.db")
    src.backup(dst)
    src.close()
    dst.close()
    return home


def _cert(key, subject_key, name: str, uuid: str, issuer: x509.Name | None = None, ca: bool = False):
    subject = x509.Name(
        [x509.NameAttribute(NameOID.COMMON_NAME, name), x509.NameAttribute(NameOID.ORGANIZATION_NAME, "CivDesk")]
    )
    start = _dt.datetime.now(_dt.UTC) - _dt.timedelta(minutes=5)
    b = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer or subject)
        .public_key(subject_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + _dt.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if not ca:
        b = b.add_extension(
            x509.SubjectAlternativeName([x509.UniformResourceIdentifier(f"urn:uuid:{uuid}")]), critical=False
        )
    return b.sign(key, hashes.SHA256())


def _forge(home: Path, *, under_fake_root: bool) -> tuple[int, list[str]]:
    """Change an answer of a signed inspection and re-sign it with keys made outside CivDesk."""
    store = services.open_home(home)
    iid = store.scalar("SELECT id FROM inspections WHERE state = 'signed' ORDER BY id LIMIT 1")
    conn = store.conn
    for (name,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%frozen%'"
    ).fetchall():
        conn.execute(f"DROP TRIGGER {name}")
    conn.execute(
        "UPDATE answers SET value = '\"yes\"' WHERE inspection_id = ? AND item_code = "
        "(SELECT MIN(item_code) FROM answers WHERE inspection_id = ?)",
        (iid, iid),
    )
    digest = signing.content_hash(store, iid)
    root_key = ec.generate_private_key(ec.SECP256R1())
    root = _cert(root_key, root_key, "伪造根证书", "", ca=True)
    if under_fake_root:
        fp = crypto.fingerprint(root)
        conn.execute(
            "INSERT INTO trust_roots (fingerprint, certificate, own, name, added_at, endorsement) "
            "VALUES (?, ?, 0, 'x', '2026-01-01', ?)",
            (fp, root.public_bytes(serialization.Encoding.PEM).decode(), b"\x30\x00"),
        )
    forged = []
    for sig in store.query(
        "SELECT s.id, s.user_id, u.name, u.uuid FROM signatures s JOIN users u "
        "ON u.id = s.user_id WHERE s.inspection_id = ?",
        (iid,),
    ):
        key = ec.generate_private_key(ec.SECP256R1())
        if under_fake_root:
            cert = _cert(root_key, key, sig["name"], sig["uuid"], issuer=root.subject)
        else:
            cert = _cert(key, key, sig["name"], sig["uuid"])
        fp = crypto.fingerprint(cert)
        conn.execute(
            "INSERT INTO user_keys (user_id, certificate, private_key, fingerprint, active, created_at, "
            "issuer) VALUES (?, ?, '', ?, 0, '2026-01-01', ?)",
            (
                sig["user_id"],
                cert.public_bytes(serialization.Encoding.PEM).decode(),
                fp,
                crypto.fingerprint(root) if under_fake_root else None,
            ),
        )
        conn.execute(
            "UPDATE signatures SET content_hash = ?, signature = ?, key_fingerprint = ? WHERE id = ?",
            (digest, keys.sign_digest(key, digest), fp, sig["id"]),
        )
        forged.append(fp)
    conn.execute("UPDATE inspections SET content_hash = ? WHERE id = ?", (digest, iid))
    conn.commit()
    store.close()
    return iid, forged


@pytest.mark.parametrize("under_fake_root", [False, True], ids=["self-signed", "slipped-in-root"])
def test_resigned_forgery_fails_check_naming_the_certificate(demo_home, tmp_path, capsys, under_fake_root):
    home = _copy(demo_home, tmp_path)
    capsys.readouterr()
    assert main(["--lang", "en", "--home", str(home), "check"]) == 0
    iid, forged = _forge(home, under_fake_root=under_fake_root)
    capsys.readouterr()
    assert main(["--lang", "en", "--home", str(home), "check"]) == 1
    out = capsys.readouterr().out
    for fp in forged:
        assert f"inspection {iid} " in out and f"certificate {fp[:16]}…, which no root this home trusts issued" in out


def test_certificate_of_another_person_fails_check(demo_home, tmp_path, capsys):
    """A real certificate of this home, but of another user, filed as the signer's: named too."""
    home = _copy(demo_home, tmp_path)
    store = services.open_home(home)
    iid = store.scalar("SELECT id FROM inspections WHERE state = 'signed' ORDER BY id LIMIT 1")
    sig = store.one(
        "SELECT id, user_id, key_fingerprint FROM signatures WHERE inspection_id = ? ORDER BY id LIMIT 1", (iid,)
    )
    other = store.one(
        "SELECT fingerprint, user_id FROM user_keys WHERE user_id != ? AND issuer IS NOT NULL ORDER BY id LIMIT 1",
        (sig["user_id"],),
    )
    store.conn.execute("DROP TRIGGER signatures_frozen_update")
    store.conn.execute("UPDATE user_keys SET user_id = ? WHERE fingerprint = ?", (sig["user_id"], other["fingerprint"]))
    store.conn.execute("UPDATE signatures SET key_fingerprint = ? WHERE id = ?", (other["fingerprint"], sig["id"]))
    store.conn.commit()
    store.close()
    capsys.readouterr()
    assert main(["--lang", "en", "--home", str(home), "check"]) == 1
    assert f"inspection {iid} " in capsys.readouterr().out


def test_keys_at_rest_are_sealed_with_scrypt_and_no_private_key_file(demo_home):
    store = services.open_home(demo_home)
    try:
        sealed = [r[0] for r in store.conn.execute("SELECT private_key FROM user_keys WHERE private_key != ''")]
        assert len(sealed) >= 10
        assert all(s.startswith("scrypt-aesgcm$") for s in sealed)
        grants = [r[0] for r in store.conn.execute("SELECT sealed FROM root_grants")]
        assert grants and all(crypto.scrypt_cost_of(g) >= 2**10 for g in grants)
        # The demo's accounts have published passwords and a cheap cost (password_cost.published_passwords);
        # anyone else's key is sealed at the login hash's full cost.
        admin = accounts.authenticate(store, "admin", "admin123")
        uid = accounts.create_user(
            store, by=admin, name="fresh_inspector", role="inspector", password="fresh-password-1"
        )
        fresh = store.scalar("SELECT private_key FROM user_keys WHERE user_id = ? AND private_key != ''", (uid,))
        assert fresh.startswith("scrypt-aesgcm$") and crypto.scrypt_cost_of(fresh) >= 2**14
        root = store.one("SELECT private_key FROM trust_roots WHERE own = 1")["private_key"]
        assert root.startswith("aesgcm$") and "PRIVATE KEY" not in root
        # Nothing in the home folder holds a private key in the clear (keys/documents.pem is gone).
        for dirpath, _, names in os.walk(demo_home):
            for n in names:
                data = (Path(dirpath) / n).read_bytes()
                assert b"BEGIN PRIVATE KEY" not in data and b"BEGIN EC PRIVATE KEY" not in data, n
        assert not (demo_home / "keys" / "documents.pem").exists()
    finally:
        store.close()


def test_the_database_alone_cannot_issue(demo_home, tmp_path):
    """Without an admin's password the root stays sealed: a user without a key cannot get one."""
    from civdesk.services import accounts, trust

    home = _copy(demo_home, tmp_path)
    store = services.open_home(home)
    try:
        assert trust.unlocked_root(store) is None
        uid = store.scalar("SELECT id FROM users WHERE name = 'staff_hzd'")
        store.conn.execute("UPDATE user_keys SET active = 0 WHERE user_id = ?", (uid,))
        store.conn.commit()
        with pytest.raises(NotAllowed, match="no signing certificate from this home's root"):
            keys.signing_material(store, uid, "staff1234")
        # An admin who logs in opens it (the demo admin holds a grant).
        accounts.authenticate(store, "admin", "admin123")
        assert trust.unlocked_root(store) is not None
    finally:
        store.close()
