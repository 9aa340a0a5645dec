"""The .civpack file: a zip whose ``manifest.json`` lists the SHA-256 and size of every other
member and is signed (``manifest.sig``) with the exporting user's key.

``read`` checks a bundle completely before anything in it is used, and refuses it with one clear
reason (``BundleRefused``): member names that leave the bundle, sizes that would flood the disk or
memory (zip bombs), an unknown format version, a member missing, added or altered, a manifest whose
signature does not verify, malformed content, a signed inspection whose signatures do not verify.
Nothing is ever extracted by member name: attachments go into the home's content-addressed store
only after their hash has been checked again.

Members:
    manifest.json, manifest.sig
    sites.json, users.json                      (users: name, display name, role, uuid, certificates)
    templates/<template_id>@<version>.json      (the stored template version, verbatim)
    inspections/<uuid>.json                     (portable inspection, its history, audit entries)
    certificates/<sha256 fingerprint>.pem       (public certificates only, and the roots that issued them)
    attachments/<sha256>                        (photos and rectification evidence)
"""

from __future__ import annotations

import base64
import datetime as _dt
import hashlib
import json
import re
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from cryptography import x509
from cryptography.x509.oid import NameOID

from ...domain.audit import canonical_json
from ...domain.exchange import CHILDREN, is_frozen, sync_hash
from ...domain.template import TemplateError
from ...domain.template_parsing import parse_template
from ...domain.workflow import KINDS, ROLES, STATES
from .. import crypto, keys
from ..accounts import REGIONS, SITE_KINDS
from ..errors import InputError
from ..limits import LimitExceeded, load_json
from . import portable

FORMAT = "civpack"
FORMAT_VERSION = 1
MANIFEST, SIGNATURE = "manifest.json", "manifest.sig"

MAX_MEMBERS = 200_000
MAX_MEMBER_BYTES = 512 * 2**20  # one photo or JSON member
MAX_JSON_BYTES = 64 * 2**20  # JSON is held in memory while checked
MAX_TOTAL_BYTES = 32 * 2**30  # everything declared, uncompressed
MAX_RATIO = 200  # uncompressed / compressed, for members over 1 MiB
CHUNK = 2**20

_ALLOWED = re.compile(
    r"^(?:sites\.json|users\.json|templates/[a-z0-9][a-z0-9-]*@[1-9][0-9]{0,8}\.json"
    r"|inspections/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.json"
    r"|certificates/[0-9a-f]{64}\.pem|attachments/[0-9a-f]{64})$"
)


class BundleRefused(InputError):
    """A bundle that is not imported; ``reason`` says why (an InputError with its own code), the
    refusal itself reads "bundle refused: <reason>"."""

    def __init__(self, code: str, /, **params):
        self.reason = InputError(code, **params)
        super().__init__("bundle_format.refused", reason=self.reason)


def _mib(n: int) -> str:
    return f"{n / 2**20:,.1f} MiB"


def unsafe_name(name: str) -> bool:
    """A member name that would point outside a folder it was extracted to."""
    parts = re.split(r"[/\\]", name)
    return (
        name.startswith(("/", "\\"))
        or bool(re.match(r"^[A-Za-z]:", name))
        or ".." in parts
        or "\\" in name
        or "\x00" in name
    )


# ------------------------------------------------------------------ writing


