"""What a view says a person may do: ``allowed`` actions and, for the others, the refusal the
service would give. The views of services/views.py and services/admin_views.py carry it; this
module is light so a screen built before login may import a view's type."""

from __future__ import annotations

from collections.abc import Mapping

from .errors import CivDeskError


class Allows:
    allowed: frozenset[str]
    refused: Mapping[str, CivDeskError]

    def can(self, action: str) -> bool:
        return action in self.allowed

    def why_not(self, action: str) -> CivDeskError | None:
        """The refusal the service would give (None when the action is allowed)."""
        return self.refused.get(action)
