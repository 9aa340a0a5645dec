"""Interface language: Chinese (the source language of every UI string) or English from a .qm.

Strings are written in Chinese inside ``self.tr()`` / ``QCoreApplication.translate()``; English
lives in resources/i18n/civdesk_en.ts and ships compiled as civdesk_en.qm. Qt's own strings
(dialog buttons, the file and print dialogs) come from Qt's qtbase translations, which the
PySide6-Essentials wheel ships; the few texts that file leaves in English (the file dialog's
"Look in" and "Files of type", the print dialog's "Page Set") are in resources/i18n/qt_extra_zh_CN.ts.

Module-level code may use a helper ``def tr(text): return QCoreApplication.translate("Ctx", text)``:
pyside6-lupdate files such calls under no context, and ``update`` moves them to the helper's
context, so the runtime lookup finds them.

The maintenance functions import what they need themselves: the running application never
loads subprocess or an XML parser for them. Maintenance (vorta's ``translations-from-source`` / ``translations-to-qm``)::

    python -m civdesk.ui.i18n update     # collect strings from civdesk/ui into the .ts
    python -m civdesk.ui.i18n compile    # .ts → .qm (run after editing translations)
    python -m civdesk.ui.i18n missing    # list strings without an English translation
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from .. import messages
from ..resources import resource

DEFAULT = "zh_CN"
LANGUAGES = ("zh_CN", "en")
_ALIASES = {
    "zh": "zh_CN",
    "zh_cn": "zh_CN",
    "zh-cn": "zh_CN",
    "cn": "zh_CN",
    "en": "en",
    "en_us": "en",
    "en-us": "en",
    "en_gb": "en",
}
_HELPER = re.compile(r'def tr\(text[^)]*\)[^:]*:\s*(?:"""[^"]*"""\s*)?return QCoreApplication\.translate\(\s*"([^"]+)"')

_installed: list[QTranslator] = []
_current = DEFAULT


def current() -> str:
    """The language installed last (Chinese until ``install`` is called)."""
    return _current


def normalize(lang: str | None) -> str | None:
    """'zh', 'zh_CN', 'en', 'en_US'… → one of LANGUAGES; None for unknown or empty."""
    if not lang:
        return None
    return _ALIASES.get(lang.strip().lower())


def ts_path() -> Path:
    return resource("i18n", "civdesk_en.ts")


def qm_path() -> Path:
    return resource("i18n", "civdesk_en.qm")


def qt_extra_ts() -> Path:
    return resource("i18n", "qt_extra_zh_CN.ts")


def qt_extra_qm() -> Path:
    return resource("i18n", "qt_extra_zh_CN.qm")


def install(lang: str) -> str:
    """Make ``lang`` the interface language of the running application; returns it normalised."""
    global _current
    app = QCoreApplication.instance()
    lang = normalize(lang) or DEFAULT
    _current = lang
    messages.set_language("en" if lang == "en" else "zh")  # refusals are worded by the catalogue
    for tr in _installed:
        app.removeTranslator(tr)
    _installed.clear()
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt_tr = QTranslator(app)
    if qt_tr.load("qtbase_" + ("zh_CN" if lang == "zh_CN" else "en"), qt_dir):
        _installed.append(qt_tr)
    if lang == "zh_CN":
        extra = QTranslator(app)
        if extra.load(str(qt_extra_qm())):
            _installed.append(extra)
    if lang == "en":
        own = QTranslator(app)
        if own.load(str(qm_path())):
            _installed.append(own)
    for tr in _installed:
        app.installTranslator(tr)
    QLocale.setDefault(
        QLocale(QLocale.Language.Chinese, QLocale.Country.China)
        if lang == "zh_CN"
        else QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    )
    return lang


# ---------------------------------------------------------------------------- maintenance


def _tool(name: str) -> str:
    exe = Path(sys.executable).with_name(name)
    return str(exe) if exe.exists() else name


def sources() -> list[Path]:
    ui = Path(__file__).parent
    # The settings schema (civdesk/settings_schema.py) marks its descriptions for translation too.
    return sorted(ui.rglob("*.py")) + [ui.parent / "settings_schema.py"]


