"""The record of issued documents: verification codes, certificate serials, the home's signing key.

Every report, certificate and notice CivDesk writes gets a row in ``documents`` with a short
verification code (printed and in the QR code) and what the document states, so ``civdesk verify
--code`` can answer "did this office issue that?" offline. Certificate serials are sequential per
year ("2026-0001"), allocated inside the write transaction that records the certificate, so two
processes on one home never hand out the same number (the column is UNIQUE as well).

PDFs are signed by the printing user's own key, whose certificate the home's root issued
(services.trust); the document-signing key earlier versions kept unencrypted in ``keys/`` is gone.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass

from ..store import Store, now
from ..store import documents as repo

# Crockford's base32 without I, L, O, U: nothing to misread when typing the code off paper.
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
KINDS = ("report", "certificate", "notice")


def new_code() -> str:
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def normalise_code(code: str) -> str:
    c = code.strip().upper().replace(" ", "").replace("-", "")
    c = c.translate(str.maketrans("OIL", "011"))
    return f"{c[:4]}-{c[4:8]}-{c[8:]}" if len(c) == 12 else code.strip().upper()


def next_serial(store: Store, year: int) -> str:
    """The next certificate serial of ``year``; must run inside ``store.write()``."""
    assert store.conn.in_transaction, "serials are allocated in the transaction that records them"
    return f"{year}-{repo.take_serial(store.conn, year):04d}"


def peek_serial(store: Store, year: int) -> str:
    """The serial the next certificate of ``year`` will get (shown before issuing; nothing allocated)."""
    return f"{year}-{repo.last_serial(store.conn, year) + 1:04d}"


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
    revoked_at: str | None = None
    revoked_by: int | None = None
    revoked_reason: str | None = None

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None


def _record(row: repo.Document) -> Record:
    return Record(
        row.code,
        row.kind,
        row.inspection_id,
        row.serial,
        row.title,
        json.loads(row.summary),
        row.content_hash,
        row.sha256,
        row.created_at,
        row.written_at,
        row.revoked_at,
        row.revoked_by,
        row.revoked_reason,
    )


def create(
    store: Store,
    *,
    kind: str,
    inspection_id: int,
    by: int | None,
    title: str = "",
    serial_year: int | None = None,
    content_hash: str | None = None,
) -> Record:
    """A new documents row with a fresh code (and a serial when ``serial_year`` is given)."""
    assert kind in KINDS
    with store.write():
        serial = next_serial(store, serial_year) if serial_year else None
        code = new_code()
        while repo.code_taken(store.conn, code):
            code = new_code()
        repo.add(
            store.conn,
            code=code,
            kind=kind,
            inspection_id=inspection_id,
            serial=serial,
            title=title,
            summary="{}",
            content_hash=content_hash,
            created_by=by,
            created_at=now(),
        )
        store.audit(
            by, f"document.{kind}", "inspection", inspection_id, {"code": code, "serial": serial, "title": title}
        )
    issued = find(store, code)
    assert issued is not None  # written just now, in this transaction
    return issued


def set_summary(store: Store, code: str, summary: dict) -> None:
    with store.write():
        repo.set_summary(store.conn, code, json.dumps(summary, ensure_ascii=False, sort_keys=True))


def written(store: Store, code: str, pdf: bytes) -> str:
    """Record the SHA-256 of the PDF just written for ``code``."""
    sha = hashlib.sha256(pdf).hexdigest()
    with store.write():
        repo.set_written(store.conn, code, sha, now())
    return sha


def find(store: Store, code: str) -> Record | None:
    row = repo.by_code(store.conn, normalise_code(code))
    return _record(row) if row else None


def latest(store: Store, inspection_id: int, kind: str) -> Record | None:
    row = repo.latest(store.conn, inspection_id, kind)
    return _record(row) if row else None


def certificates(store: Store, inspection_id: int | None = None) -> list[Record]:
    return [_record(r) for r in repo.certificates(store.conn, inspection_id)]
