"""The admin views: for every role, ``allowed`` is exactly what the services accept, and a refused
action is refused by the service itself, with the view's catalogue code, when called directly.

Each action is tried for real inside a transaction that is rolled back afterwards.
"""

from __future__ import annotations

import pytest

from civdesk import settings_schema as schema
from civdesk.domain.errors import CivDeskError, InputError, NotAllowed
from civdesk.services import accounts, admin_views, settings, sync, sync_state
from civdesk.services.sync_client import HubUnreachable
from tests.helpers.data import PASSWORD

ROLES = ("admin", "inspector", "manager_a", "staff_a")


def attempt(store, do) -> CivDeskError | None:
    """The refusal of the service call ``do`` (None when it went through); rolled back either way."""
    store.conn.execute("BEGIN IMMEDIATE")
    try:
        do()
        return None
    except CivDeskError as e:
        return e
    finally:
        store.conn.execute("ROLLBACK")


def same_refusal(view, action: str, got: CivDeskError | None) -> None:
    """The service refused exactly when the view refuses, with the same class and code."""
    expected = view.why_not(action)
    assert (got is None) == view.can(action), (action, got, expected)
    if got is not None:
        assert (type(got), got.code) == (type(expected), expected.code), (action, got.code, expected.code)


def user_actions(s, who, target, site_id):
    return {
        "reset_password": lambda: accounts.reset_password(s, by=who, user_id=target.id, new_password="another-pass-1"),
        "assign_sites": lambda: accounts.assign_sites(s, by=who, user_id=target.id, site_ids=[site_id]),
    }


@pytest.mark.parametrize("role", ROLES)
def test_each_role_is_offered_exactly_the_user_actions_the_service_takes(people, role):
    s, who = people.store, getattr(people, role)
    d = admin_views.directory(s, who)
    assert [u.name for u in d.users] == ["admin", "inspector", "inspector2", "manager_a", "staff_a", "manager_b"]
    for u in d.users:
        for action, do in user_actions(s, who, u, people.site_a).items():
            same_refusal(u, action, attempt(s, do))
    same_refusal(
        d,
        "add_user",
        attempt(s, lambda: accounts.create_user(s, by=who, name="new_person", role="inspector", password=PASSWORD)),
    )
    expected = {"reset_password", "assign_sites"} if role == "admin" else set()
    assert d.user(people.inspector.id).allowed == expected
    assert d.user(people.manager_a.id).allowed == ({"reset_password"} if role == "admin" else set())
    assert d.allowed == (
        {"add_user", "reset_password", "assign_sites", "add_site", "edit_site"} if role == "admin" else set()
    )


def test_the_refusals_are_named_by_their_catalogue_codes(people):
    s = people.store
    d = admin_views.directory(s, people.manager_a)
    assert d.why_not("add_user").code == "accounts.only_admin_adds_users"
    assert d.user(people.staff_a.id).why_not("reset_password").code == "accounts.only_admin_resets_passwords"
    assert d.user(people.inspector.id).why_not("assign_sites").code == "accounts.only_admin_assigns_inspectors"
    assert d.site(people.site_a).why_not("edit").code == "accounts.only_admin_edits_sites"
    # An admin may reset a manager's password but not give a manager an inspector's sites.
    refused = admin_views.directory(s, people.admin).user(people.manager_a.id).why_not("assign_sites")
    assert isinstance(refused, InputError) and refused.code == "accounts.only_inspectors_assigned_sites"
    # And the service, called directly as the manager, refuses with that same code.
    with pytest.raises(NotAllowed) as e:
        accounts.reset_password(s, by=people.manager_a, user_id=people.staff_a.id, new_password="another-pass-1")
    assert e.value.code == "accounts.only_admin_resets_passwords"
    with pytest.raises(InputError) as e:
        accounts.assign_sites(s, by=people.admin, user_id=people.manager_a.id, site_ids=[people.site_b])
    assert e.value.code == "accounts.only_inspectors_assigned_sites"


