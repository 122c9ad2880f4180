"""A person's notification preferences: language, quiet hours, channels per category.

Read by the worker (`settings_for`, `in_quiet_hours`, `default_on`) and by the settings page
(`roles_of`, `categories_for`, `choices_of`, `save`). No row means the defaults: Indonesian,
quiet 21.00-06.00 WIB, and each category's default channels (events.CATEGORIES).

`save` writes a choice row for every box the page showed (every category of the person on
every configured channel), not only the boxes that differ from the default: what the person
saw and confirmed stays what they get, even if a later release changes a default. Rows for
categories or channels the page did not show are left alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.accounts.models import ROLE_BUYER, ROLE_INVESTOR, ROLE_OFFICER, User
from marketplace.core.timeutil import WIB
from marketplace.outbox import events
from marketplace.outbox.models import NotificationChoice, NotificationSettings

LANGUAGES = ("id", "en")


@dataclass(frozen=True)
class Settings:
    """Language and quiet hours (WIB) of one person."""

    language: str = "id"
    quiet_enabled: bool = True
    quiet_start: time = time(21, 0)
    quiet_end: time = time(6, 0)


DEFAULT = Settings()


def settings_for(session: Session, user_ids: Iterable[int]) -> dict[int, Settings]:
    """Each person's settings (the defaults for those without a row); one query."""
    ids = sorted(set(user_ids))
    out = dict.fromkeys(ids, DEFAULT)
    if not ids:
        return out
    for row in session.scalars(
        select(NotificationSettings).where(NotificationSettings.user_id.in_(ids))
    ):
        out[row.user_id] = Settings(
            language=row.language if row.language in LANGUAGES else "id",
            quiet_enabled=row.quiet_enabled,
            quiet_start=row.quiet_start,
            quiet_end=row.quiet_end,
        )
    return out


def in_quiet_hours(settings: Settings, now_utc: datetime) -> datetime | None:
    """When the quiet hours around `now_utc` end (UTC, naive like `now_utc` if it is), or
    None when now is not quiet. Quiet hours may wrap midnight (21:00-06:00); start == end
    means no quiet hours. The start minute is quiet, the end minute is not."""
    start, end = settings.quiet_start, settings.quiet_end
    if not settings.quiet_enabled or start == end:
        return None
    aware = now_utc if now_utc.tzinfo else now_utc.replace(tzinfo=UTC)
    local = aware.astimezone(WIB)
    clock = local.time().replace(tzinfo=None)
    today = local.date()
    if start < end:  # the same day: 13:00-15:00
        if not start <= clock < end:
            return None
        ends = datetime.combine(today, end, WIB)
    elif clock >= start:  # past midnight, evening part: ends tomorrow morning
        ends = datetime.combine(today + timedelta(days=1), end, WIB)
    elif clock < end:  # past midnight, morning part: ends this morning
        ends = datetime.combine(today, end, WIB)
    else:
        return None
    ends = ends.astimezone(UTC)
    return ends if now_utc.tzinfo else ends.replace(tzinfo=None)


def default_on(category: str, channel: str) -> bool:
    """Whether `channel` carries `category` for someone who made no choice ("fake", the
    benchmarks' and tests' channel, carries everything)."""
    return channel == "fake" or channel in events.category(category).defaults


def roles_of(session: Session, user: User) -> set[str]:
    """The audiences the person belongs to (producer, buyer, investor, officer, company)."""
    roles = set(events.registered_roles(session, user))
    if user.role == ROLE_BUYER:
        roles.add("buyer")
    if user.role == ROLE_INVESTOR:
        roles.add("investor")
    if user.role == ROLE_OFFICER:
        roles.add("officer")
    if user.is_producer:
        roles.add("producer")
    return roles


def categories_for(session: Session, user: User) -> list[events.Category]:
    """The categories the settings page shows this person, in the catalogue's order."""
    roles = roles_of(session, user)
    return [c for c in events.CATEGORIES.values() if c.roles & roles]


def choices_of(
    session: Session, user_id: int, categories: Iterable[events.Category], channels: Iterable[str]
) -> dict[tuple[str, str], bool]:
    """(category, channel) -> on/off for the page: the stored choice, else the default."""
    stored = {
        (c, ch): on
        for c, ch, on in session.execute(
            select(
                NotificationChoice.category, NotificationChoice.channel, NotificationChoice.enabled
            ).where(NotificationChoice.user_id == user_id)
        )
    }
    channels = list(channels)
    return {
        (cat.code, ch): stored.get((cat.code, ch), ch in cat.defaults)
        for cat in categories
        for ch in channels
    }


def settings_of(session: Session, user_id: int) -> Settings:
    """One person's settings (the defaults without a row)."""
    return settings_for(session, [user_id])[user_id]


def save(
    session: Session,
    user_id: int,
    settings: Settings,
    choices: Mapping[tuple[str, str], bool],
) -> None:
    """Store the person's settings and their choices for the boxes the page showed."""
    row = session.get(NotificationSettings, user_id)
    if row is None:
        row = NotificationSettings(user_id=user_id)
        session.add(row)
    row.language = settings.language
    row.quiet_enabled = settings.quiet_enabled
    row.quiet_start = settings.quiet_start
    row.quiet_end = settings.quiet_end
    stored = {
        (c.category, c.channel): c
        for c in session.scalars(
            select(NotificationChoice).where(NotificationChoice.user_id == user_id)
        )
    }
    for (category, channel), enabled in choices.items():
        choice = stored.get((category, channel))
        if choice is None:
            session.add(
                NotificationChoice(
                    user_id=user_id, category=category, channel=channel, enabled=enabled
                )
            )
        else:
            choice.enabled = enabled
    session.flush()
