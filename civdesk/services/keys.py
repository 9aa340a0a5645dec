"""Each user's signing key: an EC P-256 key pair whose certificate this home's root issues.

The certificate names the user's uuid (``urn:uuid:…`` in its subject alternative name), never
only a login name, and is issued by the home's root (services.trust) when an admin creates the
user or resets their password. The private key is sealed with the user's password through scrypt
(memory-hard, the same cost as the login hash) and AES-GCM, so only that user can sign. Keys sealed
the old way (PKCS#8 with PBKDF2) are resealed the next time their owner logs in. After a reset the
old key is retired, never deleted: its certificate stays to verify the signatures made with it.

A user who logged in holds their unlocked key in this process's memory (``remember``), so the
desktop app can sign the PDFs they print without asking again; nothing unlocked is ever written.
"""

from __future__ import annotations

from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

from ..store import Store, now, users
from ..store import keys as key_repo
from ..store.rows import as_dict
from . import crypto, trust
from .errors import NotAllowed, NotFound

# Keys unlocked by a login, per home folder and user, for this process only. By folder, not by Store
# object: work on the operation runner's thread (ui/worker.py) opens its own Store of the same home
# and prints as the person logged in on the GUI thread.
_SESSION: dict[str, dict[int, object]] = {}


def _session_key(store: Store) -> str:
    return str(Path(store.home).resolve())


# ---------------------------------------------------------------------------- the private key, sealed


def _seal_key(private_key, password: str) -> str:
    der = private_key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return crypto.seal(der, password)


def _open_key(stored: str, password: str):
    if stored.startswith(crypto.SEALED + "$"):
        return serialization.load_der_private_key(crypto.unseal(stored, password), None)
    try:  # sealed before scrypt: PKCS#8 with PBKDF2, resealed at the owner's next login
        return serialization.load_pem_private_key(stored.encode(), password.encode())
    except (ValueError, TypeError):
        raise NotAllowed("keys.password_does_unlock_user") from None


# ---------------------------------------------------------------------------- issuing


def _store_cert(
    store: Store, user_id: int, cert: x509.Certificate, sealed_key: str, issuer: str | None, action: str
) -> str:
    fp = crypto.fingerprint(cert)
    with store.write() as conn:
        key_repo.retire_all(conn, user_id)
        key_repo.add_key(
            conn,
            user_id=user_id,
            certificate=cert.public_bytes(serialization.Encoding.PEM).decode(),
            private_key=sealed_key,
            fingerprint=fp,
            active=1,
            created_at=now(),
            issuer=issuer,
        )
        store.audit(user_id, action, "user", user_id, {"fingerprint": fp, "issuer": issuer})
    return fp


def create_key(store: Store, user_id: int, password: str) -> str:
    """A fresh key pair for the user, certified by the home's root (which must be unlocked in this
    process, see services.trust); retires any active one; returns the certificate's fingerprint."""
    found = users.get(store.conn, user_id)
    if found is None:
        raise NotFound("keys.no_user_id", user_id=user_id)
    user = as_dict(found)
    root = trust.unlocked_root(store)
    if root is None:
        raise NotAllowed("keys.has_no_signing_certificate", name=user["name"])
    key = ec.generate_private_key(ec.SECP256R1())
    cert = crypto.user_certificate(root[0], root[1], key.public_key(), user)
    return _store_cert(store, user_id, cert, _seal_key(key, password), crypto.fingerprint(root[1]), "key.create")


def ensure_key(store: Store, user_id: int, password: str) -> str:
    row = key_repo.active_certified(store.conn, user_id)
    return row.fingerprint if row else create_key(store, user_id, password)


def signing_material(store: Store, user_id: int, password: str):
    """(private key, certificate) of the user's active certified key, unlocked with the password."""
    fp = ensure_key(store, user_id, password)
    row = key_repo.by_fingerprint(store.conn, fp)
    assert row is not None
    key = _open_key(row.private_key, password)
    return key, x509.load_pem_x509_certificate(row.certificate.encode())


def reseal_at_login(store: Store, user_id: int, password: str) -> None:
    """Reseal the user's keys still encrypted the old way (PBKDF2) with scrypt, and keep their
    active key unlocked for this process's session."""
    for r in key_repo.with_private(store.conn, user_id):
        if r.private_key.startswith(crypto.SEALED + "$"):
            if r.active and r.issuer:
                try:
                    remember(store, user_id, _open_key(r.private_key, password))
                except NotAllowed:
                    pass
            continue
        try:
            key = _open_key(r.private_key, password)
        except NotAllowed:
            continue  # a key of an earlier password (before a reset): it only verifies now
        with store.write() as conn:
            key_repo.reseal(conn, r.id, _seal_key(key, password))
            store.audit(user_id, "key.reseal", "user", user_id, {"key": r.id, "kdf": "scrypt"})
        if r.active and r.issuer:
            remember(store, user_id, key)


def change_password(store: Store, user_id: int, old: str, new: str) -> None:
    """Reseal the user's keys (and their root grant, if any) for a password they changed themselves.
    Call inside the transaction that stores the new password hash."""
    for r in key_repo.with_private(store.conn, user_id):
        try:
            key = _open_key(r.private_key, old)
        except NotAllowed:
            continue
        key_repo.reseal(store.conn, r.id, _seal_key(key, new))
    trust.reseal_grant(store, user_id, old, new)


# ---------------------------------------------------------------------------- the session's keys


def remember(store: Store, user_id: int, private_key) -> None:
    _SESSION.setdefault(_session_key(store), {})[user_id] = private_key


def session_material(store: Store, user_id: int):
    """(private key, certificate) of a user who logged in in this process; NotAllowed otherwise."""
    key = _SESSION.get(_session_key(store), {}).get(user_id)
    row = key_repo.active_certified(store.conn, user_id)
    if key is None or row is None:
        raise NotAllowed("keys.signing_document_needs_printing")
    cert = x509.load_pem_x509_certificate(row.certificate.encode())
    if cert.public_key().public_numbers() != key.public_key().public_numbers():
        raise NotAllowed("keys.signing_key_changed_since")
    return key, cert


def forget(store: Store) -> None:
    _SESSION.pop(_session_key(store), None)


# ---------------------------------------------------------------------------- certificates


def certificate(store: Store, fingerprint: str) -> x509.Certificate:
    row = key_repo.by_fingerprint(store.conn, fingerprint)
    if row is None:
        raise NotFound("keys.no_certificate_fingerprint", value=fingerprint[:16])
    return x509.load_pem_x509_certificate(row.certificate.encode())


def all_certificates(store: Store) -> list[x509.Certificate]:
    """Every certificate this home knows (active and retired), for verifying signatures."""
    return [x509.load_pem_x509_certificate(pem.encode()) for pem in key_repo.certificates(store.conn)]


def sign_digest(private_key, digest_hex: str) -> bytes:
    return private_key.sign(bytes.fromhex(digest_hex), ec.ECDSA(hashes.SHA256()))


def verify_digest(cert: x509.Certificate, digest_hex: str, signature: bytes) -> bool:
    try:
        cert.public_key().verify(signature, bytes.fromhex(digest_hex), ec.ECDSA(hashes.SHA256()))
        return True
    except InvalidSignature:
        return False
