"""CivDesk's desktop interface (PySide6 Widgets): it calls civdesk.services and never touches SQL.

Entry point: ``civdesk.ui.app.run_gui``. Screens broadcast what they changed through
``Session.changed`` (see ops.py) and refresh themselves from it, so widgets never reach into
each other.
"""

from . import pyside_hook

pyside_hook.lighten()  # before any screen's module is imported
