"""Service refusals worded for the screen.

The services and the domain refuse with a ``CivDeskError``: a catalogue code and its arguments.
The screens word it through the same catalogue as the command line (civdesk.messages), in the
interface language (i18n.install sets it); a file system that refused (an ``OSError``: a
read-only USB stick, a full disk) is worded as a file-system refusal naming the path and the
reason. Nothing here reads a message to learn what happened.
"""

from __future__ import annotations

from .. import messages


def explain(error: BaseException) -> str:
    """The refusal in the interface language."""
    return messages.describe(error)