class BundleWriter:
    """Adds members to a zip, recording each one's hash for the manifest."""

    def __init__(self, path: Path):
        self.zf = zipfile.ZipFile(path, "w", allowZip64=True)
        self.members: dict[str, dict] = {}
        self._stamp = _dt.datetime.now().timetuple()[:6]

    def add(self, name: str, data: bytes, *, compress: bool = True) -> None:
        assert _ALLOWED.match(name) or name in (MANIFEST, SIGNATURE), name
        info = zipfile.ZipInfo(name, date_time=self._stamp)
        info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
        info.external_attr = 0o644 << 16
        self.zf.writestr(info, data, compresslevel=6 if compress else None)
        if name not in (MANIFEST, SIGNATURE):
            self.members[name] = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}

    def add_json(self, name: str, obj) -> None:
        self.add(name, canonical_json(obj).encode("utf-8"))

    def finish(self, manifest: dict, sign: Callable[[str], bytes], fingerprint: str) -> str:
        """Write the manifest and its signature; returns the manifest's SHA-256."""
        manifest = dict(manifest, members=[{"name": n, **m} for n, m in sorted(self.members.items())])
        raw = json.dumps(manifest, ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8")
        digest = hashlib.sha256(raw).hexdigest()
        self.add(MANIFEST, raw)
        self.add(
            SIGNATURE,
            canonical_json(
                {
                    "algorithm": "ECDSA-P256-SHA256",
                    "certificate": fingerprint,
                    "signature": base64.b64encode(sign(digest)).decode(),
                }
            ).encode(),
        )
        self.zf.close()
        return digest

    def abort(self) -> None:
        self.zf.close()


# ------------------------------------------------------------------ reading


@dataclass
class Bundle:
    """A bundle that passed every check (``read``)."""

    path: Path
    manifest: dict
    manifest_sha256: str
    exporter: dict
    sites: dict[str, dict]
    users: dict[str, dict]
    templates: dict[tuple[str, int], dict]
    inspections: dict[str, dict]  # uuid → {"inspection", "history", "audit"}
    certificates: dict[str, str]  # fingerprint → PEM
    attachments: dict[str, int]  # sha256 → size
    size: int = 0
    _certs: dict[str, x509.Certificate] = field(default_factory=dict, repr=False)
    _zf: zipfile.ZipFile | None = field(default=None, repr=False)

    @property
    def exporter_fingerprint(self) -> str:
        return self.exporter["certificate"]

    def certificate(self, fingerprint: str) -> x509.Certificate:
        if fingerprint not in self._certs:
            self._certs[fingerprint] = x509.load_pem_x509_certificate(self.certificates[fingerprint].encode())
        return self._certs[fingerprint]

    def read_attachment(self, sha: str) -> bytes:
        """The attachment's bytes, checked again against its hash (the file may have changed since).
        The bundle is opened once for all its attachments (``close`` when done): reopening it per
        photo re-read the whole central directory each time, which made import quadratic."""
        name = f"attachments/{sha}"
        try:
            if self._zf is None:
                self._zf = zipfile.ZipFile(self.path)
            info = self._zf.getinfo(name)
            data = _read(self._zf, info, self.attachments[sha])
        except (OSError, KeyError, zipfile.BadZipFile) as e:
            raise BundleRefused("bundle_format.can_no_longer_read", name=name, e=e) from None
        if hashlib.sha256(data).hexdigest() != sha:
            raise BundleRefused("bundle_format.changed_while_being_imported", name=name)
        return data

    def close(self) -> None:
        if self._zf is not None:
            self._zf.close()
            self._zf = None


def _read(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    try:
        with zf.open(info) as f:
            data = f.read(limit + 1)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as e:
        raise BundleRefused("bundle_format.member_damaged", filename=info.filename, e=e) from None
    if len(data) > limit:
        raise BundleRefused("bundle_format.member_larger_than_declared", filename=info.filename)
    return data


def _hash_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, keep: bool) -> tuple[str, int, bytes | None]:
    h = hashlib.sha256()
    n = 0
    kept = [] if keep else None
    try:
        with zf.open(info) as f:
            while chunk := f.read(CHUNK):
                n += len(chunk)
                if n > info.file_size:
                    raise BundleRefused("bundle_format.member_larger_than_declared", filename=info.filename)
                h.update(chunk)
                if kept is not None:
                    kept.append(chunk)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as e:
        raise BundleRefused("bundle_format.member_damaged", filename=info.filename, e=e) from None
    return h.hexdigest(), n, (b"".join(kept) if kept is not None else None)


def _json(name: str, raw: bytes | str):
    try:
        return load_json(raw, name)
    except LimitExceeded as e:
        raise BundleRefused(e.code, **e.params) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise BundleRefused("bundle_format.valid_json", name=name, e=e) from None


def _check_names(infos: list[zipfile.ZipInfo]) -> None:
    if len(infos) > MAX_MEMBERS:
        raise BundleRefused("bundle_format.members_more_than_civdesk", count=len(infos), max_members=MAX_MEMBERS)
    seen: set[str] = set()
    total = 0
    for info in infos:
        name = info.filename
        if unsafe_name(name):
            raise BundleRefused("bundle_format.member_name_points_outside", name=name)
        if name in seen:
            raise BundleRefused("bundle_format.member_appears_twice", name=name)
        seen.add(name)
        if info.is_dir():
            raise BundleRefused("bundle_format.unexpected_folder_entry", name=name)
        if info.flag_bits & 0x1:
            raise BundleRefused("bundle_format.member_encrypted", name=name)
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise BundleRefused("bundle_format.member_uses_unsupported_compression", name=name)
        if info.file_size > MAX_MEMBER_BYTES:
            raise BundleRefused(
                "bundle_format.member_declares_uncompressed_more",
                name=name,
                mib=_mib(info.file_size),
                mib2=_mib(MAX_MEMBER_BYTES),
            )
        if info.file_size > 2**20 and info.file_size > MAX_RATIO * max(1, info.compress_size):
            raise BundleRefused(
                "bundle_format.member_expands_times_possible",
                name=name,
                value=info.file_size // max(1, info.compress_size),
            )
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise BundleRefused(
            "bundle_format.members_declare_uncompressed_more", mib=_mib(total), mib2=_mib(MAX_TOTAL_BYTES)
        )


def _check_manifest(manifest) -> dict[str, dict]:
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BundleRefused("bundle_format.manifest_json_does_describe")
    version = manifest.get("format_version")
    if version != FORMAT_VERSION:
        newer = isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION
        raise BundleRefused(
            "bundle_format.bundle_format_version_supported",
            version=version,
            format_version=FORMAT_VERSION,
            value="; update CivDesk to import it" if newer else "",
        )
    listed: dict[str, dict] = {}
    members = manifest.get("members")
    if not isinstance(members, list):
        raise BundleRefused("bundle_format.manifest_json_lists_no")
    for m in members:
        if not (
            isinstance(m, dict)
            and isinstance(m.get("name"), str)
            and isinstance(m.get("sha256"), str)
            and isinstance(m.get("size"), int)
        ):
            raise BundleRefused("bundle_format.manifest_json_has_malformed")
        name = m["name"]
        if unsafe_name(name):
            raise BundleRefused("bundle_format.member_name_points_outside", name=name)
        if not _ALLOWED.match(name):
            raise BundleRefused("bundle_format.member_part_civdesk_bundle", name=name)
        if name in listed:
            raise BundleRefused("bundle_format.manifest_json_lists_twice", name=name)
        listed[name] = m
    exporter = manifest.get("exporter")
    if not (
        isinstance(exporter, dict)
        and isinstance(exporter.get("name"), str)
        and isinstance(exporter.get("certificate"), str)
    ):
        raise BundleRefused("bundle_format.manifest_json_does_name")
    if not isinstance(manifest.get("inspections"), list):
        raise BundleRefused("bundle_format.manifest_json_lists_no2")
    return listed


def _cert_user(cert: x509.Certificate) -> str | None:
    attrs = cert.subject.get_attributes_for_oid(NameOID.USER_ID)
    return str(attrs[0].value) if attrs else None


_INSPECTION_KEYS = set(portable.ROW_FIELDS) | {"template", "site", "author", "reviewer", "follows", *CHILDREN}
_CHILD_KEYS = {
    "answers": {"item_code", "value", "note", "answered_by", "answered_at"},
    "attachments": {"item_code", "sha256", "filename", "size", "added_by", "added_at"},
    "comments": {"item_code", "user", "kind", "text", "at"},
    "signatures": {"user", "role", "signed_at", "image", "content_hash", "signature", "key_fingerprint"},
    "rectifications": {
        "item_code",
        "owner",
        "due_date",
        "state",
        "created_at",
        "done_note",
        "done_at",
        "verified_by",
        "verified_at",
        "closed_by",
        "closed_at",
        "evidence",
    },
}


def _check_inspection(name: str, member, b: Bundle) -> None:
    if not (
        isinstance(member, dict)
        and isinstance(member.get("inspection"), dict)
        and isinstance(member.get("history"), list)
        and isinstance(member.get("audit", []), list)
    ):
        raise BundleRefused("bundle_format.malformed", name=name)
    d = member["inspection"]
    if set(d) != _INSPECTION_KEYS:
        raise BundleRefused("bundle_format.malformed_fields", name=name, sorted=sorted(set(d) ^ _INSPECTION_KEYS))
    for child, fields in _CHILD_KEYS.items():
        if not isinstance(d[child], list) or any(not isinstance(r, dict) or set(r) != fields for r in d[child]):
            raise BundleRefused("bundle_format.malformed2", name=name, child=child)
    if f"inspections/{d['uuid']}.json" != name:
        raise BundleRefused("bundle_format.holds_inspection", name=name, uuid=d["uuid"])
    if d["state"] not in STATES or d["kind"] not in KINDS:
        raise BundleRefused("bundle_format.unknown_state_kind", name=name)
    _json(f"{name} params", d["params"])
    t = d["template"]
    tpl = b.templates.get((t["id"], t["version"]))
    if tpl is None or tpl["sha256"] != t["sha256"]:
        raise BundleRefused("bundle_format.uses_template_v_which", name=name, id=t["id"], version=t["version"])
    if d["site"] not in b.sites:
        raise BundleRefused("bundle_format.names_site_which_bundle", name=name, site=d["site"])
    missing_users = portable.user_names(d) - set(b.users)
    if missing_users:
        raise BundleRefused("bundle_format.names_user_whom_bundle", name=name, value=sorted(missing_users)[0])
    missing = portable.evidence_shas(d) - set(b.attachments)
    if missing:
        raise BundleRefused("bundle_format.needs_attachment_which_bundle", name=name, value=sorted(missing)[0][:12])
    for sig in d["signatures"]:
        fp = sig["key_fingerprint"]
        if fp not in b.certificates or fp not in b.users[sig["user"]]["certificates"]:
            raise BundleRefused("bundle_format.certificate_s_signature_bundle", name=name, user=sig["user"])
        if not keys.verify_digest(b.certificate(fp), sig["content_hash"], base64.b64decode(sig["signature"])):
            raise BundleRefused("bundle_format.signature_does_verify", name=name, user=sig["user"])
    if is_frozen(d):
        if portable.content_hash_of(d) != d["content_hash"]:
            raise BundleRefused("bundle_format.signed_inspection_s_content", name=name)
        if not d["signatures"] or any(s["content_hash"] != d["content_hash"] for s in d["signatures"]):
            raise BundleRefused("bundle_format.signed_inspection_s_signatures", name=name)


def read(
    path: Path | str, *, progress: Callable[[int, int, str], None] | None = None, exporter_is_user: bool = True
) -> Bundle:
    """Open and check a bundle completely; BundleRefused names the first fault found.

    ``exporter_is_user=False``: the manifest is signed by a desk or hub key (CivDesk Hub sync), not
    by one of the users it carries; the caller checks that key against the one it pinned."""
    path = Path(path)
    if not path.is_file():
        raise InputError("bundle_format.no_such_file", path=path)
    try:
        zf = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise BundleRefused("bundle_format.civdesk_bundle_zip_file", name=path.name) from None
    except OSError as e:
        raise InputError("bundle_format.cannot_read", path=path, reason=e) from None
    with zf:
        infos = zf.infolist()
        _check_names(infos)
        by_name = {i.filename: i for i in infos}
        if MANIFEST not in by_name:
            raise BundleRefused("bundle_format.no_manifest_json_civdesk")
        if by_name[MANIFEST].file_size > MAX_JSON_BYTES:
            raise BundleRefused("bundle_format.manifest_json_too_large")
        raw_manifest = _read(zf, by_name[MANIFEST], MAX_JSON_BYTES)
        manifest = _json(MANIFEST, raw_manifest)
        listed = _check_manifest(manifest)
        for name in sorted(listed):
            if name not in by_name:
                raise BundleRefused("bundle_format.member_listed_manifest_missing", name=name)
        for name in sorted(by_name):
            if name not in listed and name not in (MANIFEST, SIGNATURE):
                raise BundleRefused("bundle_format.member_listed_manifest_added", name=name)
        if SIGNATURE not in by_name:
            raise BundleRefused("bundle_format.bundle_signed_no_manifest")

        # The manifest's signature, with the exporter's certificate (itself a listed member).
        manifest_sha = hashlib.sha256(raw_manifest).hexdigest()
        fp = manifest["exporter"]["certificate"]
        cert_name = f"certificates/{fp}.pem"
        if cert_name not in listed:
            raise BundleRefused("bundle_format.exporter_s_certificate_bundle")
        cert_raw = _read(zf, by_name[cert_name], MAX_JSON_BYTES)
        if hashlib.sha256(cert_raw).hexdigest() != listed[cert_name]["sha256"]:
            raise BundleRefused("bundle_format.member_altered_sha_does", cert_name=cert_name)
        try:
            cert = x509.load_pem_x509_certificate(cert_raw)
            sig = _json(SIGNATURE, _read(zf, by_name[SIGNATURE], 64 * 1024))
            signature = base64.b64decode(sig["signature"], validate=True)
        except (ValueError, KeyError, TypeError):
            raise BundleRefused("bundle_format.manifest_signature_malformed") from None
        if crypto.fingerprint(cert) != fp or sig.get("certificate") != fp:
            raise BundleRefused("bundle_format.manifest_signature_names_different")
        if not keys.verify_digest(cert, manifest_sha, signature):
            raise BundleRefused("bundle_format.manifest_signature_does_verify")

        # Every member against the signed manifest.
        contents: dict[str, bytes] = {}
        total = len(listed)
        for n, name in enumerate(sorted(listed)):
            info, entry = by_name[name], listed[name]
            if info.file_size != entry["size"]:
                raise BundleRefused(
                    "bundle_format.member_altered_bytes_manifest",
                    name=name,
                    file_size=info.file_size,
                    size=entry["size"],
                )
            keep = not name.startswith("attachments/")
            if keep and info.file_size > MAX_JSON_BYTES:
                raise BundleRefused("bundle_format.member_too_large", name=name)
            digest, size, data = _hash_member(zf, info, keep)
            if digest != entry["sha256"] or size != entry["size"]:
                raise BundleRefused("bundle_format.member_altered_sha_does2", name=name)
            if data is not None:
                contents[name] = data
            if progress:
                progress(n + 1, total, name)

    b = Bundle(
        path=path,
        manifest=manifest,
        manifest_sha256=manifest_sha,
        exporter=manifest["exporter"],
        sites={},
        users={},
        templates={},
        inspections={},
        certificates={},
        attachments={n.split("/", 1)[1]: listed[n]["size"] for n in listed if n.startswith("attachments/")},
        size=path.stat().st_size,
    )
    try:
        _parse_contents(b, contents, exporter_is_user)
    except BundleRefused:
        raise
    except (KeyError, TypeError, ValueError, AttributeError) as e:
        raise BundleRefused("bundle_format.bundle_s_content_malformed", name=type(e).__name__, e=e) from None
    return b


def _parse_contents(b: Bundle, contents: dict[str, bytes], exporter_is_user: bool = True) -> None:
    from ..templates import content_digest

    for name, raw in contents.items():
        if name.startswith("certificates/"):
            fp = name[len("certificates/") : -len(".pem")]
            try:
                cert = x509.load_pem_x509_certificate(raw)
            except ValueError:
                raise BundleRefused("bundle_format.certificate", name=name) from None
            if crypto.fingerprint(cert) != fp:
                raise BundleRefused("bundle_format.holds_certificate_another_fingerprint", name=name)
            if b"PRIVATE KEY" in raw:
                raise BundleRefused("bundle_format.holds_private_key", name=name)
            b.certificates[fp] = raw.decode("ascii")
            b._certs[fp] = cert
    for site in _json("sites.json", contents.get("sites.json", b"[]")):
        if site["kind"] not in SITE_KINDS or site["region"] not in REGIONS or not site["name"].strip():
            raise BundleRefused("bundle_format.sites_json_site_malformed", name=site["name"])
        b.sites[site["name"]] = {k: site[k] for k in ("name", "kind", "region", "address")}
    for user in _json("users.json", contents.get("users.json", b"[]")):
        if (
            not (
                {"name", "display_name", "role", "certificates"}
                <= set(user)
                <= {"name", "display_name", "role", "certificates", "uuid"}
            )
            or user["role"] not in ROLES
            or not isinstance(user.get("uuid", ""), str)
        ):
            raise BundleRefused("bundle_format.users_json_user_malformed", get=user.get("name"))
        for fp in user["certificates"]:
            if fp not in b.certificates:
                raise BundleRefused("bundle_format.users_json_certificate_bundle", value=fp[:16], name=user["name"])
            if _cert_user(b.certificate(fp)) != user["name"]:
                raise BundleRefused("bundle_format.users_json_certificate_s", value=fp[:16], name=user["name"])
        b.users[user["name"]] = user
    exporter = b.users.get(b.exporter["name"])
    if exporter_is_user and (exporter is None or b.exporter_fingerprint not in exporter["certificates"]):
        raise BundleRefused("bundle_format.exporter_s_certificate_theirs")
    for name, raw in contents.items():
        if not name.startswith("templates/"):
            continue
        t = _json(name, raw)
        data = _json(name, t["data"])
        try:
            parse_template(data)
        except TemplateError as e:
            raise BundleRefused("bundle_format.valid_template", name=name, e=e) from None
        if (
            content_digest(data) != t["sha256"]
            or data.get("id") != t["template_id"]
            or data.get("version") != t["version"]
            or name != f"templates/{t['template_id']}@{t['version']}.json"
        ):
            raise BundleRefused("bundle_format.does_match_own_id", name=name)
        b.templates[(t["template_id"], t["version"])] = t
    for name, raw in contents.items():
        if name.startswith("inspections/"):
            member = _json(name, raw)
            _check_inspection(name, member, b)
            b.inspections[member["inspection"]["uuid"]] = member
    listed = {i.get("uuid"): i.get("sync_hash") for i in b.manifest["inspections"]}
    if set(listed) != set(b.inspections):
        raise BundleRefused("bundle_format.manifest_s_list_inspections")
    for uuid, member in b.inspections.items():
        if sync_hash(member["inspection"]) != listed[uuid]:
            raise BundleRefused("bundle_format.inspection_content_does_match", uuid=uuid)
