"""Write outbox rows in the caller's transaction: one per person and chosen channel.

Called for every notification (through orders.notify's listener) and by the scheduled
digests and reminders. A rolled-back change takes its rows with it; a committed one keeps
them until the worker delivers them."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask import current_app, has_app_context
from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from marketplace.accounts.models import User
from marketplace.catalog.models import GroupMembership
from marketplace.outbox import events, preferences
from marketplace.outbox.models import NotificationChoice, OutboxMessage, PushSubscription

Link = tuple[str, dict[str, Any]] | None


def configured_channels() -> frozenset[str]:
    """The channels this app can send on (none outside an app context, e.g. bare tests)."""
    if not has_app_context():
        return frozenset()
    return frozenset(current_app.extensions.get("outbox.channels", {}))


def enqueue(
    session: Session,
    user_ids: Iterable[int],
    category: str,
    message: str,
    params: Mapping[str, Any],
    link: Link = None,
    *,
    urgent: bool = False,
    expires_at: datetime | None = None,
    dedupe: str | None = None,
) -> int:
    """Write one row per person and channel they want `category` on; return how many.

    `dedupe` makes the rows' idempotency keys `dedupe:user:channel`, so a scheduled job that
    runs twice (a digest, a reminder) writes each message once. Statements: none when no
    channel is configured, else one read and one INSERT."""
    channels = configured_channels()
    ids = sorted(set(user_ids))
    if not channels or not ids:
        return 0
    wanted = _wanted_channels(session, ids, category, channels)
    rows = []
    for uid in ids:
        for channel in sorted(wanted.get(uid, ())):
            key = f"{dedupe}:{uid}:{channel}" if dedupe else f"m:{uuid.uuid4().hex}:{channel}"
            rows.append(
                {
                    "user_id": uid,
                    "channel": channel,
                    "category": category,
                    "message": message,
                    "params": dict(params),
                    "link_endpoint": link[0] if link else None,
                    "link_params": link[1] if link else None,
                    "urgent": urgent,
                    "expires_at": expires_at,
                    "idempotency_key": key,
                }
            )
    if not rows:
        return 0
    if dedupe:  # count what was written: rows queued by an earlier run are not
        return len(
            session.execute(
                _insert_ignoring_duplicates(session).returning(OutboxMessage.id), rows
            ).all()
        )
    session.execute(sa.insert(OutboxMessage), rows)
    return len(rows)


def _insert_ignoring_duplicates(session: Session):
    dialect = session.get_bind().dialect.name
    module = postgresql if dialect == "postgresql" else sqlite
    return module.insert(OutboxMessage).on_conflict_do_nothing(index_elements=["idempotency_key"])


def _wanted_channels(
    session: Session, ids: list[int], category: str, channels: frozenset[str]
) -> dict[int, set[str]]:
    """Per person: the configured channels they want `category` on and have an address for."""
    defaults = {c for c in channels if preferences.default_on(category, c)}
    has_device = select(PushSubscription.id).where(PushSubscription.user_id == User.id).exists()
    # One statement: each person with their choices for this category (none: one row of NULLs).
    rows = session.execute(
        select(
            User.id,
            User.email,
            User.phone,
            has_device,
            NotificationChoice.channel,
            NotificationChoice.enabled,
        )
        .outerjoin(
            NotificationChoice,
            sa.and_(NotificationChoice.user_id == User.id, NotificationChoice.category == category),
        )
        .where(User.id.in_(ids), User.is_active_account.is_(True))
    ).all()
    people: dict[int, tuple] = {}
    choices: dict[int, dict[str, bool]] = {}
    for uid, email, phone, device, channel, enabled in rows:
        people[uid] = (uid, email, phone, device)
        if channel is not None:
            choices.setdefault(uid, {})[channel] = enabled
    wanted: dict[int, set[str]] = {}
    for uid, email, phone, device in people.values():
        chosen = {c for c in channels if choices.get(uid, {}).get(c, c in defaults)}
        reachable = {
            events.EMAIL: bool(email),
            events.PUSH: bool(device),
            events.WHATSAPP: bool(phone),
        }
        wanted[uid] = {c for c in chosen if reachable.get(c, True)}
    return wanted


def group_member_ids(session: Session, group_id: int) -> list[int]:
    """The user ids of a producer group's members."""
    return list(
        session.scalars(select(GroupMembership.user_id).where(GroupMembership.group_id == group_id))
    )
