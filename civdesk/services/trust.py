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
import uuid as _uuid
import weakref
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.x509.oid import ExtensionOID, NameOID

from ..domain.workflow import Actor
from ..store import Store, now, users
from ..store import keys as key_repo
from ..store.rows import as_dict
from . import crypto
from .errors import InputError, NotAllowed, NotFound

ROOT_YEARS = 30
_UNLOCKED: weakref.WeakKeyDictionary[Store, tuple[bytes, object, x509.Certificate]] = weakref.WeakKeyDictionary()


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
    root: str  # fingerprint of the trusted root
    via: str  # fingerprint of the root-issued certificate (the same one, or a re-issue)
    role: str | None  # the role the root certified (the certificate's title)
    chain: str | None = None  # the intermediate between them (a home root the organisation's root certified)


@dataclass(frozen=True)
class Intermediate:
    """Another home's root key, certified by a trusted root (the organisation's, through the hub)."""

    fingerprint: str
    certificate: x509.Certificate
    root: str  # fingerprint of the trusted root that issued it
    revoked_at: str | None


def pretty(fp: str) -> str:
    """A fingerprint as people read it aloud: groups of four hex digits."""
    fp = fp.upper()
    return " ".join(fp[i : i + 4] for i in range(0, len(fp), 4))


def cert_uuid(cert: x509.Certificate) -> str | None:
    try:
        san = cert.extensions.get_extension_for_oid(ExtensionOID.SUBJECT_ALTERNATIVE_NAME).value
    except x509.ExtensionNotFound:
        return None
    for uri in san.get_values_for_type(x509.UniformResourceIdentifier):
        if uri.startswith("urn:uuid:"):
            return uri[len("urn:uuid:") :]
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


def ca_issued_by(cert: x509.Certificate, root: x509.Certificate) -> bool:
    """Whether ``root`` certified ``cert`` as a CA (an intermediate: another home's root key)."""
    if cert.issuer != root.subject or not _is_ca(cert) or cert.issuer == cert.subject:
        return False
    try:
        cert.verify_directly_issued_by(root)
        return True
    except (ValueError, TypeError, InvalidSignature):
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


def home_id(store: Store, *, create: bool = True) -> str | None:
    """This home's identity: named in its root certificate and on the audit entries it sends to
    other homes."""
    hid = store.get_setting("home_id")
    if hid is None and create:
        hid = str(_uuid.uuid4())
        store.set_setting("home_id", hid)
    return hid


def _root_certificate(key, store: Store) -> x509.Certificate:
    org = (store.get_setting("org_name") or "").strip() or "CivDesk"
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, crypto.fit(org, 64 - len(" 根证书".encode())) + " 根证书"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "CivDesk"),
            x509.NameAttribute(NameOID.SERIAL_NUMBER, home_id(store)),
        ]
    )
    start = _dt.datetime.now(_dt.UTC) - _dt.timedelta(minutes=5)
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + _dt.timedelta(days=365 * ROOT_YEARS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )


def _seal_root_key(key, secret: bytes) -> str:
    der = key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    nonce = os.urandom(12)
    return (
        "aesgcm$"
        + base64.b64encode(nonce).decode()
        + "$"
        + base64.b64encode(AESGCM(secret).encrypt(nonce, der, b"civdesk-root")).decode()
    )


def _open_root_key(sealed: str, secret: bytes):
    _, nonce, body = sealed.split("$")
    der = AESGCM(secret).decrypt(base64.b64decode(nonce), base64.b64decode(body), b"civdesk-root")
    return serialization.load_der_private_key(der, None)


def own_root(store: Store) -> Root | None:
    row = key_repo.own_root(store.conn)
    return _root(row) if row else None


def _root(row: key_repo.TrustRoot) -> Root:
    return Root(
        row.fingerprint, x509.load_pem_x509_certificate(row.certificate.encode()), bool(row.own), row.name, row.added_at
    )


