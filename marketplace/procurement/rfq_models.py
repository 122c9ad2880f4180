"""Requests for quotation (RFQ), their items, attachments and recipients; groups' quotes."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.accounts.models import User
from marketplace.catalog.models import ProducerGroup
from marketplace.core.timeutil import utcnow
from marketplace.extensions import db
from marketplace.orders.models import PickupPoint, ShiftWindow
from marketplace.procurement import states
from marketplace.procurement.models import Company

# Item units a request may use (labels live with the RFQ forms).
UNITS = ("pcs", "stel", "kotak", "porsi", "paket", "lusin", "kodi")


class Rfq(db.Model):
    """A company's request for quotation, sent to the groups that can make it."""

    __tablename__ = "rfqs"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)  # RFQ-2026-00001
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    title: Mapped[str] = mapped_column(String(160))
    category: Mapped[str] = mapped_column(String(32), index=True)  # catalog category slug
    needed_by: Mapped[date | None] = mapped_column()
    sample_required: Mapped[bool] = mapped_column(default=False)
    budget: Mapped[int | None] = mapped_column()
    point_id: Mapped[int | None] = mapped_column(ForeignKey("pickup_points.id"))
    window_id: Mapped[int | None] = mapped_column(ForeignKey("shift_windows.id"))
    recurring: Mapped[bool] = mapped_column(default=False)
    notes: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default=states.RFQ_DRAFT, index=True)
    status_reason: Mapped[str] = mapped_column(Text, default="")
    sent_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    company: Mapped[Company] = relationship()
    created_by: Mapped[User] = relationship()
    point: Mapped[PickupPoint | None] = relationship()
    window: Mapped[ShiftWindow | None] = relationship()
    items: Mapped[list[RfqItem]] = relationship(
        back_populates="rfq", cascade="all, delete-orphan", order_by="RfqItem.position"
    )
    attachments: Mapped[list[RfqAttachment]] = relationship(
        back_populates="rfq", cascade="all, delete-orphan", order_by="RfqAttachment.id"
    )
    recipients: Mapped[list[RfqRecipient]] = relationship(
        back_populates="rfq", cascade="all, delete-orphan", order_by="RfqRecipient.id"
    )

    __table_args__ = (CheckConstraint("budget IS NULL OR budget >= 0", name="budget_positive"),)


class RfqItem(db.Model):
    """One thing asked for, with its specification.

    `spec` is free JSON per category, e.g. uniforms `{"sizes": {"S": 100, "XXL": 20},
    "logo": "bordir", "color": "navy"}`, meals `{"menu": "Nasi ayam", "per_day": 250,
    "days": [0, 1, 2, 3, 4]}` (weekday numbers, Monday 0).
    """

    __tablename__ = "rfq_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    rfq_id: Mapped[int] = mapped_column(ForeignKey("rfqs.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(String(160))
    quantity: Mapped[int] = mapped_column()
    unit: Mapped[str] = mapped_column(String(16), default="pcs")
    spec: Mapped[dict] = mapped_column(sa.JSON, default=dict)

    rfq: Mapped[Rfq] = relationship(back_populates="items")

    __table_args__ = (CheckConstraint("quantity > 0", name="quantity_positive"),)


class RfqAttachment(db.Model):
    """A file attached to a request (a logo, a drawing, a menu), in the catalog's storage."""

    __tablename__ = "rfq_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    rfq_id: Mapped[int] = mapped_column(ForeignKey("rfqs.id", ondelete="CASCADE"), index=True)
    storage_key: Mapped[str] = mapped_column(String(80), unique=True)
    filename: Mapped[str] = mapped_column(String(120))
    content_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int] = mapped_column()
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    rfq: Mapped[Rfq] = relationship(back_populates="attachments")


class RfqRecipient(db.Model):
    """A group the request was sent to; only these groups see it and may quote."""

    __tablename__ = "rfq_recipients"

    id: Mapped[int] = mapped_column(primary_key=True)
    rfq_id: Mapped[int] = mapped_column(ForeignKey("rfqs.id", ondelete="CASCADE"))
    group_id: Mapped[int] = mapped_column(ForeignKey("producer_groups.id"), index=True)
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)
    seen_at: Mapped[datetime | None] = mapped_column()

    rfq: Mapped[Rfq] = relationship(back_populates="recipients")
    group: Mapped[ProducerGroup] = relationship()

    __table_args__ = (UniqueConstraint("rfq_id", "group_id", name="uq_rfq_recipient"),)


class Quote(db.Model):
    """A group's answer to a request: prices per item, how much it can take, when."""

    __tablename__ = "quotes"

    id: Mapped[int] = mapped_column(primary_key=True)
    rfq_id: Mapped[int] = mapped_column(ForeignKey("rfqs.id"), index=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("producer_groups.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), default=states.QUOTE_DRAFT, index=True)
    delivery_plan: Mapped[str] = mapped_column(Text, default="")
    lead_time_days: Mapped[int] = mapped_column(default=0)
    valid_until: Mapped[date | None] = mapped_column()
    notes: Mapped[str] = mapped_column(Text, default="")
    status_reason: Mapped[str] = mapped_column(Text, default="")
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    submitted_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    rfq: Mapped[Rfq] = relationship()
    group: Mapped[ProducerGroup] = relationship()
    lines: Mapped[list[QuoteLine]] = relationship(
        back_populates="quote", cascade="all, delete-orphan", order_by="QuoteLine.id"
    )

    __table_args__ = (
        CheckConstraint("lead_time_days >= 0", name="lead_time_positive"),
        # One live quote per group and request; withdrawn/declined/expired ones stay as history.
        sa.Index(
            "uq_quotes_live",
            "rfq_id",
            "group_id",
            unique=True,
            sqlite_where=sa.text("status IN ('draft', 'submitted', 'accepted')"),
            postgresql_where=sa.text("status IN ('draft', 'submitted', 'accepted')"),
        ),
    )

    @property
    def total(self) -> int:
        return sum(line.unit_price * line.quantity_offered for line in self.lines)


class QuoteLine(db.Model):
    """A quote's price for one requested item and the quantity the group can take."""

    __tablename__ = "quote_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    quote_id: Mapped[int] = mapped_column(ForeignKey("quotes.id", ondelete="CASCADE"))
    rfq_item_id: Mapped[int] = mapped_column(ForeignKey("rfq_items.id"), index=True)
    unit_price: Mapped[int] = mapped_column()
    quantity_offered: Mapped[int] = mapped_column()

    quote: Mapped[Quote] = relationship(back_populates="lines")
    item: Mapped[RfqItem] = relationship()

    __table_args__ = (
        UniqueConstraint("quote_id", "rfq_item_id", name="uq_quote_line_item"),
        CheckConstraint("unit_price >= 0", name="price_positive"),
        CheckConstraint("quantity_offered >= 0", name="quantity_positive"),
    )
