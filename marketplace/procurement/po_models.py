"""Purchase orders (one per awarded group), their lines, deliveries and the signed BAST."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.accounts.models import User
from marketplace.catalog.models import ProducerGroup
from marketplace.core.timeutil import utcnow
from marketplace.extensions import db
from marketplace.orders.models import PickupPoint, ShiftWindow
from marketplace.procurement import states
from marketplace.procurement.models import Company
from marketplace.procurement.rfq_models import Quote, Rfq, RfqItem

TERMS_COD = "cod"
TERMS_NET14 = "net14"
TERMS_NET30 = "net30"
TERMS = {
    TERMS_COD: _l("Bayar saat barang diterima"),
    TERMS_NET14: _l("14 hari setelah faktur"),
    TERMS_NET30: _l("30 hari setelah faktur"),
}
TERMS_DAYS = {TERMS_COD: 0, TERMS_NET14: 14, TERMS_NET30: 30}


class PurchaseOrder(db.Model):
    """A company's order to one group; a request split over a consortium has one PO per group.

    Amounts are fixed when the PO is made: `subtotal` of the lines, `ppn` (only when the group
    is PKP), `total` = subtotal + ppn.
    """

    __tablename__ = "purchase_orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)  # PO-2026-00001
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True)
    rfq_id: Mapped[int | None] = mapped_column(ForeignKey("rfqs.id"), index=True)
    quote_id: Mapped[int | None] = mapped_column(ForeignKey("quotes.id"))
    group_id: Mapped[int] = mapped_column(ForeignKey("producer_groups.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default=states.PO_DRAFT, index=True)
    status_reason: Mapped[str] = mapped_column(Text, default="")
    terms: Mapped[str] = mapped_column(String(8), default=TERMS_COD)
    down_payment_percent: Mapped[int] = mapped_column(default=0)
    subtotal: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    ppn: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    total: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    point_id: Mapped[int | None] = mapped_column(ForeignKey("pickup_points.id"))
    window_id: Mapped[int | None] = mapped_column(ForeignKey("shift_windows.id"))
    notes: Mapped[str] = mapped_column(Text, default="")
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    approved_at: Mapped[datetime | None] = mapped_column()
    issued_at: Mapped[datetime | None] = mapped_column()
    accepted_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    company: Mapped[Company] = relationship()
    rfq: Mapped[Rfq | None] = relationship()
    quote: Mapped[Quote | None] = relationship()
    group: Mapped[ProducerGroup] = relationship()
    point: Mapped[PickupPoint | None] = relationship()
    window: Mapped[ShiftWindow | None] = relationship()
    requested_by: Mapped[User] = relationship(foreign_keys=[requested_by_id])
    approved_by: Mapped[User | None] = relationship(foreign_keys=[approved_by_id])
    lines: Mapped[list[PoLine]] = relationship(
        back_populates="po", cascade="all, delete-orphan", order_by="PoLine.position"
    )
    deliveries: Mapped[list[Delivery]] = relationship(
        back_populates="po", cascade="all, delete-orphan", order_by="Delivery.seq"
    )

    __table_args__ = (
        CheckConstraint(
            "down_payment_percent >= 0 AND down_payment_percent <= 100", name="dp_percent_range"
        ),
        CheckConstraint("terms IN ('cod', 'net14', 'net30')", name="terms_known"),
        CheckConstraint("subtotal >= 0 AND ppn >= 0 AND total = subtotal + ppn", name="sums"),
    )


class PoLine(db.Model):
    """An agreed line of a PO: history, never rewritten after the PO is issued."""

    __tablename__ = "po_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    po_id: Mapped[int] = mapped_column(
        ForeignKey("purchase_orders.id", ondelete="CASCADE"), index=True
    )
    rfq_item_id: Mapped[int | None] = mapped_column(ForeignKey("rfq_items.id"))
    position: Mapped[int] = mapped_column(default=0)
    description: Mapped[str] = mapped_column(String(160))
    unit: Mapped[str] = mapped_column(String(16), default="pcs")
    spec: Mapped[dict] = mapped_column(sa.JSON, default=dict)  # the item's spec, copied
    unit_price: Mapped[int] = mapped_column()
    quantity: Mapped[int] = mapped_column()

    po: Mapped[PurchaseOrder] = relationship(back_populates="lines")
    item: Mapped[RfqItem | None] = relationship()

    __table_args__ = (
        CheckConstraint("unit_price >= 0", name="price_positive"),
        CheckConstraint("quantity > 0", name="quantity_positive"),
    )

    @property
    def amount(self) -> int:
        return self.unit_price * self.quantity


class Delivery(db.Model):
    """One drop of a PO's goods at a gate in a shift window; ends with a BAST."""

    __tablename__ = "po_deliveries"

    id: Mapped[int] = mapped_column(primary_key=True)
    po_id: Mapped[int] = mapped_column(ForeignKey("purchase_orders.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column()  # 1, 2, … within the PO
    day: Mapped[date] = mapped_column(index=True)  # WIB date
    window_id: Mapped[int] = mapped_column(ForeignKey("shift_windows.id"))
    point_id: Mapped[int] = mapped_column(ForeignKey("pickup_points.id"))
    status: Mapped[str] = mapped_column(String(16), default=states.DELIVERY_SCHEDULED, index=True)
    status_reason: Mapped[str] = mapped_column(Text, default="")
    dispatched_at: Mapped[datetime | None] = mapped_column()
    received_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # migration 0015: the delivery whose rejected goods this one brings again (plain column)
    replaces_id: Mapped[int | None] = mapped_column()

    po: Mapped[PurchaseOrder] = relationship(back_populates="deliveries")
    window: Mapped[ShiftWindow] = relationship()
    point: Mapped[PickupPoint] = relationship()
    lines: Mapped[list[DeliveryLine]] = relationship(
        back_populates="delivery", cascade="all, delete-orphan", order_by="DeliveryLine.id"
    )
    bast: Mapped[Bast | None] = relationship(back_populates="delivery", uselist=False)

    __table_args__ = (UniqueConstraint("po_id", "seq", name="uq_po_delivery_seq"),)


class DeliveryLine(db.Model):
    """How much of one PO line a delivery brings; the BAST fills accepted and rejected."""

    __tablename__ = "po_delivery_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    delivery_id: Mapped[int] = mapped_column(ForeignKey("po_deliveries.id", ondelete="CASCADE"))
    po_line_id: Mapped[int] = mapped_column(ForeignKey("po_lines.id"), index=True)
    qty_planned: Mapped[int] = mapped_column(default=0)
    qty_delivered: Mapped[int] = mapped_column(default=0)
    qty_accepted: Mapped[int] = mapped_column(default=0)
    qty_rejected: Mapped[int] = mapped_column(default=0)
    reject_reason: Mapped[str] = mapped_column(Text, default="")

    delivery: Mapped[Delivery] = relationship(back_populates="lines")
    po_line: Mapped[PoLine] = relationship()

    __table_args__ = (
        UniqueConstraint("delivery_id", "po_line_id", name="uq_delivery_line"),
        CheckConstraint(
            "qty_planned >= 0 AND qty_delivered >= 0 AND qty_accepted >= 0 AND qty_rejected >= 0",
            name="quantities_positive",
        ),
        CheckConstraint("qty_accepted + qty_rejected <= qty_delivered", name="accepted_within"),
    )


class Bast(db.Model):
    """Berita acara serah terima: the receiving staff's signed record of one delivery."""

    __tablename__ = "basts"

    id: Mapped[int] = mapped_column(primary_key=True)
    delivery_id: Mapped[int] = mapped_column(ForeignKey("po_deliveries.id"), unique=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)  # BAST-2026-00001
    signed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    signer_name: Mapped[str] = mapped_column(String(120))  # as typed when signing
    notes: Mapped[str] = mapped_column(Text, default="")
    signed_at: Mapped[datetime] = mapped_column(default=utcnow)

    delivery: Mapped[Delivery] = relationship(back_populates="bast")
    signed_by: Mapped[User] = relationship()
    photos: Mapped[list[BastPhoto]] = relationship(
        back_populates="bast", cascade="all, delete-orphan", order_by="BastPhoto.id"
    )


class BastPhoto(db.Model):
    """A photo taken at the handover (of rejected goods, say), in the catalog's storage."""

    __tablename__ = "bast_photos"

    id: Mapped[int] = mapped_column(primary_key=True)
    bast_id: Mapped[int] = mapped_column(ForeignKey("basts.id", ondelete="CASCADE"), index=True)
    storage_key: Mapped[str] = mapped_column(String(80), unique=True)
    content_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    bast: Mapped[Bast] = relationship(back_populates="photos")
