"""Orders, lines, cancellations and reviews of the large data set, then the rollups.

Each order is one group's part of its own checkout; old orders are mostly completed (on time
about nine times in ten), some cancelled (by the buyer or the group) or expired; the last few
days hold open orders. Product counters (sold_count, ratings, ever_ordered) and the investors'
monthly rollups are computed afterwards with set-based SQL.
"""

from __future__ import annotations

import bisect
import random
import time as clock
from datetime import datetime, time, timedelta

import click
import sqlalchemy as sa
from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.demo.bulk import insert_rows, next_id, reset_sequences
from marketplace.demo.common import Sizes, World, zipf_cum
from marketplace.investors import rollup_rebuild
from marketplace.orders.models import DeliveryZone, PickupPoint, ShiftWindow

CHUNK_ORDERS = 25_000
LINES_PER_ORDER = (1, 2, 3, 4)
LINES_CUM = (0.45, 0.75, 0.9, 1.0)
CODE_ALPHABET = "ACDEFGHJKLMNPQRTUVWXY34679"
WIB_OFFSET = timedelta(hours=7)
COMMENTS = (
    "Enak, porsinya pas.",
    "Jahitan rapi.",
    "Sesuai foto.",
    "Cepat diambil di gerbang.",
    "Harga bersahabat.",
    "",
)

CHECKOUT_COLS = (
    "id",
    "buyer_id",
    "payment_method",
    "payment_status",
    "payment_deadline",
    "total",
    "created_at",
)
ORDER_COLS = (
    "id",
    "checkout_id",
    "group_id",
    "buyer_id",
    "status",
    "fulfilment",
    "pickup_point_id",
    "window_id",
    "pickup_date",
    "delivery_zone_id",
    "address_note",
    "delivery_fee",
    "window_code",
    "window_start",
    "window_end",
    "pickup_point_name",
    "delivery_zone_name",
    "subtotal",
    "total",
    "pickup_code",
    "cancel_reason",
    "stock_released",
    "created_at",
    "placed_at",
    "accepted_at",
    "ready_at",
    "completed_at",
    "cancelled_at",
    "expired_at",
)
LINE_COLS = (
    "id",
    "order_id",
    "product_id",
    "name",
    "unit",
    "unit_price",
    "quantity",
    "line_total",
    "from_stock",
)
EVENT_COLS = ("id", "order_id", "from_status", "to_status", "actor_id", "note", "created_at")
REVIEW_COLS = ("id", "product_id", "order_id", "buyer_id", "rating", "comment", "created_at")


def pickup_code(order_id: int) -> str:
    """A unique 8-character code (the app's own are 6 characters, so none can clash)."""
    digits = []
    for _ in range(8):
        order_id, r = divmod(order_id, len(CODE_ALPHABET))
        digits.append(CODE_ALPHABET[r])
    return "".join(digits)


def load_orders(session: Session, rng: random.Random, sizes: Sizes, world: World, echo) -> dict:
    t = clock.monotonic()
    points = list(session.execute(select(PickupPoint.id, PickupPoint.name)))
    zones = list(session.execute(select(DeliveryZone.id, DeliveryZone.name)))
    windows = list(
        session.execute(
            select(ShiftWindow.id, ShiftWindow.end_time, ShiftWindow.code, ShiftWindow.start_time)
        )
    )
    ids = {
        name: next_id(session, name)
        for name in ("checkouts", "orders", "order_lines", "order_events", "reviews")
    }
    first = dict(ids)
    _foreign_key_checks(session, on=False)
    cums: dict[int, list[float]] = {}
    span_minutes = 60 * 24 * 30 * sizes.months
    lines_done = 0
    buf: dict[str, list] = {k: [] for k in ids}
    with click.progressbar(length=sizes.order_lines, label="  baris pesanan") as bar:
        while lines_done < sizes.order_lines:
            groups = rng.choices(world.group_ids, cum_weights=world.group_cum, k=CHUNK_ORDERS)
            for gid in groups:
                if lines_done >= sizes.order_lines:
                    break
                catalogue = world.products[gid]
                n = min(LINES_PER_ORDER[bisect.bisect(LINES_CUM, rng.random())], len(catalogue))
                n = min(n, sizes.order_lines - lines_done)
                cum = cums.get(len(catalogue)) or cums.setdefault(
                    len(catalogue), zipf_cum(len(catalogue), 1.1)
                )
                picked = {bisect.bisect(cum, rng.random() * cum[-1]) for _ in range(n)}
                lines_done += _order(
                    rng,
                    world,
                    gid,
                    [catalogue[i] for i in picked],
                    ids,
                    buf,
                    points,
                    zones,
                    windows,
                    span_minutes,
                )
            _flush(session, buf)
            bar.update(lines_done - bar.pos)
    _foreign_key_checks(session, on=True)
    reset_sequences(session, tuple(ids))
    counts = {k: ids[k] - first[k] for k in ids}
    echo(
        f"  {counts['orders']:,} pesanan, {counts['order_lines']:,} baris, "
        f"{counts['reviews']:,} ulasan ({clock.monotonic() - t:.1f} s)"
    )
    _product_counters(session, first["order_lines"], first["reviews"])
    echo(f"  penghitung produk ({clock.monotonic() - t:.1f} s)")
    result = rollup_rebuild.rebuild(session)
    echo(f"  rollup: {result['months']:,} baris bulanan ({clock.monotonic() - t:.1f} s)")
    _analyze(session)
    return counts


