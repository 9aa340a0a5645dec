"""The command line's language (``--lang``: Chinese by default, like the GUI), argparse included.

Every line the command line prints is worded by code through the message catalogue
(civdesk.messages), refusals and results alike. argparse words its own texts (usage, "unrecognized
arguments", "invalid choice", the help's section titles) through gettext; ``set_language``
points argparse's gettext at the catalogue, msgid by msgid, so ``civdesk --help`` and its errors
follow ``--lang`` too. The language is known before the parser is built (``language_of``), so the
help texts are worded in it.
"""

from __future__ import annotations

import argparse

from .. import messages

# argparse's gettext msgids (Python's argparse.py) → catalogue codes
ARGPARSE = {
    "usage: ": "argparse.usage",
    "positional arguments": "argparse.positional",
    "options": "argparse.options",
    "show this help message and exit": "argparse.help",
    "%(prog)s: error: %(message)s\n": "argparse.error",
    "unrecognized arguments: %s": "argparse.unrecognized",
    "invalid choice: %(value)r (choose from %(choices)s)": "argparse.invalid_choice",
    "the following arguments are required: %s": "argparse.required",
    "argument %(argument_name)s: %(message)s": "argparse.argument",
    "expected one argument": "argparse.expected_one",
    "expected at most one argument": "argparse.expected_at_most_one",
    "expected at least one argument": "argparse.expected_at_least_one",
    "ambiguous option: %(option)s could match %(matches)s": "argparse.ambiguous",
    "invalid %(type)s value: %(value)r": "argparse.invalid_value",
    "ignored explicit argument %r": "argparse.ignored_explicit",
    "not allowed with argument %s": "argparse.not_allowed_with",
    "one of the arguments %s is required": "argparse.one_required",
}


def _gettext(msgid: str) -> str:
    code = ARGPARSE.get(msgid)
    return messages.render(code) if code else msgid


def set_language(lang: str | None) -> str:
    """'zh' (also the default for None) or 'en' for the rest of this run; returns it."""
    argparse._ = _gettext  # type: ignore[attr-defined]  # argparse looks its gettext up as a module global at each call
    return messages.set_language(lang)


def language() -> str:
    return messages.language()


def language_of(argv: list[str]) -> str | None:
    """The value of --lang in ``argv`` (before the parser that needs it is built), or None."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None
