"""Dates for hand-checked data: moments inside months counted back from the current one."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from marketplace.core.timeutil import WIB
from marketplace.investors.summary import add_months, wib_today


def month_start(months_back: int) -> date:
    """First day of the WIB month `months_back` before the current one."""
    return add_months(wib_today().replace(day=1), -months_back)


def wib_moment(day: date, at: time = time(12, 0)) -> datetime:
    """A WIB wall-clock moment as the naive UTC the database stores."""
    return datetime.combine(day, at, tzinfo=WIB).astimezone(UTC).replace(tzinfo=None)


def in_month(months_back: int, day: int = 15, at: time = time(12, 0)) -> datetime:
    """Noon WIB on `day` of the month `months_back` before the current one."""
    return wib_moment(month_start(months_back).replace(day=day), at)
