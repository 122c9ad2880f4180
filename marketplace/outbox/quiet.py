"""A person's language and quiet hours for messages off the site (defaults without a row)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sqlalchemy.orm import Session

from marketplace.outbox.models import NotificationSettings

WIB_OFFSET = timedelta(hours=7)  # Asia/Jakarta keeps no daylight saving time


@dataclass(frozen=True)
class Settings:
    language: str = "id"
    quiet_enabled: bool = True
    quiet_start: time = time(21, 0)
    quiet_end: time = time(6, 0)


DEFAULT = Settings()


def settings_of(session: Session, user_id: int) -> Settings:
    """The person's settings, or the defaults (Indonesian, quiet 21.00-06.00 WIB)."""
    row = session.get(NotificationSettings, user_id)
    if row is None:
        return DEFAULT
    return Settings(row.language, row.quiet_enabled, row.quiet_start, row.quiet_end)


def quiet_until(settings: Settings, now_utc: datetime) -> datetime | None:
    """When the quiet hours around `now_utc` end (naive UTC), or None outside them.

    Quiet hours are WIB wall-clock times and may wrap midnight (21.00-06.00); equal start
    and end mean none."""
    start, end = settings.quiet_start, settings.quiet_end
    if not settings.quiet_enabled or start == end:
        return None
    local = now_utc.replace(tzinfo=None) + WIB_OFFSET
    clock = local.time()
    if start < end:
        inside = start <= clock < end
        end_day = local.date()
    else:  # wraps midnight
        inside = clock >= start or clock < end
        end_day = local.date() + timedelta(days=1) if clock >= start else local.date()
    if not inside:
        return None
    return datetime.combine(end_day, end) - WIB_OFFSET
