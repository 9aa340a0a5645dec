"""One place to find CivDesk's bundled resources (templates, translations, seed), source or frozen."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    # PyInstaller unpacks data next to the executable and points sys._MEIPASS at it.
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)