def create_root(store: Store, admin_id: int, password: str) -> Root:
    """Make this home's root, granted to the admin; re-certify the keys its own users already have."""
    if own_root(store) is not None:
        raise InputError("trust.home_already_has_root")
    key = ec.generate_private_key(ec.SECP256R1())
    secret = os.urandom(32)
    cert = _root_certificate(key, store)
    fp = crypto.fingerprint(cert)
    with store.write():
        key_repo.add_root(
            store.conn,
            fingerprint=fp,
            certificate=cert.public_bytes(serialization.Encoding.PEM).decode(),
            own=1,
            private_key=_seal_root_key(key, secret),
            name=common_name(cert),
            added_by=admin_id,
            added_at=now(),
        )
        key_repo.put_grant(store.conn, admin_id, crypto.seal(secret, password), now())
        users.adopt_root(store.conn, fp)
        for other in [r.fingerprint for r in key_repo.pinned_roots(store.conn)]:
            # the root its first bundle brought, while the home had no admin: kept, now under this root
            key_repo.endorse(store.conn, other, key.sign(bytes.fromhex(other), ec.ECDSA(hashes.SHA256())))
        store.audit(admin_id, "root.create", "root", fp[:16], {"fingerprint": fp})
        _UNLOCKED[store] = (secret, key, cert)
        _recertify_earlier_keys(store, key, cert)
    return own_root(store)


def _recertify_earlier_keys(store: Store, key, cert: x509.Certificate) -> None:
    """Keys of this home's users from before it had a root: the same public key, certified now."""
    fp = crypto.fingerprint(cert)
    for r in key_repo.before_roots(store.conn):
        holder = users.get(store.conn, r.user_id)
        assert holder is not None
        old = x509.load_pem_x509_certificate(r.certificate.encode())
        new = crypto.user_certificate(key, cert, old.public_key(), as_dict(holder))
        key_repo.add_key(
            store.conn,
            user_id=r.user_id,
            certificate=new.public_bytes(serialization.Encoding.PEM).decode(),
            private_key=r.private_key,
            fingerprint=crypto.fingerprint(new),
            active=r.active,
            created_at=now(),
            issuer=fp,
        )
        key_repo.retire(store.conn, r.id)
        store.audit(
            r.user_id,
            "key.recertify",
            "user",
            r.user_id,
            {"earlier": r.fingerprint, "fingerprint": crypto.fingerprint(new), "issuer": fp},
        )


def unlock(store: Store, user_id: int, password: str) -> bool:
    """Open the root with the admin's grant, for this process; False when they hold none."""
    sealed = key_repo.grant_of(store.conn, user_id)
    row = key_repo.own_root(store.conn)
    if sealed is None or row is None or row.private_key is None:
        return False
    try:
        secret = crypto.unseal(sealed, password)
        key = _open_root_key(row.private_key, secret)
    except (NotAllowed, InvalidTag, ValueError):
        return False
    _UNLOCKED[store] = (secret, key, x509.load_pem_x509_certificate(row.certificate.encode()))
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
        key_repo.put_grant(conn, user_id, crypto.seal(held[0], password), now())
        store.audit(user_id, "root.grant", "user", user_id, {})


def revoke_grant(store: Store, user_id: int) -> None:
    key_repo.revoke_grant(store.conn, user_id)


def reseal_grant(store: Store, user_id: int, old: str, new: str) -> None:
    sealed = key_repo.grant_of(store.conn, user_id)
    if sealed is not None:
        key_repo.reseal_grant(store.conn, user_id, crypto.seal(crypto.unseal(sealed, old), new))


def on_login(store: Store, who: Actor, password: str) -> None:
    """After an admin's password was checked: open (or, in a home from before roots, make) the root
    for this process."""
    if who.role == "admin":
        if own_root(store) is None:
            create_root(store, who.id, password)
        elif unlocked_root(store) is None:
            unlock(store, who.id, password)


# ---------------------------------------------------------------------------- trusted roots