def test_the_directory_states_each_person_and_site_as_stored(people):
    accounts.assign_sites(people.store, by=people.admin, user_id=people.inspector2.id, site_ids=[people.site_b])
    d = admin_views.directory(people.store, people.admin)
    manager = d.user(people.manager_a.id)
    assert (manager.role, manager.sites, manager.site_ids, manager.active) == (
        "manager",
        ("收费站A",),
        frozenset({people.site_a}),
        True,
    )
    assert d.user(people.inspector.id).every_site and not manager.every_site
    assert (d.user(people.inspector2.id).sites, d.user(people.inspector2.id).every_site) == (("收费站B",), False)
    site = d.site(people.site_a)
    assert (site.name, site.kind, site.region, site.managers, site.manager_id) == (
        "收费站A",
        "toll_station",
        "east",
        ("manager_a",),
        people.manager_a.id,
    )
    assert [u.name for u in d.managers()] == ["manager_a", "manager_b"]


@pytest.mark.parametrize("role", ROLES)
def test_each_role_is_offered_exactly_the_site_actions_the_service_takes(people, role):
    s, who = people.store, getattr(people, role)
    d = admin_views.directory(s, who)
    for site in d.sites:
        same_refusal(
            site,
            "edit",
            attempt(
                s,
                lambda: accounts.update_site(
                    s, by=who, site_id=site.id, name=site.name, kind=site.kind, region=site.region
                ),
            ),
        )
        same_refusal(
            site,
            "set_manager",
            attempt(s, lambda: accounts.set_site_manager(s, by=who, site_id=site.id, manager_id=None)),
        )
        assert site.allowed == ({"edit", "set_manager"} if role == "admin" else set())
    same_refusal(
        d,
        "add_site",
        attempt(s, lambda: accounts.create_site(s, by=who, name="收费站C", kind="toll_station", region="east")),
    )


def _change(s, who, name: str) -> None:
    if name == "data_folder":
        # Moving copies the whole home; only the refusal is tried (it comes before any copying).
        if who.role != "admin":
            settings.move_home(s, who, s.home.parent / "moved")
    elif name == "seal_image":
        settings.clear_seal_image(s, who)
    else:
        settings.set_value(s, who, name, settings.get(s, name))


@pytest.mark.parametrize("role", ROLES)
def test_each_role_may_change_exactly_the_settings_the_service_takes(people, role):
    s, who = people.store, getattr(people, role)
    v = admin_views.settings_view(s, who)
    for setting in schema.SCHEMA:
        same_refusal(v, setting.name, attempt(s, lambda: _change(s, who, setting.name)))
    personal = {x.name for x in schema.SCHEMA if not x.admin_only}
    assert {a for a in v.allowed if not a.startswith("sync.")} == (
        {x.name for x in schema.SCHEMA} if role == "admin" else personal
    )
    assert v.groups == (frozenset(schema.GROUPS) if role == "admin" else frozenset({"interface"}))
    assert v.all_changeable == (role == "admin")
    if role != "admin":
        assert v.why_not("org_name").code == "settings.only_admin_changes"


@pytest.mark.parametrize("role", ROLES)
def test_enrolling_and_publishing_are_offered_as_the_sync_service_decides(people, role):
    s, who = people.store, getattr(people, role)
    v = admin_views.settings_view(s, who)
    assert v.can("sync.enrol") == (role == "admin")
    # The service refuses a non-admin before reaching for the hub; an admin gets as far as the network.
    with pytest.raises(HubUnreachable if role == "admin" else NotAllowed) as e:
        sync.enrol(s, "http://127.0.0.1:9", "ONE-TIME", by=who)
    if role != "admin":
        assert e.value.code == v.why_not("sync.enrol").code == "cli_sync.only_admin_enrols_home"
    # Not enrolled: nobody publishes; an enrolled station desk neither; an office desk's admin does.
    assert v.why_not("sync.publish").code == (
        "sync.home_enrolled_hub_run" if role == "admin" else "sync.only_admin_publishes"
    )
    for office in (False, True):
        s.set_setting(sync_state.CONFIG, {"url": "http://127.0.0.1:9", "desk": "站", "office": office, "sites": []})
        v = admin_views.settings_view(s, who)
        assert v.can("sync.publish") == (office and role == "admin")
        assert not v.can("sync.enrol")
        if not v.can("sync.publish"):
            with pytest.raises((InputError, NotAllowed)) as e:
                sync.publish_templates(s, ["mini"], by=who)
            assert e.value.code == v.why_not("sync.publish").code
