"""``check`` sees every row: edits made with a plain sqlite3 connection (roles, answers, states,
scores, rectifications, settings, signatures) are found and named by table, row and column, and
stored results are recomputed from their answers."""

from __future__ import annotations

import sqlite3

import pytest
from sqlite_utils import Database

from civdesk.services import accounts, maintenance, settings
from civdesk.services import inspections as insp
from civdesk.store import Store
from civdesk.store.schema import SCHEMA_MIGRATIONS
from tests.helpers.data import PASSWORD
from tests.helpers.home import behind_civdesks_back

# What an outside tool does: its own connection, no CivDesk code, committed at once.
sqlite3_cli = behind_civdesks_back


@pytest.fixture
def submitted(people, mini):
    """An inspection answered and submitted: a stored result and two open rectifications."""
    s = people.store
    iid = insp.new_inspection(s, people.inspector, template_id="mini", site_id=people.site_a, kind="inspection")
    insp.answer(s, people.inspector, iid, "1.1", "no", note="地面不洁")
    insp.answer(s, people.inspector, iid, "1.2", "good")
    insp.answer(s, people.inspector, iid, "2.1", 29.5)
    insp.answer(s, people.inspector, iid, "2.2", "yes")
    insp.answer(s, people.inspector, iid, "2.3", "无")
    from tests.helpers.data import picture_bytes

    photo = s.home.parent / "p.jpg"
    photo.write_bytes(picture_bytes())
    insp.attach_photo(s, people.inspector, iid, "1.1", photo)
    insp.submit(s, people.inspector, iid)
    assert maintenance.check(s) == []
    return iid


def _only(problems: list[str], start: str) -> str:
    found = [p for p in problems if p.startswith(start)]
    assert len(found) == 1, problems
    return found[0]


def test_a_role_raised_behind_civdesks_back_is_named(people):
    s = people.store
    with sqlite3_cli(s) as c:
        c.execute("UPDATE users SET role = 'admin' WHERE name = 'staff_a'")
    p = _only(maintenance.check(s), f"users row {people.staff_a.id} ")
    assert p.startswith(f"users row {people.staff_a.id} (user staff_a): role changed outside CivDesk")


def test_a_user_added_and_a_site_link_removed_are_named(people):
    s = people.store
    with sqlite3_cli(s) as c:
        c.execute(
            "INSERT INTO users (name, display_name, role, password_hash, created_at) "
            "VALUES ('ghost', 'ghost', 'admin', 'scrypt$x', '2026-01-01')"
        )
        c.execute("DELETE FROM user_sites WHERE user_id = ?", (people.manager_a.id,))
    problems = maintenance.check(s)
    assert any(p.startswith("users row ") and "(user ghost): added outside CivDesk" in p for p in problems)
    assert _only(problems, "user_sites row ").startswith(
        f"user_sites row ({people.manager_a.id}, {people.site_a}): removed outside CivDesk"
    )


def test_an_answer_edit_is_named_with_its_inspection_and_item(people, submitted):
    s = people.store
    uuid = s.scalar("SELECT uuid FROM inspections WHERE id = ?", (submitted,))
    rid = s.scalar("SELECT id FROM answers WHERE inspection_id = ? AND item_code = '1.1'", (submitted,))
    with sqlite3_cli(s) as c:
        c.execute("UPDATE answers SET value = '\"yes\"' WHERE id = ?", (rid,))
    problems = maintenance.check(s)
    assert _only(problems, "answers row ").startswith(
        f"answers row {rid} (inspection {uuid[:8]}, item 1.1): value changed outside CivDesk"
    )
    # The stored result no longer follows from the answers either.
    assert "disagrees with its answers" in _only(problems, f"inspection {submitted} (")


def test_a_state_edit_is_named(people, submitted):
    s = people.store
    with sqlite3_cli(s) as c:
        c.execute(
            "UPDATE inspections SET state = 'approved', reviewer_id = ? WHERE id = ?", (people.manager_a.id, submitted)
        )
    p = _only(maintenance.check(s), f"inspections row {submitted} ")
    assert "state, reviewer_id changed outside CivDesk" in p


def test_a_score_edit_is_named_and_disagrees_with_the_answers(people, submitted):
    s = people.store
    before = s.one("SELECT score, percent, level FROM inspections WHERE id = ?", (submitted,))
    with sqlite3_cli(s) as c:
        c.execute(
            "UPDATE inspections SET score = 30, percent = 85.71, level = 'good', level_label = '良好' WHERE id = ?",
            (submitted,),
        )
    problems = maintenance.check(s)
    assert "score, percent, level, level_label changed outside CivDesk" in _only(
        problems, f"inspections row {submitted} "
    )
    result = _only(problems, f"inspection {submitted} (")
    assert "stored result (30/35 85.71% 良好) disagrees with its answers" in result
    assert f"{before['percent']}%" in result and result.endswith("score, percent, level")


def test_a_stored_result_is_recomputed_even_with_a_consistent_seal(people, submitted):
    """A result stored wrong by CivDesk itself (or by an older version) is found too."""
    s = people.store
    with s.write():
        s.update("inspections", submitted, {"percent": 81.77, "level": "good", "level_label": "良好"})
    problems = maintenance.check(s)
    assert len(problems) == 1 and problems[0].startswith(f"inspection {submitted} (")
    assert "81.77% 良好) disagrees with its answers" in problems[0] and problems[0].endswith("percent, level")


