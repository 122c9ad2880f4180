"""A group's performance summary, computed from the platform's own data (never typed in).

Revenue is the orders' (net of refunds) plus business-to-business revenue (goods companies
accepted at a BAST); `b2b_share` is the latter's share. It reads the group's monthly rollup
rows (a dozen), its buyer-month rows for unique and repeat buyers, and one aggregate over its
product reviews. `Summary.to_json` is what a pitch
freezes at publication.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, time
from decimal import ROUND_HALF_UP, Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from marketplace.catalog.models import GroupMembership, ProducerGroup
from marketplace.catalog.product_models import Product
from marketplace.core.timeutil import WIB, to_wib, utcnow
from marketplace.investors.models import GroupBuyerMonth, GroupMonthlyStats
from marketplace.orders.models import Review

# key -> (label, kind, how it is computed)
FIGURES: dict[str, tuple] = {
    "revenue": (
        _l("Omzet"),
        "rupiah",
        _l(
            "Jumlah total pesanan yang selesai (harga barang + ongkos antar) dikurangi dana "
            "yang dikembalikan, menurut bulan selesainya pesanan (WIB), ditambah nilai barang "
            "yang diterima perusahaan pada BAST (jumlah diterima × harga satuan), menurut "
            "bulan BAST."
        ),
    ),
    "b2b_share": (
        _l("Porsi omzet dari perusahaan (B2B)"),
        "percent",
        _l(
            "Nilai barang yang diterima perusahaan pada BAST (jumlah diterima × harga "
            "satuan PO) ÷ omzet."
        ),
    ),
    "completed_orders": (_l("Pesanan selesai"), "int", _l("Pesanan yang diselesaikan.")),
    "unique_buyers": (
        _l("Pembeli berbeda"),
        "int",
        _l("Jumlah pembeli berbeda dengan minimal satu pesanan selesai."),
    ),
    "repeat_rate": (
        _l("Pembeli kembali"),
        "percent",
        _l("Pembeli dengan dua pesanan selesai atau lebih ÷ pembeli berbeda."),
    ),
    "on_time_rate": (
        _l("Serah terima tepat waktu"),
        "percent",
        _l(
            "Pesanan selesai paling lambat akhir jam ambil/antar yang dipilih pada tanggal "
            "yang dipilih (WIB) ÷ pesanan selesai."
        ),
    ),
    "cancel_rate": (
        _l("Dibatalkan oleh kelompok"),
        "percent",
        _l("Pesanan yang dibatalkan kelompok ÷ pesanan yang selesai atau dibatalkan."),
    ),
    "rating_avg": (
        _l("Rata-rata penilaian"),
        "rating",
        _l("Rata-rata bintang (1–5) dari pembeli atas pesanan selesai, dengan jumlah penilaian."),
    ),
    "active_products": (
        _l("Produk aktif"),
        "int",
        _l("Produk yang sedang dijual, pada tanggal ringkasan."),
    ),
    "members": (
        _l("Anggota (lapangan kerja)"),
        "int",
        _l(
            "Jumlah anggota menurut profil kelompok yang diverifikasi pendamping, pada "
            "tanggal ringkasan; dalam kurung: anggota yang punya akun di platform."
        ),
    ),
    "growth": (
        _l("Pertumbuhan omzet"),
        "growth",
        _l(
            "Omzet 3 bulan penuh terakhir dibandingkan 3 bulan sebelumnya: (baru − lama) ÷ "
            "lama. Tidak dihitung bila 3 bulan sebelumnya tanpa omzet."
        ),
    ),
}


def add_months(month: date, n: int) -> date:
    """The first day of the month `n` months after `month` (negative goes back)."""
    index = month.year * 12 + month.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def wib_today() -> date:
    """Today's date in WIB."""
    return to_wib(utcnow()).date()


def _utc(day: date) -> datetime:
    """Start of a WIB day as naive UTC."""
    return datetime.combine(day, time.min, tzinfo=WIB).astimezone(UTC).replace(tzinfo=None)


