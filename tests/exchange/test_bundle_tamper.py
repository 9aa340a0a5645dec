"""The tamper matrix: every altered bundle is refused with a clear reason and home B stays as it was."""

from __future__ import annotations

import json
import struct
import zipfile
from pathlib import Path

import pytest

from civdesk.cli import main
from civdesk.services import exchange
from civdesk.services.exchange.bundle_format import BundleRefused
from tests.helpers.exchange import members, resign, snapshot, write_zip


def first(content, prefix):
    return next(n for n in sorted(content) if n.startswith(prefix))


def signed_member(content):
    for name in sorted(content):
        if name.startswith("inspections/"):
            member = json.loads(content[name])
            if member["inspection"]["state"] == "signed":
                return name, member
    raise AssertionError("no signed inspection in the bundle")


def changed_json(content, store):
    name = first(content, "inspections/")
    member = json.loads(content[name])
    member["inspection"]["answers"][0]["note"] = "改过的说明"
    return {**content, name: json.dumps(member, ensure_ascii=False).encode()}


def changed_photo(content, store):
    name = first(content, "attachments/")
    return {**content, name: content[name][:-1] + b"\x00"}


def removed_member(content, store):
    return {k: v for k, v in content.items() if k != first(content, "attachments/")}


def added_member(content, store):
    return {**content, "attachments/" + "ab" * 32: b"an extra photo"}


def added_stray_file(content, store):
    return {**content, "readme.txt": b"hello"}


def wrong_signature(content, store):
    """Re-signed by another user's key while naming the exporter's certificate."""
    forged = resign(content, store, "inspector1", "inspect123", relist=False)
    return {**content, "manifest.sig": forged["manifest.sig"]}


def changed_manifest(content, store):
    manifest = json.loads(content["manifest.json"])
    manifest["created_at"] = "2020-01-01T00:00:00+00:00"
    return {**content, "manifest.json": json.dumps(manifest, ensure_ascii=False, sort_keys=True, indent=1).encode()}


def unsigned(content, store):
    return {k: v for k, v in content.items() if k != "manifest.sig"}


def wrong_version(content, store):
    return resign(content, store, "admin", "admin123", manifest_edit=lambda m: m.update(format_version=2))


def traversal(content, store):
    return {**content, "../../etc/cron.d/evil": b"* * * * * root rm -rf /"}


def absolute(content, store):
    return {**content, "/tmp/evil.json": b"{}"}


def windows_drive(content, store):
    return {**content, "C:\\Windows\\evil.dll": b"MZ"}


def forged_signed_content(content, store):
    """The exporter's key re-signs a manifest over a signed inspection whose answer was changed."""
    name, member = signed_member(content)
    member["inspection"]["answers"][0]["value"] = json.dumps("no")
    from civdesk.domain.exchange import sync_hash

    new = {**content, name: json.dumps(member, ensure_ascii=False).encode()}

    def relabel(m):
        for entry in m["inspections"]:
            if entry["uuid"] == member["inspection"]["uuid"]:
                entry["sync_hash"] = sync_hash(member["inspection"])

    return resign(new, store, "admin", "admin123", manifest_edit=relabel)


CASES = [
    (changed_json, r"member inspections/.*\.json was altered: it is \d+ bytes, the manifest says \d+"),
    (changed_photo, r"member attachments/[0-9a-f]{64} was altered: its SHA-256 does not match the manifest"),
    (removed_member, r"member attachments/[0-9a-f]{64} listed in the manifest is missing"),
    (added_member, r"member attachments/abab.* is not listed in the manifest \(added after signing\)"),
    (added_stray_file, r"member readme\.txt is not listed in the manifest"),
    (wrong_signature, r"the manifest signature does not verify with the exporter's certificate"),
    (changed_manifest, r"the manifest signature does not verify"),
    (unsigned, r"the bundle is not signed"),
    (wrong_version, r"bundle format version 2 is not supported \(this CivDesk reads version 1; update CivDesk"),
    (traversal, r"member name '\.\./\.\./etc/cron\.d/evil' points outside the bundle"),
    (absolute, r"member name '/tmp/evil\.json' points outside the bundle"),
    (windows_drive, r"points outside the bundle"),
    (forged_signed_content, r"the signed inspection's content does not match its signed hash"),
]


@pytest.mark.parametrize("tamper, reason", CASES, ids=[c[0].__name__ for c in CASES])
def test_tampered_bundle_is_refused_and_home_b_unchanged(demo_a, home_b, bundle_few, tmp_path, tamper, reason):
    bad = write_zip(tmp_path / "bad.civpack", tamper(members(bundle_few), demo_a))
    before = snapshot(home_b.home)
    rows_before = home_b.scalar("SELECT COUNT(*) FROM audit")
    with pytest.raises(BundleRefused, match=reason):
        exchange.import_bundle(home_b, bad, by=None)
    assert snapshot(home_b.home) == before
    assert home_b.scalar("SELECT COUNT(*) FROM audit") == rows_before
    assert not exchange.verify_bundle(home_b, bad).ok
    # The untouched bundle still imports: the refusal was about the change, nothing else.
    assert exchange.import_bundle(home_b, bundle_few, by=None).counts()["added"] == 3


