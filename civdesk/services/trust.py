"""The home's root of trust: the key that issues every user certificate, and the roots it trusts.

Each home has one root key (EC P-256, a CA certificate), made when the first admin is created (or,
in a home from before roots, when an admin first logs in). Its private key is sealed with a random
root secret, and the secret is sealed with each granted admin's password (scrypt + AES-GCM): a copy
of the home folder or database alone cannot issue a certificate. An admin's login unlocks the
root for that process only, so creating users, resetting passwords and pinning roots can issue.

A signature, a bundle or a PDF counts only when its certificate is issued by a trusted root: this
home's own, or another home's (later the hub's) root that an admin pinned by fingerprint. A pinned
root's row carries the own root's signature over its fingerprint, so a root slipped into the
database by hand is not trusted. A certificate names its user by uuid; names are only labels.

Homes from before roots: when the root is made, the keys this home's own users already had are
re-certified under it (same public key, a new certificate naming their uuid), so their earlier
signatures keep verifying; certificates other homes sent before are not vouched for until that
home's root is pinned and a newer bundle of theirs brings the re-issued certificates.
"""

from __future__ import annotations

import base64
import datetime as _dt
import os
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from cryptography import x509
from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.x509.oid import ExtensionOID, NameOID

from ..domain.workflow import Actor
from ..store import Store, now
from . import keys
from .errors import InputError, NotAllowed, NotFound

ROOT_YEARS = 30
_UNLOCKED: "weakref.WeakKeyDictionary[Store, tuple[bytes, object, x509.Certificate]]" = weakref.WeakKeyDictionary()


@dataclass(frozen=True)
class Root:
    fingerprint: str
    certificate: x509.Certificate
    own: bool
    name: str
    added_at: str

    @property
    def pem(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.PEM)


@dataclass(frozen=True)
class Vouch:
    """Who a certificate speaks for, and the root that says so."""

    uuid: str | None
    root: str               # fingerprint of the trusted root
    via: str                # fingerprint of the root-issued certificate (the same one, or a re-issue)
    role: str | None        # the role the root certified (the certificate's title)


def pretty(fp: str) -> str:
    """A fingerprint as people read it aloud: groups of four hex digits."""
    fp = fp.upper()
    return " ".join(fp[i:i + 4] for i in range(0, len(fp), 4))


def _spki(cert: x509.Certificate) -> bytes:
    return cert.public_key().public_bytes(serialization.Encoding.DER,
                                          serialization.PublicFormat.SubjectPublicKeyInfo)


def cert_uuid(cert: x509.Certificate) -> str | None:
    try:
        san = cert.extensions.get_extension_for_oid(ExtensionOID.SUBJECT_ALTERNATIVE_NAME).value
    except x509.ExtensionNotFound:
        return None
    for uri in san.get_values_for_type(x509.UniformResourceIdentifier):
        if uri.startswith("urn:uuid:"):
            return uri[len("urn:uuid:"):]
    return None


def cert_role(cert: x509.Certificate) -> str | None:
    attrs = cert.subject.get_attributes_for_oid(NameOID.TITLE)
    return str(attrs[0].value) if attrs else None


def is_root(cert: x509.Certificate) -> bool:
    return _is_ca(cert) and cert.issuer == cert.subject


def _is_ca(cert: x509.Certificate) -> bool:
    try:
        return bool(cert.extensions.get_extension_for_oid(ExtensionOID.BASIC_CONSTRAINTS).value.ca)
    except x509.ExtensionNotFound:
        return False


def issued_by(cert: x509.Certificate, root: x509.Certificate) -> bool:
    """Whether ``root`` signed ``cert`` (a user certificate, never another CA)."""
    if cert.issuer != root.subject or _is_ca(cert):
        return False
    try:
        cert.verify_directly_issued_by(root)
        return True
    except (ValueError, TypeError, InvalidSignature):
        return False


# ---------------------------------------------------------------------------- the own root


def _root_certificate(key, store: Store) -> x509.Certificate:
    from . import exchange

    org = (store.get_setting("org_name") or "").strip() or "CivDesk"
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, keys.fit(org, 64 - len(" 根证书".encode())) + " 根证书"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "CivDesk"),
                      x509.NameAttribute(NameOID.SERIAL_NUMBER, exchange.home_id(store))])
    start = _dt.datetime.now(_dt.timezone.utc) - _dt.timedelta(minutes=5)
    return (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(start)
            .not_valid_after(start + _dt.timedelta(days=365 * ROOT_YEARS))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                         crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .sign(key, hashes.SHA256()))


