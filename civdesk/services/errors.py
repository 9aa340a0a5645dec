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


class CertificateRefused(InputError):
    """A certificate that cannot be issued, printed or revoked; ``reason`` is a code from
    services.certificates.REASONS and ``args`` its particulars, so a screen words it in its own
    language without parsing the message."""

    def __init__(self, reason: str, message: str, **args):
        self.reason = reason
        self.details = dict(args)
        super().__init__(message)
