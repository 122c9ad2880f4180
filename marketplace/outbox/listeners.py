"""The outbox listens to every notification written (orders.notify) and queues what leaves."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.core.timeutil import wib_today
from marketplace.orders import notify
from marketplace.orders.models import Order
from marketplace.outbox import events
from marketplace.outbox.enqueue import configured_channels, enqueue, group_member_ids


def on_notification(
    session: Session,
    user_ids: list[int] | None,
    group_id: int | None,
    message: str,
    params: Mapping[str, Any],
    link: notify.Link | None,
) -> None:
    """Queue a notification for the channels its readers chose (nothing if it stays on site)."""
    category = events.category_for(message, dict(params))
    if category is None or not configured_channels():
        return
    if user_ids is None:
        user_ids = group_member_ids(session, group_id) if group_id is not None else []
    urgent = category == "pickup" and _pickup_today(session, link)
    enqueue(session, user_ids, category, message, params, link, urgent=urgent)


def _pickup_today(session: Session, link: notify.Link | None) -> bool:
    """Whether the order the notice links to is picked up today (WIB): urgent at any hour."""
    if not link or "order_id" not in link[1]:
        return False
    day = session.scalar(select(Order.pickup_date).where(Order.id == link[1]["order_id"]))
    return day == wib_today()


def register() -> None:
    """Subscribe the outbox to orders' notifications (called once by the app factory)."""
    notify.on_notify(on_notification)
