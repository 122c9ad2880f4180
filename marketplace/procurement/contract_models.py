"""Recurring catering: a contract for boxed meals on set days, and each day's count."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.catalog.models import ProducerGroup
from marketplace.core.timeutil import utcnow
from marketplace.extensions import db
from marketplace.orders.models import PickupPoint, ShiftWindow
from marketplace.procurement import states
from marketplace.procurement.models import Company
from marketplace.procurement.po_models import Delivery, PurchaseOrder

WEEKDAYS_ALL = 0b1111111
WEEKDAYS_MON_FRI = 0b0011111


def day_bit(day: date) -> int:
    """The bit of `day`'s weekday in `days_of_week` (Monday bit 0 … Sunday bit 6)."""
    return 1 << day.weekday()


class CateringContract(db.Model):
    """Meals from one group to a company: `count_per_day` boxes on `days_of_week` (a bitmask,
    Monday bit 0) from `starts_on` to `ends_on`, at a gate in a shift window. The company may
    change a day's count until `cutoff_hour` (WIB) of the day before."""

    __tablename__ = "catering_contracts"

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("producer_groups.id"), index=True)
    po_id: Mapped[int | None] = mapped_column(ForeignKey("purchase_orders.id"))
    menu: Mapped[str] = mapped_column(String(200))
    unit_price: Mapped[int] = mapped_column()
    count_per_day: Mapped[int] = mapped_column()
    days_of_week: Mapped[int] = mapped_column(default=WEEKDAYS_MON_FRI)
    point_id: Mapped[int] = mapped_column(ForeignKey("pickup_points.id"))
    window_id: Mapped[int] = mapped_column(ForeignKey("shift_windows.id"))
    starts_on: Mapped[date] = mapped_column()
    ends_on: Mapped[date] = mapped_column()
    cutoff_hour: Mapped[int] = mapped_column(default=15)
    status: Mapped[str] = mapped_column(String(16), default=states.CONTRACT_PROPOSED, index=True)
    status_reason: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    company: Mapped[Company] = relationship()
    group: Mapped[ProducerGroup] = relationship()
    po: Mapped[PurchaseOrder | None] = relationship()
    point: Mapped[PickupPoint] = relationship()
    window: Mapped[ShiftWindow] = relationship()
    days: Mapped[list[CateringDay]] = relationship(
        back_populates="contract", cascade="all, delete-orphan", order_by="CateringDay.day"
    )

    __table_args__ = (
        CheckConstraint("unit_price >= 0", name="price_positive"),
        CheckConstraint("count_per_day > 0", name="count_positive"),
        CheckConstraint("days_of_week BETWEEN 1 AND 127", name="days_valid"),
        CheckConstraint("cutoff_hour BETWEEN 0 AND 23", name="cutoff_hour_valid"),
        CheckConstraint("starts_on <= ends_on", name="period_order"),
    )

    def serves_on(self, day: date) -> bool:
        """Whether the contract delivers on `day` (inside its period, on one of its days)."""
        return self.starts_on <= day <= self.ends_on and bool(self.days_of_week & day_bit(day))


class CateringDay(db.Model):
    """One day of a contract: its count (changed until the cutoff) and its delivery."""

    __tablename__ = "catering_days"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(
        ForeignKey("catering_contracts.id", ondelete="CASCADE")
    )
    day: Mapped[date] = mapped_column(index=True)
    count: Mapped[int] = mapped_column()
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    changed_at: Mapped[datetime | None] = mapped_column()
    delivery_id: Mapped[int | None] = mapped_column(ForeignKey("po_deliveries.id"))

    contract: Mapped[CateringContract] = relationship(back_populates="days")
    delivery: Mapped[Delivery | None] = relationship()

    __table_args__ = (
        UniqueConstraint("contract_id", "day", name="uq_catering_day"),
        CheckConstraint("count >= 0", name="count_positive"),
    )
