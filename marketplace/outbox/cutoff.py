"""Cutoff reminders: an hour before a group's order cutoff, its members hear how many orders
came in for that window (`flask outbox cutoff-reminders`, every 5 minutes from cron).

The cutoff is the checkout's (orders.logistics.slot_problem): the window's start on the
pickup day minus the group's cutoff_minutes, so it may fall on an earlier day than the
pickup. A reminder is queued once per group, window and pickup day (dedupe), and expires at
the cutoff: a reminder delivered after it would only confuse.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.catalog.constants import STATUS_VERIFIED
from marketplace.catalog.models import ProducerGroup
from marketplace.core.timeutil import WIB
from marketplace.orders import notification_messages as m
from marketplace.orders import queries
from marketplace.orders.logistics import group_service, now_wib, window_start
from marketplace.orders.models import GroupServiceSettings, GroupWindow, ShiftWindow
from marketplace.outbox.enqueue import enqueue, group_member_ids

CATEGORY = "cutoff"
AHEAD = timedelta(minutes=60)
# cutoff_minutes is at most 10080 (7 days): a pickup up to 8 days on can close in a window.
_MAX_LEAD_DAYS = 8


@dataclass(frozen=True)
class Cutoff:
    """The moment orders for one window on one pickup day close (aware, WIB)."""

    day: date  # the pickup day
    window: ShiftWindow
    at: datetime


def order_cutoff(settings: GroupServiceSettings, day: date, window: ShiftWindow) -> datetime:
    """When orders for `window` on `day` close: the window's start less the group's cutoff."""
    return window_start(day, window) - timedelta(minutes=settings.cutoff_minutes)


def cutoffs_between(
    settings: GroupServiceSettings, windows: list[ShiftWindow], start: datetime, end: datetime
) -> list[Cutoff]:
    """The group's cutoffs after `start` and no later than `end` (aware), soonest first."""
    found = []
    first = start.astimezone(WIB).date()
    for offset in range((end - start).days + _MAX_LEAD_DAYS + 1):
        day = first + timedelta(days=offset)
        for window in windows:
            at = order_cutoff(settings, day, window)
            if start < at <= end:
                found.append(Cutoff(day, window, at))
    return sorted(found, key=lambda c: (c.at, c.window.start_time))


def _windows_by_group(
    session: Session,
) -> dict[int, tuple[GroupServiceSettings, list[ShiftWindow]]]:
    """Every verified group's settings and active windows, in one query (the job runs every
    5 minutes: only groups with a cutoff in range are looked at further)."""
    rows = session.execute(
        select(GroupServiceSettings, ShiftWindow)
        .join(GroupWindow, GroupWindow.group_id == GroupServiceSettings.group_id)
        .join(ShiftWindow, ShiftWindow.id == GroupWindow.window_id)
        .join(ProducerGroup, ProducerGroup.id == GroupServiceSettings.group_id)
        .where(ProducerGroup.status == STATUS_VERIFIED, ShiftWindow.is_active.is_(True))
        .order_by(GroupServiceSettings.group_id, ShiftWindow.start_time)
    )
    found: dict[int, tuple[GroupServiceSettings, list[ShiftWindow]]] = {}
    for settings, window in rows:
        found.setdefault(settings.group_id, (settings, []))[1].append(window)
    return found


def group_cutoffs(session: Session, group_id: int, start: datetime, end: datetime) -> list[Cutoff]:
    """A group's cutoffs in (start, end]; none when buyers cannot order from it (no active
    window, or neither a pickup point nor a delivery zone)."""
    service = group_service(session, group_id)
    if not service.usable:
        return []
    return cutoffs_between(service.settings, service.windows, start, end)


def _utc(moment: datetime) -> datetime:
    """An aware datetime as the naive UTC the columns store."""
    return moment.astimezone(UTC).replace(tzinfo=None)


def run(session: Session, at: datetime | None = None) -> tuple[int, int]:
    """Queue a reminder for every cutoff in the next hour after `at` (default now); return
    (reminders, messages rows written). The caller commits."""
    now = now_wib(at)
    reminders = messages = 0
    for group_id, (settings, windows) in _windows_by_group(session).items():
        if not cutoffs_between(settings, windows, now, now + AHEAD):
            continue
        for cutoff in group_cutoffs(session, group_id, now, now + AHEAD):
            counts = queries.pickups_by_window(session, group_id, [cutoff.day])
            orders = sum(p["count"] for p in counts if p["window"].id == cutoff.window.id)
            params = {
                "window": cutoff.window.code,
                "day": cutoff.day.isoformat(),
                "time": cutoff.at.strftime("%H:%M"),
                "orders": orders,
            }
            link = (
                "orders.inbox",
                {"tanggal": cutoff.day.isoformat(), "jam": cutoff.window.id},
            )
            reminders += 1
            messages += enqueue(
                session,
                group_member_ids(session, group_id),
                CATEGORY,
                m.CUTOFF_SOON,
                params,
                link,
                expires_at=_utc(cutoff.at),
                dedupe=f"cutoff:{cutoff.day.isoformat()}:{group_id}:{cutoff.window.code}",
            )
    return reminders, messages
