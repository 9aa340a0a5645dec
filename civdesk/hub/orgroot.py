"""The organisation's root of trust, held by the hub.

The hub holds one organisation root (EC P-256, a CA certificate allowing one intermediate), made
at the first ``civdesk-hub migrate`` or given by the operator (``civdesk-hub root import``) before
any desk enrols. At enrolment a desk that already has its home root (services.trust) sends that
root's certificate; the hub certifies the same key and subject as an **intermediate** under the
organisation root (``path_length=0``: it issues user certificates only). Every certificate that
home's root issued, before or after, then chains to the organisation root, which every desk pins
at enrolment, so a signature made on one desk verifies on every other. The desk's home root stays
its own: its admins keep issuing certificates offline.

Revoking a desk revokes its intermediate; revoking a user revokes their certificates. Both are
dated and travel to the desks in the pull pages (signatures made from then on are refused). They
take change numbers under the write lock, like records, so a desk's cursor never skips one.
"""

from __future__ import annotations

import datetime as _dt

import psycopg
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from ..services import trust as home_trust
from ..services.errors import InputError
from .locks import WRITE_LOCK

ROOT_YEARS = 30

_KEY_USAGE = {
    "digital_signature": False,
    "content_commitment": False,
    "key_encipherment": False,
    "data_encipherment": False,
    "key_agreement": False,
    "key_cert_sign": True,
    "crl_sign": True,
    "encipher_only": False,
    "decipher_only": False,
}


def _pem(cert: x509.Certificate) -> str:
    return cert.public_bytes(serialization.Encoding.PEM).decode("ascii")


def fingerprint(cert: x509.Certificate) -> str:
    return cert.fingerprint(hashes.SHA256()).hex()


def new_root(name: str = "CivDesk") -> tuple[str, str]:
    """(private key PEM, certificate PEM) of a fresh organisation root."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, (name[:40] or "CivDesk") + " 组织根证书"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "CivDesk Hub"),
        ]
    )
    start = _dt.datetime.now(_dt.UTC) - _dt.timedelta(minutes=5)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + _dt.timedelta(days=365 * ROOT_YEARS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=1), critical=True)
        .add_extension(x509.KeyUsage(**_KEY_USAGE), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return (
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ).decode("ascii"),
        _pem(cert),
    )


def load(conn: psycopg.Connection):
    """(private key, certificate) of the organisation root."""
    key_pem, cert_pem = conn.execute("SELECT private_key, certificate FROM org_root").fetchone()
    return (
        serialization.load_pem_private_key(key_pem.encode("ascii"), None),
        x509.load_pem_x509_certificate(cert_pem.encode("ascii")),
    )


def ensure(conn: psycopg.Connection) -> None:
    """Make the organisation root once (at migrate)."""
    if conn.execute("SELECT 1 FROM org_root").fetchone() is None:
        key, cert = new_root()
        conn.execute(
            "INSERT INTO org_root (id, private_key, certificate, fingerprint) VALUES (1, %s, %s, %s)",
            (key, cert, fingerprint(x509.load_pem_x509_certificate(cert.encode("ascii")))),
        )


def give(conn: psycopg.Connection, cert_data: bytes, key_data: bytes) -> str:
    """Replace the generated root with the organisation's own (before any desk enrolled)."""
    cert = home_trust.load_certificate(cert_data)  # a self-signed CA whose signature verifies
    try:
        key = serialization.load_pem_private_key(key_data, None)
    except (ValueError, TypeError):
        raise InputError("orgroot.key_not_pem") from None
    if (
        not isinstance(key, ec.EllipticCurvePrivateKey)
        or key.public_key().public_numbers() != cert.public_key().public_numbers()
    ):
        raise InputError("orgroot.key_not_of_certificate")
    with conn.transaction():
        if (
            conn.execute("SELECT 1 FROM intermediates LIMIT 1").fetchone()
            or conn.execute("SELECT 1 FROM desks WHERE enrolled_at IS NOT NULL LIMIT 1").fetchone()
        ):
            raise InputError("orgroot.desks_already_trust_root")
        pem = key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ).decode("ascii")
        conn.execute(
            "UPDATE org_root SET private_key = %s, certificate = %s, fingerprint = %s, created_at = now()",
            (pem, _pem(cert), fingerprint(cert)),
        )
    return fingerprint(cert)


