"""What every command shares: exit codes, the home's store, login, output as text or JSON."""

from __future__ import annotations

import getpass
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..domain.errors import CivDeskError, NotAllowed
from ..domain.workflow import Actor
from ..messages import render as say

EXIT_OK, EXIT_FAILED, EXIT_INPUT = 0, 1, 2


class CliError(CivDeskError):
    """Bad input detected by the command line itself (exit 2)."""


# ----------------------------------------------------------------------------- helpers


def home_dir(args) -> Path:
    from ..store import default_home

    return Path(args.home) if args.home else default_home()


_HOLDS: list = []  # the homes this command holds (store.lock), released when it ends


def open_store(args):
    """The home's Store, after the start-up probe (a damaged database is refused before anything
    writes to it) and marked as held by this process (a restore elsewhere waits for it)."""
    from ..services import maintenance, open_home
    from ..store import lock

    home = home_dir(args)
    problem = maintenance.probe(home)
    if problem:
        raise problem
    _HOLDS.append(lock.hold(home))
    return open_home(home)


def release_holds() -> None:
    while _HOLDS:
        _HOLDS.pop().release()


def emit(args, data: Any, text: Callable[[Any], str]) -> None:
    if getattr(args, "json", False):
        print(json.dumps(data, ensure_ascii=False, indent=2, default=str))
    else:
        out = text(data)
        if out:
            print(out)


def ask_password(prompt: str, env: str) -> str:
    value = os.environ.get(env)
    if value is not None:
        return value
    if not sys.stdin or not sys.stdin.isatty():
        raise CliError("cli.no_password_set_run", env=env)
    return getpass.getpass(prompt)


def login(args, store, *, role: str | None = None) -> Actor:
    from ..services import accounts

    if not args.user:
        raise CliError("cli.command_acts_user_give")
    by = accounts.authenticate(
        store, args.user, ask_password(say("cli.password_prompt", user=args.user), "CIVDESK_PASSWORD")
    )
    if role and by.role != role:
        raise NotAllowed("cli.only_may_run", role=role, command=args.command, user=args.user, actor_role=by.role)
    return by


def parse_params(pairs: list[str] | None) -> dict[str, str]:
    out = {}
    for p in pairs or []:
        if "=" not in p:
            raise CliError("cli.param_must_look_like", p=p)
        k, v = p.split("=", 1)
        out[k.strip()] = v.strip()
    return out


def table(rows: list[dict], cols: list[tuple[str, str]]) -> str:
    if not rows:
        return say("cli.none")
    cells = [[say(f"heading.{h}") for h, _ in cols]] + [
        ["" if r.get(k) is None else str(r.get(k)) for _, k in cols] for r in rows
    ]
    width = [max(_w(c[i]) for c in cells) for i in range(len(cols))]
    return "\n".join("  ".join(c + " " * (width[i] - _w(c)) for i, c in enumerate(row)).rstrip() for row in cells)


def _w(s: str) -> int:
    # CJK characters take two columns in a terminal.
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in s)
