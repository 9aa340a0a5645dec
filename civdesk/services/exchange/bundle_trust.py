"""Which bundles a home accepts, beyond being intact (bundle_format.read):

- the exporter's certificate, and every certificate the bundle files under a person, is issued by
  a root this home trusts (services.trust); a bundle signed by any other key is refused whole;
- people are matched by the uuid their certificates name, never by login name: a bundle naming
  someone of another home who shares a local user's name (every demo home has ``inspector2``) in
  what it writes is refused, and such a person is never filed under the local user (an exporter
  who shares a name, e.g. each home's ``admin``, only signs: they are not filed at all); a placeholder from before uuids is bound to the first trusted identity
  that proves to hold its key. Any trusted root may vouch for a uuid: pinning a root trusts it
  as much as this home's own (the same person may hold keys issued by two homes' roots);
- the exporter's role (as their root certified it) allows what the bundle writes, as in the app:
  only an admin's bundle brings checklist versions new to this home, and an inspector's or
  manager's bundle writes only unsigned inspections they wrote or review (signed ones carry their
  own verified signatures).

Every refusal is a ``BundleRefused`` with one line; nothing has been written when it is raised.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cryptography import x509

from ...domain.exchange import is_frozen
from ...store import Store, users
from ...store import inspections as inspection_repo
from ...store import keys as key_repo
from ...store import templates as template_repo
from .. import accounts, crypto, trust
from ..errors import InputError
from .bundle_format import Bundle, BundleRefused


@dataclass
class Person:
    """How a person named in the bundle lands in this home."""

    name: str
    uuid: str | None
    root: str | None
    local_id: int | None
    bind: bool = False  # a placeholder from before uuids takes this identity
    problem: InputError | None = None  # why they cannot be filed here (refused if the bundle writes their name)


@dataclass
class Verdict:
    exporter: str  # the exporter's login name in the bundle
    role: str  # the role their root certified
    root: str  # fingerprint of the root that vouches for the exporter
    people: dict[str, Person] = field(default_factory=dict)
    adopt: x509.Certificate | None = None  # a new machine's first trusted root
    issuers: dict[str, str] = field(default_factory=dict)  # certificate fp -> root fp (None: re-certified key)


def _who(bundle: Bundle) -> str:
    e = bundle.exporter
    return f"{e.get('display_name') or e['name']} ({e['name']})"


def _first_root(store: Store, bundle: Bundle, exporter_cert: x509.Certificate) -> x509.Certificate | None:
    """For a new machine (no root, nobody can log in): the bundle's root that issued its exporter."""
    if trust.own_root(store) is not None or accounts.has_users(store) or key_repo.any_root(store.conn):
        return None
    candidates = [bundle.certificate(fp) for fp in bundle.certificates]
    return next((c for c in candidates if trust.is_root(c) and trust.issued_by(exporter_cert, c)), None)


def check(store: Store, bundle: Bundle) -> Verdict:
    """The trust verdict on ``bundle``; BundleRefused when its signer or a person in it is not vouched for."""
    home = trust.HomeTrust(store)
    carried = [bundle.certificate(fp) for fp in bundle.certificates]
    exporter_cert = bundle.certificate(bundle.exporter_fingerprint)
    adopt = _first_root(store, bundle, exporter_cert)
    roots = home.roots + ([trust.Root(crypto.fingerprint(adopt), adopt, False, "", "")] if adopt else [])

    def vouch(cert):
        return trust.vouch(roots, cert, [*home.others, *carried], home.intermediates)

    v = vouch(exporter_cert)
    if v is None:
        raise BundleRefused("bundle_trust.signed_certificate_no_root", who=_who(bundle))
    revoked = home.revoked_since(v, bundle.exporter_fingerprint)
    if revoked and str(bundle.manifest.get("created_at") or "") >= revoked:
        raise BundleRefused(
            "bundle_trust.signed_after_revocation",
            who=_who(bundle),
            signed_at=str(bundle.manifest["created_at"])[:16],
            revoked_at=revoked[:16],
        )
    verdict = Verdict(bundle.exporter["name"], v.role or "", v.root, adopt=adopt)
    own = trust.own_root(store)
    for name, user in bundle.users.items():
        uuid, root = user.get("uuid"), None
        for fp in user["certificates"]:
            got = vouch(bundle.certificate(fp))
            if got is None:
                raise BundleRefused("bundle_trust.certificate_issued_root_home", value=fp[:16], name=name)
            if uuid is not None and got.uuid != uuid:
                raise BundleRefused("bundle_trust.certificate_s_names_another", value=fp[:16], name=name)
            uuid, root = got.uuid, got.root
            verdict.issuers[fp] = got.root if got.via == fp else None
        if name == verdict.exporter and uuid != v.uuid:
            raise BundleRefused("bundle_trust.exporter_s_certificate_names")
        verdict.people[name] = place_person(
            store,
            name,
            uuid,
            root or v.root,
            bool(own and v.root == own.fingerprint),
            [bundle.certificate(fp) for fp in user["certificates"]],
        )
    return verdict


