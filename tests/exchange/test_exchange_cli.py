"""``civdesk export`` / ``import`` / ``verify`` for bundles: reports, exit codes, conflicts settled."""

from __future__ import annotations

import json
import os

from civdesk.cli import main


def run(home, *argv, password=None):
    if password is not None:
        os.environ["CIVDESK_PASSWORD"] = password
    try:
        return main(["--home", str(home), "--lang", "en", *argv])
    finally:
        os.environ.pop("CIVDESK_PASSWORD", None)


def test_export_import_report_and_conflict_settled_on_the_command_line(demo_a, tmp_path, capsys, monkeypatch):
    a = demo_a.home
    draft = demo_a.scalar(
        "SELECT uuid FROM inspections WHERE state = 'draft' AND kind = 'inspection' "
        "AND author_id = (SELECT id FROM users WHERE name = 'inspector1') ORDER BY id"
    )
    from civdesk.services import trust

    root_a = trust.own_root(demo_a).fingerprint
    demo_a.close()
    b = tmp_path / "B"
    assert (
        run(a, "export", draft[:8], "-o", str(tmp_path / "x.civpack"), "--user", "inspector1", password="inspect123")
        == 0
    )
    assert "exported 1 inspection(s)" in capsys.readouterr().out
    assert run(a, "export", draft, "-o", str(tmp_path / "y.civpack")) == 2
    assert "give --user NAME" in capsys.readouterr().err
    assert run(b, "import", str(tmp_path / "x.civpack"), "--json") == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["added"], report["updated"], report["unchanged"], report["conflicts"]) == (1, 0, 0, 0)
    assert report["adopted_root"] == root_a  # a new machine (no users) trusts the root of its first bundle
    assert run(b, "import", str(tmp_path / "x.civpack")) == 0
    out = capsys.readouterr().out
    assert "added 0, updated 0, unchanged 1, conflicts 0" in out and "nothing changed" in out
    assert run(b, "verify", str(tmp_path / "x.civpack")) == 0
    capsys.readouterr()

    # A conflict made by hand: B's copy is edited behind the exchange (as B's own inspector would).
    from civdesk.services import accounts, inspections
    from civdesk.store import Store

    s = Store(b)
    admin = accounts.create_user(s, by=None, name="boss", role="admin", password="password-123")
    s.conn.execute(
        "UPDATE users SET active = 1, password_hash = ? WHERE name = 'inspector1'",
        (accounts.hash_password("password-123"),),
    )
    iid = s.scalar("SELECT id FROM inspections WHERE uuid = ?", (draft,))
    code = next(i.code for i in inspections.view(s, iid).template.items() if i.type == "check")
    # Each side answers in a minute of its own: the inspection's updated_at differs too.
    monkeypatch.setattr(inspections, "now", lambda: "2026-12-02T08:00:00.000000+00:00")
    inspections.answer(
        s, accounts.actor(s, s.scalar("SELECT id FROM users WHERE name = 'inspector1'")), iid, code, "no", note="B"
    )
    s.close()
    a_store = Store(a)
    aid = a_store.scalar("SELECT id FROM inspections WHERE uuid = ?", (draft,))
    monkeypatch.setattr(inspections, "now", lambda: "2026-12-02T09:00:00.000000+00:00")
    inspections.answer(
        a_store,
        accounts.actor(a_store, a_store.scalar("SELECT id FROM users WHERE name = 'inspector1'")),
        aid,
        code,
        "yes",
        note="A",
    )
    a_store.close()
    assert (
        run(a, "export", draft, "-o", str(tmp_path / "z.civpack"), "--user", "inspector1", password="inspect123") == 0
    )
    capsys.readouterr()
    assert run(b, "import", str(tmp_path / "z.civpack"), "--user", "boss", password="password-123") == 0
    out = capsys.readouterr().out
    assert "conflicts 1" in out and f"conflict  {draft[:8]}" in out and f"answer:{code}" in out
    assert (
        run(
            b,
            "import",
            str(tmp_path / "z.civpack"),
            "--user",
            "boss",
            "--resolve",
            f"{draft[:8]}/answer:{code}=theirs",
            password="password-123",
        )
        == 2
    )
    assert "choose mine or theirs for every difference; missing: inspection" in capsys.readouterr().err
    assert (
        run(
            b,
            "import",
            str(tmp_path / "z.civpack"),
            "--user",
            "boss",
            "--resolve",
            f"{draft[:8]}/answer:{code}=theirs",
            "--resolve",
            f"{draft[:8]}/inspection=theirs",
            password="password-123",
        )
        == 0
    )
    assert f"resolved  {draft[:8]}" in capsys.readouterr().out
    assert admin