def roots(store: Store) -> list[Root]:
    """The roots this home trusts: its own, and those pinned under it (endorsement verified). A
    home without a root of its own yet (a new machine, no admin) trusts what its first bundle
    brought (``adopt_first``)."""
    own = own_root(store)
    pinned = key_repo.pinned_roots(store.conn)
    if own is None:
        return [_root(row) for row in pinned]
    out = [own]
    for row in pinned:
        try:
            own.certificate.public_key().verify(
                bytes(row.endorsement or b""), bytes.fromhex(row.fingerprint), ec.ECDSA(hashes.SHA256())
            )
        except (InvalidSignature, ValueError):
            continue  # not pinned by this home's root: a row written behind CivDesk's back
        out.append(_root(row))
    return out


def _direct(trusted: list[Root], intermediates: list[Intermediate], cert: x509.Certificate) -> Vouch | None:
    for r in trusted:
        if issued_by(cert, r.certificate):
            return Vouch(cert_uuid(cert), r.fingerprint, crypto.fingerprint(cert), cert_role(cert))
    for i in intermediates:
        if issued_by(cert, i.certificate):
            return Vouch(cert_uuid(cert), i.root, crypto.fingerprint(cert), cert_role(cert), i.fingerprint)
    return None


def vouch(
    trusted: list[Root],
    cert: x509.Certificate,
    others: Iterable[x509.Certificate] = (),
    intermediates: list[Intermediate] = (),
) -> Vouch | None:
    """Whether a trusted root stands behind ``cert``: it issued it (itself, or through an
    intermediate it certified), or it issued one of ``others`` for the same public key (a key from
    before roots, re-certified)."""
    got = _direct(trusted, list(intermediates), cert)
    if got is not None:
        return got
    spki = crypto.spki(cert)
    for other in others:
        if other is cert or crypto.spki(other) != spki:
            continue
        got = _direct(trusted, list(intermediates), other)
        if got is not None:
            return got
    return None


def intermediates(store: Store, trusted: list[Root]) -> list[Intermediate]:
    """The intermediates this home holds that a trusted root certified (others are ignored)."""
    out = []
    for row in key_repo.intermediates(store.conn):
        cert = x509.load_pem_x509_certificate(row.certificate.encode())
        issuer = next((r for r in trusted if ca_issued_by(cert, r.certificate)), None)
        if issuer is not None:
            out.append(Intermediate(row.fingerprint, cert, issuer.fingerprint, row.revoked_at))
    return out


class HomeTrust:
    """This home's trusted roots and the re-issued certificates it holds, read once for many checks."""

    def __init__(self, store: Store):
        self.roots = roots(store)
        self.others = [
            x509.load_pem_x509_certificate(pem.encode())
            for pem in key_repo.certificates(store.conn, certified_only=True)
        ]
        self.intermediates = intermediates(store, self.roots)
        self.revoked = key_repo.revoked_keys(store.conn)

    def vouch(self, cert: x509.Certificate, extra: Iterable[x509.Certificate] = ()) -> Vouch | None:
        return vouch(self.roots, cert, [*self.others, *extra], self.intermediates)

    def revoked_since(self, got: Vouch, fingerprint: str) -> str | None:
        """When the organisation revoked this certificate, or the intermediate that vouched for it
        (its desk was revoked); None when neither is revoked. A signature made from then on fails."""
        times = [self.revoked.get(fingerprint), self.revoked.get(got.via)]
        times += [i.revoked_at for i in self.intermediates if i.fingerprint == got.chain]
        times = [t for t in times if t]
        return min(times) if times else None


def chain_for(store: Store, cert: x509.Certificate) -> list[x509.Certificate]:
    """The trusted root that issued ``cert`` (for embedding with it; with the intermediate between
    them when it came through one), or nothing."""
    trusted = roots(store)
    held = intermediates(store, trusted)
    direct = [r.certificate for r in trusted if issued_by(cert, r.certificate)]
    if direct:
        # This home's root as the organisation's root certified it, so other homes can follow too.
        cross = [i for i in held if crypto.spki(i.certificate) == crypto.spki(direct[0])]
        return direct + [
            c for i in cross for c in (i.certificate, *(r.certificate for r in trusted if r.fingerprint == i.root))
        ]
    for i in held:
        if issued_by(cert, i.certificate):
            return [i.certificate, *(r.certificate for r in trusted if r.fingerprint == i.root)]
    return []