def test_a_rectification_edit_is_named(people, submitted):
    s = people.store
    rid = s.scalar("SELECT id FROM rectifications WHERE inspection_id = ?", (submitted,))
    with sqlite3_cli(s) as c:
        c.execute(
            "UPDATE rectifications SET state = 'verified', verified_by = ? WHERE id = ?", (people.inspector.id, rid)
        )
    p = _only(maintenance.check(s), f"rectifications row {rid} ")
    assert "item 1.1): state, verified_by changed outside CivDesk" in p


def test_a_settings_edit_is_named(people):
    s = people.store
    settings.set_value(s, people.admin, "org_name", "杭州市交通局")
    assert maintenance.check(s) == []
    with sqlite3_cli(s) as c:
        c.execute("UPDATE settings SET value = '\"别的单位\"' WHERE key = 'org_name'")
    assert _only(maintenance.check(s), "settings row ").startswith(
        "settings row org_name: value changed outside CivDesk"
    )


def test_a_signature_edit_is_named(people, submitted):
    from civdesk.services import signing
    from civdesk.services.demo import signature_png

    s = people.store
    insp.approve(s, people.manager_a, submitted)
    signing.sign(s, people.inspector, submitted, PASSWORD, signature_png("a"))
    sid = s.scalar("SELECT id FROM signatures WHERE inspection_id = ?", (submitted,))
    with sqlite3_cli(s) as c:  # not frozen yet (one signature of two): only the seal can tell
        c.execute("UPDATE signatures SET user_id = ?, role = 'reviewer' WHERE id = ?", (people.manager_a.id, sid))
    p = _only(maintenance.check(s), f"signatures row {sid} ")
    assert "user_id, role changed outside CivDesk" in p


def test_every_write_of_civdesk_itself_stays_sealed(store):
    """The demo walks every service (users, sites, answers, photos, review, signatures,
    rectifications, certificates): none of its writes may look like an outside edit."""
    from civdesk.services import demo

    demo.fill(store)
    assert maintenance.check(store) == []


def test_an_existing_home_gets_a_baseline_in_the_chain_then_edits_are_named(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    db = Database(sqlite3.connect(home / "civdesk.db", isolation_level=None))
    seals = next(m.name for m in SCHEMA_MIGRATIONS._migrations if m.name.endswith("_trust_check_row_seals"))
    SCHEMA_MIGRATIONS.apply(db, stop_before=seals)  # a home made before rows were sealed
    db.execute(
        "INSERT INTO users (name, display_name, role, password_hash, created_at) "
        "VALUES ('old', '老用户', 'inspector', 'scrypt$x', '2026-01-01')"
    )
    db.execute("INSERT INTO settings (key, value) VALUES ('organisation', '\"老单位\"')")
    db.conn.close()

    store = Store(home)  # the migration seals every row, in an entry of the chain
    try:
        entry = store.one("SELECT action, detail, seal FROM audit ORDER BY seq DESC LIMIT 1")
        assert entry["action"] == "schema.migrate" and '"baseline":true' in entry["detail"]
        assert '"users"' in entry["seal"] and '"settings"' in entry["seal"]
        assert maintenance.check(store) == []
        with sqlite3_cli(store) as c:
            c.execute("UPDATE users SET role = 'admin' WHERE name = 'old'")
        assert maintenance.check(store) == [
            "users row 1 (user old): role changed outside CivDesk (audit entry 1 recorded it last)"
        ]
    finally:
        store.close()


def test_a_forged_seal_breaks_the_chain(people):
    """Re-sealing an edited row means rewriting audit entries: the chain shows it."""
    s = people.store
    last = s.scalar("SELECT MAX(seq) FROM audit")
    with sqlite3_cli(s) as c:
        c.execute("DROP TRIGGER audit_no_update")
        c.execute("UPDATE users SET role = 'admin' WHERE name = 'staff_a'")
        c.execute("UPDATE audit SET seal = NULL WHERE seq = ?", (last,))
    assert maintenance.check(s)[0] == f"audit chain broken at entry {last}: its content does not match its hash"


def test_reset_enforcement_is_not_mistaken_for_an_outside_edit(people):
    s = people.store
    accounts.reset_password(s, by=people.admin, user_id=people.staff_a.id, new_password="reset-pass-1")
    accounts.change_password(s, name="staff_a", old_password="reset-pass-1", new_password="my-own-pass-2")
    assert maintenance.check(s) == []


def test_a_dropped_or_rewritten_trigger_is_named(people):
    """The triggers that freeze signed records and keep the log append-only are part of the seal."""
    s = people.store
    with sqlite3_cli(s) as c:
        c.execute("DROP TRIGGER answers_frozen_update")
        c.execute("DROP TRIGGER inspections_frozen_delete")
        c.execute(
            "CREATE TRIGGER inspections_frozen_delete BEFORE DELETE ON inspections "
            "WHEN 0 BEGIN SELECT RAISE(ABORT, 'the inspection is signed and frozen'); END"
        )
    problems = maintenance.check(s)
    assert sorted(p.split(" (audit entry")[0] for p in problems) == [
        "the schema's trigger answers_frozen_update: removed outside CivDesk",
        "the schema's trigger inspections_frozen_delete: sql changed outside CivDesk",
    ]
