"""The morning digest: what each producer group hands over today, the order cutoffs still
ahead, and the products running low or sold out (`flask outbox digest`, 05.00 WIB from cron).

One message per member of a verified group that has something to say, queued once per day
(dedupe) and expiring at the end of the day. The parameters are JSON (codes, ISO dates,
"HH:MM" times, names and numbers); the detail lines are made in the reader's language when
the message is rendered (`digest_lines`, registered with the renderer at import).
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from marketplace.catalog.constants import STATUS_VERIFIED
from marketplace.catalog.models import ProducerGroup
from marketplace.catalog.work_page import low_stock
from marketplace.core.timeutil import WIB
from marketplace.orders import notification_messages as m
from marketplace.orders import queries
from marketplace.orders.logistics import now_wib
from marketplace.orders.models import Order
from marketplace.outbox import render
from marketplace.outbox.cutoff import group_cutoffs
from marketplace.outbox.digest_lines import digest_lines
from marketplace.outbox.enqueue import enqueue, group_member_ids

CATEGORY = "digest"
# The most low-stock / sold-out products named (the work page lists them all).
STOCK_LIMIT = 10

render.register_lines(m.DIGEST, digest_lines)


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """The first and the last instant of a WIB day (aware)."""
    start = datetime.combine(day, time.min, tzinfo=WIB)
    return start, start + timedelta(days=1) - timedelta(microseconds=1)


def _hhmm(value: time) -> str:
    return value.strftime("%H:%M")


def _open_orders(session: Session, day: date) -> dict[int, list[Order]]:
    """Orders to hand over on `day` (placed, accepted, ready), per group: two queries."""
    orders = session.scalars(
        select(Order)
        .join(ProducerGroup, ProducerGroup.id == Order.group_id)
        .where(
            ProducerGroup.status == STATUS_VERIFIED,
            Order.pickup_date == day,
            Order.status.in_(queries.OPEN),
        )
        .options(selectinload(Order.lines))
        .order_by(Order.window_start, Order.window_end, Order.id)
    )
    by_group: dict[int, list[Order]] = {}
    for order in orders:
        by_group.setdefault(order.group_id, []).append(order)
    return by_group


def window_params(orders: list[Order]) -> list[dict[str, Any]]:
    """Per agreed window: its code and times, the number of orders, and per place the
    quantities per product (most first)."""
    windows: dict[tuple, dict] = {}
    for order in orders:
        key = (order.window_start, order.window_end, order.window_code)
        entry = windows.setdefault(key, {"orders": 0, "places": {}})
        entry["orders"] += 1
        place = entry["places"].setdefault((order.fulfilment, order.place_name), Counter())
        for line in order.lines:
            place[(line.name, line.unit)] += line.quantity
    return [
        {
            "code": code,
            "start": _hhmm(start),
            "end": _hhmm(end),
            "orders": entry["orders"],
            "places": [
                {
                    "delivery": fulfilment == "delivery",
                    "name": name,
                    "items": [
                        {"name": item, "unit": unit, "qty": qty}
                        for (item, unit), qty in sorted(items.items(), key=lambda i: (-i[1], i[0]))
                    ],
                }
                for (fulfilment, name), items in sorted(entry["places"].items())
            ],
        }
        for (start, end, code), entry in sorted(windows.items())
    ]


def group_digest(
    session: Session, group: ProducerGroup, day: date, orders: list[Order], now: datetime
) -> dict[str, Any] | None:
    """The digest's parameters for one group, or None when it has nothing to say."""
    start, end = day_bounds(day)
    cutoffs = group_cutoffs(session, group.id, max(now, start), end)
    products = low_stock(session, group.id, limit=STOCK_LIMIT)
    low = [{"name": p.name, "stock": p.stock} for p in products if p.stock > 0]
    sold_out = [p.name for p in products if p.stock == 0]
    # Cutoffs alone are no news (every selling group has them every day, and the reminder
    # an hour before each one comes anyway): a digest needs orders or stock to act on.
    if not (orders or low or sold_out):
        return None
    return {
        "day": day.isoformat(),
        "orders": len(orders),
        "windows": window_params(orders),
        "cutoffs": [
            {"window": c.window.code, "day": c.day.isoformat(), "time": _hhmm(c.at.time())}
            for c in cutoffs
        ],
        "low": low,
        "sold_out": sold_out,
    }


def run(session: Session, day: date | None = None, at: datetime | None = None) -> tuple[int, int]:
    """Queue the digest of `day` (default today, WIB) for every verified group with something
    to say; return (groups, messages rows written). Cutoffs before `at` (default now) are
    left out. The caller commits."""
    now = now_wib(at)
    day = day or now.date()
    # The end of the day (WIB) as stored UTC: a digest not delivered that day is dropped.
    expires_at = (day_bounds(day)[0] + timedelta(days=1)).astimezone(UTC).replace(tzinfo=None)
    orders = _open_orders(session, day)
    groups = session.scalars(
        select(ProducerGroup)
        .where(ProducerGroup.status == STATUS_VERIFIED)
        .order_by(ProducerGroup.id)
    ).all()
    told = messages = 0
    for group in groups:
        params = group_digest(session, group, day, orders.get(group.id, []), now)
        if params is None:
            continue
        told += 1
        messages += enqueue(
            session,
            group_member_ids(session, group.id),
            CATEGORY,
            m.DIGEST,
            params,
            ("orders.prep_list", {"tanggal": day.isoformat()}),
            # Orders to hand over today: like a pickup today, it may wake a phone at 05.00.
            urgent=bool(params["orders"]),
            expires_at=expires_at,
            dedupe=f"digest:{day.isoformat()}:{group.id}",
        )
    return told, messages
