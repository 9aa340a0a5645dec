"""The one place where hub sync decides whether records are trusted, on the hub and on the desk.

``check_bundle`` runs every check of a .civpack import (bundle_format.read: members against the
signed manifest, content hashes, signed inspections whose signatures must verify), then checks
that the manifest was signed by the key this side pinned (the desk's key on the hub, the hub's
key on the desk), and that each user certificate is held by the user it names, as far as this
side knows. When homes get pinned root keys, their check belongs here too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from ..services.bundle_format import Bundle, BundleRefused, read


def check_bundle(path: Path | str, signer_fingerprint: str, *,
                 certificate_owner: Callable[[str], str | None] | None = None) -> Bundle:
    """The checked bundle, or BundleRefused naming the first fault.

    ``certificate_owner(fp)``: the user name this side already knows for a certificate (None when
    unknown); a bundle that gives a known certificate to someone else is refused.
    """
    bundle = read(path, exporter_is_user=False)
    if bundle.exporter_fingerprint != signer_fingerprint:
        raise BundleRefused("the records were signed by another key than the one enrolled for this exchange")
    if certificate_owner is not None:
        for user in bundle.users.values():
            for fp in user["certificates"]:
                owner = certificate_owner(fp)
                if owner is not None and owner != user["name"]:
                    raise BundleRefused(f"certificate {fp[:16]}… belongs to {owner}, not to {user['name']}")
    return bundle
