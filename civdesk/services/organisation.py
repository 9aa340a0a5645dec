"""The issuing organisation: the name (and seal) that reports, notices and certificates are issued under.

CivDesk is the tool, never the issuer: a document names the organisation an admin set (first run or
Settings → 单位与证书). Until it is set, nothing can be issued in its name: ``require_organisation``
refuses with ``OrganisationMissing``, a typed refusal the certificate rules call before issuing.
"""

from __future__ import annotations

from pathlib import Path

from ..domain.workflow import Actor
from ..store import Store
from . import settings
from .errors import InputError


class OrganisationMissing(InputError):
    """Refusal: the issuing organisation is not set yet (``reason`` for callers that branch on it)."""

    reason = "organisation_missing"

    def __init__(self) -> None:
        super().__init__("organisation.missing")


def name(store: Store) -> str:
    """The organisation's name as documents print it; "" when not set."""
    return str(settings.get(store, "org_name") or "").strip()


def require_organisation(store: Store) -> str:
    """The organisation's name, or OrganisationMissing when none is set."""
    org = name(store)
    if not org:
        raise OrganisationMissing()
    return org


def seal(store: Store) -> Path | None:
    """The seal image printed with the organisation's name, when one is set and its file is there."""
    return settings.seal_path(store)


def set_up(store: Store, by: Actor, org_name: str, seal_png: Path | str | None = None) -> str:
    """First run: record the organisation (and its seal) in one step; only an admin does this.
    A seal that is not a usable PNG is refused before anything is stored."""
    org_name = org_name.strip()
    if not org_name:
        raise InputError("organisation.organisation_s_name_must")
    if seal_png:
        why = settings.png_problem(Path(seal_png))
        if why:
            raise why
    settings.set_value(store, by, "org_name", org_name)
    if seal_png:
        settings.set_seal_image(store, by, seal_png)
    return org_name
