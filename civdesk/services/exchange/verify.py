"""Verifying a .civpack without importing it: intact, and signed by a certificate a trusted root issued."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ...store import Store
from .. import crypto, trust
from ..errors import CivDeskError, InputError
from . import bundle_trust
from .bundle_format import BundleRefused, read

# ------------------------------------------------------------------ verify


@dataclass
class Verification:
    ok: bool
    reason: CivDeskError  # what was found, worded by code (str(): English)
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
        return Verification(
            False, InputError("bundles.intact_but", reason=e.reason), b.exporter, False, len(b.inspections)
        )
    if verdict.adopt is not None:
        return Verification(
            False,
            InputError("bundles.intact_no_root", fingerprint=trust.pretty(crypto.fingerprint(verdict.adopt))),
            b.exporter,
            False,
            len(b.inspections),
        )
    return Verification(True, InputError("bundles.intact_signed", who=who), b.exporter, True, len(b.inspections))
