"""The scrypt cost of new password hashes (services.accounts) and key seals (services.crypto).

Kept apart from both so the login dialog, which checks a password, loads no cryptography library.
"""

from __future__ import annotations

import contextlib
import contextvars

SCRYPT = {"n": 2**14, "r": 8, "p": 1}
# Demo accounts' passwords are printed for everyone to read, so their hashes and sealed keys protect
# nothing and are made at a lower cost (see published_passwords): the demo's two hundred signatures
# each check a password and unseal a key. A password set later (reset by an admin, or changed) gets
# the full cost; a stored hash or seal names its own cost.
DEMO_SCRYPT = {"n": 2**10, "r": 8, "p": 1}
_COST: contextvars.ContextVar[dict | None] = contextvars.ContextVar("civdesk_scrypt_cost", default=None)


@contextlib.contextmanager
def published_passwords():
    """Within: passwords hashed and keys sealed at DEMO_SCRYPT's cost, for accounts whose passwords
    are printed for all to read (the demo home's)."""
    token = _COST.set(DEMO_SCRYPT)
    try:
        yield
    finally:
        _COST.reset(token)


def scrypt_cost() -> dict:
    """The cost new password hashes and key seals are made with."""
    return _COST.get() or SCRYPT
