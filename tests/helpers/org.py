"""Inspections in the states the certificate, scope and my-work tests need, made through the services.

The ``mini`` checklist gets a second version with a one-point item (1.3), so an inspection can fail
an item and still earn 优秀 (34/36): the certificate then waits for that rectification to be closed.
"""

from __future__ import annotations

import copy
import datetime as _dt

from civdesk.services import inspections, rectifications, signing, templates
from civdesk.services.demo import signature_png
from tests.helpers.data import MINI, PASSWORD

EXCELLENT = {"1.1": "yes", "1.2": "excellent", "2.1": 35, "2.2": "yes", "1.3": "yes"}
FIXABLE = {**EXCELLENT, "1.3": "no"}  # 优秀 with one failed item → one rectification
MEDIOCRE = {**EXCELLENT, "1.2": "pass", "2.1": 20}  # 达标: earns no certificate, nothing failed


def two_site_people(home, mp):
    """A home with sites A and B, an admin, an inspector for every site, an inspector assigned to B
    only (``inspector2``), manager and staff of A, manager of B, and ``mini`` in versions 1 and 2.
    ``mp`` (a pytest.MonkeyPatch the caller undoes) makes password hashing cheap and leaves the
    built-in checklists out; ``user(name, role, sites)`` adds another person."""
    from types import SimpleNamespace

    from civdesk import services
    from civdesk.services import accounts, password_cost

    mp.setattr(password_cost, "SCRYPT", {"n": 2**10, "r": 8, "p": 1})
    mp.setattr(templates, "builtin_files", list)
    store = services.open_home(home)
    admin = accounts.actor(store, accounts.create_user(store, by=None, name="admin", role="admin", password=PASSWORD))
    a = accounts.create_site(store, by=admin, name="收费站A", kind="toll_station", region="east")
    b = accounts.create_site(store, by=admin, name="收费站B", kind="toll_station", region="west")

    def user(name, role, sites=()):
        return accounts.actor(
            store, accounts.create_user(store, by=admin, name=name, role=role, password=PASSWORD, site_ids=list(sites))
        )

    p = SimpleNamespace(
        store=store,
        admin=admin,
        site_a=a,
        site_b=b,
        user=user,
        inspector=user("inspector", "inspector"),
        inspector2=user("inspector2", "inspector", [b]),
        manager_a=user("manager_a", "manager", [a]),
        staff_a=user("staff_a", "staff", [a]),
        manager_b=user("manager_b", "manager", [b]),
    )
    templates.add_version(store, MINI, by=admin)
    add_mini_v2(p)
    return p


def add_mini_v2(people) -> None:
    data = copy.deepcopy(MINI)
    data["version"] = 2
    data["sections"][0]["items"].append({"code": "1.3", "text": "服务台面整洁", "type": "check", "points": 1})
    templates.add_version(people.store, data, by=people.admin)


def manager_of(people, site):
    return people.manager_a if site == people.site_a else people.manager_b


def make(
    people,
    answers: dict,
    *,
    site=None,
    kind="inspection",
    author=None,
    state="signed",
    submitted_on: _dt.date | None = None,
) -> int:
    """An inspection (or self-assessment) of ``mini`` taken to ``state``."""
    s = people.store
    site = site or people.site_a
    author = author or (people.inspector if kind == "inspection" else people.staff_a)
    iid = inspections.new_inspection(s, author, template_id="mini", site_id=site, kind=kind)
    for code, value in answers.items():
        inspections.answer(s, author, iid, code, value)
        if value == "no":
            inspections.set_note(s, author, iid, code, "未做到")
    if state == "draft":
        return iid
    inspections.submit(s, author, iid, today=submitted_on)
    if state == "submitted":
        return iid
    manager = manager_of(people, site)
    if state == "returned":
        inspections.return_inspection(s, manager, iid, "请补充")
        return iid
    inspections.approve(s, manager, iid)
    if state == "approved":
        return iid
    sign(people, iid, author, manager)
    return iid


def sign(people, iid: int, *who) -> None:
    for person in who:
        signing.sign(people.store, person, iid, PASSWORD, signature_png(person.name))


def reinspect(people, iid: int, fixed: bool = True) -> int:
    """A signed 复查 of the inspection's open rectifications (found fixed, or not)."""
    s = people.store
    row = s.one("SELECT site_id, author_id FROM inspections WHERE id = ?", (iid,))
    author = people.inspector if row["author_id"] == people.inspector.id else people.inspector2
    rid = inspections.new_inspection(
        s, author, template_id="mini", site_id=row["site_id"], kind="reinspection", follows_id=iid
    )
    for code in rectifications.open_codes(s, iid):
        inspections.answer(s, author, rid, code, "yes" if fixed else "no")
        if not fixed:
            inspections.set_note(s, author, rid, code, "仍未整改")
    inspections.submit(s, author, rid)
    manager = manager_of(people, row["site_id"])
    inspections.approve(s, manager, rid)
    sign(people, rid, author, manager)
    return rid
