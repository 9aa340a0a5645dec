"""Verifying a .civpack without importing it: intact, and signed by a certificate a trusted root issued."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


from ...store import Store
from .. import crypto, trust
from . import bundle_trust
from .bundle_format import BundleRefused, read


# ------------------------------------------------------------------ verify


@dataclass
class Verification:
    ok: bool
    reason: str
    exporter: dict | None = None
    known: bool = False
    inspections: int = 0


def verify_bundle(store: Store, path: Path | str) -> Verification:
    """Intact (every check of an import) and signed by a certificate a trusted root issued."""
    try:
        b = read(path)
    except BundleRefused as e:
        return Verification(False, e.reason)
    who = f"{b.exporter.get('display_name') or b.exporter['name']} ({b.exporter['name']})"
    try:
        verdict = bundle_trust.check(store, b)
    except BundleRefused as e:
        return Verification(False, f"intact, but {e.reason.removesuffix('; nothing was imported')}", b.exporter,
                            False, len(b.inspections))
    if verdict.adopt is not None:
        return Verification(False, f"intact, but this home trusts no root yet (the bundle's is "
                                   f"{trust.pretty(crypto.fingerprint(verdict.adopt))})", b.exporter, False,
                            len(b.inspections))
    return Verification(True, f"intact and signed by {who}", b.exporter, True, len(b.inspections))
