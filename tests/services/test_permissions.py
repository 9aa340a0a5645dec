"""Who may do what, enforced by the services themselves (never only by a hidden button)."""

from __future__ import annotations

from pathlib import Path

import pytest

from civdesk.domain.errors import NotAllowed
from civdesk.domain.workflow import WorkflowError
from civdesk.services import accounts, templates
from civdesk.services import inspections as insp
from civdesk.services.errors import InputError

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
TABLES = ("inspections", "answers", "comments", "rectifications", "audit", "templates", "users", "sites")


def counts(store):
    return {t: store.scalar(f"SELECT COUNT(*) FROM {t}") for t in TABLES}


def new(p, by, kind, site):
    return insp.new_inspection(p.store, by, template_id="mini", site_id=site, kind=kind)


def fill(p, iid, by):
    for code, value in {"1.1": "yes", "1.2": "good", "2.1": 30, "2.2": "yes"}.items():
        insp.answer(p.store, by, iid, code, value)


# ------------------------------------------------------------------ creating


@pytest.mark.parametrize(
    "who, kind, site, message",
    [
        ("staff_a", "self", "site_b", "a self-assessment is written by staff or the manager of that site"),
        ("manager_b", "self", "site_a", "a self-assessment is written by staff or the manager of that site"),
        ("inspector", "self", "site_a", "a self-assessment is written by staff or the manager of that site"),
        ("admin", "self", "site_a", "a self-assessment is written by staff or the manager of that site"),
        ("staff_a", "inspection", "site_a", "only an inspector starts an inspection"),
        ("manager_a", "inspection", "site_a", "only an inspector starts an inspection"),
        ("admin", "inspection", "site_a", "only an inspector starts an inspection"),
    ],
)
def test_create_refused_and_nothing_written(people, mini, who, kind, site, message):
    before = counts(people.store)
    with pytest.raises(WorkflowError) as err:
        new(people, getattr(people, who), kind, getattr(people, site))
    assert str(err.value) == message
    assert counts(people.store) == before


@pytest.mark.parametrize(
    "who, kind, site",
    [
        ("staff_a", "self", "site_a"),
        ("manager_a", "self", "site_a"),
        ("manager_b", "self", "site_b"),
        ("inspector", "inspection", "site_b"),
    ],
)
def test_create_allowed(people, mini, who, kind, site):
    iid = new(people, getattr(people, who), kind, getattr(people, site))
    row = people.store.one("SELECT kind, author_id, site_id FROM inspections WHERE id = ?", (iid,))
    assert row == {"kind": kind, "author_id": getattr(people, who).id, "site_id": getattr(people, site)}


# ------------------------------------------------------------------ answering


def test_only_the_author_answers_an_inspection(people, mini):
    iid = new(people, people.inspector, "inspection", people.site_a)
    before = counts(people.store)
    for other in (people.inspector2, people.manager_a, people.staff_a, people.admin):
        with pytest.raises(WorkflowError, match="^only the author may answer this inspection$"):
            insp.answer(people.store, other, iid, "1.1", "yes")
    with pytest.raises(WorkflowError, match="^only the author may submit this inspection$"):
        insp.submit(people.store, people.inspector2, iid)
    assert counts(people.store) == before


def test_self_assessment_is_shared_by_its_site_only(people, mini):
    s = people.store
    iid = new(people, people.manager_a, "self", people.site_a)
    insp.answer(s, people.staff_a, iid, "1.1", "yes")  # staff of the site help fill it in
    assert s.scalar("SELECT answered_by FROM answers WHERE inspection_id = ?", (iid,)) == people.staff_a.id
    before = counts(s)
    for other in (people.manager_b, people.inspector):
        with pytest.raises(WorkflowError, match="^only the author may answer this inspection$"):
            insp.answer(s, other, iid, "1.1", "no")
    assert counts(s) == before


# ------------------------------------------------------------------ reviewing


def submitted_self(p, author):
    iid = new(p, author, "self", p.site_a)
    fill(p, iid, author)
    insp.submit(p.store, author, iid)
    return iid


@pytest.mark.parametrize("action", ["approve", "return"])
def test_staff_cannot_review(people, mini, action):
    iid = submitted_self(people, people.manager_a)
    before = counts(people.store)
    with pytest.raises(WorkflowError, match="^only the manager of the inspected site reviews it$"):
        review(people, people.staff_a, iid, action)
    assert counts(people.store) == before


@pytest.mark.parametrize("action", ["approve", "return"])
def test_author_cannot_review_own_self_assessment_even_as_manager(people, mini, action):
    iid = submitted_self(people, people.manager_a)
    before = counts(people.store)
    with pytest.raises(WorkflowError, match="^four-eyes rule: nobody reviews their own work$"):
        review(people, people.manager_a, iid, action)
    assert counts(people.store) == before
    assert people.store.one("SELECT state, reviewer_id FROM inspections WHERE id = ?", (iid,)) == {
        "state": "submitted",
        "reviewer_id": None,
    }