def _seal_root_key(key, secret: bytes) -> str:
    der = key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    nonce = os.urandom(12)
    return "aesgcm$" + base64.b64encode(nonce).decode() + "$" + base64.b64encode(
        AESGCM(secret).encrypt(nonce, der, b"civdesk-root")).decode()


def _open_root_key(sealed: str, secret: bytes):
    _, nonce, body = sealed.split("$")
    der = AESGCM(secret).decrypt(base64.b64decode(nonce), base64.b64decode(body), b"civdesk-root")
    return serialization.load_der_private_key(der, None)


def own_root(store: Store) -> Root | None:
    row = store.one("SELECT * FROM trust_roots WHERE own = 1")
    return _root(row) if row else None


def _root(row: dict) -> Root:
    return Root(row["fingerprint"], x509.load_pem_x509_certificate(row["certificate"].encode()), bool(row["own"]),
                row["name"], row["added_at"])


def create_root(store: Store, admin_id: int, password: str) -> Root:
    """Make this home's root, granted to the admin; re-certify the keys its own users already have."""
    if own_root(store) is not None:
        raise InputError("trust.home_already_has_root")
    key = ec.generate_private_key(ec.SECP256R1())
    secret = os.urandom(32)
    cert = _root_certificate(key, store)
    fp = keys.fingerprint(cert)
    with store.write():
        store.insert("trust_roots", {"fingerprint": fp, "certificate": cert.public_bytes(serialization.Encoding.PEM)
                                     .decode(), "own": 1, "private_key": _seal_root_key(key, secret),
                                     "name": common_name(cert), "added_by": admin_id, "added_at": now()})
        store.insert("root_grants", {"user_id": admin_id, "sealed": keys.seal(secret, password), "created_at": now()})
        store.conn.execute("UPDATE users SET root = ? WHERE password_hash != '!' AND root IS NULL", (fp,))
        for (other,) in store.conn.execute("SELECT fingerprint FROM trust_roots WHERE own = 0").fetchall():
            # the root its first bundle brought, while the home had no admin: kept, now under this root
            store.conn.execute("UPDATE trust_roots SET endorsement = ? WHERE fingerprint = ?",
                               (key.sign(bytes.fromhex(other), ec.ECDSA(hashes.SHA256())), other))
        store.audit(admin_id, "root.create", "root", fp[:16], {"fingerprint": fp})
        _UNLOCKED[store] = (secret, key, cert)
        _recertify_earlier_keys(store, key, cert)
    return own_root(store)


def _recertify_earlier_keys(store: Store, key, cert: x509.Certificate) -> None:
    """Keys of this home's users from before it had a root: the same public key, certified now."""
    fp = keys.fingerprint(cert)
    rows = store.query("SELECT k.*, u.name, u.display_name, u.role, u.uuid FROM user_keys k JOIN users u "
                       "ON u.id = k.user_id WHERE k.issuer IS NULL AND k.private_key != '' AND u.password_hash != '!' "
                       "ORDER BY k.id")
    for r in rows:
        old = x509.load_pem_x509_certificate(r["certificate"].encode())
        new = keys.user_certificate(key, cert, old.public_key(), r)
        store.insert("user_keys", {"user_id": r["user_id"], "certificate": new.public_bytes(
            serialization.Encoding.PEM).decode(), "private_key": r["private_key"], "fingerprint": keys.fingerprint(new),
            "active": r["active"], "created_at": now(), "issuer": fp})
        store.conn.execute("UPDATE user_keys SET active = 0 WHERE id = ?", (r["id"],))
        store.audit(r["user_id"], "key.recertify", "user", r["user_id"],
                    {"earlier": r["fingerprint"], "fingerprint": keys.fingerprint(new), "issuer": fp})


def unlock(store: Store, user_id: int, password: str) -> bool:
    """Open the root with the admin's grant, for this process; False when they hold none."""
    sealed = store.scalar("SELECT sealed FROM root_grants WHERE user_id = ?", (user_id,))
    row = store.one("SELECT certificate, private_key FROM trust_roots WHERE own = 1")
    if sealed is None or row is None:
        return False
    try:
        secret = keys.unseal(sealed, password)
        key = _open_root_key(row["private_key"], secret)
    except (NotAllowed, InvalidTag, ValueError):
        return False
    _UNLOCKED[store] = (secret, key, x509.load_pem_x509_certificate(row["certificate"].encode()))
    return True


