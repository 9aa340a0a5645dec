"""One place to find CivDesk's bundled resources (templates, translations, seed, icons).

The repository keeps them in ``resources/``; the wheel maps that folder into the package as
``civdesk/data`` (pyproject's package-dir); the PyInstaller build copies it next to the executable
(``sys._MEIPASS/resources``). ``resources_dir()`` finds whichever of the three is there.

What CivDesk needs at run time is listed in ``REQUIRED``: a missing or unreadable one is a
``ResourceError`` that names it (start-up, ``demo``, ``templates list``), never an empty result.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .domain.errors import CivDeskError

# The built-in checklists (resources/templates/<id>.yaml). A test keeps this list and the folder equal.
BUILTIN_TEMPLATES = ("civilized-city", "civilized-unit", "toll-collector-monthly", "toll-window")

REQUIRED: tuple[tuple[str, ...], ...] = (
    *(("templates", f"{t}.yaml") for t in BUILTIN_TEMPLATES),
    ("i18n", "civdesk_en.qm"),
    ("icons", "civdesk.png"),
)


class ResourceError(CivDeskError):
    """A built-in resource is missing or unreadable: the installation is incomplete."""

    def __init__(self, part: str, folder: Path, reason: str, detail: str = ""):
        self.part, self.folder, self.reason = part, folder, reason
        super().__init__(f"resource.{reason}", part=part, folder=str(folder), detail=detail)


def resources_dir() -> Path:
    # PyInstaller unpacks data next to the executable and points sys._MEIPASS at it.
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    here = Path(__file__).resolve().parent
    installed = here / "data"  # a wheel: resources/ mapped into the package
    if installed.is_dir():
        return installed
    return here.parent / "resources"  # a source checkout or an editable install


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def require(*parts: str) -> Path:
    """The path of a built-in resource, after checking it can be read."""
    path = resource(*parts)
    try:
        with path.open("rb") as f:
            f.read(1)
    except FileNotFoundError:
        raise ResourceError("/".join(parts), resources_dir(), "missing") from None
    except IsADirectoryError:
        raise ResourceError("/".join(parts), resources_dir(), "not_a_file") from None
    except OSError as e:
        raise ResourceError("/".join(parts), resources_dir(), "unreadable", e.strerror or "") from None
    return path


def verify() -> None:
    """Raise ResourceError for the first required resource that is missing or unreadable."""
    for parts in REQUIRED:
        require(*parts)
