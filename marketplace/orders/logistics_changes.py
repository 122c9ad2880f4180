"""What an officer's edit of the shared windows, points and zones does to open orders.

An order keeps the terms agreed at checkout (window times, point or zone name, fee): a moved
or closed window, or a closed point or zone, applies to new orders only. This is what the
buyer was promised and what the group accepted, so nobody's order changes behind their back.
Because the shared row no longer matches what those open orders agreed, the officer sees the
affected open orders before saving, and on saving their buyers and groups are told, so both
sides can arrange if the agreed time or place no longer suits.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import time

from flask_babel import gettext
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from marketplace.orders import logistics, notify, states
from marketplace.orders import notification_messages as messages
from marketplace.orders.models import WINDOW_CODES, DeliveryZone, Order, PickupPoint, ShiftWindow

WINDOW_MOVED = "window_moved"
WINDOW_CLOSED = "window_closed"
POINT_CLOSED = "point_closed"
ZONE_CLOSED = "zone_closed"

NOTIFICATION_KIND = "logistics_change"

# change kind -> (buyer's message, group's message)
_MESSAGES = {
    WINDOW_MOVED: (messages.WINDOW_MOVED_BUYER, messages.WINDOW_MOVED_GROUP),
    WINDOW_CLOSED: (messages.WINDOW_CLOSED_BUYER, messages.WINDOW_CLOSED_GROUP),
    POINT_CLOSED: (messages.POINT_CLOSED_BUYER, messages.POINT_CLOSED_GROUP),
    ZONE_CLOSED: (messages.ZONE_CLOSED_BUYER, messages.ZONE_CLOSED_GROUP),
}


@dataclass
class Change:
    """One edit that open orders are affected by, and those orders (with their groups)."""

    kind: str
    target_id: int
    name: str  # the point's or zone's name, or the window's code
    span: str = ""  # a window's new times
    old_span: str = ""  # a window's times before the edit
    orders: list[Order] = field(default_factory=list)


@dataclass(frozen=True)
class WantedWindow:
    """What the officer's form asks one window to become."""

    start: time
    end: time
    active: bool


def open_orders(session: Session, *conditions) -> list[Order]:
    """Open orders (not completed, cancelled or expired) matching `conditions`, with groups."""
    return list(
        session.scalars(
            select(Order)
            .options(joinedload(Order.group))
            .where(Order.status.in_(states.ACTIVE), *conditions)
            .order_by(Order.pickup_date, Order.window_start, Order.id)
        )
    )


def window_changes(session: Session, wanted: dict[str, WantedWindow]) -> list[Change]:
    """The changes among `wanted` (code -> new values) that open orders are affected by.

    A window that is closed: every open order of it. A window whose times move: the open
    orders that agreed other times than the new ones (an order placed at 13.00 is not affected
    by moving the end back to 13.00). Windows whose values do not change affect nobody, so
    saving the form unchanged tells nobody anything.
    """
    current = {w.code: w for w in session.scalars(select(ShiftWindow))}
    changes = []
    for code in WINDOW_CODES:
        window, new = current.get(code), wanted.get(code)
        if window is None or new is None:
            continue
        moved = (window.start_time, window.end_time) != (new.start, new.end)
        span = _span(new.start, new.end)
        if window.is_active and not new.active:
            orders = open_orders(session, Order.window_id == window.id)
            kind = WINDOW_CLOSED
        elif moved and new.active:
            orders = open_orders(
                session,
                Order.window_id == window.id,
                (Order.window_start != new.start) | (Order.window_end != new.end),
            )
            kind = WINDOW_MOVED
        else:
            continue
        if orders:
            changes.append(Change(kind, window.id, code, span, window.span, orders))
    return changes


def closing_change(session: Session, item: PickupPoint | DeliveryZone) -> Change | None:
    """Closing a pickup point or delivery zone: the open orders that use it, or None."""
    if isinstance(item, PickupPoint):
        kind, column = POINT_CLOSED, Order.pickup_point_id
    else:
        kind, column = ZONE_CLOSED, Order.delivery_zone_id
    orders = open_orders(session, column == item.id)
    return Change(kind, item.id, item.name, orders=orders) if orders else None


def affected_ids(changes: list[Change]) -> set[int]:
    """The ids of every order the changes affect."""
    return {order.id for change in changes for order in change.orders}


def announce(session: Session, changes: list[Change]) -> int:
    """Tell each affected order's buyer, and each affected group once per change (flush, no
    commit); return how many orders were affected."""
    for change in changes:
        buyer_message, group_message = _MESSAGES[change.kind]
        for order in change.orders:
            notify.notify(
                session,
                [order.buyer_id],
                NOTIFICATION_KIND,
                buyer_message,
                _buyer_params(change, order),
                notify.buyer_order_link(order.id),
            )
        for group_id, count in sorted(Counter(o.group_id for o in change.orders).items()):
            notify.notify_group(
                session,
                group_id,
                NOTIFICATION_KIND,
                group_message,
                _group_params(change, count),
                _inbox_link(change),
            )
    session.flush()
    return len(affected_ids(changes))


def _span(start: time, end: time) -> str:
    return f"{start:%H.%M}–{end:%H.%M}"


def _buyer_params(change: Change, order: Order) -> dict:
    params = {"id": order.id, "day": order.pickup_date.isoformat()}
    if change.kind in (WINDOW_MOVED, WINDOW_CLOSED):
        params |= {"window": change.name, "agreed": _span(order.window_start, order.window_end)}
        if change.kind == WINDOW_MOVED:
            params["span"] = change.span
    else:
        params["place"] = order.place_name
    return params


def _group_params(change: Change, count: int) -> dict:
    if change.kind == WINDOW_MOVED:
        return {"window": change.name, "span": change.span, "n": count}
    if change.kind == WINDOW_CLOSED:
        return {"window": change.name, "n": count}
    return {"place": change.name, "n": count}


def _inbox_link(change: Change) -> notify.Link:
    """The group's inbox, filtered to the window or point when there is a filter for it."""
    if change.kind in (WINDOW_MOVED, WINDOW_CLOSED):
        return ("orders.inbox", {"jam": change.target_id})
    if change.kind == POINT_CLOSED:
        return ("orders.inbox", {"titik": change.target_id})
    return ("orders.inbox", {})


def describe(change: Change) -> str:
    """A line for the officer's confirmation page: what changes."""
    if change.kind == WINDOW_MOVED:
        return f"{_window_name(change.name)}: {change.old_span} → {change.span} WIB"
    if change.kind == WINDOW_CLOSED:
        return f"{_window_name(change.name)} {change.old_span}"
    return change.name


def _window_name(code: str) -> str:
    return gettext(logistics.WINDOW_LABELS.get(code, code))
