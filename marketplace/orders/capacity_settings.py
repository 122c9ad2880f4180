"""A group declares its daily capacity; checkout and cancellations draw on it and give it back.

The arithmetic and the locking rule are in `orders.capacity`. Everything here takes the
session, flushes and never commits.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.catalog.constants import CATEGORIES
from marketplace.catalog.models import GroupSector
from marketplace.catalog.product_models import Product
from marketplace.core.formatting import long_date
from marketplace.orders.capacity import (
    CapacityFull,
    capacities_for_products,
    release_on,
    reserve_on,
)
from marketplace.orders.capacity_models import CapacityUse, GroupCapacity
from marketplace.orders.logistics import now_wib
from marketplace.orders.models import GroupServiceSettings

MAX_UNITS_PER_DAY = 100_000
MAX_LEAD_TIME_DAYS = 60


class CapacityError(ValueError):
    """A capacity declaration was refused; the message is shown to the producer."""


@dataclass
class CapacityRow:
    """A declared capacity as the settings page lists it."""

    capacity: GroupCapacity
    label: str
    used_today: int
    used_tomorrow: int


# --- the producer declares ----------------------------------------------------------------


def group_categories(session: Session, group_id: int) -> list[str]:
    """Category slugs a group may declare a capacity for: its sectors and its products'."""
    sectors = session.scalars(select(GroupSector.sector).where(GroupSector.group_id == group_id))
    used = session.scalars(select(Product.category).where(Product.group_id == group_id).distinct())
    return sorted(set(sectors) | set(used), key=lambda c: str(CATEGORIES.get(c, c)))


def group_products(session: Session, group_id: int) -> list[Product]:
    """The group's products a capacity may be declared for, by name."""
    return list(
        session.scalars(select(Product).where(Product.group_id == group_id).order_by(Product.name))
    )


def label_of(capacity: GroupCapacity) -> str:
    """The product's name, or the category's label."""
    if capacity.product_id is not None:
        return capacity.product.name
    return _("Semua %(c)s", c=str(CATEGORIES.get(capacity.category, capacity.category)))


def list_capacities(
    session: Session, group_id: int, today: date | None = None
) -> list[CapacityRow]:
    """The group's capacities with units used today and tomorrow (two queries)."""
    today = today or now_wib().date()
    tomorrow = today + timedelta(days=1)
    caps = session.scalars(
        select(GroupCapacity).where(GroupCapacity.group_id == group_id).order_by(GroupCapacity.id)
    ).all()
    used = {
        (cid, day): n
        for cid, day, n in session.execute(
            select(CapacityUse.capacity_id, CapacityUse.day, CapacityUse.units_taken).where(
                CapacityUse.capacity_id.in_([c.id for c in caps]),
                CapacityUse.day.in_([today, tomorrow]),
            )
        )
    }
    rows = [
        CapacityRow(c, label_of(c), used.get((c.id, today), 0), used.get((c.id, tomorrow), 0))
        for c in caps
    ]
    rows.sort(key=lambda r: (r.capacity.product_id is None, r.label.lower()))
    return rows


def group_capacity(session: Session, group_id: int, capacity_id: int) -> GroupCapacity | None:
    """The group's capacity `capacity_id`; another group's is None (the views answer 404)."""
    cap = session.get(GroupCapacity, capacity_id)
    return cap if cap is not None and cap.group_id == group_id else None


def _check_numbers(units_per_day: int | None, lead_time_days: int | None) -> None:
    if units_per_day is None or not 1 <= units_per_day <= MAX_UNITS_PER_DAY:
        raise CapacityError(
            _("Kapasitas per hari harus 1 sampai %(n)s unit.", n=f"{MAX_UNITS_PER_DAY:,}")
        )
    if lead_time_days is None or not 0 <= lead_time_days <= MAX_LEAD_TIME_DAYS:
        raise CapacityError(_("Waktu persiapan harus 0 sampai %(n)s hari.", n=MAX_LEAD_TIME_DAYS))


def sync_flag(session: Session, group_id: int) -> None:
    """Keep `GroupServiceSettings.has_unit_capacity` equal to "the group declared one"."""
    settings = session.get(GroupServiceSettings, group_id)
    if settings is None:  # save_group_service sets it when it creates the row
        return
    session.flush()
    settings.has_unit_capacity = group_has_capacity(session, group_id)
    session.flush()


def group_has_capacity(session: Session, group_id: int) -> bool:
    """Whether the group declared any unit capacity."""
    found = session.scalar(
        select(GroupCapacity.id).where(GroupCapacity.group_id == group_id).limit(1)
    )
    return found is not None


