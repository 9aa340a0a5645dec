"""Keys at rest: sealed with scrypt under the owner's password; a password changed by its owner
reseals their keys and their grant of the root; an admin's reset issues a new key under the root
and the old password opens nothing any more."""

from __future__ import annotations

import pytest

from civdesk.domain.errors import NotAllowed
from civdesk.services import accounts, keys, trust
from tests.helpers.data import PASSWORD

NEW = "new-password-9"


def test_changing_ones_password_reseals_keys_and_the_root_grant(people):
    s = people.store
    with s.write():
        keys.change_password(s, people.inspector.id, PASSWORD, NEW)
        keys.change_password(s, people.admin.id, PASSWORD, NEW)
    with pytest.raises(NotAllowed):
        keys.signing_material(s, people.inspector.id, PASSWORD)
    _key, cert = keys.signing_material(s, people.inspector.id, NEW)
    assert trust.HomeTrust(s).vouch(cert).uuid == s.scalar(
        "SELECT uuid FROM users WHERE id = ?", (people.inspector.id,)
    )
    trust.lock(s)
    assert not trust.unlock(s, people.admin.id, PASSWORD)
    assert trust.unlock(s, people.admin.id, NEW)


def test_a_reset_issues_a_new_key_and_retires_the_old_one(people):
    s = people.store
    before = s.one("SELECT fingerprint FROM user_keys WHERE user_id = ? AND active = 1", (people.manager_a.id,))
    accounts.reset_password(s, by=people.admin, user_id=people.manager_a.id, new_password=NEW)
    after = s.one(
        "SELECT fingerprint, issuer, private_key FROM user_keys WHERE user_id = ? AND active = 1",
        (people.manager_a.id,),
    )
    assert after["fingerprint"] != before["fingerprint"] and after["issuer"] == trust.own_root(s).fingerprint
    assert after["private_key"].startswith("scrypt-aesgcm$")
    with pytest.raises(NotAllowed):
        keys.signing_material(s, people.manager_a.id, PASSWORD)
    keys.signing_material(s, people.manager_a.id, NEW)
    # An admin's reset takes their grant of the root to the new password.
    accounts.reset_password(s, by=people.admin, user_id=people.admin.id, new_password=NEW)
    trust.lock(s)
    assert not trust.unlock(s, people.admin.id, PASSWORD) and trust.unlock(s, people.admin.id, NEW)


def test_a_long_organisation_name_still_makes_a_root(store):
    store.set_setting("org_name", "某某省某某市高速公路管理局精神文明建设委员会办公室文明创建工作领导小组" * 2)
    uid = accounts.create_user(store, by=None, name="admin", role="admin", password=PASSWORD)
    root = trust.own_root(store)
    assert root.name.endswith("根证书") and len(root.name.encode()) <= 64
    assert keys.signing_material(store, uid, PASSWORD)[1].issuer == root.certificate.subject
