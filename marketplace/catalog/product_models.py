"""Products and their photos."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.catalog.models import ProducerGroup
from marketplace.core.timeutil import utcnow
from marketplace.extensions import db

MAX_PRICE = 100_000_000
MAX_PHOTOS = 5
UNITS = (
    "pcs",
    "porsi",
    "kotak",
    "bungkus",
    "kg",
    "gram",
    "liter",
    "lusin",
    "kodi",
    "set",
    "meter",
    "lembar",
    "paket",
    "jam",
    "proyek",
)


class Product(db.Model):
    """A product a group sells. Never deleted once ordered; deactivated instead."""

    __tablename__ = "products"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("producer_groups.id"), index=True)
    # active_history: the spelling table (search_terms.py) needs the old words on every change
    name: Mapped[str] = mapped_column(String(120), active_history=True)
    category: Mapped[str] = mapped_column(String(32))
    description: Mapped[str] = mapped_column(Text, default="", active_history=True)
    price: Mapped[int] = mapped_column()  # whole Rupiah
    unit: Mapped[str] = mapped_column(String(16), default="pcs")
    stock: Mapped[int] = mapped_column(default=0)
    min_order: Mapped[int] = mapped_column(default=1)
    is_preorder: Mapped[bool] = mapped_column(default=False)
    lead_time_days: Mapped[int] = mapped_column(default=0)
    is_active: Mapped[bool] = mapped_column(default=True, active_history=True)
    # Denormalised for the catalog card and sorting, kept up to date by the services that
    # change them (photos, orders, reviews), so listing pages need no joins or aggregates.
    main_thumb_key: Mapped[str | None] = mapped_column(String(80))
    sold_count: Mapped[int] = mapped_column(default=0)
    rating_count: Mapped[int] = mapped_column(default=0)
    rating_sum: Mapped[int] = mapped_column(default=0)
    rating_avg: Mapped[float] = mapped_column(default=0.0)
    ever_ordered: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    group: Mapped[ProducerGroup] = relationship()
    photos: Mapped[list[ProductPhoto]] = relationship(
        back_populates="product", cascade="all, delete-orphan", order_by="ProductPhoto.position"
    )

    __table_args__ = (
        CheckConstraint(f"price > 0 AND price <= {MAX_PRICE}", name="price_range"),
        CheckConstraint("stock >= 0", name="stock_not_negative"),
        CheckConstraint("min_order >= 1", name="min_order_positive"),
        CheckConstraint("lead_time_days >= 0", name="lead_time_not_negative"),
        sa.Index("ix_products_active_category_created", "is_active", "category", "created_at"),
        sa.Index("ix_products_active_created", "is_active", "created_at"),
        sa.Index("ix_products_active_preorder_created", "is_active", "is_preorder", "created_at"),
        # migration 0007: whole sort keys (ties included) for keyset pages
        sa.Index("ix_products_active_price_id", "is_active", "price", "id", "group_id"),
        sa.Index("ix_products_active_sold_id", "is_active", "sold_count", "id", "group_id"),
        sa.Index(
            "ix_products_active_rating_id",
            "is_active",
            "rating_avg",
            "rating_count",
            "id",
            "group_id",
        ),
        # migration 0006 (issue 7): deep newest-first pages and shop pages at 100,000 products
        sa.Index(
            "ix_products_active_created_id_group", "is_active", "created_at", "id", "group_id"
        ),
        sa.Index("ix_products_group_active_created", "group_id", "is_active", "created_at"),
    )


class ProductPhoto(db.Model):
    """One photo of a product, stored re-encoded as a thumbnail and a large view."""

    __tablename__ = "product_photos"

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(
        ForeignKey("products.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)  # 0 is the main photo
    thumb_key: Mapped[str] = mapped_column(String(80))
    large_key: Mapped[str] = mapped_column(String(80))
    width: Mapped[int] = mapped_column()
    height: Mapped[int] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    product: Mapped[Product] = relationship(back_populates="photos")
