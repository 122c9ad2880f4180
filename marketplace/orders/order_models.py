"""Checkouts, orders and their lines, status history, notifications, reviews."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

import sqlalchemy as sa
from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.accounts.models import User
from marketplace.catalog.models import ProducerGroup
from marketplace.catalog.product_models import Product
from marketplace.core.formatting import time_span
from marketplace.core.timeutil import utcnow
from marketplace.extensions import db
from marketplace.orders import states

_STATUS_LIST = ", ".join(f"'{s}'" for s in states.STATUSES)


@dataclass(frozen=True)
class AgreedWindow:
    """The pickup window an order was placed for, as it was then (shown like a ShiftWindow)."""

    code: str
    start_time: time
    end_time: time

    @property
    def span(self) -> str:
        """`06.00–08.00 WIB` (`06:00–08:00 WIB` in English), as ShiftWindow.span."""
        return time_span(self.start_time, self.end_time)


class Checkout(db.Model):
    """What the buyer pays once: one order per group."""

    __tablename__ = "checkouts"

    id: Mapped[int] = mapped_column(primary_key=True)
    buyer_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    payment_method: Mapped[str] = mapped_column(String(16))  # cod | midtrans
    payment_status: Mapped[str] = mapped_column(String(16), default="none")
    payment_deadline: Mapped[datetime | None] = mapped_column()
    total: Mapped[int] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    buyer: Mapped[User] = relationship()
    orders: Mapped[list[Order]] = relationship(back_populates="checkout", order_by="Order.id")

    __table_args__ = (CheckConstraint("total >= 0", name="total_not_negative"),)


class Order(db.Model):
    """One group's part of a checkout, with its pickup or delivery choice."""

    __tablename__ = "orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    checkout_id: Mapped[int] = mapped_column(ForeignKey("checkouts.id"), index=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("producer_groups.id"))
    buyer_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    status: Mapped[str] = mapped_column(String(20))
    fulfilment: Mapped[str] = mapped_column(String(10))  # pickup | delivery
    pickup_point_id: Mapped[int | None] = mapped_column(ForeignKey("pickup_points.id"))
    window_id: Mapped[int] = mapped_column(ForeignKey("shift_windows.id"))
    pickup_date: Mapped[date] = mapped_column()  # WIB date of the window (pickup or delivery)
    delivery_zone_id: Mapped[int | None] = mapped_column(ForeignKey("delivery_zones.id"))
    address_note: Mapped[str] = mapped_column(String(255), default="")
    delivery_fee: Mapped[int] = mapped_column(default=0)
    # What was agreed at checkout (migration 0011): officers may later move a window or rename
    # or close a point, but an order keeps showing the terms it was placed on.
    window_code: Mapped[str] = mapped_column(String(16))
    window_start: Mapped[time] = mapped_column()
    window_end: Mapped[time] = mapped_column()
    pickup_point_name: Mapped[str | None] = mapped_column(String(120))
    delivery_zone_name: Mapped[str | None] = mapped_column(String(120))
    subtotal: Mapped[int] = mapped_column()
    total: Mapped[int] = mapped_column()
    pickup_code: Mapped[str] = mapped_column(String(12), unique=True)
    cancel_reason: Mapped[str] = mapped_column(Text, default="")
    stock_released: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    placed_at: Mapped[datetime | None] = mapped_column()
    accepted_at: Mapped[datetime | None] = mapped_column()
    ready_at: Mapped[datetime | None] = mapped_column()
    completed_at: Mapped[datetime | None] = mapped_column()
    cancelled_at: Mapped[datetime | None] = mapped_column()
    expired_at: Mapped[datetime | None] = mapped_column()

    checkout: Mapped[Checkout] = relationship(back_populates="orders")
    group: Mapped[ProducerGroup] = relationship()
    buyer: Mapped[User] = relationship()
    pickup_point = relationship("PickupPoint")
    window = relationship("ShiftWindow")
    delivery_zone = relationship("DeliveryZone")
    lines: Mapped[list[OrderLine]] = relationship(
        back_populates="order", cascade="all, delete-orphan", order_by="OrderLine.id"
    )
    events: Mapped[list[OrderEvent]] = relationship(
        back_populates="order", cascade="all, delete-orphan", order_by="OrderEvent.id"
    )

    __table_args__ = (
        CheckConstraint(f"status IN ({_STATUS_LIST})", name="status_known"),
        CheckConstraint("fulfilment IN ('pickup', 'delivery')", name="fulfilment_known"),
        CheckConstraint(
            "(fulfilment = 'pickup' AND pickup_point_id IS NOT NULL AND delivery_zone_id IS NULL)"
            " OR (fulfilment = 'delivery' AND delivery_zone_id IS NOT NULL"
            " AND pickup_point_id IS NULL)",
            name="fulfilment_target",
        ),
        CheckConstraint("delivery_fee >= 0", name="fee_not_negative"),
        CheckConstraint("subtotal >= 0", name="subtotal_not_negative"),
        CheckConstraint("total = subtotal + delivery_fee", name="total_sum"),
        sa.Index("ix_orders_group_status_date", "group_id", "status", "pickup_date"),
        sa.Index("ix_orders_group_date_window", "group_id", "pickup_date", "window_id"),
        sa.Index("ix_orders_buyer_created", "buyer_id", "created_at"),
    )

    @property
    def status_label(self) -> str:
        return states.label(self.status)

    @property
    def agreed_window(self) -> AgreedWindow:
        """The window's code and times as agreed at checkout."""
        return AgreedWindow(self.window_code, self.window_start, self.window_end)

    @property
    def place_name(self) -> str:
        """The pickup point's or delivery zone's name as agreed at checkout."""
        name = self.pickup_point_name if self.fulfilment == "pickup" else self.delivery_zone_name
        return name or "-"

    @property
    def place_label(self) -> str:
        if self.fulfilment == "pickup":
            return self.place_name
        return f"Antar: {self.place_name}"


