"""Errors the services raise for bad input; the CLI turns them into exit 2 with one line."""

from __future__ import annotations


class InputError(ValueError):
    """Input that CivDesk refuses; the message names what is wrong."""


class NotFound(LookupError):
    """A referenced record (user, site, template, inspection, item) does not exist."""


class SubmitBlocked(ValueError):
    """Submission refused: ``blockers`` lists each unanswered item or missing evidence."""

    def __init__(self, blockers):
        self.blockers = list(blockers)
        listed = "; ".join(str(b) for b in self.blockers[:8])
        more = f" … (+{len(self.blockers) - 8})" if len(self.blockers) > 8 else ""
        super().__init__(f"cannot submit, {len(self.blockers)} item(s) block it: {listed}{more}")
