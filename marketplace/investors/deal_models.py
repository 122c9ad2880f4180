"""Deals after an introduction: terms, tranches, the repayment schedule, repayments, updates.

The platform records what the group and the investor agreed and what each reports; it never
holds or moves the money (see the OJK notice on every deal page).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.accounts.models import User
from marketplace.catalog.models import ProducerGroup
from marketplace.core.timeutil import utcnow
from marketplace.extensions import db
from marketplace.investors import deal_states
from marketplace.investors.pitch_models import Interest

MAX_DEAL_AMOUNT = 2_000_000_000  # fits a 32-bit integer column, like a pitch's amount

LOAN = "loan"
REVENUE_SHARE = "revenue_share"
EQUITY = "equity"
GRANT = "grant"
INSTRUMENTS = {
    LOAN: _l("Pinjaman"),
    REVENUE_SHARE: _l("Bagi hasil"),
    EQUITY: _l("Penyertaan modal (ekuitas)"),
    GRANT: _l("Hibah / dana CSR"),
}


class DealFile(db.Model):
    """A private file of a deal: a transfer proof (photo or PDF) or an update's photo."""

    __tablename__ = "deal_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    deal_id: Mapped[int] = mapped_column(ForeignKey("deals.id", ondelete="CASCADE"), index=True)
    storage_key: Mapped[str] = mapped_column(String(80), unique=True)
    content_type: Mapped[str] = mapped_column(String(40))
    original_name: Mapped[str] = mapped_column(String(120))
    size: Mapped[int] = mapped_column()
    uploaded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Deal(db.Model):
    """What a group and an investor agreed after an interest; confirmed by an officer."""

    __tablename__ = "deals"

    id: Mapped[int] = mapped_column(primary_key=True)
    interest_id: Mapped[int] = mapped_column(
        ForeignKey("pitch_interests.id", ondelete="CASCADE"), index=True
    )
    group_id: Mapped[int] = mapped_column(
        ForeignKey("producer_groups.id", ondelete="CASCADE"), index=True
    )
    investor_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    instrument: Mapped[str] = mapped_column(String(16))
    amount: Mapped[int] = mapped_column()  # whole Rupiah
    term_months: Mapped[int] = mapped_column(default=0)
    # loans: flat yearly rate on the principal, in hundredths of a percent (1200 = 12 %)
    rate_bps: Mapped[int] = mapped_column(default=0)
    # revenue share: share of each month's recorded sales, in hundredths of a percent
    share_bps: Mapped[int] = mapped_column(default=0)
    first_due_on: Mapped[date | None] = mapped_column()
    notes: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(24), index=True)
    proposed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    agreed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    agreed_at: Mapped[datetime | None] = mapped_column()
    confirmed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    confirmed_at: Mapped[datetime | None] = mapped_column()
    closed_reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    interest: Mapped[Interest] = relationship()
    group: Mapped[ProducerGroup] = relationship()
    investor: Mapped[User] = relationship(foreign_keys=[investor_id])
    tranches: Mapped[list[DealTranche]] = relationship(
        back_populates="deal", cascade="all, delete-orphan", order_by="DealTranche.position"
    )
    instalments: Mapped[list[DealInstalment]] = relationship(
        back_populates="deal", cascade="all, delete-orphan", order_by="DealInstalment.seq"
    )
    repayments: Mapped[list[DealRepayment]] = relationship(
        back_populates="deal", cascade="all, delete-orphan", order_by="DealRepayment.id"
    )
    updates: Mapped[list[DealUpdate]] = relationship(
        back_populates="deal", cascade="all, delete-orphan", order_by="DealUpdate.id.desc()"
    )

    __table_args__ = (
        CheckConstraint(f"amount > 0 AND amount <= {MAX_DEAL_AMOUNT}", name="amount_range"),
        CheckConstraint("term_months >= 0 AND term_months <= 120", name="term_range"),
        CheckConstraint("rate_bps >= 0 AND rate_bps <= 10000", name="rate_range"),
        CheckConstraint("share_bps >= 0 AND share_bps <= 10000", name="share_range"),
    )

    @property
    def instrument_label(self) -> str:
        return str(INSTRUMENTS.get(self.instrument, self.instrument))

    @property
    def status_label(self) -> str:
        return deal_states.label(self.status)

    @property
    def rate_percent(self) -> Decimal:
        return Decimal(self.rate_bps) / 100

    @property
    def share_percent(self) -> Decimal:
        return Decimal(self.share_bps) / 100


