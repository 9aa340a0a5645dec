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

from . import text as cli_text
from ..domain.scoring import AnswerError
from ..domain.template import TemplateError
from ..domain.workflow import KINDS, STATES, WorkflowError
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
    p = argparse.ArgumentParser(prog="civdesk", description="CivDesk 文明创建检查台 — offline inspection checklists")
    p.add_argument("--home", help="home folder (default: $CIVDESK_HOME or the user data folder)")
    p.add_argument("--lang", choices=["zh", "en"], help="interface language")
    p.add_argument("--smoke", action="store_true",
                   help="open the main window for two seconds and close it (checks a packaged build; "
                        "logs in as $CIVDESK_SMOKE_USER, default admin, with $CIVDESK_PASSWORD)")
    p.add_argument("--version", action=_VersionAction, help="show the version and exit")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    def add(name, func, help_):
        sp = sub.add_parser(name, help=help_)
        sp.set_defaults(func=func)
        sp.add_argument("--json", action="store_true", help="machine-readable output")
        sp.add_argument("--user", help="act as this user (password from CIVDESK_PASSWORD or a prompt)")
        return sp

    t = add("templates", cmd_templates, "list, show, validate or import checklist templates")
    t.add_argument("action", choices=["list", "show", "validate", "import"])
    t.add_argument("target", nargs="?", help="template id (show) or file (validate, import)")

    s = add("score", cmd_score, "score an answers file against a template")
    s.add_argument("template", help="template id, or a template file")
    s.add_argument("answers", help='JSON: {"params": {...}, "answers": {"CODE": VALUE}}')
    s.add_argument("--param", action="append", help="NAME=VALUE, e.g. region=west")

    add("demo", cmd_demo, "fill the home with demo users, sites and inspections")

    u = add("users", cmd_users, "add or list users, change --user's own password (passwd), or assign an "
                                "inspector to sites")
    u.add_argument("action", choices=["add", "list", "passwd", "assign"])
    u.add_argument("name", nargs="?")
    u.add_argument("--role", choices=["admin", "inspector", "manager", "staff"])
    u.add_argument("--site", action="append", help="site id or name (managers and staff; assign: an inspector's sites)")
    u.add_argument("--display-name")

    st = add("sites", cmd_sites, "add or list sites")
    st.add_argument("action", choices=["add", "list"])
    st.add_argument("name", nargs="?")
    st.add_argument("--kind", default="toll_station", choices=["toll_station", "service_window", "unit", "city"])
    st.add_argument("--region", default="east", choices=["east", "central", "northeast", "west"])
    st.add_argument("--address")

    i = add("inspections", cmd_inspections, "list, create, show, submit, approve or return inspections")
    i.add_argument("action", choices=["list", "new", "show", "submit", "approve", "return"])
    i.add_argument("id", nargs="?", help="inspection id or uuid (show, submit, approve, return)")
    i.add_argument("--state", choices=STATES)
    i.add_argument("--site")
    i.add_argument("--template")
    i.add_argument("--search")
    i.add_argument("--kind", choices=KINDS)
    i.add_argument("--param", action="append", help="NAME=VALUE")
    i.add_argument("--follows", help="the inspection a re-inspection follows")
    i.add_argument("--reason", help="reason (return) or comment (approve)")

    a = add("answer", cmd_answer, "answer one item of an inspection")
    a.add_argument("inspection")
    a.add_argument("code")
    a.add_argument("value")
    a.add_argument("--note")
    a.add_argument("--photo")

    c = add("check", cmd_check, "verify database integrity, the audit chain, every row and result, and "
                                "attachments; remove files left by an interrupted write")
    c.add_argument("--sweep", action="store_true",
                   help="also remove photo files that no record or backup names (left by an interrupted import)")
    b = add("backup", cmd_backup, "write a backup of the database")
    b.add_argument("-o", "--output", required=True)
    r = add("restore", cmd_restore, "replace the database with a checked backup")
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
                raise CliError("templates show needs a template id")
            args.id = args.target
        if args.action in ("validate", "import"):
            if not args.target:
                raise CliError(f"templates {args.action} needs a file")
            args.file = args.target


def _one_line(e: BaseException) -> str:
    """The refusal as one line in the language of --lang (cli_text)."""
    if isinstance(e, TemplateError):
        return cli_text.localize("invalid template: " + "; ".join(str(p) for p in e.problems[:20]) + (
            f" (+{len(e.problems) - 20} more)" if len(e.problems) > 20 else ""))
    return cli_text.localize(str(e).splitlines()[0]) if str(e) else type(e).__name__


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    cli_text.set_language(args.lang)  # Chinese unless --lang en, like the GUI
    from ..resources import ResourceError, verify

    try:
        verify()  # an incomplete installation says so, instead of a home with no checklists
    except ResourceError as e:
        print(f"civdesk: {e}", file=sys.stderr)
        return EXIT_INPUT
    if not args.command:
        return gui_main_from_args(args, parser)
    from ..services.errors import InputError, NotFound, SubmitBlocked
    from ..store import StoreError

    try:
        _normalise(args)
        return args.func(args)
    except TemplateError as e:
        # A template's problems are one per line so an admin can fix them all at once.
        print(f"civdesk: {_one_line(e)}", file=sys.stderr)
        return EXIT_INPUT
    except (CliError, InputError, NotFound, SubmitBlocked, AnswerError, WorkflowError, PermissionError,
            StoreError, ValueError) as e:
        print(f"civdesk: {_one_line(e)}", file=sys.stderr)
        return EXIT_INPUT
    except sqlite3.DatabaseError as e:
        print(f"civdesk: {cli_text.localize(f'database error: {e}')}", file=sys.stderr)
        return EXIT_INPUT
    except RecursionError:
        # The readers refuse nesting past their limits first (services/limits.py); this is the last guard.
        print("civdesk: the input is nested too deeply to be read", file=sys.stderr)
        return EXIT_INPUT
    except OSError as e:
        print(f"civdesk: {cli_text.localize(str(e.strerror or e))}: {e.filename or ''}".rstrip(": "), file=sys.stderr)
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
            return smoke_gui(home_dir(args), args.lang, user, ask_password(f"{user} 的密码: ", "CIVDESK_PASSWORD"))
        except (CliError, PermissionError) as e:
            print(f"civdesk: {_one_line(e)}", file=sys.stderr)
            return EXIT_INPUT
    return run_gui(home_dir(args), args.lang)


def gui_main() -> int:
    return main(sys.argv[1:] if len(sys.argv) > 1 else [])


if __name__ == "__main__":
    sys.exit(main())
