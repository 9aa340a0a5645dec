"""The ``civdesk`` command line: the same services as the GUI.

Exit status: 0 success; 1 the checked thing failed (``check``); 2 bad input, with one line on
stderr that names what was wrong. Acting commands take ``--user NAME`` and read the password
from ``CIVDESK_PASSWORD`` or a prompt.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys

from ..domain.errors import CivDeskError
from ..domain.template import TemplateError
from ..domain.workflow import KINDS, STATES
from ..messages import describe
from ..messages import render as say
from . import text as cli_text
from .admin import cmd_backup, cmd_check, cmd_demo, cmd_restore, cmd_sites, cmd_users
from .common import EXIT_INPUT, CliError, ask_password, home_dir, release_holds
from .documents import add_document_commands
from .exchange import add_exchange_commands
from .inspections import cmd_answer, cmd_inspections
from .templates import cmd_score, cmd_templates


class _VersionAction(argparse.Action):
    """--version from the package metadata, looked up only when asked (it costs start-up time)."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS, help=None):
        super().__init__(option_strings, dest=dest, default=default, nargs=0, help=help)

    def __call__(self, parser, namespace, values, option_string=None):
        from .. import package_version

        print(f"civdesk {package_version()}")
        parser.exit()


# ----------------------------------------------------------------------------- parser


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="civdesk", description=say("help.description"))
    p.add_argument("--home", help=say("help.home"))
    p.add_argument("--lang", choices=["zh", "en"], help=say("help.lang"))
    p.add_argument("--smoke", action="store_true", help=say("help.smoke"))
    p.add_argument("--version", action=_VersionAction, help=say("help.version"))
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    def add(name, func, help_):
        sp = sub.add_parser(name, help=help_)
        sp.set_defaults(func=func)
        sp.add_argument("--json", action="store_true", help=say("help.json"))
        sp.add_argument("--user", help=say("help.user"))
        return sp

    t = add("templates", cmd_templates, say("help.templates"))
    t.add_argument("action", choices=["list", "show", "validate", "import"])
    t.add_argument("target", nargs="?", help=say("help.templates_target"))

    s = add("score", cmd_score, say("help.score"))
    s.add_argument("template", help=say("help.score_template"))
    s.add_argument("answers", help=say("help.answers"))
    s.add_argument("--param", action="append", help=say("help.param_example"))

    add("demo", cmd_demo, say("help.demo"))

    u = add("users", cmd_users, say("help.users"))
    u.add_argument("action", choices=["add", "list", "passwd", "assign"])
    u.add_argument("name", nargs="?")
    u.add_argument("--role", choices=["admin", "inspector", "manager", "staff"])
    u.add_argument("--site", action="append", help=say("help.user_site"))
    u.add_argument("--display-name")

    st = add("sites", cmd_sites, say("help.sites"))
    st.add_argument("action", choices=["add", "list"])
    st.add_argument("name", nargs="?")
    st.add_argument("--kind", default="toll_station", choices=["toll_station", "service_window", "unit", "city"])
    st.add_argument("--region", default="east", choices=["east", "central", "northeast", "west"])
    st.add_argument("--address")

    i = add("inspections", cmd_inspections, say("help.inspections"))
    i.add_argument("action", choices=["list", "new", "show", "submit", "approve", "return"])
    i.add_argument("id", nargs="?", help=say("help.inspection_id_actions"))
    i.add_argument("--state", choices=STATES)
    i.add_argument("--site")
    i.add_argument("--template")
    i.add_argument("--search")
    i.add_argument("--kind", choices=KINDS)
    i.add_argument("--param", action="append", help=say("help.param"))
    i.add_argument("--follows", help=say("help.follows"))
    i.add_argument("--reason", help=say("help.reason"))

    a = add("answer", cmd_answer, say("help.answer"))
    a.add_argument("inspection")
    a.add_argument("code")
    a.add_argument("value")
    a.add_argument("--note")
    a.add_argument("--photo")

    c = add("check", cmd_check, say("help.check"))
    c.add_argument("--sweep", action="store_true", help=say("help.sweep"))
    b = add("backup", cmd_backup, say("help.backup"))
    b.add_argument("-o", "--output", required=True)
    r = add("restore", cmd_restore, say("help.restore"))
    r.add_argument("file")
    add_document_commands(add)
    add_exchange_commands(add)
    from . import trust as cli_trust

    cli_trust.add_parser(add)
    from .sync import add_sync_command

    add_sync_command(add)
    return p