def ratio(part: int, whole: int) -> str | None:
    """part ÷ whole as a percentage with one decimal (string Decimal), None when whole is 0."""
    if not whole:
        return None
    value = Decimal(part * 100) / Decimal(whole)
    return str(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


@dataclass
class Summary:
    """The figures of one group, over the 12 months up to `as_of`."""

    group_id: int
    as_of: str  # ISO date (WIB)
    period_start: str
    months: list[dict] = field(default_factory=list)  # {month, revenue, orders}
    values: dict = field(default_factory=dict)
    growth_periods: dict = field(default_factory=dict)

    def to_json(self) -> str:
        """Serialise for a pitch's frozen snapshot."""
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Summary:
        """Read a frozen snapshot back."""
        return cls(**json.loads(text))

    @property
    def revenue(self) -> int:
        return self.values["revenue"]

    @property
    def growth(self) -> Decimal | None:
        g = self.values["growth"]
        return Decimal(g) if g is not None else None

    @property
    def rating(self) -> Decimal | None:
        r = self.values["rating_avg"]
        return Decimal(r) if r is not None else None


def _monthly(session: Session, group_id: int, start: date, end: date) -> dict[date, tuple]:
    rows = session.execute(
        select(
            GroupMonthlyStats.month,
            GroupMonthlyStats.revenue - GroupMonthlyStats.refunded + GroupMonthlyStats.b2b_revenue,
            GroupMonthlyStats.completed_orders,
            GroupMonthlyStats.on_time_orders,
            GroupMonthlyStats.cancelled_orders,
            GroupMonthlyStats.cancelled_by_group,
            GroupMonthlyStats.b2b_revenue,
        ).where(
            GroupMonthlyStats.group_id == group_id,
            GroupMonthlyStats.month >= start,
            GroupMonthlyStats.month <= end,
        )
    )
    return {r[0]: tuple(r[1:]) for r in rows}


def buyer_counts(session: Session, group_id: int, start: date, end: date) -> tuple[int, int]:
    """(unique buyers, buyers with 2+ completed orders) over months start..end."""
    per_buyer = (
        select(GroupBuyerMonth.buyer_id, func.sum(GroupBuyerMonth.orders).label("n"))
        .where(
            GroupBuyerMonth.group_id == group_id,
            GroupBuyerMonth.month >= start,
            GroupBuyerMonth.month <= end,
        )
        .group_by(GroupBuyerMonth.buyer_id)
        .subquery()
    )
    unique, repeat = session.execute(
        select(
            func.count(), func.coalesce(func.sum(case((per_buyer.c.n >= 2, 1), else_=0)), 0)
        ).select_from(per_buyer)
    ).one()
    return int(unique), int(repeat)


def rating_stats(session: Session, group_id: int, since: datetime | None = None) -> tuple[int, int]:
    """(number of ratings, sum of stars) of the group's products, optionally since a time."""
    stmt = (
        select(func.count(Review.id), func.coalesce(func.sum(Review.rating), 0))
        .join(Product, Product.id == Review.product_id)
        .where(Product.group_id == group_id)
    )
    if since is not None:
        stmt = stmt.where(Review.created_at >= since)
    count, total = session.execute(stmt).one()
    return int(count), int(total)


def average(total: int, count: int) -> str | None:
    """Average stars with two decimals (string Decimal), None without ratings."""
    if not count:
        return None
    return str((Decimal(total) / Decimal(count)).quantize(Decimal("0.01"), ROUND_HALF_UP))


def compute(session: Session, group: ProducerGroup, as_of: date | None = None) -> Summary:
    """The group's performance summary over the 12 months ending with as_of's month (WIB)."""
    as_of = as_of or wib_today()
    current = as_of.replace(day=1)
    start = add_months(current, -11)
    monthly = _monthly(session, group.id, start, current)
    months, totals = [], [0, 0, 0, 0, 0, 0]
    for i in range(12):
        m = add_months(start, i)
        row = monthly.get(m, (0, 0, 0, 0, 0, 0))
        months.append({"month": m.isoformat(), "revenue": row[0], "orders": row[1]})
        totals = [a + b for a, b in zip(totals, row, strict=True)]
    revenue, completed, on_time, cancelled, by_group, b2b_revenue = totals
    unique, repeat = buyer_counts(session, group.id, start, current)
    n_ratings, stars = rating_stats(session, group.id, _utc(start))
    recent = sum(monthly.get(add_months(current, -k), (0,))[0] for k in (1, 2, 3))
    before = sum(monthly.get(add_months(current, -k), (0,))[0] for k in (4, 5, 6))
    growth = ratio(recent - before, before)
    active = session.scalar(
        select(func.count(Product.id)).where(Product.group_id == group.id, Product.is_active)
    )
    accounts = session.scalar(
        select(func.count(GroupMembership.id)).where(GroupMembership.group_id == group.id)
    )
    return Summary(
        group_id=group.id,
        as_of=as_of.isoformat(),
        period_start=start.isoformat(),
        months=months,
        values={
            "revenue": revenue,
            "b2b_revenue": b2b_revenue,
            "b2b_share": ratio(b2b_revenue, revenue),
            "completed_orders": completed,
            "unique_buyers": unique,
            "repeat_rate": ratio(repeat, unique),
            "on_time_rate": ratio(on_time, completed),
            "cancel_rate": ratio(by_group, completed + cancelled),
            "rating_avg": average(stars, n_ratings),
            "rating_count": n_ratings,
            "active_products": int(active or 0),
            "members": group.member_count,
            "member_accounts": int(accounts or 0),
            "growth": growth,
            "growth_recent": recent,
            "growth_before": before,
        },
        growth_periods={
            "recent_start": add_months(current, -3).isoformat(),
            "recent_end": add_months(current, -1).isoformat(),
            "before_start": add_months(current, -6).isoformat(),
            "before_end": add_months(current, -4).isoformat(),
        },
    )