def _patch_declared_size(path: Path, member: str, size: int) -> None:
    """Rewrite the central directory so ``member`` declares ``size`` bytes uncompressed."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo(member)
    name = member.encode()
    pos = data.find(b"PK\x01\x02")  # the central directory entries
    while pos != -1:
        n = struct.unpack("<H", data[pos + 28 : pos + 30])[0]
        if bytes(data[pos + 46 : pos + 46 + n]) == name:
            struct.pack_into("<I", data, pos + 24, size)
            break
        pos = data.find(b"PK\x01\x02", pos + 4)
    assert info.file_size != size
    path.write_bytes(bytes(data))


def test_member_with_a_huge_declared_size_is_refused_unread(demo_a, home_b, bundle_few, tmp_path):
    bad = write_zip(tmp_path / "bomb.civpack", members(bundle_few))
    target = first(members(bad), "attachments/")
    _patch_declared_size(bad, target, 0xFFFF0000)  # ~4 GiB declared
    before = snapshot(home_b.home)
    with pytest.raises(
        BundleRefused,
        match=rf"member {target} declares 4,095\.9 MiB uncompressed, more than "
        r"CivDesk accepts \(512\.0 MiB\): a possible zip bomb",
    ):
        exchange.import_bundle(home_b, bad, by=None)
    assert snapshot(home_b.home) == before


def test_highly_compressed_member_is_refused_as_zip_bomb(demo_a, home_b, bundle_few, tmp_path):
    content = members(bundle_few)
    content["attachments/" + "cd" * 32] = b"\x00" * (40 * 2**20)
    bad = write_zip(tmp_path / "bomb.civpack", content)
    before = snapshot(home_b.home)
    with pytest.raises(BundleRefused, match=r"expands \d+ times \(a possible zip bomb\)"):
        exchange.import_bundle(home_b, bad, by=None)
    assert snapshot(home_b.home) == before


def test_not_a_zip_and_missing_file(home_b, tmp_path):
    junk = tmp_path / "junk.civpack"
    junk.write_bytes(b"PK not really")
    with pytest.raises(BundleRefused, match=r"junk\.civpack is not a CivDesk bundle \(not a zip file\)"):
        exchange.import_bundle(home_b, junk, by=None)
    with pytest.raises(Exception, match=r"nothing\.civpack: no such file"):
        exchange.import_bundle(home_b, tmp_path / "nothing.civpack", by=None)


def test_cli_refusal_is_one_line_with_exit_2(demo_a, home_b, bundle_few, tmp_path, capsys):
    bad = write_zip(tmp_path / "bad.civpack", changed_photo(members(bundle_few), demo_a))
    home = home_b.home
    home_b.close()
    capsys.readouterr()
    assert main(["--home", str(home), "--lang", "en", "import", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("civdesk: bundle refused: member attachments/")
    assert main(["--home", str(home), "--lang", "en", "verify", str(bad)]) == 1
    out = capsys.readouterr().out
    assert "NOT OK" in out and "was altered" in out


def test_cli_verify_intact_bundle(demo_a, bundle_few, tmp_path, capsys):
    home = demo_a.home
    demo_a.close()
    assert main(["--home", str(home), "--lang", "en", "verify", str(bundle_few)]) == 0
    assert capsys.readouterr().out.strip().endswith("OK: intact and signed by 系统管理员 (admin)")
    # A home that never met the exporter: intact, but no root it trusts vouches for the signer.
    assert main(["--home", str(tmp_path / "C"), "--lang", "en", "verify", str(bundle_few)]) == 1
    assert "intact, but this home trusts no root yet" in capsys.readouterr().out


def test_signed_inspection_in_b_cannot_be_changed_by_a_bundle(demo_a, home_b, bundle_few, tmp_path):
    exchange.import_bundle(home_b, bundle_few, by=None)
    content = members(bundle_few)
    name, member = signed_member(content)
    d = member["inspection"]
    from civdesk.domain.exchange import sync_hash

    # A forged "newer" version: the same record, unfrozen again, with a changed note, whose history
    # claims to descend from B's copy — what it would take to overwrite a signed record.
    d.update(state="approved")
    d["answers"][0]["note"] = "签署后改动"
    member["history"].append(sync_hash(d))
    new = {**content, name: json.dumps(member, ensure_ascii=False).encode()}

    def relabel(m):
        for entry in m["inspections"]:
            if entry["uuid"] == d["uuid"]:
                entry["sync_hash"] = sync_hash(d)

    bad = write_zip(tmp_path / "forged.civpack", resign(new, demo_a, "admin", "admin123", manifest_edit=relabel))
    before = snapshot(home_b.home)
    with pytest.raises(
        BundleRefused,
        match=rf"inspection {d['uuid'][:8]} \(.*\) is signed in this home and "
        r"cannot change",
    ):
        exchange.import_bundle(home_b, bad, by=None)
    assert snapshot(home_b.home) == before


def test_exporter_certificate_claimed_by_someone_else(demo_a, home_b, bundle_few, tmp_path):
    """users.json edited (and re-signed) so the exporter's certificate is listed under another person."""
    content = members(bundle_few)
    users = json.loads(content["users.json"])
    for u in users:
        if u["name"] == "admin":
            fps = u["certificates"]
            u["certificates"] = []
    for u in users:
        if u["name"] == "inspector1":
            u["certificates"] += fps
    new = {**content, "users.json": json.dumps(users, ensure_ascii=False).encode()}
    bad = write_zip(tmp_path / "claim.civpack", resign(new, demo_a, "admin", "admin123"))
    with pytest.raises(BundleRefused, match=r"is not inspector1's"):
        exchange.import_bundle(home_b, bad, by=None)