def certify_home_root(conn: psycopg.Connection, desk_id: int, home_root_pem: str) -> str:
    """The intermediate for a desk's home root (inside the enrolment's transaction); its PEM."""
    try:
        home = home_trust.load_certificate(home_root_pem.encode("ascii"))
    except (InputError, UnicodeEncodeError) as e:
        raise ValueError(f"the desk's home root is refused: {e}") from None
    key, root = load(conn)
    if fingerprint(home) == fingerprint(root):
        raise ValueError("the desk's home root is the organisation's root itself")
    start = _dt.datetime.now(_dt.UTC) - _dt.timedelta(minutes=5)
    cert = (
        x509.CertificateBuilder()
        .subject_name(home.subject)
        .issuer_name(root.subject)
        .public_key(home.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(min(home.not_valid_after_utc, root.not_valid_after_utc))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(**_KEY_USAGE), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(home.public_key()), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(root.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
    conn.execute(
        "INSERT INTO intermediates (fingerprint, desk_id, home_root, certificate, seq) "
        "VALUES (%s, %s, %s, %s, nextval('change_seq'))",
        (fingerprint(cert), desk_id, fingerprint(home), _pem(cert)),
    )
    return _pem(cert)


def revoke_desk(conn: psycopg.Connection, desk_id: int) -> int:
    """Revoke the desk's intermediates (inside the revocation's transaction); how many."""
    conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
    return conn.execute(
        "UPDATE intermediates SET revoked_at = now(), seq = nextval('change_seq') "
        "WHERE desk_id = %s AND revoked_at IS NULL",
        (desk_id,),
    ).rowcount


def revoke_user(conn: psycopg.Connection, name: str, reason: str) -> int:
    """Revoke every certificate the hub holds for the user; how many (0: none held)."""
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
        return conn.execute(
            "UPDATE certificates SET revoked_at = now(), revoked_reason = %s, "
            "revoked_seq = nextval('change_seq') WHERE user_name = %s AND revoked_at IS NULL",
            (reason, name),
        ).rowcount


def _iso(at: _dt.datetime | None) -> str | None:
    """A PostgreSQL time as CivDesk stores times (UTC, microseconds), so desks compare them as text."""
    return at.astimezone(_dt.UTC).isoformat(timespec="microseconds") if at else None


def changes(conn: psycopg.Connection, after: int, upto: int) -> dict:
    """What a pull page carries about trust: the organisation root, the intermediates issued or
    revoked and the certificates revoked with a change number in (after, upto]."""
    root = conn.execute("SELECT fingerprint FROM org_root").fetchone()[0]
    inter = [
        {"certificate": pem, "revoked_at": _iso(at)}
        for pem, at in conn.execute(
            "SELECT certificate, revoked_at FROM intermediates WHERE seq > %s AND seq <= %s ORDER BY seq", (after, upto)
        )
    ]
    revoked = [
        {"fingerprint": fp, "revoked_at": _iso(at), "reason": reason or ""}
        for fp, at, reason in conn.execute(
            "SELECT fingerprint, revoked_at, revoked_reason FROM certificates WHERE revoked_seq > %s AND revoked_seq <= %s "
            "ORDER BY revoked_seq",
            (after, upto),
        )
    ]
    return {"root": root, "intermediates": inter, "revoked": revoked}


def state(conn: psycopg.Connection):
    """(organisation root, intermediates, revoked certificate → (time, reason)) for checking a push."""
    _, root = load(conn)
    inter = []
    for pem, at in conn.execute("SELECT certificate, revoked_at FROM intermediates ORDER BY revoked_at NULLS FIRST"):
        cert = x509.load_pem_x509_certificate(pem.encode("ascii"))
        inter.append(home_trust.Intermediate(fingerprint(cert), cert, fingerprint(root), _iso(at)))
    revoked = {
        fp: (_iso(at), reason or "")
        for fp, at, reason in conn.execute(
            "SELECT fingerprint, revoked_at, revoked_reason FROM certificates WHERE revoked_at IS NOT NULL"
        )
    }
    return root, inter, revoked
