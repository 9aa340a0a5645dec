"""The message catalogue: every refusal and every line the command line prints, by code.

Each code is worded once, in Chinese and English, in one of the area modules of this package
(``CATALOGUE`` is their union). ``render(code, lang, **params)`` words a code; ``describe(err)``
words anything raised — a ``CivDeskError`` by its code, an ``OSError`` from the file system as a
file-system refusal naming the path and the reason — in the current language, which the command
line sets from ``--lang`` and the GUI from its interface language. Plain Python: the domain's
errors use it for their English ``str()``.
"""

from __future__ import annotations

import errno
from typing import Any, Protocol, TypeGuard

from . import (
    accounts,
    cli,
    exchange,
    files,
    health,
    help,
    hub_cli,
    inspections,
    limits,
    org_trust,
    template_problems,
    templates,
    verification,
    vocabulary,
)

LANGS = ("zh", "en")
CATALOGUE: dict[str, tuple[str, str]] = {}
for _area in (
    vocabulary,
    inspections,
    accounts,
    templates,
    template_problems,
    health,
    verification,
    hub_cli,
    files,
    limits,
    exchange,
    org_trust,
    cli,
    help,
):
    _clash = CATALOGUE.keys() & _area.MESSAGES.keys()
    assert not _clash, f"codes worded twice: {sorted(_clash)}"
    CATALOGUE.update(_area.MESSAGES)

# Parameters whose value is itself a code (a state, an action, a role…): worded through the catalogue.
VOCABULARIES = {
    "state": "state",
    "from_states": "state",
    "action": "action",
    "role": "role",
    "actor_role": "role",
    "kind": "kind",
    "rect_state": "rect_state",
    "document": "document",
    "reason_code": "reason",
}

_lang = "zh"


def set_language(lang: str | None) -> str:
    """'zh' (also for None or anything not English) or 'en' for what is worded from now on."""
    global _lang
    _lang = "en" if (lang or "").lower().startswith("en") else "zh"
    return _lang


def language() -> str:
    return _lang


def render(code: str, lang: str | None = None, /, **params: Any) -> str:
    """The wording of ``code`` in ``lang`` (the current language when None)."""
    lang = lang or _lang
    pair = CATALOGUE.get(code)
    if pair is None:  # a code with no wording is a bug; still say something a developer can find
        return code + (" " + repr(params) if params else "")
    text = pair[LANGS.index(lang)]
    return text.format(**{k: _value(k, v, lang) for k, v in params.items()})


def _value(name: str, value: Any, lang: str) -> Any:
    if _coded(value):
        return render(value.code, lang, **value.params)
    worded = getattr(value, "worded", None)
    if callable(worded):  # a part worded by its own code and params (a template's problem)
        return worded(lang)
    if isinstance(value, OSError):
        return os_reason(value, lang)
    vocab = VOCABULARIES.get(name)
    if vocab and isinstance(value, str) and f"{vocab}.{value}" in CATALOGUE:
        return render(f"{vocab}.{value}", lang)
    if isinstance(value, (list, tuple, set, frozenset)) and not isinstance(value, str):
        sep = "、" if lang == "zh" else " / "
        return sep.join(str(_value(name, v, lang)) for v in value)
    return value


_REASONS = {
    errno.EACCES: "os.denied",
    errno.EPERM: "os.denied",
    errno.EROFS: "os.read_only",
    errno.ENOSPC: "os.full",
    errno.ENOENT: "os.missing",
    errno.ENOTDIR: "os.not_a_folder",
    errno.EISDIR: "os.is_a_folder",
    errno.EEXIST: "os.exists",
    errno.EDQUOT: "os.full",
    errno.ENAMETOOLONG: "os.name_too_long",
    errno.EIO: "os.io",
}


class Line(str):
    """A line a service reports (a finding of ``civdesk check``…), worded by code: it reads as its
    English wording wherever a str is expected (logs, JSON, tests); ``worded(lang)`` is what a user
    is shown, in their language."""

    code: str
    params: dict[str, Any]

    def __new__(cls, code: str, /, **params: Any) -> Line:
        self = super().__new__(cls, render(code, "en", **params))
        self.code, self.params = code, params
        return self

    def worded(self, lang: str | None = None) -> str:
        return render(self.code, lang, **self.params)


def word(line: object, lang: str | None = None) -> str:
    """A reported line in ``lang``: a ``Line`` by its code, anything else as it is."""
    worded = getattr(line, "worded", None)
    return worded(lang) if callable(worded) else str(line)


def os_reason(err: OSError, lang: str | None = None) -> str:
    """Why the file system refused, in words (the system's own text for a rare errno)."""
    code = _REASONS.get(err.errno or 0)
    if code:
        return render(code, lang)
    return err.strerror or type(err).__name__


class _Coded(Protocol):
    code: str
    params: dict[str, Any]


def _coded(err: object) -> TypeGuard[_Coded]:
    """A refusal carrying a catalogue code and its params (civdesk.domain.errors.CivDeskError; told
    by its shape, so the catalogue imports nothing of CivDesk and the errors can import it)."""
    return (
        isinstance(err, BaseException)
        and isinstance(getattr(err, "code", None), str)
        and isinstance(getattr(err, "params", None), dict)
    )


def describe(err: BaseException, lang: str | None = None) -> str:
    """What went wrong, as one message in ``lang`` (the current language when None)."""
    if _coded(err):
        return render(err.code, lang, **err.params)
    if isinstance(err, OSError) and not isinstance(err, (ConnectionError, TimeoutError)):
        path = err.filename
        if path is None:
            return render("os.failed", lang, reason=os_reason(err, lang))
        if isinstance(err, FileNotFoundError) or err.errno == errno.ENOENT:
            return render("os.cannot_find", lang, path=path)
        return render(
            "os.cannot_write" if _writing(err) else "os.cannot_use", lang, path=path, reason=os_reason(err, lang)
        )
    return str(err) or type(err).__name__


def _writing(err: OSError) -> bool:
    return err.errno in (errno.EROFS, errno.ENOSPC, errno.EDQUOT, errno.EACCES, errno.EPERM, errno.EEXIST)
