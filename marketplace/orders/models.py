"""Pickup and delivery settings, and the cart.

Checkouts, orders, their history, notifications and reviews are in `orders.order_models`
(re-exported here so `from orders.models import Order` works).
"""

from __future__ import annotations

from datetime import datetime, time

import sqlalchemy as sa
from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.catalog.product_models import Product
from marketplace.core.formatting import time_span
from marketplace.core.timeutil import utcnow
from marketplace.extensions import db

WINDOW_CODES = ("pagi", "siang", "malam")


class PickupPoint(db.Model):
    """A shared pickup point in the zone (a factory gate, a bus stop, a dormitory block)."""

    __tablename__ = "pickup_points"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    description: Mapped[str] = mapped_column(String(255), default="")
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ShiftWindow(db.Model):
    """A pickup window around a shift change; times are WIB wall-clock times."""

    __tablename__ = "shift_windows"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)  # pagi / siang / malam
    start_time: Mapped[time] = mapped_column()
    end_time: Mapped[time] = mapped_column()
    is_active: Mapped[bool] = mapped_column(default=True)

    __table_args__ = (CheckConstraint("start_time < end_time", name="window_order"),)

    @property
    def span(self) -> str:
        """`06.00–08.00 WIB` (`06:00–08:00 WIB` in English)."""
        return time_span(self.start_time, self.end_time)


class DeliveryZone(db.Model):
    """A dormitory area (mess, kos) that groups may deliver to; shared, officer-managed."""

    __tablename__ = "delivery_zones"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class GroupServiceSettings(db.Model):
    """A group's order rules: cutoff before a window and orders per window.

    Its row is also the lock a checkout takes (in group-id order) before counting a window's
    orders, so two buyers cannot both take the last place.
    """

    __tablename__ = "group_service_settings"

    group_id: Mapped[int] = mapped_column(
        ForeignKey("producer_groups.id", ondelete="CASCADE"), primary_key=True
    )
    cutoff_minutes: Mapped[int] = mapped_column(default=120)
    max_orders_per_window: Mapped[int | None] = mapped_column()  # None: no limit
    # Whether the group declared any daily unit capacity (orders.capacity keeps it in step):
    # checkout reads this row anyway, so a group without one pays no extra statement.
    has_unit_capacity: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    __table_args__ = (
        CheckConstraint("cutoff_minutes >= 0 AND cutoff_minutes <= 10080", name="cutoff_range"),
        CheckConstraint(
            "max_orders_per_window IS NULL OR max_orders_per_window >= 1", name="capacity_positive"
        ),
    )


class GroupPickupPoint(db.Model):
    """A pickup point a group serves."""

    __tablename__ = "group_pickup_points"

    group_id: Mapped[int] = mapped_column(
        ForeignKey("producer_groups.id", ondelete="CASCADE"), primary_key=True
    )
    pickup_point_id: Mapped[int] = mapped_column(
        ForeignKey("pickup_points.id", ondelete="CASCADE"), primary_key=True
    )
    pickup_point: Mapped[PickupPoint] = relationship(lazy="joined")


class GroupWindow(db.Model):
    """A shift window a group serves (for pickup and for delivery)."""

    __tablename__ = "group_windows"

    group_id: Mapped[int] = mapped_column(
        ForeignKey("producer_groups.id", ondelete="CASCADE"), primary_key=True
    )
    window_id: Mapped[int] = mapped_column(
        ForeignKey("shift_windows.id", ondelete="CASCADE"), primary_key=True
    )
    window: Mapped[ShiftWindow] = relationship(lazy="joined")


class GroupDeliveryZone(db.Model):
    """A delivery zone a group serves, with its delivery fee (whole Rupiah)."""

    __tablename__ = "group_delivery_zones"

    group_id: Mapped[int] = mapped_column(
        ForeignKey("producer_groups.id", ondelete="CASCADE"), primary_key=True
    )
    zone_id: Mapped[int] = mapped_column(
        ForeignKey("delivery_zones.id", ondelete="CASCADE"), primary_key=True
    )
    fee: Mapped[int] = mapped_column(default=0)
    zone: Mapped[DeliveryZone] = relationship(lazy="joined")

    __table_args__ = (CheckConstraint("fee >= 0 AND fee <= 1000000", name="fee_range"),)


class Cart(db.Model):
    """A logged-in buyer's cart (anonymous visitors keep theirs in the session cookie)."""

    __tablename__ = "carts"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    items: Mapped[list[CartItem]] = relationship(
        back_populates="cart", cascade="all, delete-orphan", order_by="CartItem.id"
    )


class CartItem(db.Model):
    __tablename__ = "cart_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    cart_id: Mapped[int] = mapped_column(ForeignKey("carts.id", ondelete="CASCADE"), index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"))
    quantity: Mapped[int] = mapped_column()
    added_at: Mapped[datetime] = mapped_column(default=utcnow)

    cart: Mapped[Cart] = relationship(back_populates="items")
    product: Mapped[Product] = relationship(lazy="joined")

    __table_args__ = (
        UniqueConstraint("cart_id", "product_id", name="uq_cart_items_cart_product"),
        CheckConstraint("quantity >= 1 AND quantity <= 10000", name="quantity_range"),
        sa.Index("ix_cart_items_product_id", "product_id"),
    )


from marketplace.orders.capacity_models import (  # noqa: E402,F401 - one import path
    CapacityUse,
    GroupCapacity,
)
from marketplace.orders.order_models import (  # noqa: E402,F401 - one import path for every orders model
    Checkout,
    Notification,
    Order,
    OrderEvent,
    OrderLine,
    Review,
)
