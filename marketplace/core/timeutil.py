"""Time helpers: store naive UTC, show Western Indonesian Time (WIB)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

WIB = ZoneInfo("Asia/Jakarta")


def utcnow() -> datetime:
    """Current time as naive UTC, the form every DateTime column stores."""
    return datetime.now(UTC).replace(tzinfo=None)


def to_wib(value: datetime) -> datetime:
    """Convert a stored naive-UTC (or aware) datetime to WIB."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(WIB)


def wib_today() -> date:
    """Today's date in WIB."""
    return datetime.now(WIB).date()
