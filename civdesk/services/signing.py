"""Sign-off: handwritten + cryptographic signatures, freezing, certification.

A signature covers the SHA-256 of a canonical serialisation of the inspection (its template
version, parameters, site, people, every answer, note and attachment hash). When author and
reviewer have both signed, the inspection becomes ``signed``: the hash is stored and from then
on services refuse changes and SQLite triggers refuse direct UPDATE/DELETE of its rows.
"""

from __future__ import annotations

import hashlib
import json

from ..domain.audit import canonical_json
from ..domain.workflow import Actor, Facts, WorkflowError, check, is_fully_signed
from ..messages import Line
from ..store import Store, now
from ..store import inspections as inspection_repo
from ..store import keys as key_repo
from ..store import signatures as sig_repo
from ..store.rows import as_dict
from . import accounts
from .errors import InputError, NotAllowed, NotFound
from .limits import check_picture_bytes

_PNG = b"\x89PNG\r\n\x1a\n"


def canonical(store: Store, inspection_id: int) -> dict:
    """The signed content of an inspection, as plain data with a fixed order.

    Only identities that mean the same on every machine go in (uuid, site name, user login names,
    the followed inspection's uuid), never a home's local row ids: a signed inspection carried to
    another home in a .civpack must hash the same there, or its signatures would no longer verify.
    """
    row = sig_repo.signed_content(store.conn, inspection_id)
    if row is None:
        raise NotFound("signing.no_inspection_id", inspection_id=inspection_id)
    row["params"] = json.loads(row["params"])
    row["covers"] = json.loads(row["covers"]) if row["covers"] else None
    return row


def content_hash(store: Store, inspection_id: int) -> str:
    return hashlib.sha256(canonical_json(canonical(store, inspection_id)).encode()).hexdigest()


def _row(store: Store, inspection_id: int) -> dict:
    row = inspection_repo.get(store.conn, inspection_id)
    if row is None:
        raise NotFound("signing.no_inspection_id", inspection_id=inspection_id)
    return as_dict(row)


def facts(store: Store, row: dict) -> Facts:
    """The workflow facts of an inspection row, its signers included (services.views asks the same)."""
    signers = sig_repo.signer_ids(store.conn, row["id"])
    return Facts(
        kind=row["kind"],
        state=row["state"],
        site_id=row["site_id"],
        author_id=row["author_id"],
        reviewer_id=row["reviewer_id"],
        signer_ids=signers,
    )


def sign(store: Store, by: Actor, inspection_id: int, password: str, image_png: bytes) -> str:
    """Add ``by``'s signature; returns the inspection's state afterwards ("approved" or "signed")."""
    row = _row(store, inspection_id)
    facts_now = facts(store, row)
    check(by, "sign", facts_now)
    if not image_png or not image_png.startswith(_PNG):
        raise InputError("signing.handwritten_signature_png_image")
    check_picture_bytes(image_png, "the handwritten signature")
    accounts.authenticate(store, by.name, password)  # re-entered password, with login throttling
    from . import crypto, keys  # the signature libraries load with the first signature, not with facts()

    private_key, cert = keys.signing_material(store, by.id, password)
    digest = content_hash(store, inspection_id)
    fp = crypto.fingerprint(cert)
    revoked = key_repo.revoked_at(store.conn, fp)
    if revoked:
        raise NotAllowed("signing.key_revoked", name=by.name, revoked_at=revoked[:10])
    role = "author" if by.id == row["author_id"] else "reviewer"
    ts = now()
    after = Facts(**{**facts_now.__dict__, "signer_ids": facts_now.signer_ids | {by.id}})
    with store.write():
        sig_repo.add(
            store.conn,
            inspection_id=inspection_id,
            user_id=by.id,
            role=role,
            signed_at=ts,
            image=image_png,
            content_hash=digest,
            signature=keys.sign_digest(private_key, digest),
            key_fingerprint=fp,
        )
        state = row["state"]
        if is_fully_signed(after):
            state = "signed"
            inspection_repo.change(store.conn, inspection_id, state=state, content_hash=digest, updated_at=ts)
        store.audit(
            by.id,
            "inspection.sign",
            "inspection",
            inspection_id,
            {"role": role, "content_hash": digest, "key": fp, "state": state},
        )
    if state == "signed":
        from . import rectifications

        rectifications.close_covered(store, by, inspection_id)
    return state


def signatures(store: Store, inspection_id: int) -> list[sig_repo.Signature]:
    """An inspection's signatures in the order they were made."""
    return sig_repo.of_inspection(store.conn, inspection_id)


def certify(store: Store, by: Actor, inspection_id: int, title: str) -> None:
    """Mark a signed inspection as certified once a certificate has been issued from it."""
    row = _row(store, inspection_id)
    target = check(by, "certify", facts(store, row))
    if row["vetoed"] or not title:
        raise WorkflowError("signing.result_earns_no_certificate")
    with store.write():
        inspection_repo.change(store.conn, inspection_id, state=target, updated_at=row["updated_at"])
        store.audit(by.id, "inspection.certify", "inspection", inspection_id, {"title": title})


def verify_frozen(store: Store) -> list[Line]:
    """Problems with signed records: content changed since signing, a signature that fails, or one
    made with a certificate that no root this home trusts issued to the signer (services.trust)."""
    from . import keys, trust

    home = trust.HomeTrust(store)
    problems: list[Line] = []
    if trust.own_root(store) is None and sig_repo.any_signature(store.conn) and accounts.has_users(store):
        # A home from before roots: its keys are re-certified when an admin first logs in.
        return [Line("health.no_root")]
    for iid, uuid, signed_hash in inspection_repo.signed_with_hash(store.conn):
        actual = content_hash(store, iid)
        if actual != signed_hash:
            problems.append(Line("health.changed_after_signing", id=iid, uuid=uuid[:8]))
            continue
        for sig in sig_repo.of_inspection(store.conn, iid):
            where = {"id": iid, "uuid": uuid[:8], "name": sig.name}
            try:
                cert = keys.certificate(store, sig.key_fingerprint)
            except NotFound:
                problems.append(Line("health.signature_no_certificate", **where))
                continue
            if sig.content_hash != actual or not keys.verify_digest(cert, actual, sig.signature):
                problems.append(Line("health.signature_fails", **where))
                continue
            vouched = home.vouch(cert)
            if vouched is None:
                problems.append(Line("health.signature_untrusted", **where, fingerprint=sig.key_fingerprint[:16]))
            elif vouched.uuid is None or vouched.uuid != sig.uuid:
                problems.append(Line("health.signature_other_person", **where, fingerprint=sig.key_fingerprint[:16]))
            elif (revoked := home.revoked_since(vouched, sig.key_fingerprint)) and sig.signed_at >= revoked:
                problems.append(
                    Line(
                        "health.signature_after_revocation", **where, signed_at=sig.signed_at[:16], revoked=revoked[:16]
                    )
                )
    return problems
