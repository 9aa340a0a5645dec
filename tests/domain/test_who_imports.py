"""Who may bring a bundle into a home: one rule, asked by the import service and the 数据 menu."""

from __future__ import annotations

import pytest

from civdesk.domain.errors import NotAllowed
from civdesk.domain.exchange import import_refusal
from civdesk.domain.workflow import ROLES


@pytest.mark.parametrize("role", ROLES)
def test_inspecting_and_reviewing_roles_import_and_staff_do_not(role):
    refusal = import_refusal(role)
    if role == "staff":
        assert isinstance(refusal, NotAllowed) and refusal.code == "bundles.only_admin_manager_inspector"
    else:
        assert refusal is None


def test_an_unknown_role_is_refused():
    assert isinstance(import_refusal("visitor"), NotAllowed)