class DealTranche(db.Model):
    """One planned transfer of the deal's money, and its disbursement once reported."""

    __tablename__ = "deal_tranches"

    id: Mapped[int] = mapped_column(primary_key=True)
    deal_id: Mapped[int] = mapped_column(ForeignKey("deals.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    amount: Mapped[int] = mapped_column()
    planned_on: Mapped[date] = mapped_column()
    disbursed_on: Mapped[date | None] = mapped_column()
    reference: Mapped[str | None] = mapped_column(String(64))
    proof_id: Mapped[int | None] = mapped_column(ForeignKey("deal_files.id"))
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime | None] = mapped_column()

    deal: Mapped[Deal] = relationship(back_populates="tranches")

    __table_args__ = (CheckConstraint("amount > 0", name="amount_positive"),)


class DealInstalment(db.Model):
    """One due date of the repayment schedule, written when the officer confirms the deal.

    `expected` is the amount for a loan; for a revenue share it is NULL and computed from the
    group's recorded sales of `sales_month` (investors.repayments.expected_amounts).
    """

    __tablename__ = "deal_instalments"

    id: Mapped[int] = mapped_column(primary_key=True)
    deal_id: Mapped[int] = mapped_column(ForeignKey("deals.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column()
    due_on: Mapped[date] = mapped_column()
    expected: Mapped[int | None] = mapped_column(sa.BigInteger)
    principal: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    interest: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    sales_month: Mapped[date | None] = mapped_column()

    deal: Mapped[Deal] = relationship(back_populates="instalments")

    __table_args__ = (UniqueConstraint("deal_id", "seq", name="uq_deal_instalments_deal_seq"),)


class DealRepayment(db.Model):
    """A repayment the group reports against one instalment (one row per transfer)."""

    __tablename__ = "deal_repayments"

    id: Mapped[int] = mapped_column(primary_key=True)
    deal_id: Mapped[int] = mapped_column(ForeignKey("deals.id", ondelete="CASCADE"), index=True)
    instalment_id: Mapped[int] = mapped_column(
        ForeignKey("deal_instalments.id", ondelete="CASCADE"), index=True
    )
    amount: Mapped[int] = mapped_column(sa.BigInteger)
    paid_on: Mapped[date] = mapped_column()  # the transfer's date (WIB)
    reference: Mapped[str] = mapped_column(String(64))
    proof_id: Mapped[int | None] = mapped_column(ForeignKey("deal_files.id"))
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    deal: Mapped[Deal] = relationship(back_populates="repayments")
    instalment: Mapped[DealInstalment] = relationship()

    __table_args__ = (
        CheckConstraint("amount > 0", name="amount_positive"),
        # a transfer is reported once: a double submission finds the first row
        UniqueConstraint("deal_id", "reference", name="uq_deal_repayments_deal_reference"),
    )


class DealUpdate(db.Model):
    """The group's news for its investor: what the money bought, jobs added, photos."""

    __tablename__ = "deal_updates"

    id: Mapped[int] = mapped_column(primary_key=True)
    deal_id: Mapped[int] = mapped_column(ForeignKey("deals.id", ondelete="CASCADE"), index=True)
    body: Mapped[str] = mapped_column(Text)
    jobs_added: Mapped[int] = mapped_column(default=0)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    verified_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    verified_at: Mapped[datetime | None] = mapped_column()

    deal: Mapped[Deal] = relationship(back_populates="updates")
    photos: Mapped[list[DealUpdatePhoto]] = relationship(
        cascade="all, delete-orphan", order_by="DealUpdatePhoto.id"
    )

    __table_args__ = (CheckConstraint("jobs_added >= 0", name="jobs_not_negative"),)


class DealUpdatePhoto(db.Model):
    __tablename__ = "deal_update_photos"

    id: Mapped[int] = mapped_column(primary_key=True)
    update_id: Mapped[int] = mapped_column(
        ForeignKey("deal_updates.id", ondelete="CASCADE"), index=True
    )
    file_id: Mapped[int] = mapped_column(ForeignKey("deal_files.id", ondelete="CASCADE"))
