"""Interface preferences: typed access to the settings declared once in civdesk/settings_schema.py
(name, type, default, description), stored in the home's settings table through
services.settings, with ``Prefs.changed(key)`` telling the application (e.g. to switch the
interface language or theme at once). The Settings screen, built from the same schema, is
``SettingsPage`` (settings/page.py).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal

from .. import settings_schema as schema
from ..domain.workflow import Actor
from ..services import settings as service
from ..services.errors import InputError
from ..store import Store

SCHEMA = schema.SCHEMA
LANGUAGE_NAMES = {"zh_CN": "中文（简体）", "en": "English"}


class Prefs(QObject):
    """Typed access to the settings of the schema; unknown keys are a programming error."""

    changed = Signal(str)

    def __init__(self, store: Store, parent: QObject | None = None):
        super().__init__(parent)
        self.store = store

    def get(self, key: str) -> Any:
        return service.get(self.store, key)

    def set(self, key: str, value: Any, by: Actor | None = None) -> None:
        if value == self.get(key):
            return
        try:
            service.set_value(self.store, by, key, value)
        except InputError:
            raise
        self.changed.emit(key)


def describe(key: str) -> str:
    return QCoreApplication.translate(schema.CONTEXT, schema.setting(key).description)


__all__ = ["LANGUAGE_NAMES", "SCHEMA", "Prefs", "describe"]
