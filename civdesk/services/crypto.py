"""The cryptography the home's root (services.trust) and the users' keys (services.keys) share.

Secrets sealed with a password: scrypt (memory-hard, at the cost the login hash uses, see
password_cost; recorded in the sealed value) and AES-GCM. Certificates: their fingerprint (SHA-256
of the DER), their public key, names cut to what an X.509 name attribute holds, and the certificate
a root issues to a user, naming the user's uuid. Stateless: who holds which key, and for how long,
is trust's and keys'.
"""

from __future__ import annotations

import base64
import datetime as _dt
import hashlib
import os
from typing import cast

from cryptography import x509
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.x509.oid import NameOID

from .errors import NotAllowed
from .password_cost import scrypt_cost

CERT_YEARS = 10
SEALED = "scrypt-aesgcm"


# ---------------------------------------------------------------------------- sealing with a password


def seal(secret: bytes, password: str) -> str:
    """``secret`` encrypted under a key derived from ``password`` by scrypt; the cost is recorded."""
    cost = dict(scrypt_cost())
    salt, nonce = os.urandom(16), os.urandom(12)
    key = hashlib.scrypt(password.encode(), salt=salt, dklen=32, maxmem=2**27, **cost)
    body = AESGCM(key).encrypt(nonce, secret, SEALED.encode())
    b64 = base64.b64encode
    return "$".join(
        [
            SEALED,
            str(cost["n"]),
            str(cost["r"]),
            str(cost["p"]),
            b64(salt).decode(),
            b64(nonce).decode(),
            b64(body).decode(),
        ]
    )


def unseal(sealed: str, password: str) -> bytes:
    """The secret; NotAllowed when the password does not open it."""
    try:
        scheme, n, r, p, salt, nonce, body = sealed.split("$")
        if scheme != SEALED:
            raise ValueError(scheme)
        key = hashlib.scrypt(
            password.encode(), salt=base64.b64decode(salt), dklen=32, n=int(n), r=int(r), p=int(p), maxmem=2**27
        )
        return AESGCM(key).decrypt(base64.b64decode(nonce), base64.b64decode(body), SEALED.encode())
    except (InvalidTag, ValueError):
        raise NotAllowed("keys.password_does_unlock_key") from None


def scrypt_cost_of(sealed: str) -> int:
    """The scrypt N a sealed value was made with (0 when it is not sealed by scrypt)."""
    parts = sealed.split("$")
    return int(parts[1]) if parts[0] == SEALED else 0


# ---------------------------------------------------------------------------- certificates


def fingerprint(cert: x509.Certificate) -> str:
    return cert.fingerprint(hashes.SHA256()).hex()


def spki(cert: x509.Certificate) -> bytes:
    """The certificate's public key (SubjectPublicKeyInfo, DER): one key under several certificates."""
    return cert.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)


def fit(text: str, limit: int = 64) -> str:
    """``text`` cut to the 64 UTF-8 bytes a certificate's name attribute may hold (whole characters)."""
    return text.encode()[:limit].decode(errors="ignore")


def user_certificate(issuer_key, issuer_cert: x509.Certificate, public_key, user: dict) -> x509.Certificate:
    """A certificate for ``public_key`` naming the user's uuid, issued by the root."""
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, fit(user["display_name"]) or fit(user["name"])),
            x509.NameAttribute(NameOID.USER_ID, fit(user["name"])),
            x509.NameAttribute(NameOID.TITLE, user["role"]),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "CivDesk"),
        ]
    )
    start = _dt.datetime.now(_dt.UTC) - _dt.timedelta(minutes=5)
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(issuer_cert.subject)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + _dt.timedelta(days=365 * CERT_YEARS))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.SubjectAlternativeName([x509.UniformResourceIdentifier(f"urn:uuid:{user['uuid']}")]), critical=False
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(
                cast(ec.EllipticCurvePublicKey, issuer_cert.public_key())
            ),
            critical=False,
        )
        .sign(issuer_key, hashes.SHA256())
    )
