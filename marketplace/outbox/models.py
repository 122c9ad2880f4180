"""Outbox rows, per-person notification settings and push devices."""

from __future__ import annotations

from datetime import datetime, time

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from marketplace.core.timeutil import utcnow
from marketplace.extensions import db

PENDING = "pending"
SENDING = "sending"
SENT = "sent"
FAILED = "failed"
SKIPPED = "skipped"  # the person turned the channel off, or has no address for it any more
EXPIRED = "expired"  # not delivered before it stopped being useful (a cutoff that passed)
STATUSES = (PENDING, SENDING, SENT, FAILED, SKIPPED, EXPIRED)


class OutboxMessage(db.Model):
    """One message to one person on one channel. Never sent twice: the worker claims it
    (status sending, a lease), sends it with `idempotency_key`, then marks it sent."""

    __tablename__ = "outbox_messages"
    __table_args__ = (Index("ix_outbox_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    channel: Mapped[str] = mapped_column(String(16))  # email | push | whatsapp | fake
    category: Mapped[str] = mapped_column(String(24))  # outbox.events.CATEGORIES
    message: Mapped[str] = mapped_column(String(64))  # a notification message key
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    link_endpoint: Mapped[str | None] = mapped_column(String(64))
    link_params: Mapped[dict | None] = mapped_column(JSON)
    urgent: Mapped[bool] = mapped_column(default=False)  # ignores quiet hours (pickup today)
    status: Mapped[str] = mapped_column(String(12), default=PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    lease_until: Mapped[datetime | None] = mapped_column()
    expires_at: Mapped[datetime | None] = mapped_column()
    idempotency_key: Mapped[str] = mapped_column(String(120), unique=True)
    last_error: Mapped[str] = mapped_column(Text, default="")
    provider_id: Mapped[str | None] = mapped_column(String(160))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column()


class NotificationSettings(db.Model):
    """A person's language for messages off the site and quiet hours (WIB) for push and
    WhatsApp. No row: the defaults (Indonesian, quiet 21.00-06.00)."""

    __tablename__ = "notification_settings"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    language: Mapped[str] = mapped_column(String(5), default="id")
    quiet_enabled: Mapped[bool] = mapped_column(default=True)
    quiet_start: Mapped[time] = mapped_column(default=time(21, 0))
    quiet_end: Mapped[time] = mapped_column(default=time(6, 0))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class NotificationChoice(db.Model):
    """A person's choice for one category on one channel; no row: the category's default."""

    __tablename__ = "notification_choices"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    category: Mapped[str] = mapped_column(String(24), primary_key=True)
    channel: Mapped[str] = mapped_column(String(16), primary_key=True)
    enabled: Mapped[bool] = mapped_column()


class PushSubscription(db.Model):
    """One browser (device) that accepted web push for a person; removed when the push
    service answers 404/410 (the subscription is gone) or the person removes it."""

    __tablename__ = "push_subscriptions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    endpoint: Mapped[str] = mapped_column(String(1000), unique=True)
    p256dh: Mapped[str] = mapped_column(String(255))
    auth: Mapped[str] = mapped_column(String(64))
    user_agent: Mapped[str] = mapped_column(String(255), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_success_at: Mapped[datetime | None] = mapped_column()