def extract() -> dict[tuple[str, str], bool]:
    """Every (context, source text) the interface code asks to translate, in file order; the
    value says whether it has plural forms (``self.tr("共 %n 页", "", n)``)."""
    import subprocess
    import tempfile
    import xml.etree.ElementTree as ET

    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "raw.ts"
        subprocess.run(
            [_tool("pyside6-lupdate"), *map(str, sources()), "-locations", "absolute", "-ts", str(raw)],
            check=True,
            capture_output=True,
        )
        root = ET.parse(raw).getroot()
    helpers = {}
    for path in sources():
        found = _HELPER.search(path.read_text(encoding="utf-8"))
        if found:
            helpers[path.resolve()] = found.group(1)
    out: dict[tuple[str, str], bool] = {}
    for ctx in root.iter("context"):
        name = ctx.findtext("name") or ""
        for m in ctx.iter("message"):
            numerus = m.get("numerus") == "yes"
            if name:
                out[(name, m.findtext("source"))] = numerus
                continue
            # lupdate merges the same text from several files into one message with a location per
            # file: each file's tr() helper names its own context.
            for loc in m.findall("location") or [None]:
                # lupdate writes locations relative to the .ts file, not to the working directory.
                where = (Path(tmp) / loc.get("filename")).resolve() if loc is not None else None
                out[(helpers.get(where, ""), m.findtext("source"))] = numerus
    return out


Translation = str | tuple[str, ...] | None  # text, plural forms (one, other), or unfinished


def read_ts(path: Path) -> dict[tuple[str, str], Translation]:
    """(context, source) → finished English (plural forms as a tuple), or None when unfinished."""
    import xml.etree.ElementTree as ET

    if not path.exists():
        return {}
    out: dict[tuple[str, str], Translation] = {}
    for ctx in ET.parse(path).getroot().iter("context"):
        name = ctx.findtext("name") or ""
        for m in ctx.iter("message"):
            tr = m.find("translation")
            done = tr is not None and tr.get("type") not in ("unfinished", "obsolete", "vanished")
            forms = tuple(f.text or "" for f in tr.iter("numerusform")) if tr is not None else ()
            value: Translation = (forms if all(forms) else None) if forms else (tr.text if tr is not None else None)
            out[(name, m.findtext("source"))] = value if done and value else None
    return out


def write_ts(
    path: Path, messages: dict[tuple[str, str], Translation], plural: set[tuple[str, str]] = frozenset()
) -> None:
    import xml.etree.ElementTree as ET

    root = ET.Element("TS", version="2.1", language="en_US", sourcelanguage="zh_CN")
    contexts: dict[str, ET.Element] = {}
    for (context, source), text in sorted(messages.items(), key=lambda kv: kv[0][0]):
        ctx = contexts.get(context)
        if ctx is None:
            ctx = contexts[context] = ET.SubElement(root, "context")
            ET.SubElement(ctx, "name").text = context
        numerus = (context, source) in plural or isinstance(text, tuple)
        m = ET.SubElement(ctx, "message", numerus="yes") if numerus else ET.SubElement(ctx, "message")
        ET.SubElement(m, "source").text = source
        tr = ET.SubElement(m, "translation")
        if not text:
            tr.set("type", "unfinished")
        if numerus:
            for form in text if isinstance(text, tuple) else ("", ""):
                ET.SubElement(tr, "numerusform").text = form
        elif text:
            tr.text = text
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    path.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8")


def update() -> list[tuple[str, str]]:
    """Rewrite the .ts with the strings in the code, keeping existing translations; returns the
    strings still without English."""
    old = read_ts(ts_path())
    by_source: dict[str, Translation] = {}
    for (_ctx, source), text in old.items():
        if text:
            by_source.setdefault(source, text)
    found = extract()
    messages: dict[tuple[str, str], Translation] = {}
    for key, numerus in found.items():
        # A string moved to another context keeps its translation (same words, same English).
        text = old.get(key) or by_source.get(key[1])
        messages[key] = text if isinstance(text, tuple) == numerus else None
    write_ts(ts_path(), messages, {k for k, numerus in found.items() if numerus})
    return [k for k, v in messages.items() if not v]


def compile_qm() -> None:
    import subprocess

    for ts, qm in ((ts_path(), qm_path()), (qt_extra_ts(), qt_extra_qm())):
        subprocess.run([_tool("pyside6-lrelease"), str(ts), "-qm", str(qm)], check=True, capture_output=True)


def missing() -> list[tuple[str, str]]:
    shipped = read_ts(ts_path())
    return [k for k in extract() if not shipped.get(k)]


if __name__ == "__main__":
    action = sys.argv[1] if len(sys.argv) > 1 else ""
    if action == "update":
        left = update()
        print(f"{ts_path()}: {len(left)} string(s) without English")
    elif action == "compile":
        compile_qm()
        print(qm_path())
    elif action == "missing":
        for context, source in missing():
            print(f"{context}\t{source}")
    else:
        print("usage: python -m civdesk.ui.i18n update|compile|missing", file=sys.stderr)
        sys.exit(2)
