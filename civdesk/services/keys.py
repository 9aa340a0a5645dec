"""Each user's signing key: an EC P-256 key pair with a self-signed certificate.

The private key is stored encrypted with the user's password, so only that user (typing the
password at the signature pad) can sign. After an admin resets a password the old key is
retired, never deleted: its certificate stays to verify the signatures made with it.
"""

from __future__ import annotations

import datetime as _dt

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from ..store import Store, now
from .errors import NotFound

CERT_YEARS = 10


def fingerprint(cert: x509.Certificate) -> str:
    return cert.fingerprint(hashes.SHA256()).hex()


def create_key(store: Store, user_id: int, password: str) -> str:
    """A fresh key pair for the user (retiring any active one); returns its fingerprint."""
    user = store.one("SELECT name, display_name FROM users WHERE id = ?", (user_id,))
    if user is None:
        raise NotFound(f"no user with id {user_id}")
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([
        x509.NameAttribute(NameOID.COMMON_NAME, user["display_name"]),
        x509.NameAttribute(NameOID.USER_ID, user["name"]),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "CivDesk"),
    ])
    start = _dt.datetime.now(_dt.timezone.utc) - _dt.timedelta(minutes=5)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(start)
            .not_valid_after(start + _dt.timedelta(days=365 * CERT_YEARS))
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                         crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
            .sign(key, hashes.SHA256()))
    pem_key = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.BestAvailableEncryption(password.encode()))
    fp = fingerprint(cert)
    with store.write() as conn:
        conn.execute("UPDATE user_keys SET active = 0 WHERE user_id = ?", (user_id,))
        store.insert("user_keys", {"user_id": user_id, "certificate": cert.public_bytes(serialization.Encoding.PEM).decode(),
                                   "private_key": pem_key.decode(), "fingerprint": fp, "active": 1,
                                   "created_at": now()})
        store.audit(user_id, "key.create", "user", user_id, {"fingerprint": fp})
    return fp


def ensure_key(store: Store, user_id: int, password: str) -> str:
    fp = store.scalar("SELECT fingerprint FROM user_keys WHERE user_id = ? AND active = 1", (user_id,))
    return fp or create_key(store, user_id, password)


def signing_material(store: Store, user_id: int, password: str):
    """(private key, certificate) of the user's active key, unlocked with the password."""
    fp = ensure_key(store, user_id, password)
    row = store.one("SELECT certificate, private_key FROM user_keys WHERE fingerprint = ?", (fp,))
    try:
        key = serialization.load_pem_private_key(row["private_key"].encode(), password.encode())
    except ValueError:
        raise PermissionError("the password does not unlock this user's signing key") from None
    return key, x509.load_pem_x509_certificate(row["certificate"].encode())


def certificate(store: Store, fingerprint: str) -> x509.Certificate:
    pem = store.scalar("SELECT certificate FROM user_keys WHERE fingerprint = ?", (fingerprint,))
    if pem is None:
        raise NotFound(f"no certificate with fingerprint {fingerprint[:16]}…")
    return x509.load_pem_x509_certificate(pem.encode())


def all_certificates(store: Store) -> list[x509.Certificate]:
    """Every certificate this home knows (active and retired), for verifying signatures."""
    return [x509.load_pem_x509_certificate(r[0].encode())
            for r in store.conn.execute("SELECT certificate FROM user_keys ORDER BY id")]


def sign_digest(private_key, digest_hex: str) -> bytes:
    return private_key.sign(bytes.fromhex(digest_hex), ec.ECDSA(hashes.SHA256()))


def verify_digest(cert: x509.Certificate, digest_hex: str, signature: bytes) -> bool:
    try:
        cert.public_key().verify(signature, bytes.fromhex(digest_hex), ec.ECDSA(hashes.SHA256()))
        return True
    except InvalidSignature:
        return False
