"""In-app notifications (rows, not flashes) and the paths they link to."""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from marketplace.catalog.models import GroupMembership
from marketplace.core.timeutil import utcnow
from marketplace.orders.models import Notification


def buyer_order_path(order_id: int) -> str:
    return f"/pesanan/{order_id}"


def producer_order_path(order_id: int) -> str:
    return f"/produsen/pesanan/{order_id}"


def notify(session: Session, user_ids: Iterable[int], kind: str, text: str, url: str) -> None:
    """Add one notification per user (flush, no commit)."""
    for uid in sorted(set(user_ids)):
        session.add(Notification(user_id=uid, kind=kind, text=text[:255], url=url))
    session.flush()


def notify_group(session: Session, group_id: int, kind: str, text: str, url: str) -> None:
    """Add one notification per member of the group, in one INSERT … SELECT statement."""
    members = select(
        GroupMembership.user_id,
        sa.literal(kind),
        sa.literal(text[:255]),
        sa.literal(url),
        sa.literal(utcnow(), sa.DateTime()),
    ).where(GroupMembership.group_id == group_id)
    session.execute(
        sa.insert(Notification).from_select(
            ["user_id", "kind", "text", "url", "created_at"], members
        )
    )


def group_member_ids(session: Session, group_id: int) -> list[int]:
    return list(
        session.scalars(select(GroupMembership.user_id).where(GroupMembership.group_id == group_id))
    )


def unread_count(session: Session, user_id: int) -> int:
    return session.scalar(
        select(func.count(Notification.id)).where(
            Notification.user_id == user_id, Notification.read_at.is_(None)
        )
    )


def recent(session: Session, user_id: int, limit: int = 50) -> list[Notification]:
    return list(
        session.scalars(
            select(Notification)
            .where(Notification.user_id == user_id)
            .order_by(Notification.created_at.desc(), Notification.id.desc())
            .limit(limit)
        )
    )


def mark_all_read(session: Session, user_id: int) -> int:
    result = session.execute(
        update(Notification)
        .where(Notification.user_id == user_id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
    return result.rowcount
