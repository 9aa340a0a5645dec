"""Login: the password check on a worker thread while the caller's ``meanwhile`` work runs."""

from __future__ import annotations

import threading

import pytest

from civdesk.domain.errors import NotAllowed
from civdesk.services import accounts
from civdesk.store import users
from tests.helpers.data import PASSWORD


def _recorder():
    calls = []

    def meanwhile():
        # The hash is computed on another thread while this runs on the caller's.
        calls.append(
            (
                threading.current_thread() is threading.main_thread(),
                sorted(t.name for t in threading.enumerate() if t.name == "password-check"),
            )
        )

    return calls, meanwhile


def _real_cost_hash(people) -> None:
    """The inspector's password hashed at the full scrypt cost (the suite's is cheap): the check then
    takes tens of milliseconds, so it is surely still running when ``meanwhile`` starts."""
    with people.store.write() as conn:
        users.set_password(
            conn, people.inspector.id, accounts.hash_password(PASSWORD, {"n": 2**14, "r": 8, "p": 4}), reset=False
        )


def test_right_password_with_meanwhile_work_logs_in(people):
    _real_cost_hash(people)
    calls, meanwhile = _recorder()
    actor = accounts.authenticate(people.store, "inspector", PASSWORD, meanwhile=meanwhile)
    assert (actor.id, actor.role) == (people.inspector.id, "inspector")
    assert calls == [(True, ["password-check"])]
    assert not any(t.name == "password-check" for t in threading.enumerate())  # joined, not left running


def test_wrong_password_with_meanwhile_work_is_refused_and_counted(people):
    calls, meanwhile = _recorder()
    with pytest.raises(NotAllowed, match="wrong user name or password"):
        accounts.authenticate(people.store, "inspector", "not-it", meanwhile=meanwhile)
    assert len(calls) == 1
    assert people.store.scalar("SELECT count FROM login_failures WHERE name = 'inspector'") == 1


def test_unknown_name_runs_no_meanwhile_work(people):
    calls, meanwhile = _recorder()
    with pytest.raises(NotAllowed, match="wrong user name or password"):
        accounts.authenticate(people.store, "nobody", PASSWORD, meanwhile=meanwhile)
    assert calls == []


def test_a_failing_meanwhile_propagates_after_the_check_finishes(people):
    def broken():
        raise RuntimeError("import failed")

    with pytest.raises(RuntimeError, match="import failed"):
        accounts.authenticate(people.store, "inspector", PASSWORD, meanwhile=broken)
    assert not any(t.name == "password-check" for t in threading.enumerate())


@pytest.mark.parametrize(
    "damaged", ["scrypt$x", "scrypt$16384$8$1$not base64!$abc", "scrypt$0$8$1$AAAA$AAAA", "bcrypt$whatever", ""]
)
def test_a_damaged_hash_is_a_wrong_password_not_a_crash(people, damaged):
    with people.store.write() as conn:
        conn.execute("UPDATE users SET password_hash = ? WHERE name = 'inspector'", (damaged,))
    assert accounts.verify_password(PASSWORD, damaged) is False
    for meanwhile in (None, lambda: None):
        with pytest.raises(NotAllowed, match="wrong user name or password"):
            accounts.authenticate(people.store, "inspector", PASSWORD, meanwhile=meanwhile)
