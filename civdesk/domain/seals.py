"""Row seals: what the audit chain records about each row CivDesk writes, so ``check`` finds and
names an edit made behind CivDesk's back (with sqlite3, a hex editor…).

A seal is one string per row: a 128-bit digest of the row's values (in the order of the sealed
column list) followed by a 16-bit fingerprint of each value. The digest decides whether the row
changed; the fingerprints only say which columns did, so the report can name them.

Pure functions; the store computes seals at commit time and writes them into the audit entry.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from json.encoder import encode_basestring as _quoted
from typing import Any

from .audit import canonical_json

DIGEST_HEX = 32
FP_HEX = 4
_MISSING = object()


def _plain(value: Any) -> Any:
    # JSON has no bytes: a BLOB is written as a tagged hex string, never confused with TEXT.
    return {"$hex": value.hex()} if isinstance(value, (bytes, bytearray, memoryview)) else value


def _digest(text: str, n: int) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:n]


def _text(value: Any) -> str:
    """``canonical_json(_plain(value))``, without the JSON encoder for the column values rows
    mostly hold: every answer saved seals two rows of some fifteen columns each."""
    kind = type(value)
    if kind is str:
        return _quoted(value)
    if kind is int:
        return int.__repr__(value)
    if value is None:
        return "null"
    return canonical_json(_plain(value))


# (type, value) → (canonical text, fingerprint) of recent text and integer values: a row sealed
# again (the inspection at every answer) mostly holds the values it held before.
_KNOWN: dict[tuple[type, Any], tuple[str, str]] = {}
_KNOWN_MAX = 4096


def _text_and_print(value: Any) -> tuple[str, str]:
    kind = type(value)
    if kind is not str and kind is not int:
        text = _text(value)
        return text, _digest(text, FP_HEX)
    key = (kind, value)
    found = _KNOWN.get(key)
    if found is None:
        text = _text(value)
        found = (text, _digest(text, FP_HEX))
        if len(_KNOWN) >= _KNOWN_MAX:
            _KNOWN.clear()
        _KNOWN[key] = found
    return found


def seal(values: Sequence[Any]) -> str:
    # canonical_json of a list is its items' canonical texts joined by "," in brackets.
    pairs = [_text_and_print(v) for v in values]
    row = "[" + ",".join([t for t, _ in pairs]) + "]"
    return _digest(row, DIGEST_HEX) + "".join([p for _, p in pairs])


def parse_default(sql_default: str | None) -> Any:
    """The value SQLite gives a column added later (``PRAGMA table_info`` dflt_value) to old rows."""
    if sql_default is None or sql_default.upper() == "NULL":
        return None
    text = sql_default.strip()
    if len(text) >= 2 and text[0] == text[-1] == "'":
        return text[1:-1].replace("''", "'")
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def changed_columns(
    sealed: str, sealed_cols: Sequence[str], row: Mapping[str, Any], defaults: Mapping[str, Any]
) -> list[str]:
    """The columns of ``row`` that differ from what ``sealed`` recorded; [] when none.

    Columns added to the table after the seal was made must still hold their default."""
    values = [row.get(c, _MISSING) for c in sealed_cols]
    gone = [c for c, v in zip(sealed_cols, values) if v is _MISSING]
    if gone:
        return gone
    changed: list[str] = []
    now = seal(values)
    if now[:DIGEST_HEX] != sealed[:DIGEST_HEX]:
        for i, col in enumerate(sealed_cols):
            at = slice(DIGEST_HEX + i * FP_HEX, DIGEST_HEX + (i + 1) * FP_HEX)
            if now[at] != sealed[at]:
                changed.append(col)
        changed = changed or list(sealed_cols)  # fingerprints collide 1 in 65,536: name the row
    for col, value in row.items():
        if col not in sealed_cols and value != defaults.get(col):
            changed.append(col)
    return changed
