"""Interface language: Chinese (the source language of every UI string) or English from a .qm.

Strings are written in Chinese inside ``self.tr()`` / ``QCoreApplication.translate()``; English
lives in resources/i18n/civdesk_en.ts and ships compiled as civdesk_en.qm. Qt's own strings
(dialog buttons, the file dialog) come from Qt's qtbase translations.

Maintenance (vorta's ``translations-from-source`` / ``translations-to-qm``)::

    python -m civdesk.ui.i18n update     # collect strings from civdesk/ui into the .ts
    python -m civdesk.ui.i18n compile    # .ts → .qm (run after editing translations)
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from ..resources import resource

DEFAULT = "zh_CN"
LANGUAGES = ("zh_CN", "en")
_ALIASES = {"zh": "zh_CN", "zh_cn": "zh_CN", "zh-cn": "zh_CN", "cn": "zh_CN",
            "en": "en", "en_us": "en", "en-us": "en", "en_gb": "en"}

_installed: list[QTranslator] = []


def normalize(lang: str | None) -> str | None:
    """'zh', 'zh_CN', 'en', 'en_US'… → one of LANGUAGES; None for unknown or empty."""
    if not lang:
        return None
    return _ALIASES.get(lang.strip().lower())


def ts_path() -> Path:
    return resource("i18n", "civdesk_en.ts")


def qm_path() -> Path:
    return resource("i18n", "civdesk_en.qm")


def install(lang: str) -> str:
    """Make ``lang`` the interface language of the running application; returns it normalised."""
    app = QCoreApplication.instance()
    lang = normalize(lang) or DEFAULT
    for tr in _installed:
        app.removeTranslator(tr)
    _installed.clear()
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt_tr = QTranslator(app)
    if qt_tr.load("qtbase_" + ("zh_CN" if lang == "zh_CN" else "en"), qt_dir):
        _installed.append(qt_tr)
    if lang == "en":
        own = QTranslator(app)
        if own.load(str(qm_path())):
            _installed.append(own)
    for tr in _installed:
        app.installTranslator(tr)
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Territory.China) if lang == "zh_CN"
                       else QLocale(QLocale.Language.English, QLocale.Territory.UnitedStates))
    return lang


def _tool(name: str) -> str:
    exe = Path(sys.executable).with_name(name)
    return str(exe) if exe.exists() else name


def update() -> None:
    sources = sorted(str(p) for p in Path(__file__).parent.glob("*.py"))
    subprocess.run([_tool("pyside6-lupdate"), *sources, "-no-obsolete", "-locations", "none",
                    "-ts", str(ts_path())], check=True)


def compile_qm() -> None:
    subprocess.run([_tool("pyside6-lrelease"), str(ts_path()), "-qm", str(qm_path())], check=True)


if __name__ == "__main__":
    action = sys.argv[1] if len(sys.argv) > 1 else ""
    if action == "update":
        update()
    elif action == "compile":
        compile_qm()
    else:
        print("usage: python -m civdesk.ui.i18n update|compile", file=sys.stderr)
        sys.exit(2)