def test_second_manager_reviews_the_managers_self_assessment(people, mini):
    s = people.store
    uid = accounts.create_user(
        s, by=people.admin, name="deputy", role="manager", password="deputy-pass-1", site_ids=[people.site_a]
    )
    deputy = accounts.actor(s, uid)
    iid = submitted_self(people, people.manager_a)
    insp.approve(s, deputy, iid)
    assert s.one("SELECT state, reviewer_id FROM inspections WHERE id = ?", (iid,)) == {
        "state": "approved",
        "reviewer_id": uid,
    }


@pytest.mark.parametrize("action", ["approve", "return"])
def test_manager_of_site_a_cannot_review_site_b(people, mini, action):
    s = people.store
    iid = new(people, people.inspector, "inspection", people.site_b)
    fill(people, iid, people.inspector)
    insp.submit(s, people.inspector, iid)
    before = counts(s)
    with pytest.raises(WorkflowError, match="^only the manager of the inspected site reviews it$"):
        review(people, people.manager_a, iid, action)
    assert counts(s) == before
    review(people, people.manager_b, iid, action)
    assert s.scalar("SELECT reviewer_id FROM inspections WHERE id = ?", (iid,)) == people.manager_b.id


@pytest.mark.parametrize("who", ["inspector", "inspector2", "admin"])
def test_inspectors_and_admins_do_not_approve(people, mini, who):
    s = people.store
    iid = new(people, people.inspector, "inspection", people.site_a)
    fill(people, iid, people.inspector)
    insp.submit(s, people.inspector, iid)
    with pytest.raises(WorkflowError):
        insp.approve(s, getattr(people, who), iid)
    assert s.scalar("SELECT state FROM inspections WHERE id = ?", (iid,)) == "submitted"


def review(p, by, iid, action):
    if action == "approve":
        insp.approve(p.store, by, iid)
    else:
        insp.return_inspection(p.store, by, iid, "请核实")


# ------------------------------------------------------------------ administration


def test_only_admins_add_users_sites_and_templates(people):
    s = people.store
    before = counts(s)
    for who in (people.inspector, people.manager_a, people.staff_a):
        with pytest.raises(NotAllowed, match="^only an admin adds users$"):
            accounts.create_user(s, by=who, name="x", role="staff", password="password-1", site_ids=[people.site_a])
        with pytest.raises(NotAllowed, match="^only an admin adds sites$"):
            accounts.create_site(s, by=who, name="新站", kind="toll_station", region="east")
        with pytest.raises(NotAllowed, match="^only an admin imports templates$"):
            templates.import_file(s, DATA_DIR / "valid_minimal.yaml", by=who)
    with pytest.raises(NotAllowed, match="^only an admin adds users$"):
        accounts.create_user(s, by=None, name="sneaky", role="admin", password="password-1")
    assert counts(s) == before


def test_first_user_must_be_an_admin(bare_store):
    with pytest.raises(InputError, match="^the first user of a new home must be an admin$"):
        accounts.create_user(bare_store, by=None, name="first", role="inspector", password="password-1")
    assert accounts.has_users(bare_store) is False


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"name": "two words", "role": "staff"}, "user name 'two words' must be one word without spaces"),
        ({"name": "x", "role": "boss"}, "role 'boss' is not one of admin, inspector, manager, staff"),
        ({"name": "x", "role": "inspector", "password": "short"}, "the password must have at least 8 characters"),
        ({"name": "inspector", "role": "inspector"}, "a user named 'inspector' already exists"),
        ({"name": "x", "role": "staff", "site_ids": []}, "a staff belongs to at least one site"),
    ],
)
def test_user_input_refused(people, kwargs, message):
    args = {"password": "password-1", "site_ids": [people.site_a]} | kwargs
    before = counts(people.store)
    with pytest.raises(InputError) as err:
        accounts.create_user(people.store, by=people.admin, **args)
    assert str(err.value) == message
    assert counts(people.store) == before


def test_passwords_are_stored_as_scrypt_hashes(bare_store):
    s = bare_store
    uid = accounts.create_user(s, by=None, name="root", role="admin", password="秘密-password")
    stored = s.scalar("SELECT password_hash FROM users WHERE id = ?", (uid,))
    assert stored.startswith("scrypt$16384$8$1$")
    assert "秘密-password" not in stored and "password" not in stored
    assert accounts.verify_password("秘密-password", stored) is True
    assert accounts.verify_password("秘密-Password", stored) is False
    assert accounts.authenticate(s, "root", "秘密-password").id == uid
    with pytest.raises(NotAllowed, match="^wrong user name or password$"):
        accounts.authenticate(s, "root", "wrong-password")
    # Two users with one password get different hashes (salted).
    other = accounts.create_user(s, by=accounts.actor(s, uid), name="root2", role="admin", password="秘密-password")
    assert s.scalar("SELECT password_hash FROM users WHERE id = ?", (other,)) != stored


def test_inactive_user_cannot_act(people):
    s = people.store
    with s.write():
        s.conn.execute("UPDATE users SET active = 0 WHERE id = ?", (people.staff_a.id,))
    with pytest.raises(LookupError, match=f"no active user with id {people.staff_a.id}"):
        accounts.actor(s, people.staff_a.id)
