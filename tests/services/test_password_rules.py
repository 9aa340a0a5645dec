"""Passwords: a reset one must be changed before the user acts or signs; wrong passwords tried in
parallel are counted one by one (not all checked); the slow-down never locks the user out for
longer than its bound."""

from __future__ import annotations

import datetime as _dt
import threading

import pytest

from civdesk import services
from civdesk.domain.errors import NotAllowed
from civdesk.services import accounts, crypto, keys, signing
from civdesk.services import inspections as insp
from civdesk.services.demo import signature_png
from tests.helpers.data import PASSWORD


def test_a_reset_user_can_neither_act_nor_sign_until_the_password_is_changed(people, mini):
    s = people.store
    iid = insp.new_inspection(s, people.inspector, template_id="mini", site_id=people.site_a, kind="inspection")
    for code, value in (("1.1", "yes"), ("1.2", "good"), ("2.1", 35), ("2.2", "yes")):
        insp.answer(s, people.inspector, iid, code, value)
    insp.submit(s, people.inspector, iid)
    insp.approve(s, people.manager_a, iid)
    accounts.reset_password(s, by=people.admin, user_id=people.manager_a.id, new_password="admin-knows-it")

    with pytest.raises(accounts.PasswordChangeRequired) as refused:
        accounts.authenticate(s, "manager_a", "admin-knows-it")
    assert "civdesk users passwd --user manager_a" in str(refused.value)
    # The admin, who set that password, cannot sign as the manager with it either.
    with pytest.raises(accounts.PasswordChangeRequired):
        signing.sign(s, people.manager_a, iid, "admin-knows-it", signature_png("m"))
    assert s.scalar("SELECT COUNT(*) FROM signatures WHERE inspection_id = ?", (iid,)) == 0

    with pytest.raises(NotAllowed):  # the old password is gone
        accounts.change_password(s, name="manager_a", old_password=PASSWORD, new_password="mine-alone-1")
    who = accounts.change_password(s, name="manager_a", old_password="admin-knows-it", new_password="mine-alone-1")
    assert who.id == people.manager_a.id
    assert s.scalar("SELECT reset_required FROM users WHERE id = ?", (who.id,)) == 0
    assert accounts.authenticate(s, "manager_a", "mine-alone-1").id == who.id
    assert signing.sign(s, people.manager_a, iid, "mine-alone-1", signature_png("m")) == "approved"
    fp = s.scalar("SELECT key_fingerprint FROM signatures WHERE inspection_id = ?", (iid,))
    assert keys.certificate(s, fp)  # a key made after the change, under the new password


def test_changing_a_password_keeps_the_key_and_locks_it_with_the_new_one(people):
    s = people.store
    old = keys.ensure_key(s, people.inspector.id, PASSWORD)
    accounts.change_password(s, name="inspector", old_password=PASSWORD, new_password="a-new-secret-1")
    _key, cert = keys.signing_material(s, people.inspector.id, "a-new-secret-1")
    assert crypto.fingerprint(cert) == old
    with pytest.raises(NotAllowed):
        accounts.authenticate(s, "inspector", PASSWORD)


def test_twenty_parallel_wrong_passwords_are_not_all_checked(people):
    """Each thread has its own connection, as twenty processes would: the attempt is counted in
    the same transaction that allows it, so only the free ones reach the password check."""
    home = people.store.home
    start = threading.Barrier(20)
    verdicts: list[str] = []

    def attempt(n: int) -> None:
        store = services.open_home(home)
        try:
            start.wait()
            accounts.authenticate(store, "inspector", f"guess-{n}")
        except NotAllowed as e:
            verdicts.append("throttled" if "too many failed logins" in str(e) else "checked")
        finally:
            store.close()

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(verdicts) == ["checked"] * accounts.FREE_FAILURES + ["throttled"] * (20 - accounts.FREE_FAILURES)
    assert people.store.scalar("SELECT count FROM login_failures WHERE name = 'inspector'") == accounts.FREE_FAILURES


def test_the_slow_down_is_bounded_and_refused_tries_do_not_extend_it(people):
    s = people.store
    t0 = _dt.datetime(2026, 12, 1, 9, 0, tzinfo=_dt.UTC)
    clock = {"now": t0}

    def at(seconds: float):
        clock["now"] = t0 + _dt.timedelta(seconds=seconds)
        return clock["now"]

    # An attacker who got forty wrong tries in, each the moment it was allowed.
    moment = 0.0
    for _ in range(40):
        moment += accounts.login_delay(s.scalar("SELECT count FROM login_failures WHERE name = 'staff_a'") or 0)
        with pytest.raises(NotAllowed, match="wrong user name or password"):
            accounts.authenticate(s, "staff_a", "guess", clock=lambda: at(moment))
    assert accounts.login_delay(40) == accounts.MAX_DELAY_S
    # Hammering during the wait is refused without counting: the wait does not grow.
    for k in range(1, 30):
        with pytest.raises(NotAllowed, match="too many failed logins"):
            accounts.authenticate(s, "staff_a", "guess", clock=lambda: at(moment + k))
    # The rightful user waits at most MAX_DELAY_S after the last counted try, then gets in.
    who = accounts.authenticate(s, "staff_a", PASSWORD, clock=lambda: at(moment + accounts.MAX_DELAY_S))
    assert who.id == people.staff_a.id
    assert s.scalar("SELECT COUNT(*) FROM login_failures WHERE name = 'staff_a'") == 0
