"""What desk and hub agree on: signed requests, desk and hub keys, limits, refusal messages.

A desk proves itself with its own key (no shared password): every request carries the desk's
certificate fingerprint, a time, a one-use nonce and an ECDSA signature over the method, path,
time, nonce and the SHA-256 of the body. The hub refuses a request it cannot attribute (unknown
desk), a revoked desk, a time more than ``MAX_SKEW`` away, or a nonce it has seen (a replay).
"""

from __future__ import annotations

import base64
import datetime as _dt
import hashlib
import os
import secrets

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

API = "/api/v1"
MAX_SKEW = 300  # seconds between a desk's clock and the hub's
# One push (a bundle of inspections with their photos); the hub's operator may lower or raise it.
MAX_PUSH_BYTES = int(os.environ.get("CIVDESK_HUB_MAX_PUSH_MB", "256")) * 2**20
MAX_JSON_BYTES = 64 * 1024  # enrolment, publishing metadata
PUSH_BATCH = 200  # inspections per push
PULL_BATCH = int(os.environ.get("CIVDESK_HUB_PULL_BATCH", "200"))  # inspections per pulled page
PULL_PHOTO_BYTES = 64 * 2**20  # photo bytes per pulled page (a page holds at least one record)

H_DESK, H_TIME, H_NONCE, H_SIG = "x-civdesk-desk", "x-civdesk-time", "x-civdesk-nonce", "x-civdesk-signature"


def new_key(common_name: str) -> tuple[str, str, str]:
    """(private key PEM, certificate PEM, fingerprint) of a fresh EC P-256 key for a desk or hub."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, common_name[:64] or "CivDesk"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "CivDesk Hub"),
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
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode("ascii")
    return (
        pem,
        cert.public_bytes(serialization.Encoding.PEM).decode("ascii"),
        fingerprint_pem(cert.public_bytes(serialization.Encoding.PEM).decode("ascii")),
    )


def load_key(pem: str):
    return serialization.load_pem_private_key(pem.encode("ascii"), None)


def load_cert(pem: str) -> x509.Certificate:
    return x509.load_pem_x509_certificate(pem.encode("ascii"))


def fingerprint_pem(pem: str) -> str:
    return load_cert(pem).fingerprint(hashes.SHA256()).hex()


def _message(method: str, target: str, stamp: str, nonce: str, body: bytes) -> bytes:
    return "\n".join([method.upper(), target, stamp, nonce, hashlib.sha256(body).hexdigest()]).encode()


def sign_request(key, fp: str, method: str, target: str, body: bytes, *, at: float | None = None) -> dict[str, str]:
    """The headers that prove ``key``'s owner sent this request (``target``: path and query)."""
    import time

    stamp = str(int(time.time() if at is None else at))
    nonce = secrets.token_hex(16)
    sig = key.sign(_message(method, target, stamp, nonce, body), ec.ECDSA(hashes.SHA256()))
    return {H_DESK: fp, H_TIME: stamp, H_NONCE: nonce, H_SIG: base64.b64encode(sig).decode("ascii")}


def verify_request(cert: x509.Certificate, headers, method: str, target: str, body: bytes) -> bool:
    from cryptography.exceptions import InvalidSignature

    try:
        sig = base64.b64decode(headers[H_SIG], validate=True)
        cert.public_key().verify(
            sig, _message(method, target, headers[H_TIME], headers[H_NONCE], body), ec.ECDSA(hashes.SHA256())
        )
        return True
    except (InvalidSignature, KeyError, ValueError):
        return False


def _enrolment(code: str, cert_pem: str, home_root: str | None) -> bytes:
    text = f"{code}\n{cert_pem}" + (f"\n{home_root}" if home_root else "")
    return hashlib.sha256(text.encode()).digest()


def proof(key, code: str, cert_pem: str, home_root: str | None = None) -> str:
    """Enrolment: the desk signs the one-time code, its certificate and its home root's (it holds the key)."""
    return base64.b64encode(key.sign(_enrolment(code, cert_pem, home_root), ec.ECDSA(hashes.SHA256()))).decode("ascii")


def check_proof(cert_pem: str, code: str, signature: str, home_root: str | None = None) -> bool:
    from cryptography.exceptions import InvalidSignature

    try:
        load_cert(cert_pem).public_key().verify(
            base64.b64decode(signature, validate=True), _enrolment(code, cert_pem, home_root), ec.ECDSA(hashes.SHA256())
        )
        return True
    except (InvalidSignature, ValueError):
        return False


def new_code() -> str:
    """A one-time enrolment code: 20 base32 characters (100 bits) in groups of four."""
    raw = base64.b32encode(secrets.token_bytes(13)).decode("ascii")[:20]
    return "-".join(raw[i : i + 4] for i in range(0, 20, 4))


def code_hash(code: str) -> str:
    return hashlib.sha256(code.strip().upper().replace(" ", "").encode()).hexdigest()
