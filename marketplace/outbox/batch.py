"""What delivering a batch of claimed outbox rows needs, read before any provider is called."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.accounts.models import User
from marketplace.outbox import preferences
from marketplace.outbox.channels.base import Device
from marketplace.outbox.models import NotificationChoice, OutboxMessage, PushSubscription


@dataclass
class Batch:
    """What delivering a batch needs, read in five statements instead of five per row.

    The ORM objects are detached, so the commits after each send do not expire them."""

    rows: dict[int, OutboxMessage]
    users: dict[int, User]
    settings: dict[int, preferences.Settings]
    choices: dict[tuple[int, str, str], bool]
    devices: dict[int, tuple[Device, ...]]


def prefetch(session: Session, ids: list[int]) -> Batch:
    """Read the claimed rows, their recipients, settings, choices and push devices."""
    rows = {
        r.id: r
        for r in session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.id.in_(ids))
            .execution_options(populate_existing=True)
        )
    }
    user_ids = {r.user_id for r in rows.values() if r.user_id is not None}
    users = {
        u.id: u
        for u in session.scalars(
            select(User).where(User.id.in_(user_ids)).execution_options(populate_existing=True)
        )
    }
    settings = preferences.settings_for(session, user_ids)
    choices = {
        (uid, category, channel): enabled
        for uid, category, channel, enabled in session.execute(
            select(
                NotificationChoice.user_id,
                NotificationChoice.category,
                NotificationChoice.channel,
                NotificationChoice.enabled,
            ).where(NotificationChoice.user_id.in_(user_ids))
        )
    }
    devices: dict[int, list[Device]] = {}
    for d in session.scalars(
        select(PushSubscription)
        .where(PushSubscription.user_id.in_(user_ids))
        .order_by(PushSubscription.id)
    ):
        devices.setdefault(d.user_id, []).append(Device(d.id, d.endpoint, d.p256dh, d.auth))
    for obj in (*rows.values(), *users.values()):
        session.expunge(obj)
    session.commit()  # no transaction stays open while providers answer
    return Batch(rows, users, settings, choices, {k: tuple(v) for k, v in devices.items()})


def wants(batch: Batch, user_id: int, category: str, channel: str) -> bool:
    """Whether the person wants `category` on `channel` (their choice, else the default)."""
    choice = batch.choices.get((user_id, category, channel))
    return preferences.default_on(category, channel) if choice is None else choice
