"""The one place where hub sync decides whether records are trusted, on the hub and on the desk.

``check_bundle`` runs every check of a .civpack import (bundle_format.read: members against the
signed manifest, content hashes, signed inspections whose signatures must verify), then checks
that the manifest was signed by the key this side pinned (the desk's key on the hub, the hub's
key on the desk), and that each user certificate is held by the user it names, as far as this
side knows. ``hub_verdict`` is the desk's side of the same decision for what the hub relays.

Both ends also check every person's certificate against the organisation's root (hub/orgroot.py):
on the hub ``check_people`` refuses a certificate that does not chain to the organisation root
(directly or through a desk's certified home root), one that has expired or is not yet valid
(unless the hub already held it), one naming another person, and a signature made with a
revoked key (or through a revoked desk's root) at or after its revocation. On the desk
``take_org_trust`` keeps what a page says about intermediates and revocations, and ``hub_verdict``
refuses a page whose people are not vouched for by a root this home trusts.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from ..services import crypto
from ..services import trust as home_trust
from ..services.exchange.bundle_format import Bundle, BundleRefused, read
from ..store import now


def check_bundle(
    path: Path | str, signer_fingerprint: str, *, certificate_owner: Callable[[str], str | None] | None = None
) -> Bundle:
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
                    raise BundleRefused(
                        "hub.certificate_of_another", fingerprint=fp[:16], owner=owner, holder=user["name"]
                    )
    return bundle


def _signatures(bundle: Bundle) -> dict[str, list[tuple[str, str, str]]]:
    """certificate fingerprint → [(signed_at, inspection uuid, signer)] of the signatures in the bundle."""
    out: dict[str, list[tuple[str, str, str]]] = {}
    for uuid, member in sorted(bundle.inspections.items()):
        for sig in member["inspection"].get("signatures") or []:
            out.setdefault(sig["key_fingerprint"], []).append((sig["signed_at"], uuid, sig["user"]))
    return out


def _valid_now(cert: x509.Certificate) -> tuple[str, str] | None:
    """(refusal code, date) when ``cert`` is outside its validity now."""
    at = _dt.datetime.now(_dt.UTC)
    if at > cert.not_valid_after_utc:
        return "hub.certificate_expired", f"{cert.not_valid_after_utc:%Y-%m-%d}"
    if at < cert.not_valid_before_utc:
        return "hub.certificate_not_yet_valid", f"{cert.not_valid_before_utc:%Y-%m-%d}"
    return None


def check_people(
    bundle: Bundle,
    root: x509.Certificate,
    intermediates: list,
    revoked: dict[str, tuple[str, str]],
    known: Callable[[str], bool],
) -> None:
    """The hub's check of every certificate a push carries for a person or a signature against the
    organisation root; BundleRefused naming the first fault (see the module docstring)."""
    roots = [home_trust.Root(crypto.fingerprint(root), root, False, "", "")]
    carried = [bundle.certificate(fp) for fp in bundle.certificates]
    signed = _signatures(bundle)
    owners = {fp: (name, user.get("uuid")) for name, user in bundle.users.items() for fp in user["certificates"]}
    for fp in sorted(set(owners) | set(signed)):
        cert = bundle.certificate(fp)
        name, uuid = owners.get(fp, (None, None))
        who = name or signed[fp][0][2]
        got = home_trust.vouch(roots, cert, carried, intermediates)
        if got is None:
            issuer = cert.issuer.get_attributes_for_oid(x509.oid.NameOID.COMMON_NAME)
            raise BundleRefused(
                "hub.certificate_not_chained",
                fingerprint=fp[:16],
                who=who,
                issuer=str(issuer[0].value) if issuer else "?",
            )
        if uuid is not None and got.uuid != uuid:
            raise BundleRefused("hub.certificate_names_another", fingerprint=fp[:16], name=who)
        problem = _valid_now(cert)
        if problem and not known(fp):
            raise BundleRefused(problem[0], fingerprint=fp[:16], who=who, date=problem[1])
        times = [
            t
            for t in (
                revoked.get(fp, (None,))[0],
                revoked.get(got.via, (None,))[0],
                *(i.revoked_at for i in intermediates if i.fingerprint == got.chain),
            )
            if t
        ]
        if times:
            since = min(times)
            late = [(at, uuid8) for at, uuid8, _ in signed.get(fp, []) if at >= since]
            if late:
                why = revoked.get(fp, (None, ""))[1]
                raise BundleRefused(
                    "hub.signature_after_revocation",
                    inspection=late[0][1][:8],
                    who=who,
                    signed_at=late[0][0][:16],
                    revoked_at=since[:16],
                    why=f" ({why})" if why else "",
                )


def take_org_trust(store, bundle: Bundle, org_root: str | None) -> int:
    """Keep the intermediates (checked against this home's trusted roots) and the revocations a page
    from the hub carries; inside no transaction (it opens its own). How many rows changed."""
    org = (bundle.manifest.get("hub") or {}).get("org") or {}
    if not org:
        return 0
    if org_root is not None and org.get("root") != org_root:
        raise BundleRefused("hub.another_organisation_root")
    trusted = home_trust.roots(store)
    rows = []
    for item in org.get("intermediates") or []:
        try:
            cert = x509.load_pem_x509_certificate(str(item["certificate"]).encode("ascii"))
        except (ValueError, KeyError, TypeError, UnicodeEncodeError):
            raise BundleRefused("hub.intermediate_not_certificate") from None
        issuer = next((r for r in trusted if home_trust.ca_issued_by(cert, r.certificate)), None)
        if issuer is None:
            raise BundleRefused("hub.intermediate_untrusted", name=home_trust.common_name(cert))
        rows.append(("i", crypto.fingerprint(cert), item.get("revoked_at"), (cert, issuer.fingerprint)))
    rows += [
        ("r", str(r["fingerprint"]), str(r["revoked_at"]), str(r.get("reason") or "")) for r in org.get("revoked") or []
    ]
    changed = 0
    with store.write():
        for kind, fp, at, extra in rows:
            if kind == "i":
                have = store.one("SELECT revoked_at FROM trust_intermediates WHERE fingerprint = ?", (fp,))
                if have is None:
                    store.insert(
                        "trust_intermediates",
                        {
                            "fingerprint": fp,
                            "certificate": extra[0].public_bytes(serialization.Encoding.PEM).decode(),
                            "issuer": extra[1],
                            "revoked_at": at,
                            "added_at": now(),
                        },
                    )
                elif have["revoked_at"] != at and at:
                    store.conn.execute("UPDATE trust_intermediates SET revoked_at = ? WHERE fingerprint = ?", (at, fp))
                else:
                    continue
            else:
                if store.scalar("SELECT revoked_at FROM revoked_keys WHERE fingerprint = ?", (fp,)) == at:
                    continue
                store.conn.execute(
                    "INSERT INTO revoked_keys (fingerprint, revoked_at, reason, added_at) VALUES "
                    "(?, ?, ?, ?) ON CONFLICT(fingerprint) DO UPDATE SET "
                    "revoked_at = excluded.revoked_at, reason = excluded.reason",
                    (fp, at, extra, now()),
                )
            changed += 1
            store.audit(
                None,
                "trust.revoke" if at else "trust.intermediate",
                "certificate",
                fp[:16],
                {"fingerprint": fp, "revoked_at": at},
            )
    return changed


def hub_verdict(store, bundle: Bundle, hub_fingerprint: str):
    """How a page from the pinned hub lands in this home (services.exchange.bundle_trust.Verdict).

    The hub vouches for the records it relays (it accepted each from an enrolled desk after the
    checks above), so the page may bring published checklist versions. People are matched by the
    uuid their certificates name, never by login name, exactly as for a bundle; every certificate
    must be vouched for by a root this home trusts (the organisation's, pinned at enrolment,
    directly or through an intermediate the hub relayed) and name that uuid.
    """
    from ..services.exchange import bundle_trust

    home = home_trust.HomeTrust(store)
    carried = [bundle.certificate(fp) for fp in bundle.certificates]
    verdict = bundle_trust.Verdict(bundle.exporter["name"], "admin", hub_fingerprint)
    for name, user in sorted(bundle.users.items()):
        uuid, root = user.get("uuid"), hub_fingerprint
        certs = [bundle.certificate(fp) for fp in user["certificates"]]
        for fp, cert in zip(user["certificates"], certs):
            got = home.vouch(cert, carried)
            if got is None:
                raise BundleRefused("hub.certificate_not_from_trusted_root", fingerprint=fp[:16], name=name)
            if got.uuid is None or (uuid is not None and got.uuid != uuid):
                raise BundleRefused("hub.certificate_names_another", fingerprint=fp[:16], name=name)
            uuid, root = got.uuid, got.root
        verdict.people[name] = bundle_trust.place_person(store, name, uuid, root, False, certs)
    return verdict
