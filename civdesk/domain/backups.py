"""Rolling automatic backups: when one is due and which ones to keep.

Pure rules over names and times, so they are tested with dates instead of waiting for days:
a backup at start (unless one was made minutes ago) and then at most every ``every_hours``;
keep the newest ``keep_last`` and, for the last ``keep_days`` days, the newest one of each day.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

from .errors import InputError

PREFIX = "civdesk-"
SUFFIX = ".db"
_NAME = re.compile(r"^civdesk-(\d{8})-(\d{6})(?:-(\d+))?Z\.db$")
START_GAP = _dt.timedelta(minutes=10)  # a restart right after a backup does not make another


@dataclass(frozen=True)
class Policy:
    enabled: bool = True
    every_hours: float = 6.0
    keep_last: int = 10
    keep_days: int = 30

    def problems(self) -> list[InputError]:
        out = []
        if not self.every_hours > 0:
            out.append(InputError("backups.every_hours", value=self.every_hours))
        if self.keep_last < 1:
            out.append(InputError("backups.keep_last", value=self.keep_last))
        if self.keep_days < 0:
            out.append(InputError("backups.keep_days", value=self.keep_days))
        return out


def backup_name(at: _dt.datetime, n: int = 1) -> str:
    """File name of an automatic backup made at ``at`` (stored in UTC; ``n`` > 1 when a name is taken)."""
    utc = at.astimezone(_dt.UTC)
    extra = f"-{n}" if n > 1 else ""
    return f"{PREFIX}{utc:%Y%m%d-%H%M%S}{extra}Z{SUFFIX}"


def parse_name(name: str) -> _dt.datetime | None:
    """The time an automatic backup was made, or None for any other file."""
    m = _NAME.match(name)
    if not m:
        return None
    try:
        return _dt.datetime.strptime(m[1] + m[2], "%Y%m%d%H%M%S").replace(tzinfo=_dt.UTC)
    except ValueError:
        return None


def is_due(last: _dt.datetime | None, now: _dt.datetime, policy: Policy, *, at_start: bool = False) -> bool:
    if not policy.enabled:
        return False
    if last is None:
        return True
    age = now - last
    if at_start:
        return age >= START_GAP or age < _dt.timedelta(0)  # a clock set back counts as due
    return age >= _dt.timedelta(hours=policy.every_hours) or age < _dt.timedelta(0)


def to_delete(
    times: list[_dt.datetime], now: _dt.datetime, policy: Policy, tz: _dt.tzinfo | None = None
) -> list[_dt.datetime]:
    """The backups to remove, oldest first. ``tz`` decides where a day starts (default: UTC)."""
    tz = tz or _dt.UTC
    newest_first = sorted(set(times), reverse=True)
    keep = set(newest_first[: policy.keep_last])
    today = now.astimezone(tz).date()
    per_day: dict[_dt.date, _dt.datetime] = {}
    for t in newest_first:
        day = t.astimezone(tz).date()
        if 0 <= (today - day).days < policy.keep_days:
            per_day.setdefault(day, t)  # the newest of that day
    keep |= set(per_day.values())
    return sorted(t for t in set(times) if t not in keep)