def add_capacity(
    session: Session,
    group_id: int,
    *,
    product_id: int | None = None,
    category: str | None = None,
    units_per_day: int | None,
    lead_time_days: int | None,
) -> GroupCapacity:
    """Declare a capacity for one of the group's products or categories (one per target)."""
    _check_numbers(units_per_day, lead_time_days)
    if (product_id is None) == (category is None):
        raise CapacityError(_("Pilih satu produk atau satu kategori."))
    if product_id is not None:
        product = session.get(Product, product_id)
        if product is None or product.group_id != group_id:
            raise CapacityError(_("Produk itu bukan produk kelompok Anda."))
        same = GroupCapacity.product_id == product_id
    else:
        if category not in group_categories(session, group_id):
            raise CapacityError(_("Kategori itu bukan kategori kelompok Anda."))
        same = GroupCapacity.category == category
    if session.scalar(select(GroupCapacity.id).where(GroupCapacity.group_id == group_id, same)):
        raise CapacityError(_("Kapasitas untuk pilihan itu sudah ada; ubah yang ada di daftar."))
    cap = GroupCapacity(
        group_id=group_id,
        product_id=product_id,
        category=category,
        units_per_day=units_per_day,
        lead_time_days=lead_time_days,
    )
    session.add(cap)
    session.flush()
    sync_flag(session, group_id)
    return cap


def change_capacity(
    session: Session, cap: GroupCapacity, *, units_per_day: int | None, lead_time_days: int | None
) -> GroupCapacity:
    """Change units per day and lead time (units already promised stay promised)."""
    _check_numbers(units_per_day, lead_time_days)
    cap.units_per_day = units_per_day
    cap.lead_time_days = lead_time_days
    session.flush()
    return cap


def remove_capacity(session: Session, cap: GroupCapacity) -> None:
    """Remove a capacity and its day counts (the product then has no limit)."""
    group_id = cap.group_id
    session.delete(cap)
    session.flush()
    sync_flag(session, group_id)


# --- checkout and release -----------------------------------------------------------------


class CapacityShortage(CapacityFull):
    """A checkout line does not fit the group's capacity on the order's day."""

    def __init__(self, full: CapacityFull, label: str, unit: str, group_id: int):
        super().__init__(full.day, full.available, full.capacity)
        self.label, self.unit, self.group_id = label, unit, group_id

    def __str__(self) -> str:
        return _(
            "Kapasitas produksi %(name)s untuk tanggal %(d)s sudah penuh: masih bisa %(n)s "
            "%(unit)s. Ubah jumlah atau pilih tanggal lain.",
            name=self.label,
            d=long_date(self.day),
            n=self.available,
            unit=self.unit,
        )


def reserve_for_groups(
    session: Session, plan: dict[int, tuple[date, list[tuple[Product, int]]]]
) -> dict[int, int]:
    """Reserve checkout lines: {group id: (day, [(product, qty)])}; product id -> capacity id.

    Lines sharing a capacity (one category) are summed and reserved once, in (group id,
    capacity id) order. Raises CapacityShortage naming the product or category and the group;
    the caller rolls back.
    """
    held: dict[int, int] = {}
    for group_id in sorted(plan):
        day, lines = plan[group_id]
        caps = capacities_for_products(session, group_id, (p for p, _q in lines))
        totals: Counter[int] = Counter()
        units: dict[int, str] = {}
        for product, qty in lines:
            cap = caps.get(product.id)
            if cap is not None:
                totals[cap.id] += qty
                units.setdefault(cap.id, product.unit)
        by_id = {cap.id: cap for cap in caps.values()}
        for cap_id in sorted(totals):
            cap = by_id[cap_id]
            try:
                reserve_on(session, cap, day, totals[cap_id])
            except CapacityFull as full:
                unit = units[cap_id] if cap.product_id is not None else _("unit")
                raise CapacityShortage(full, label_of(cap), unit, group_id) from full
        held |= {pid: cap.id for pid, cap in caps.items()}
    return held


def release_for_order(session: Session, day: date, held: list[tuple[int, int]]) -> None:
    """Give back (capacity id, quantity) pairs of an order's lines on its day, in id order.

    Called once per order, under `release_stock`'s guard.
    """
    totals: Counter[int] = Counter()
    for cap_id, qty in held:
        totals[cap_id] += qty
    for cap_id in sorted(totals):
        release_on(session, cap_id, day, totals[cap_id])