# ---------------------------------------------------------------------------- pinning other roots


def load_certificate(data: bytes) -> x509.Certificate:
    """A root certificate from a PEM or DER file's bytes; InputError saying what is wrong."""
    try:
        cert = (
            x509.load_pem_x509_certificate(data)
            if b"-----BEGIN" in data[:4096]
            else x509.load_der_x509_certificate(data)
        )
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


def change_refusal(by: Actor) -> NotAllowed | None:
    """Why ``by`` may not change which roots this home trusts, or None (设置 asks this too)."""
    return None if by.role == "admin" else NotAllowed("trust.only_admin_changes_which")


def _admin(by: Actor) -> None:
    if (refusal := change_refusal(by)) is not None:
        raise refusal


def pin(store: Store, by: Actor, cert: x509.Certificate) -> Root:
    """Trust another home's (or the hub's) root; the admin checked its fingerprint beforehand."""
    _admin(by)
    held = _UNLOCKED.get(store)
    if held is None:
        raise NotAllowed("trust.pinning_root_needs_home")
    fp = crypto.fingerprint(cert)
    if fp == crypto.fingerprint(held[2]):
        raise InputError("trust.home_s_own_root")
    if key_repo.root_known(store.conn, fp):
        raise InputError("trust.root_already_trusted", value=pretty(fp)[:19])
    with store.write():
        key_repo.add_root(
            store.conn,
            fingerprint=fp,
            certificate=cert.public_bytes(serialization.Encoding.PEM).decode(),
            own=0,
            endorsement=held[1].sign(bytes.fromhex(fp), ec.ECDSA(hashes.SHA256())),
            name=common_name(cert),
            added_by=by.id,
            added_at=now(),
        )
        store.audit(by.id, "root.pin", "root", fp[:16], {"fingerprint": fp})
    return next(r for r in roots(store) if r.fingerprint == fp)


def adopt_first(store: Store, cert: x509.Certificate) -> None:
    """A new machine (no root of its own, nobody who can log in) receiving its first bundle trusts
    the root that issued it; inside the import's transaction. The import report names it."""
    fp = crypto.fingerprint(cert)
    key_repo.add_root(
        store.conn,
        fingerprint=fp,
        certificate=cert.public_bytes(serialization.Encoding.PEM).decode(),
        own=0,
        name=common_name(cert),
        added_at=now(),
    )
    store.audit(None, "root.adopt", "root", fp[:16], {"fingerprint": fp})


def pin_org_root(store: Store, cert: x509.Certificate, root_key) -> None:
    """Trust the organisation's root a hub handed over at enrolment (inside its transaction):
    endorsed by this home's root (``root_key``, unlocked by an admin) when the home has one, else
    kept as a new machine keeps its first bundle's root (endorsed once its first admin makes one)."""
    fp = crypto.fingerprint(cert)
    if key_repo.root_known(store.conn, fp):
        return  # an admin pinned it before
    endorsement = root_key.sign(bytes.fromhex(fp), ec.ECDSA(hashes.SHA256())) if root_key is not None else None
    key_repo.add_root(
        store.conn,
        fingerprint=fp,
        certificate=cert.public_bytes(serialization.Encoding.PEM).decode(),
        own=0,
        endorsement=endorsement,
        name=common_name(cert),
        added_at=now(),
    )
    store.audit(None, "root.pin", "root", fp[:16], {"fingerprint": fp, "by": "hub enrolment"})


def common_name(cert: x509.Certificate) -> str:
    name = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(name[0].value) if name else ""


def find_pinned(store: Store, ref: str) -> Root:
    want = ref.replace(" ", "").replace(":", "").lower()
    if len(want) < 8:
        raise InputError("trust.give_at_least_hex")
    hits = [r for r in key_repo.pinned_roots(store.conn) if r.fingerprint.startswith(want)]
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
        key_repo.unpin(conn, root.fingerprint)
        store.audit(by.id, "root.unpin", "root", root.fingerprint[:16], {"fingerprint": root.fingerprint})
    return root
