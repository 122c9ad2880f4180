"""Group documents, visit notes, vetting, the watchlist and the per-group monthly rollups."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.accounts.models import User
from marketplace.catalog.models import ProducerGroup
from marketplace.core.timeutil import utcnow
from marketplace.extensions import db

DOCUMENT_KINDS = ("nib", "sk_tkm", "pirt", "halal", "tempat_usaha", "lainnya")


class GroupDocument(db.Model):
    """A group's legal document or workplace photo; seen only by its members and officers."""

    __tablename__ = "group_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(
        ForeignKey("producer_groups.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    storage_key: Mapped[str] = mapped_column(String(80), unique=True)
    content_type: Mapped[str] = mapped_column(String(40))
    original_name: Mapped[str] = mapped_column(String(120))
    size: Mapped[int] = mapped_column()
    uploaded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    uploader: Mapped[User | None] = relationship()


class VisitNote(db.Model):
    """An officer's note of a visit to a group: what was seen and the advice given."""

    __tablename__ = "visit_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(
        ForeignKey("producer_groups.id", ondelete="CASCADE"), index=True
    )
    officer_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    visit_date: Mapped[date] = mapped_column()
    observations: Mapped[str] = mapped_column(Text)
    advice: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    officer: Mapped[User] = relationship()


class GroupVetting(db.Model):
    """Whether officers vetted a lanjutan group for investors (one row per group)."""

    __tablename__ = "group_vetting"

    group_id: Mapped[int] = mapped_column(
        ForeignKey("producer_groups.id", ondelete="CASCADE"), primary_key=True
    )
    is_vetted: Mapped[bool] = mapped_column(default=False, index=True)
    vetted_at: Mapped[datetime | None] = mapped_column()
    vetted_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    vetting_notes: Mapped[str] = mapped_column(Text, default="")
    revoked_at: Mapped[datetime | None] = mapped_column()
    revoked_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    revoke_reason: Mapped[str] = mapped_column(Text, default="")

    group: Mapped[ProducerGroup] = relationship()


class Watch(db.Model):
    """A group on an investor's watchlist."""

    __tablename__ = "investor_watchlist"

    investor_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    group_id: Mapped[int] = mapped_column(
        ForeignKey("producer_groups.id", ondelete="CASCADE"), primary_key=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    group: Mapped[ProducerGroup] = relationship()


class GroupMonthlyStats(db.Model):
    """Per group and WIB calendar month: what completed, was refunded or was cancelled.

    Kept up to date by investors.rollups when an order completes, is cancelled or refunded;
    `flask stats rebuild` recomputes every row from the orders.
    """

    __tablename__ = "group_monthly_stats"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("producer_groups.id", ondelete="CASCADE"))
    month: Mapped[date] = mapped_column()  # first day of the month (WIB)
    # BIGINT (migration 0008): a busy group's month can pass Rp 2.147.483.647
    revenue: Mapped[int] = mapped_column(sa.BigInteger, default=0)  # orders completed that month
    refunded: Mapped[int] = mapped_column(sa.BigInteger, default=0)  # refunds of those orders
    completed_orders: Mapped[int] = mapped_column(default=0)
    on_time_orders: Mapped[int] = mapped_column(default=0)
    cancelled_orders: Mapped[int] = mapped_column(default=0)  # by anyone
    cancelled_by_group: Mapped[int] = mapped_column(default=0)
    # migration 0015: goods companies accepted at a BAST that month (investors.b2b)
    b2b_revenue: Mapped[int] = mapped_column(sa.BigInteger, default=0, server_default="0")

    __table_args__ = (
        UniqueConstraint("group_id", "month", name="uq_group_monthly_stats_group_month"),
        CheckConstraint("revenue >= 0 AND refunded >= 0", name="money_not_negative"),
    )


class GroupBuyerMonth(db.Model):
    """Completed orders per group, buyer and month: unique and repeat buyers without a scan.

    Holds only ids and counts; investors never see which buyer a row is about.
    """

    __tablename__ = "group_buyer_months"

    group_id: Mapped[int] = mapped_column(
        ForeignKey("producer_groups.id", ondelete="CASCADE"), primary_key=True
    )
    buyer_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    month: Mapped[date] = mapped_column(primary_key=True)
    orders: Mapped[int] = mapped_column(default=0)

    __table_args__ = (
        sa.Index("ix_group_buyer_months_group_month", "group_id", "month"),
        # migration 0006 (issue 7): unique/repeat buyers from the index alone
        sa.Index("ix_group_buyer_months_covering", "group_id", "buyer_id", "month", "orders"),
    )


class OrderRollupMark(db.Model):
    """What the rollup already counted for one order, so a repeated call counts nothing twice."""

    __tablename__ = "order_rollup_marks"

    order_id: Mapped[int] = mapped_column(
        ForeignKey("orders.id", ondelete="CASCADE"), primary_key=True
    )
    completed: Mapped[bool] = mapped_column(default=False)
    cancelled: Mapped[bool] = mapped_column(default=False)
    refunded: Mapped[int] = mapped_column(default=0)