def _normalise(args) -> None:
    if args.command == "templates":
        if args.action in ("show",):
            if not args.target:
                raise CliError("cli.templates_show_needs_template")
            args.id = args.target
        if args.action in ("validate", "import"):
            if not args.target:
                raise CliError("cli.templates_needs_file", action=args.action)
            args.file = args.target


def _one_line(e: BaseException) -> str:
    """The refusal as one line in the language of --lang, worded from its code (civdesk.messages)."""
    if isinstance(e, TemplateError):
        more = len(e.problems) - 20
        return say(
            "cli.invalid_template",
            problems="; ".join(p.worded() for p in e.problems[:20]),
            more=say("cli.more", count=more) if more > 0 else "",
        )
    text = describe(e)
    return text.splitlines()[0] if text else type(e).__name__


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    cli_text.set_language(cli_text.language_of(argv))  # Chinese unless --lang en, like the GUI
    parser = build_parser()
    args = parser.parse_args(argv)
    from ..resources import ResourceError, verify

    try:
        verify()  # an incomplete installation says so, instead of a home with no checklists
    except ResourceError as e:
        print(f"civdesk: {describe(e)}", file=sys.stderr)
        return EXIT_INPUT
    if not args.command:
        return gui_main_from_args(args, parser)
    try:
        _normalise(args)
        return args.func(args)
    except TemplateError as e:
        # A template's problems are one per line so an admin can fix them all at once.
        print(f"civdesk: {_one_line(e)}", file=sys.stderr)
        return EXIT_INPUT
    except (CivDeskError, ValueError) as e:
        print(f"civdesk: {_one_line(e)}", file=sys.stderr)
        return EXIT_INPUT
    except sqlite3.DatabaseError as e:
        print(f"civdesk: {say('cli.database_error', detail=e)}", file=sys.stderr)
        return EXIT_INPUT
    except RecursionError:
        # The readers refuse nesting past their limits first (services/limits.py); this is the last guard.
        print(f"civdesk: {say('cli.nested_too_deeply')}", file=sys.stderr)
        return EXIT_INPUT
    except OSError as e:
        print(f"civdesk: {describe(e)}", file=sys.stderr)  # a file-system refusal: the path and why
        return EXIT_INPUT
    finally:
        release_holds()


def gui_main_from_args(args, parser: argparse.ArgumentParser) -> int:
    """No subcommand: open the desktop window."""
    from ..ui.platform_check import problem

    why = problem()
    if why:  # Qt would abort with "could not load the Qt platform plugin" and no hint
        print(f"civdesk: {why}", file=sys.stderr)
        return EXIT_INPUT
    from ..ui.app import run_gui, smoke_gui

    if args.smoke:
        # A packaged build's self-test: the real window, opened for two seconds, closed cleanly.
        user = os.environ.get("CIVDESK_SMOKE_USER", "admin")
        try:
            return smoke_gui(
                home_dir(args), args.lang, user, ask_password(say("cli.password_prompt", user=user), "CIVDESK_PASSWORD")
            )
        except CivDeskError as e:
            print(f"civdesk: {_one_line(e)}", file=sys.stderr)
            return EXIT_INPUT
    return run_gui(home_dir(args), args.lang)


def gui_main() -> int:
    return main(sys.argv[1:] if len(sys.argv) > 1 else [])


if __name__ == "__main__":
    sys.exit(main())
