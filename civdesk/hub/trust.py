"""The one place where hub sync decides whether records are trusted, on the hub and on the desk.

``check_bundle`` runs every check of a .civpack import (bundle_format.read: members against the
signed manifest, content hashes, signed inspections whose signatures must verify), then checks
that the manifest was signed by the key this side pinned (the desk's key on the hub, the hub's
key on the desk), and that each user certificate is held by the user it names, as far as this
side knows. ``hub_verdict`` is the desk's side of the same decision for what the hub relays.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from ..services.exchange.bundle_format import Bundle, BundleRefused, read


def check_bundle(path: Path | str, signer_fingerprint: str, *,
                 certificate_owner: Callable[[str], str | None] | None = None) -> Bundle:
    """The checked bundle, or BundleRefused naming the first fault.

    ``certificate_owner(fp)``: the user name this side already knows for a certificate (None when
    unknown); a bundle that gives a known certificate to someone else is refused.
    """
    bundle = read(path, exporter_is_user=False)
    if bundle.exporter_fingerprint != signer_fingerprint:
        raise BundleRefused("hub.signed_by_another_key")
    if certificate_owner is not None:
        for user in bundle.users.values():
            for fp in user["certificates"]:
                owner = certificate_owner(fp)
                if owner is not None and owner != user["name"]:
                    raise BundleRefused("hub.certificate_of_another", fingerprint=fp[:16], owner=owner, holder=user["name"])
    return bundle


def hub_verdict(store, bundle: Bundle, hub_fingerprint: str):
    """How a page from the pinned hub lands in this home (services.exchange.bundle_trust.Verdict).

    The hub vouches for the records it relays (it accepted each from an enrolled desk after the
    checks above), so the page may bring published checklist versions. People are still matched by
    the uuid their certificates name, never by login name, exactly as for a bundle; their
    certificates must all name that uuid. Vouching each person's certificate by the roots of the
    homes that issued them (relayed by the hub and pinned here) is the next step of this check.
    """
    from ..services.exchange import bundle_trust
    from ..services import trust as home_trust

    verdict = bundle_trust.Verdict(bundle.exporter["name"], "admin", hub_fingerprint)
    for name, user in sorted(bundle.users.items()):
        uuid = user.get("uuid")
        certs = [bundle.certificate(fp) for fp in user["certificates"]]
        for fp, cert in zip(user["certificates"], certs):
            named = home_trust.cert_uuid(cert)
            if named is not None and uuid is not None and named != uuid:
                raise BundleRefused("hub.certificate_names_another", fingerprint=fp[:16], name=name)
            uuid = uuid or named
        verdict.people[name] = bundle_trust._place(store, name, uuid, hub_fingerprint, False, certs)
    return verdict