def place_person(store: Store, name: str, uuid: str | None, root: str, from_here: bool, certs: list) -> Person:
    """Who ``name`` of a bundle (with ``uuid``, vouched by ``root``, holding ``certs``) is in this
    home, or the problem that keeps them out; ``from_here``: the bundle comes from this home's root."""
    by_name = users.by_name(store.conn, name)
    by_uuid = users.by_uuid(store.conn, uuid) if uuid else None
    if uuid is None:
        # Bundles from before uuids: only this home's own (vouched by its own root) name its people.
        if from_here and by_name is not None:
            return Person(name, by_name.uuid, by_name.root, by_name.id)
        return Person(name, None, root, None, problem=InputError("bundle_trust.no_uuid", name=name))
    if by_uuid is not None:
        if by_uuid.name != name:
            return Person(
                name, uuid, root, None, problem=InputError("bundle_trust.renamed", name=name, here=by_uuid.name)
            )
        return Person(name, uuid, root, by_uuid.id)
    if by_name is None:
        return Person(name, uuid, root, None)
    if by_name.uuid is None and by_name.password_hash == "!" and _same_keys(store, by_name.id, certs):
        return Person(name, uuid, root, by_name.id, bind=True)
    return Person(name, uuid, root, None, problem=InputError("bundle_trust.another_person", name=name))


def _same_keys(store: Store, user_id: int, certs: list) -> bool:
    """A placeholder is bound only to someone who holds its keys (or when it never had any)."""
    held = {
        crypto.spki(x509.load_pem_x509_certificate(k.certificate.encode()))
        for k in key_repo.of_user(store.conn, user_id)
    }
    return not held or bool(held & {crypto.spki(c) for c in certs})


def check_templates(store: Store, bundle: Bundle, verdict: Verdict) -> None:
    if verdict.role == "admin":
        return
    for tid, version in sorted(bundle.templates):
        if template_repo.pk_of(store.conn, tid, version) is None:
            raise BundleRefused(
                "bundle_trust.checklist_version_new_home", tid=tid, version=version, who=_who(bundle), role=verdict.role
            )


def check_writes(store: Store, verdict: Verdict, write: list[tuple[int | None, dict]]) -> None:
    """Everyone the written inspections name is filed here as who they are; an inspector's or
    manager's bundle writes only unsigned inspections they wrote or review."""
    from . import portable

    for _, data in write:
        for name in sorted(portable.user_names(data)):
            if verdict.people[name].problem:
                raise BundleRefused("bundle_trust.nothing_imported", problem=verdict.people[name].problem)
    if verdict.role == "admin":
        return
    me = verdict.exporter
    for local_id, data in write:
        if is_frozen(data):
            continue
        theirs = me in (data["author"], data["reviewer"])
        if theirs and local_id is not None:
            row = inspection_repo.get(store.conn, local_id)
            theirs = row is not None and me in (
                users.login_name(store.conn, row.author_id),
                users.login_name(store.conn, row.reviewer_id),
            )
        if not theirs:
            raise BundleRefused(
                "bundle_trust.inspection_s_unsigned_bundle",
                value=data["uuid"][:8],
                site=data["site"],
                author=data["author"],
                me=me,
                role=verdict.role,
            )
