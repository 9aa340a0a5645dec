"""The record of issued documents: verification codes, certificate serials, the home's signing key.

Every report, certificate and notice CivDesk writes gets a row in ``documents`` with a short
verification code (printed and in the QR code) and what the document states, so ``civdesk verify
--code`` can answer "did this office issue that?" offline. Certificate serials are sequential per
year ("2026-0001"), allocated inside the write transaction that records the certificate, so two
processes on one home never hand out the same number (the column is UNIQUE as well).

The home's document-signing key (``keys/documents.pem``) signs every PDF of a signed inspection,
whoever prints it and whenever; its certificate is kept in ``document_keys`` so verification knows it.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from ..store import Store, now

# Crockford's base32 without I, L, O, U: nothing to misread when typing the code off paper.
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
KINDS = ("report", "certificate", "notice")
KEY_FILE = "documents.pem"
CERT_FILE = "documents.crt"


def new_code() -> str:
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def normalise_code(code: str) -> str:
    c = code.strip().upper().replace(" ", "").replace("-", "")
    c = c.translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))
    return f"{c[:4]}-{c[4:8]}-{c[8:]}" if len(c) == 12 else code.strip().upper()


def next_serial(store: Store, year: int) -> str:
    """The next certificate serial of ``year``; must run inside ``store.write()``."""
    assert store.conn.in_transaction, "serials are allocated in the transaction that records them"
    store.conn.execute("INSERT INTO certificate_serials (year, last) VALUES (?, 1) "
                       "ON CONFLICT(year) DO UPDATE SET last = last + 1", (year,))
    n = store.scalar("SELECT last FROM certificate_serials WHERE year = ?", (year,))
    return f"{year}-{n:04d}"


@dataclass(frozen=True)
class Record:
    code: str
    kind: str
    inspection_id: int
    serial: str | None
    title: str
    summary: dict
    content_hash: str | None
    sha256: str | None
    created_at: str
    written_at: str | None


def _record(row: dict) -> Record:
    return Record(row["code"], row["kind"], row["inspection_id"], row["serial"], row["title"],
                  json.loads(row["summary"]), row["content_hash"], row["sha256"], row["created_at"],
                  row["written_at"])


def create(store: Store, *, kind: str, inspection_id: int, by: int | None, title: str = "",
           serial_year: int | None = None, content_hash: str | None = None) -> Record:
    """A new documents row with a fresh code (and a serial when ``serial_year`` is given)."""
    assert kind in KINDS
    with store.write():
        serial = next_serial(store, serial_year) if serial_year else None
        code = new_code()
        while store.scalar("SELECT 1 FROM documents WHERE code = ?", (code,)):
            code = new_code()
        store.insert("documents", {"code": code, "kind": kind, "inspection_id": inspection_id, "serial": serial,
                                   "title": title, "summary": "{}", "content_hash": content_hash,
                                   "created_by": by, "created_at": now()})
        store.audit(by, f"document.{kind}", "inspection", inspection_id,
                    {"code": code, "serial": serial, "title": title})
    return find(store, code)


def set_summary(store: Store, code: str, summary: dict) -> None:
    with store.write():
        store.conn.execute("UPDATE documents SET summary = ? WHERE code = ?",
                           (json.dumps(summary, ensure_ascii=False, sort_keys=True), code))


def written(store: Store, code: str, pdf: bytes) -> str:
    """Record the SHA-256 of the PDF just written for ``code``."""
    sha = hashlib.sha256(pdf).hexdigest()
    with store.write():
        store.conn.execute("UPDATE documents SET sha256 = ?, written_at = ? WHERE code = ?", (sha, now(), code))
    return sha


def find(store: Store, code: str) -> Record | None:
    row = store.one("SELECT * FROM documents WHERE code = ?", (normalise_code(code),))
    return _record(row) if row else None


def latest(store: Store, inspection_id: int, kind: str) -> Record | None:
    row = store.one("SELECT * FROM documents WHERE inspection_id = ? AND kind = ? ORDER BY id DESC LIMIT 1",
                    (inspection_id, kind))
    return _record(row) if row else None


def certificates(store: Store, inspection_id: int | None = None) -> list[Record]:
    sql, args = "SELECT * FROM documents WHERE kind = 'certificate'", ()
    if inspection_id is not None:
        sql, args = sql + " AND inspection_id = ?", (inspection_id,)
    return [_record(r) for r in store.query(sql + " ORDER BY id", args)]


# ---------------------------------------------------------------------------- the home's signing key


def _key_dir(store: Store) -> Path:
    return store.home / "keys"


def x509_text(text: str, limit: int = 64) -> str:
    """``text`` cut to what a certificate name holds (64 bytes of UTF-8), marked with … when cut."""
    if len(text.encode()) <= limit:
        return text
    while len((text + "…").encode()) > limit:
        text = text[:-1]
    return text + "…"


def document_key(store: Store):
    """(private key, certificate) of this home's document-signing key, made on first use."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    from .content import org_name

    folder = _key_dir(store)
    key_path, cert_path = folder / KEY_FILE, folder / CERT_FILE
    org = org_name(store) or "本机"
    common_name = x509_text(f"{org} 文档签章")
    cert = None
    if key_path.exists() and cert_path.exists():
        key = serialization.load_pem_private_key(key_path.read_bytes(), None)
        cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
        named = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
        if not named or named[0].value != common_name:
            # The organisation was set or renamed: new documents are signed in its name. The old
            # certificate stays in document_keys, so documents signed before still verify.
            cert = None
    if cert is None:
        folder.mkdir(parents=True, exist_ok=True)
        key = ec.generate_private_key(ec.SECP256R1())
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name),
                          x509.NameAttribute(NameOID.ORGANIZATION_NAME, x509_text(org)),
                          x509.NameAttribute(NameOID.SERIAL_NUMBER, secrets.token_hex(8))])
        start = _dt.datetime.now(_dt.timezone.utc) - _dt.timedelta(minutes=5)
        cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                .serial_number(x509.random_serial_number()).not_valid_before(start)
                .not_valid_after(start + _dt.timedelta(days=365 * 20))
                .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True,
                                             key_encipherment=False, data_encipherment=False, key_agreement=False,
                                             key_cert_sign=False, crl_sign=False, encipher_only=False,
                                             decipher_only=False), critical=True)
                .sign(key, hashes.SHA256()))
        pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
        fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(pem)
        cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    fp = cert.fingerprint(hashes.SHA256()).hex()
    if not store.scalar("SELECT 1 FROM document_keys WHERE fingerprint = ?", (fp,)):
        with store.write():
            store.insert("document_keys", {"fingerprint": fp, "certificate": cert.public_bytes(
                serialization.Encoding.PEM).decode(), "created_at": now()})
            store.audit(None, "document_key.create", "document_key", fp[:16], {"fingerprint": fp})
    return key, cert


def known_certificates(store: Store) -> list:
    """Every certificate a CivDesk PDF from this home may be signed with: users' and the home's."""
    from cryptography import x509

    from ..services import keys

    certs = list(keys.all_certificates(store))
    certs += [x509.load_pem_x509_certificate(r[0].encode())
              for r in store.conn.execute("SELECT certificate FROM document_keys")]
    return certs
