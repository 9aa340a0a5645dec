"""Errors the services raise for bad input; the CLI turns them into exit 2 with one line.

All are ``CivDeskError``s (civdesk.domain.errors): a catalogue code and its params.
"""

from __future__ import annotations

from ..domain.errors import CivDeskError, InputError, NotAllowed, NotFound

__all__ = ["CertificateRefused", "CivDeskError", "InputError", "NotAllowed", "NotFound", "SubmitBlocked"]


class SubmitBlocked(CivDeskError, ValueError):
    """Submission refused: ``blockers`` lists each unanswered item or missing evidence."""

    def __init__(self, blockers):
        self.blockers = list(blockers)
        listed = [InputError(f"blocker.{b.reason}", item=b.code) for b in self.blockers[:8]]
        more = f" … (+{len(self.blockers) - 8})" if len(self.blockers) > 8 else ""
        super().__init__("inspection.submit_blocked", count=len(self.blockers), listed=listed, more=more)


class CertificateRefused(InputError):
    """A certificate that cannot be issued, printed or revoked; ``reason`` is one of
    services.certificates.REASONS (the code is ``certificate.<reason>``) and ``details`` its
    particulars."""

    def __init__(self, reason: str, **args):
        self.reason = reason
        self.details = dict(args)
        super().__init__(f"certificate.{reason}", **args)
