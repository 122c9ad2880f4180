"""Deliver outbox rows: claim a batch, send each on its channel, record what happened.

Claiming is one conditional UPDATE … RETURNING of rows that are due (pending and past
next_attempt_at, or sending with an expired lease: their worker died mid-send); on
PostgreSQL the candidate rows are read FOR UPDATE SKIP LOCKED, so several workers take
disjoint batches without waiting for each other. A claim sets a lease; the result of a send
is written only while the claim still holds (status sending, same attempt), so a row whose
lease ran out and was taken by another worker is not written twice. A row is sent at most
once per claim; after a crash between the provider's answer and our commit it may be sent
again with the same idempotency key, which each channel hands to its provider.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import and_, delete, or_, select, update
from sqlalchemy.orm import Session

from marketplace.core.timeutil import utcnow
from marketplace.outbox import events, preferences
from marketplace.outbox.batch import Batch, prefetch, wants
from marketplace.outbox.channels.base import (
    Channel,
    PermanentFailure,
    Recipient,
    TemporaryFailure,
)
from marketplace.outbox.models import (
    EXPIRED,
    FAILED,
    PENDING,
    SENDING,
    SENT,
    SKIPPED,
    OutboxMessage,
    PushSubscription,
)
from marketplace.outbox.render import render

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Policy:
    """How the worker claims and retries (from the OUTBOX_* settings)."""

    batch: int = 50
    max_attempts: int = 8
    lease_seconds: int = 120
    backoff_seconds: int = 30
    backoff_max_seconds: int = 6 * 3600

    @classmethod
    def from_config(cls, config: Mapping) -> Policy:
        """The policy of an app's configuration."""
        return cls(
            batch=config["OUTBOX_BATCH"],
            max_attempts=config["OUTBOX_MAX_ATTEMPTS"],
            lease_seconds=config["OUTBOX_LEASE_SECONDS"],
            backoff_seconds=config["OUTBOX_BACKOFF_SECONDS"],
            backoff_max_seconds=config["OUTBOX_BACKOFF_MAX_SECONDS"],
        )

    def retry_delay(self, attempts: int) -> timedelta:
        """Doubling delay after the n-th failed attempt, capped, with up to 10 % jitter."""
        base = min(self.backoff_seconds * 2 ** max(attempts - 1, 0), self.backoff_max_seconds)
        return timedelta(seconds=base * (1 + random.uniform(0, 0.1)))  # noqa: S311 - spread


@dataclass
class Tally:
    """What one pass of the worker did, by outcome."""

    counts: dict[str, int] = field(default_factory=dict)

    def add(self, outcome: str) -> None:
        """Count one row's outcome."""
        self.counts[outcome] = self.counts.get(outcome, 0) + 1

    @property
    def handled(self) -> int:
        """Rows handled in all."""
        return sum(self.counts.values())


def claim(session: Session, policy: Policy, now: datetime | None = None) -> list[int]:
    """Claim up to `policy.batch` due rows for this worker and commit the claim."""
    now = now or utcnow()
    due = or_(
        and_(OutboxMessage.status == PENDING, OutboxMessage.next_attempt_at <= now),
        and_(OutboxMessage.status == SENDING, OutboxMessage.lease_until < now),
    )
    candidates = (
        select(OutboxMessage.id)
        .where(due)
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(policy.batch)
        .with_for_update(skip_locked=True)
    )
    ids = list(session.scalars(candidates))
    if not ids:
        session.commit()
        return []
    claimed = session.scalars(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(ids), due)  # taken meanwhile by another worker: skipped
        .values(
            status=SENDING,
            lease_until=now + timedelta(seconds=policy.lease_seconds),
            attempts=OutboxMessage.attempts + 1,
        )
        .returning(OutboxMessage.id)
        .execution_options(synchronize_session=False)
    ).all()
    session.commit()
    return sorted(claimed)


