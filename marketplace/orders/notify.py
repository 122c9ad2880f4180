"""In-app notifications (rows, not flashes): written as a message key, shown translated."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import sqlalchemy as sa
from flask import current_app, has_app_context
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from marketplace.catalog.models import GroupMembership
from marketplace.core.timeutil import utcnow
from marketplace.orders import notification_messages as messages
from marketplace.orders.models import Notification

# A link is stored as an endpoint and its arguments and built with url_for when shown: jobs
# without a request (reconcile, expiry) write notifications too, and a renamed route keeps
# working for old rows.
Link = tuple[str, dict[str, Any]]
# Told of every notification written, inside its transaction, so the outbox (a feature above
# orders) writes what must leave the site in the same transaction without orders importing it:
# listener(session, user_ids or None, group_id or None, message, params, link).
Listener = Callable[
    [Session, list[int] | None, int | None, str, Mapping[str, Any], Link | None], None
]
_LISTENERS: list[Listener] = []


def on_notify(listener: Listener) -> Listener:
    """Register a listener told of every notification (the outbox); usable as decorator."""
    if listener not in _LISTENERS:
        _LISTENERS.append(listener)
    return listener


def _fire(
    session: Session,
    user_ids: list[int] | None,
    group_id: int | None,
    message: str,
    params: Mapping[str, Any],
    link: Link | None,
) -> None:
    for listener in _LISTENERS:
        listener(session, user_ids, group_id, message, params, link)


def buyer_order_link(order_id: int) -> Link:
    """The buyer's page of an order."""
    return ("orders.order_detail", {"order_id": order_id})


def producer_order_link(order_id: int) -> Link:
    """The producer group's page of an order."""
    return ("orders.producer_order", {"order_id": order_id})


def _checked(message: str, params: Mapping[str, Any], link: Link | None) -> None:
    # Fail where the notification is written, not when someone opens the list.
    messages.check(message, params)
    if link is not None and has_app_context():  # services also run in bare sessions (tests)
        current_app.url_map.bind("localhost").build(link[0], link[1])


def notify(
    session: Session,
    user_ids: Iterable[int],
    kind: str,
    message: str,
    params: Mapping[str, Any],
    link: Link | None = None,
) -> None:
    """Add one notification per user (flush, no commit): a message key, its params, a link."""
    user_ids = sorted(set(user_ids))
    _add(session, user_ids, kind, message, params, link)
    session.flush()
    _fire(session, user_ids, None, message, params, link)


def notify_each(
    session: Session,
    user_id: int,
    kind: str,
    message: str,
    notices: Iterable[tuple[Mapping[str, Any], Link | None]],
) -> None:
    """Add one notification to one user per (params, link), in one INSERT (executemany)."""
    rows = []
    for params, link in notices:
        _checked(message, params, link)
        endpoint, link_params = link if link is not None else (None, None)
        rows.append(
            {
                "user_id": user_id,
                "kind": kind,
                "message": message,
                "params": dict(params),
                "link_endpoint": endpoint,
                "link_params": link_params,
            }
        )
    if rows:
        session.execute(sa.insert(Notification), rows)
        for row in rows:
            link = (row["link_endpoint"], row["link_params"]) if row["link_endpoint"] else None
            _fire(session, [user_id], None, message, row["params"], link)


def _add(
    session: Session,
    user_ids: Iterable[int],
    kind: str,
    message: str,
    params: Mapping[str, Any],
    link: Link | None,
) -> None:
    _checked(message, params, link)
    endpoint, link_params = link if link is not None else (None, None)
    for uid in sorted(set(user_ids)):
        session.add(
            Notification(
                user_id=uid,
                kind=kind,
                message=message,
                params=dict(params),
                link_endpoint=endpoint,
                link_params=link_params,
            )
        )


def notify_group(
    session: Session,
    group_id: int,
    kind: str,
    message: str,
    params: Mapping[str, Any],
    link: Link | None = None,
) -> None:
    """Add one notification per member of the group, in one INSERT … SELECT statement."""
    _checked(message, params, link)
    endpoint, link_params = link if link is not None else (None, None)
    members = select(
        GroupMembership.user_id,
        sa.literal(kind),
        sa.literal(message),
        sa.literal(dict(params), sa.JSON()),
        sa.literal(endpoint, sa.String()),
        sa.literal(link_params, sa.JSON()),
        sa.literal(""),
        sa.literal(utcnow(), sa.DateTime()),
    ).where(GroupMembership.group_id == group_id)
    session.execute(
        sa.insert(Notification).from_select(
            [
                "user_id",
                "kind",
                "message",
                "params",
                "link_endpoint",
                "link_params",
                "text",
                "created_at",
            ],
            members,
        )
    )
    _fire(session, None, group_id, message, params, link)


def group_member_ids(session: Session, group_id: int) -> list[int]:
    """The user ids of a group's members."""
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


def text_of(notification: Notification) -> str:
    """The notification's text in the reader's language."""
    return messages.render(notification.message, notification.params, notification.text)


def url_of(notification: Notification) -> str | None:
    """Where the notification leads, built with url_for (None: nowhere)."""
    return messages.link(notification.link_endpoint, notification.link_params)