class OrderLine(db.Model):
    """A snapshot of what was bought: name, unit price and quantity at checkout."""

    __tablename__ = "order_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    unit: Mapped[str] = mapped_column(String(16), default="pcs")
    unit_price: Mapped[int] = mapped_column()
    quantity: Mapped[int] = mapped_column()
    line_total: Mapped[int] = mapped_column()
    from_stock: Mapped[bool] = mapped_column(default=True)  # False: pre-order, made to order
    # The GroupCapacity whose units this line reserved on the order's day (migration 0013),
    # None when the group declared none for it. No foreign key: a capacity removed later
    # takes its day counts with it, and the line then has nothing to give back.
    capacity_id: Mapped[int | None] = mapped_column()

    order: Mapped[Order] = relationship(back_populates="lines")
    product: Mapped[Product] = relationship()

    __table_args__ = (
        CheckConstraint("quantity >= 1", name="quantity_positive"),
        CheckConstraint("unit_price >= 0", name="price_not_negative"),
        CheckConstraint("line_total = unit_price * quantity", name="line_total_product"),
    )


class OrderEvent(db.Model):
    """One step of an order's status history."""

    __tablename__ = "order_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    order: Mapped[Order] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship()


class Notification(db.Model):
    """An in-app notification (the bell): a row, read or unread.

    It stores a message key with its parameters and a link as endpoint and arguments, so the
    reader sees it in their language (`orders.notification_messages`). `text` is only for
    rows written before migration 0009 whose text could not be mapped to a key.
    """

    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))
    message: Mapped[str | None] = mapped_column(String(64))
    params: Mapped[dict | None] = mapped_column(sa.JSON)
    link_endpoint: Mapped[str | None] = mapped_column(String(64))
    link_params: Mapped[dict | None] = mapped_column(sa.JSON)
    text: Mapped[str] = mapped_column(String(255), default="")
    read_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        sa.Index("ix_notifications_user_read", "user_id", "read_at"),
        sa.Index("ix_notifications_user_created", "user_id", "created_at"),
    )


class Review(db.Model):
    """A buyer's rating (1–5) of a product from a completed order; one per order and product."""

    __tablename__ = "reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"), index=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"))
    buyer_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    rating: Mapped[int] = mapped_column()
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    buyer: Mapped[User] = relationship()
    product: Mapped[Product] = relationship()

    __table_args__ = (
        UniqueConstraint("order_id", "product_id", name="uq_reviews_order_product"),
        CheckConstraint("rating >= 1 AND rating <= 5", name="rating_range"),
        sa.Index("ix_reviews_product_created", "product_id", "created_at", "rating"),  # 0006
    )
