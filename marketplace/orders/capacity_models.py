"""A group's declared daily production capacity in units, and the units taken per day."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.catalog.product_models import Product
from marketplace.core.timeutil import utcnow
from marketplace.extensions import db


class GroupCapacity(db.Model):
    """How many units a group can make per day of one product, or of one category.

    Exactly one of `product_id` and `category` is set; a product's own row wins over its
    category's. `lead_time_days`: days the group needs before a delivery day can be promised.
    """

    __tablename__ = "group_capacities"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(
        ForeignKey("producer_groups.id", ondelete="CASCADE"), index=True
    )
    product_id: Mapped[int | None] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"))
    category: Mapped[str | None] = mapped_column(String(32))
    units_per_day: Mapped[int] = mapped_column()
    lead_time_days: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    product: Mapped[Product | None] = relationship()

    __table_args__ = (
        CheckConstraint(
            "(product_id IS NOT NULL AND category IS NULL)"
            " OR (product_id IS NULL AND category IS NOT NULL)",
            name="one_target",
        ),
        CheckConstraint("units_per_day >= 1", name="units_positive"),
        CheckConstraint("lead_time_days >= 0", name="lead_time_not_negative"),
        UniqueConstraint("group_id", "product_id", name="uq_group_capacities_group_product"),
        UniqueConstraint("group_id", "category", name="uq_group_capacities_group_category"),
    )


class CapacityUse(db.Model):
    """Units of one capacity already promised on one day (row created on first use)."""

    __tablename__ = "capacity_use"

    capacity_id: Mapped[int] = mapped_column(
        ForeignKey("group_capacities.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(primary_key=True)
    units_taken: Mapped[int] = mapped_column(default=0)

    __table_args__ = (CheckConstraint("units_taken >= 0", name="units_not_negative"),)
