"""A lighter form of PySide6's import hook (PYSIDE-2029, ``shibokensupport.feature``).

After PySide6 is imported, it asks of every module imported later whether its source mentions
"PySide6" (to give ``from __feature__ import …`` its per-module default), and reads the source
through ``inspect.getsource``: ``linecache`` then keeps the text of every module for the life of
the process. With ReportLab and pyHanko loaded that was some 700 files and 15–25 MB of a desk's
idle memory. The same question is answered here from the file's bytes, which nothing keeps.
Anything unexpected (no such hook in this PySide6, a module without a .py file) is left to
PySide6's own answer.
"""

from __future__ import annotations

import sys
from types import ModuleType


def lighten() -> bool:
    """Replace the hook's source check; True when it was there to replace."""
    import PySide6.QtCore  # noqa: F401  (installs the hook)

    feature = sys.modules.get("shibokensupport.feature")
    stock = getattr(feature, "_mod_uses_pyside", None)
    if stock is None or getattr(stock, "civdesk", False):
        return False

    def uses_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or not path.endswith(".py"):
            return bool(stock(module))
        try:
            with open(path, "rb") as f:
                return b"PySide6" in f.read()
        except OSError:
            return bool(stock(module))

    uses_pyside.civdesk = True  # type: ignore[attr-defined]
    feature._mod_uses_pyside = uses_pyside  # type: ignore[union-attr]
    return True