def unlocked_root(store: Store):
    """(root private key, root certificate) when an admin unlocked it in this process, else None."""
    held = _UNLOCKED.get(store)
    return (held[1], held[2]) if held else None


def lock(store: Store) -> None:
    _UNLOCKED.pop(store, None)


def grant(store: Store, user_id: int, password: str) -> None:
    """Seal the root secret for an admin (made or reset by an admin who unlocked the root)."""
    held = _UNLOCKED.get(store)
    if held is None:
        return
    with store.write() as conn:
        conn.execute("INSERT INTO root_grants (user_id, sealed, created_at) VALUES (?, ?, ?) ON CONFLICT(user_id) "
                     "DO UPDATE SET sealed = excluded.sealed, created_at = excluded.created_at",
                     (user_id, keys.seal(held[0], password), now()))
        store.audit(user_id, "root.grant", "user", user_id, {})


def revoke_grant(store: Store, user_id: int) -> None:
    store.conn.execute("DELETE FROM root_grants WHERE user_id = ?", (user_id,))


def reseal_grant(store: Store, user_id: int, old: str, new: str) -> None:
    sealed = store.scalar("SELECT sealed FROM root_grants WHERE user_id = ?", (user_id,))
    if sealed is not None:
        store.conn.execute("UPDATE root_grants SET sealed = ? WHERE user_id = ?",
                           (keys.seal(keys.unseal(sealed, old), new), user_id))


def on_login(store: Store, who: Actor, password: str) -> None:
    """After a password was checked: an admin opens (or, in a home from before roots, makes) the
    root; everyone's keys sealed the old way are resealed and their key kept for the session."""
    if who.role == "admin":
        if own_root(store) is None:
            create_root(store, who.id, password)
        elif unlocked_root(store) is None:
            unlock(store, who.id, password)
    keys.reseal_at_login(store, who.id, password)


# ---------------------------------------------------------------------------- trusted roots


def roots(store: Store) -> list[Root]:
    """The roots this home trusts: its own, and those pinned under it (endorsement verified). A
    home without a root of its own yet (a new machine, no admin) trusts what its first bundle
    brought (``adopt_first``)."""
    own = own_root(store)
    pinned = store.query("SELECT * FROM trust_roots WHERE own = 0 ORDER BY added_at")
    if own is None:
        return [_root(row) for row in pinned]
    out = [own]
    for row in pinned:
        try:
            own.certificate.public_key().verify(bytes(row["endorsement"] or b""), bytes.fromhex(row["fingerprint"]),
                                                ec.ECDSA(hashes.SHA256()))
        except (InvalidSignature, ValueError):
            continue  # not pinned by this home's root: a row written behind CivDesk's back
        out.append(_root(row))
    return out


def vouch(trusted: list[Root], cert: x509.Certificate, others: Iterable[x509.Certificate] = ()) -> Vouch | None:
    """Whether a trusted root stands behind ``cert``: it issued it, or it issued one of ``others``
    for the same public key (a key from before roots, re-certified)."""
    for r in trusted:
        if issued_by(cert, r.certificate):
            return Vouch(cert_uuid(cert), r.fingerprint, keys.fingerprint(cert), cert_role(cert))
    spki = _spki(cert)
    for other in others:
        if other is cert or _spki(other) != spki:
            continue
        for r in trusted:
            if issued_by(other, r.certificate):
                return Vouch(cert_uuid(other), r.fingerprint, keys.fingerprint(other), cert_role(other))
    return None


class HomeTrust:
    """This home's trusted roots and the re-issued certificates it holds, read once for many checks."""

    def __init__(self, store: Store):
        self.roots = roots(store)
        self.others = [x509.load_pem_x509_certificate(r[0].encode()) for r in store.conn.execute(
            "SELECT certificate FROM user_keys WHERE issuer IS NOT NULL")]

    def vouch(self, cert: x509.Certificate, extra: Iterable[x509.Certificate] = ()) -> Vouch | None:
        return vouch(self.roots, cert, [*self.others, *extra])


def chain_for(store: Store, cert: x509.Certificate) -> list[x509.Certificate]:
    """The trusted root that issued ``cert`` (for embedding with it), or nothing."""
    return [r.certificate for r in roots(store) if issued_by(cert, r.certificate)]


# ---------------------------------------------------------------------------- pinning other roots