def _finish(session: Session, row_id: int, attempt: int, /, **values) -> bool:
    """Write a row's outcome while our claim holds; False if another worker took it."""
    result = session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id == row_id,
            OutboxMessage.status == SENDING,
            OutboxMessage.attempts == attempt,
        )
        .values(lease_until=None, **values)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def deliver(
    session: Session,
    row_id: int,
    channels: Mapping[str, Channel],
    policy: Policy,
    now: datetime | None = None,
    batch: Batch | None = None,
) -> str:
    """Send one claimed row and record the outcome (committed); return the outcome."""
    now = now or utcnow()
    batch = batch or prefetch(session, [row_id])
    row = batch.rows.get(row_id)
    if row is None or row.status != SENDING:
        return "lost"
    attempts = row.attempts

    def close(status: str, error: str = "", **extra) -> str:
        _finish(session, row_id, attempts, status=status, last_error=error[:2000], **extra)
        session.commit()
        return status

    if row.expires_at is not None and now >= row.expires_at:
        return close(EXPIRED, "expired before delivery")
    channel = channels.get(row.channel)
    if channel is None:
        return close(FAILED, f"channel {row.channel} is not configured")
    user = batch.users.get(row.user_id) if row.user_id is not None else None
    if user is None or not user.is_active_account:
        return close(SKIPPED, "no active recipient")
    settings = batch.settings.get(user.id, preferences.DEFAULT)
    if row.channel in events.INTRUSIVE and not row.urgent:
        until = preferences.in_quiet_hours(settings, now)
        if until is not None:  # held back, not a failed attempt
            _finish(session, row_id, attempts, status=PENDING, next_attempt_at=until,
                    attempts=attempts - 1)  # fmt: skip
            session.commit()
            return "held"
    if not wants(batch, user.id, row.category, row.channel):
        return close(SKIPPED, "turned off by the recipient")
    forgotten: list[int] = []
    recipient = Recipient(
        user_id=user.id,
        name=user.name,
        email=user.email or None,
        phone=user.phone or None,
        devices=batch.devices.get(user.id, ()),
        forget_device=forgotten.append,
    )
    if not channel.reaches(recipient):
        return close(SKIPPED, "no address on this channel")
    message = render(row, settings.language)
    try:
        provider_id = channel.send(message, recipient, row.idempotency_key)
    except TemporaryFailure as exc:
        _forget(session, forgotten)
        return _retry_or_give_up(session, row_id, attempts, policy, now, str(exc))
    except PermanentFailure as exc:
        _forget(session, forgotten)
        return close(FAILED, str(exc))
    _forget(session, forgotten)
    sent_at = utcnow()
    if recipient.devices:  # the devices that took it are alive: kept while they answer
        session.execute(
            update(PushSubscription)
            .where(
                PushSubscription.id.in_([d.id for d in recipient.devices if d.id not in forgotten])
            )
            .values(last_success_at=sent_at)
        )
    return close(SENT, sent_at=sent_at, provider_id=(provider_id or "")[:160] or None)


def _retry_or_give_up(
    session: Session, row_id: int, attempts: int, policy: Policy, now: datetime, error: str
) -> str:
    """After a temporary failure: try again later, or give up after the last attempt."""
    if attempts >= policy.max_attempts:
        _finish(
            session,
            row_id,
            attempts,
            status=FAILED,
            last_error=f"gave up after {attempts} attempts: {error}"[:2000],
        )
        session.commit()
        return FAILED
    _finish(
        session,
        row_id,
        attempts,
        status=PENDING,
        last_error=error[:2000],
        next_attempt_at=now + policy.retry_delay(attempts),
    )
    session.commit()
    return "retry"


def _forget(session: Session, device_ids: list[int]) -> None:
    """Remove push devices the push service says are gone."""
    if device_ids:
        session.execute(delete(PushSubscription).where(PushSubscription.id.in_(device_ids)))


def run_once(session: Session, channels: Mapping[str, Channel], policy: Policy) -> Tally:
    """Claim one batch and deliver it; the tally is empty when nothing was due."""
    tally = Tally()
    ids = claim(session, policy)
    batch = prefetch(session, ids) if ids else None
    for row_id in ids:
        try:
            tally.add(deliver(session, row_id, channels, policy, batch=batch))
        except Exception as exc:  # a broken row must not stop the others: retried, then failed
            session.rollback()
            log.exception("outbox row %s could not be delivered", row_id)
            attempts = session.scalar(
                select(OutboxMessage.attempts).where(OutboxMessage.id == row_id)
            )
            error = f"internal error: {type(exc).__name__}: {exc}"
            tally.add(_retry_or_give_up(session, row_id, attempts or 0, policy, utcnow(), error))
    return tally