def _order(rng, world, gid, picked, ids, buf, points, zones, windows, span_minutes) -> int:
    oid, cid = ids["orders"], ids["checkouts"]
    ids["orders"] += 1
    ids["checkouts"] += 1
    buyer = world.buyer_ids[int(len(world.buyer_ids) * rng.random() ** 1.6)]  # some buy more
    age = int(span_minutes * rng.random() ** 1.4)  # business grows: more recent orders
    created = world.now - timedelta(minutes=age + 30)
    window_id, window_end, window_code, window_start = windows[rng.randrange(len(windows))]
    pickup_date = (created + WIB_OFFSET).date() + timedelta(days=rng.randrange(2))
    deadline = datetime.combine(pickup_date, window_end or time.max) - WIB_OFFSET
    status, done, cancelled, expired = "completed", None, None, None
    roll = rng.random()
    if age < 60 * 24 * 3:
        status = ("placed", "accepted", "ready")[rng.randrange(3)]
    elif roll < 0.06:
        status, cancelled = "cancelled", created + timedelta(minutes=rng.randrange(10, 600))
    elif roll < 0.08:
        status, expired = "expired", created + timedelta(hours=1)
    else:
        late = rng.random() < 0.08
        done = deadline + timedelta(
            minutes=rng.randrange(30, 900) if late else -rng.randrange(5, 80)
        )
    delivery = rng.random() < 0.2
    place_id, place_name = zones[oid % len(zones)] if delivery else points[oid % len(points)]
    fee = 3000 + 1000 * rng.randrange(3) if delivery else 0
    subtotal = 0
    for pid, price, name, unit in picked:
        qty = 1 + int(4 * rng.random() ** 3)
        subtotal += price * qty
        buf["order_lines"].append(
            (ids["order_lines"], oid, pid, name, unit, price, qty, price * qty, True)
        )
        ids["order_lines"] += 1
        if done is not None and rng.random() < 0.25:
            rating = (5, 5, 5, 4, 4, 3, 2)[rng.randrange(7)]
            buf["reviews"].append(
                (
                    ids["reviews"],
                    pid,
                    oid,
                    buyer,
                    rating,
                    COMMENTS[rng.randrange(len(COMMENTS))],
                    done + timedelta(hours=5),
                )
            )
            ids["reviews"] += 1
    if cancelled is not None:
        by_group = rng.random() < 0.4
        buf["order_events"].append(
            (
                ids["order_events"],
                oid,
                "placed",
                "cancelled",
                world.chair_of[gid] if by_group else buyer,
                "Stok habis." if by_group else "",
                cancelled,
            )
        )
        ids["order_events"] += 1
    total = subtotal + fee
    buf["checkouts"].append((cid, buyer, "cod", "none", None, total, created))
    accepted = created + timedelta(minutes=20) if status in ("accepted", "ready") or done else None
    buf["orders"].append(
        (
            oid,
            cid,
            gid,
            buyer,
            status,
            "delivery" if delivery else "pickup",
            None if delivery else place_id,
            window_id,
            pickup_date,
            place_id if delivery else None,
            "Mess blok B kamar 12" if delivery else "",
            fee,
            window_code,
            window_start,
            window_end,
            None if delivery else place_name,
            place_name if delivery else None,
            subtotal,
            total,
            pickup_code(oid),
            "Dibatalkan." if cancelled else "",
            status in ("cancelled", "expired"),
            created,
            created,
            accepted,
            done - timedelta(minutes=30) if done else None,
            done,
            cancelled,
            expired,
        )
    )
    return len(picked)


def _flush(session: Session, buf: dict[str, list]) -> None:
    insert_rows(session, "checkouts", CHECKOUT_COLS, buf["checkouts"])
    insert_rows(session, "orders", ORDER_COLS, buf["orders"])
    insert_rows(session, "order_lines", LINE_COLS, buf["order_lines"])
    insert_rows(session, "order_events", EVENT_COLS, buf["order_events"])
    insert_rows(session, "reviews", REVIEW_COLS, buf["reviews"])
    for rows in buf.values():
        rows.clear()


def _product_counters(session: Session, first_line: int, first_review: int) -> None:
    """sold_count, ever_ordered and ratings of the products, from the generated rows."""
    session.execute(
        sa.text(
            "UPDATE products SET ever_ordered = TRUE, sold_count = products.sold_count + s.n "
            "FROM (SELECT l.product_id AS pid, "
            "      SUM(CASE WHEN o.status = 'completed' THEN l.quantity ELSE 0 END) AS n "
            "      FROM order_lines l JOIN orders o ON o.id = l.order_id "
            "      WHERE l.id >= :first GROUP BY l.product_id) AS s "
            "WHERE products.id = s.pid"
        ),
        {"first": first_line},
    )
    session.execute(
        sa.text(
            "UPDATE products SET rating_count = products.rating_count + r.c, "
            "rating_sum = products.rating_sum + r.s, "
            "rating_avg = (products.rating_sum + r.s) * 1.0 / (products.rating_count + r.c) "
            "FROM (SELECT product_id AS pid, COUNT(*) AS c, SUM(rating) AS s FROM reviews "
            "      WHERE id >= :first GROUP BY product_id) AS r "
            "WHERE products.id = r.pid"
        ),
        {"first": first_review},
    )


def _foreign_key_checks(session: Session, on: bool) -> None:
    """PostgreSQL: skip the per-row foreign-key triggers while copying generated orders.

    The generator only refers to rows it has just written, so the checks would find nothing;
    they are most of the copy's time. Needs a superuser (`session_replication_role`); other
    roles keep the checks and load more slowly. The tables have no other triggers.
    """
    if session.get_bind().dialect.name != "postgresql":
        return
    role = "origin" if on else "replica"
    try:
        with session.begin_nested():
            session.execute(sa.text(f"SET LOCAL session_replication_role = {role}"))
    except sa.exc.DBAPIError:
        pass  # not a superuser: keep the checks


def _analyze(session: Session) -> None:
    session.execute(sa.text("ANALYZE"))