def load_certificate(data: bytes) -> x509.Certificate:
    """A root certificate from a PEM or DER file's bytes; InputError saying what is wrong."""
    try:
        cert = (x509.load_pem_x509_certificate(data) if b"-----BEGIN" in data[:4096]
                else x509.load_der_x509_certificate(data))
    except ValueError:
        raise InputError("trust.file_certificate_pem_der") from None
    if not _is_ca(cert) or cert.issuer != cert.subject:
        raise InputError("trust.certificate_root_self_issued")
    try:
        cert.verify_directly_issued_by(cert)
    except (ValueError, TypeError, InvalidSignature):
        raise InputError("trust.root_certificate_s_own") from None
    return cert


def read_certificate_file(path: Path | str) -> x509.Certificate:
    path = Path(path)
    if not path.is_file():
        raise InputError("trust.no_such_file", path=path)
    if path.stat().st_size > 64 * 1024:
        raise InputError("trust.too_large_certificate", path=path)
    return load_certificate(path.read_bytes())


def _admin(by: Actor) -> None:
    if by.role != "admin":
        raise NotAllowed("trust.only_admin_changes_which")


def pin(store: Store, by: Actor, cert: x509.Certificate) -> Root:
    """Trust another home's (or the hub's) root; the admin checked its fingerprint beforehand."""
    _admin(by)
    held = _UNLOCKED.get(store)
    if held is None:
        raise NotAllowed("trust.pinning_root_needs_home")
    fp = keys.fingerprint(cert)
    if fp == keys.fingerprint(held[2]):
        raise InputError("trust.home_s_own_root")
    if store.scalar("SELECT 1 FROM trust_roots WHERE fingerprint = ?", (fp,)):
        raise InputError("trust.root_already_trusted", value=pretty(fp)[:19])
    with store.write():
        store.insert("trust_roots", {"fingerprint": fp, "certificate": cert.public_bytes(serialization.Encoding.PEM)
                                     .decode(), "own": 0, "endorsement": held[1].sign(bytes.fromhex(fp),
                                                                                      ec.ECDSA(hashes.SHA256())),
                                     "name": common_name(cert), "added_by": by.id,
                                     "added_at": now()})
        store.audit(by.id, "root.pin", "root", fp[:16], {"fingerprint": fp})
    return next(r for r in roots(store) if r.fingerprint == fp)


def adopt_first(store: Store, cert: x509.Certificate) -> None:
    """A new machine (no root of its own, nobody who can log in) receiving its first bundle trusts
    the root that issued it; inside the import's transaction. The import report names it."""
    fp = keys.fingerprint(cert)
    store.insert("trust_roots", {"fingerprint": fp, "certificate": cert.public_bytes(serialization.Encoding.PEM)
                                 .decode(), "own": 0, "name": common_name(cert), "added_at": now()})
    store.audit(None, "root.adopt", "root", fp[:16], {"fingerprint": fp})


def common_name(cert: x509.Certificate) -> str:
    name = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(name[0].value) if name else ""


def find_pinned(store: Store, ref: str) -> Root:
    want = ref.replace(" ", "").replace(":", "").lower()
    if len(want) < 8:
        raise InputError("trust.give_at_least_hex")
    hits = [r for r in store.query("SELECT * FROM trust_roots WHERE own = 0") if r["fingerprint"].startswith(want)]
    if not hits:
        own = own_root(store)
        if own is not None and own.fingerprint.startswith(want):
            raise InputError("trust.home_s_own_root2")
        raise NotFound("trust.no_pinned_root_fingerprint", ref=ref)
    if len(hits) > 1:
        raise InputError("trust.matches_more_than_one", ref=ref)
    return _root(hits[0])


def unpin(store: Store, by: Actor, ref: str) -> Root:
    """Stop trusting a pinned root: its certificates no longer verify here."""
    _admin(by)
    root = find_pinned(store, ref)
    with store.write() as conn:
        conn.execute("DELETE FROM trust_roots WHERE fingerprint = ? AND own = 0", (root.fingerprint,))
        store.audit(by.id, "root.unpin", "root", root.fingerprint[:16], {"fingerprint": root.fingerprint})
    return root


def remove_plain_key_file(store: Store) -> None:
    """Delete the unencrypted document-signing key of earlier versions: PDFs are signed by their
    printer's own key now, and no private key may lie in the home folder in the clear."""
    old = store.home / "keys" / "documents.pem"
    if old.exists():
        old.unlink()
        try:
            old.parent.rmdir()
        except OSError:
            pass  # the folder holds something else too (documents.crt): left as it is
