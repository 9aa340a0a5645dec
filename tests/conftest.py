"""Shared fixtures: a fresh home folder per test, users and sites made through the services.

``store`` is a real home as CivDesk opens it (built-in checklists installed). ``bare_store`` is the
same without the built-in checklists, for tests that bring their own small template (``mini``) and
must not depend on the content of resources/templates.
"""

from __future__ import annotations

import copy
from types import SimpleNamespace

import pytest

from civdesk import messages, services
from civdesk.services import accounts, password_cost, templates
from tests.helpers.data import MINI, PASSWORD


@pytest.fixture(autouse=True)
def catalogue_in_chinese():
    """The message catalogue's language is the process's (--lang, the GUI's choice): each test
    starts in Chinese, whatever a command line run before switched it to."""
    messages.set_language("zh")
    yield


@pytest.fixture
def mini_data() -> dict:
    """The small template as plain data (a fresh copy, free to modify)."""
    return copy.deepcopy(MINI)


@pytest.fixture
def store(tmp_path):
    """A home opened exactly as CivDesk opens it, built-in checklists included."""
    s = services.open_home(tmp_path / "home")
    yield s
    s.close()


@pytest.fixture
def bare_store(tmp_path, monkeypatch):
    """A home without the built-in checklists."""
    monkeypatch.setattr(templates, "builtin_files", list)
    s = services.open_home(tmp_path / "home")
    yield s
    s.close()


@pytest.fixture
def people(bare_store, monkeypatch):
    """An admin, two inspectors, two sites (A east, B west), a manager and staff at A, a manager at B."""
    # Cheaper scrypt for these seven accounts (the stored hash names its own cost, so checking still
    # works); tests/services/test_permissions.py checks the real cost on a user of its own.
    monkeypatch.setattr(password_cost, "SCRYPT", {"n": 2**10, "r": 8, "p": 1})
    s = bare_store
    admin_id = accounts.create_user(s, by=None, name="admin", role="admin", password=PASSWORD)
    admin = accounts.actor(s, admin_id)
    site_a = accounts.create_site(s, by=admin, name="收费站A", kind="toll_station", region="east")
    site_b = accounts.create_site(s, by=admin, name="收费站B", kind="toll_station", region="west")

    def user(name, role, sites=()):
        uid = accounts.create_user(s, by=admin, name=name, role=role, password=PASSWORD, site_ids=list(sites))
        return accounts.actor(s, uid)

    return SimpleNamespace(
        store=s,
        admin=admin,
        site_a=site_a,
        site_b=site_b,
        inspector=user("inspector", "inspector"),
        inspector2=user("inspector2", "inspector"),
        manager_a=user("manager_a", "manager", [site_a]),
        staff_a=user("staff_a", "staff", [site_a]),
        manager_b=user("manager_b", "manager", [site_b]),
    )


@pytest.fixture
def mini(people, mini_data):
    """The primary key of the small template stored in ``bare_store``."""
    pk, created = templates.add_version(people.store, mini_data, by=people.admin)
    assert created
    return pk


@pytest.fixture(scope="session")
def populated_home_path(tmp_path_factory):
    """A home of 5,000 inspections shaped like a working one (answers, rectifications, return
    comments, photos), built once per test run; tests that change it take ``populated_home``."""
    from benchmarks.synthetic import build_home

    home = tmp_path_factory.mktemp("populated") / "home"
    build_home(home, inspections=5_000, answers_each=5, sites=40, inspectors=8)
    return home


@pytest.fixture
def populated_home(populated_home_path, tmp_path):
    """A private copy of the 5,000-inspection home (its database; photos shared read-only)."""
    from benchmarks.scale_home import scratch_copy

    return scratch_copy(populated_home_path, tmp_path / "home")
