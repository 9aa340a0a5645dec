"""The root of CivDesk's refusals: a code and its arguments, worded at the edge.

Every refusal the domain, the store and the services raise is a ``CivDeskError`` carrying a
``code`` (a key of the message catalogue, civdesk/messages) and keyword ``params``. The command
line and the screens word it through ``civdesk.messages.describe`` in their language; ``str(err)``
is the English wording, for logs and tracebacks. Nothing ever parses a message to learn what
happened: callers look at the class, the code and the params.

None of these derive from ``OSError``: a file system that refuses a write stays an ``OSError``
and is shown as one (messages.describe words it with the path and the reason).
"""

from __future__ import annotations

from typing import Any


class CivDeskError(Exception):
    """A refusal with a catalogue ``code`` and its ``params``."""

    def __init__(self, code: str, /, **params: Any):
        super().__init__(code)
        self.code = code
        self.params = params

    def __str__(self) -> str:
        from ..messages import render  # the catalogue is plain data; imported when first worded

        return render(self.code, "en", **self.params)

    def __reduce__(self) -> tuple[Any, ...]:  # keeps code and params through pickling (the operation runner's threads)
        return _rebuild, (type(self), self.code, self.params, self.__dict__)


def _rebuild(cls: type[CivDeskError], code: str, params: dict[str, Any], state: dict[str, Any]) -> CivDeskError:
    err = CivDeskError.__new__(cls)
    Exception.__init__(err, code)
    err.__dict__.update(state)
    err.code, err.params = code, params
    return err


class NotAllowed(CivDeskError):
    """A role, permission or workflow rule refuses the action (not the operating system)."""


class InputError(CivDeskError, ValueError):
    """Input that CivDesk refuses; the code names what is wrong."""


class NotFound(CivDeskError, LookupError):
    """A referenced record (user, site, template, inspection, item) does not exist."""
