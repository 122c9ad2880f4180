"""The figures an incentive round can rank by, each group's values at the cut-off, and the
normalisation and weighting that turn them into a score.

The figures come from the investors' computed summary (`investors.summary.compute`) over the
12 full calendar months before the cut-off date's month (the monthly rollups cannot split a
month, so the cut-off month itself is left out); the rating average counts buyers' ratings
given in those months. Normalisation is min–max over the ranked groups: the best value scores
10,000 basis points (1), the lowest 0; a figure that cannot be computed (no ratings, no orders
in the earlier months for growth) scores 0; when every group has the same value, each scores
10,000. A group's total is the weighted mean of its normalised scores, in hundredths of a
point on a 0–100 scale, rounded half up. All arithmetic is in Decimal; stored values are ints.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from marketplace.catalog.models import ProducerGroup
from marketplace.catalog.product_models import Product
from marketplace.core.formatting import decimal, percent, rupiah
from marketplace.core.timeutil import WIB
from marketplace.investors import summary
from marketplace.orders.models import Review

FULL = 10_000  # basis points of a normalised score; also 100.00 points of a total

# key -> (label, how it is computed, kind for display)
CRITERIA: dict[str, tuple] = {
    "revenue_12m": (
        _l("Omzet 12 bulan"),
        _l("Omzet (bersih dari pengembalian dana, termasuk B2B) 12 bulan penuh."),
        "rupiah",
    ),
    "order_growth": (
        _l("Pertumbuhan pesanan"),
        _l(
            "Pesanan selesai 3 bulan terakhir periode dibandingkan 3 bulan sebelumnya: "
            "(baru − lama) ÷ lama."
        ),
        "percent",
    ),
    "on_time_rate": (
        _l("Serah terima tepat waktu"),
        _l("Pesanan selesai tepat waktu ÷ pesanan selesai, 12 bulan."),
        "percent",
    ),
    "rating_avg": (
        _l("Rata-rata penilaian"),
        _l("Rata-rata bintang (1–5) dari penilaian pembeli yang diberikan dalam 12 bulan."),
        "rating",
    ),
    "repeat_rate": (
        _l("Porsi pembeli kembali"),
        _l("Pembeli dengan dua pesanan selesai atau lebih ÷ pembeli berbeda, 12 bulan."),
        "percent",
    ),
    "b2b_share": (
        _l("Porsi omzet B2B"),
        _l("Nilai barang yang diterima perusahaan pada BAST ÷ omzet, 12 bulan."),
        "percent",
    ),
}


def show_value(key: str, value: str | None) -> str:
    """A stored figure for people: `Rp 15.000`, `12,5 %`, `4,50`; `-` when not computed."""
    if value is None:
        return "-"
    kind = CRITERIA[key][2]
    if kind == "rupiah":
        return rupiah(int(value))
    if kind == "percent":
        return percent(Decimal(value))
    return decimal(Decimal(value))


def points(score: int) -> str:
    """A total in hundredths as `87,50` (of 100)."""
    return decimal(Decimal(score) / 100, 2)


def unit(normalized: int) -> str:
    """A normalised score in basis points as `0,75` (of 1)."""
    return decimal(Decimal(normalized) / FULL, 2)


def period(cutoff: date) -> tuple[date, date]:
    """(first day of the first month, last day of the last month) the figures cover."""
    last = cutoff.replace(day=1) - timedelta(days=1)
    return summary.add_months(last.replace(day=1), -11), last


def _utc(day: date) -> datetime:
    """Start of a WIB day as the naive UTC the database stores."""
    return datetime.combine(day, time.min, tzinfo=WIB).astimezone(UTC).replace(tzinfo=None)


def _rating(session: Session, group_id: int, start: date, end: date) -> str | None:
    count, total = session.execute(
        select(func.count(Review.id), func.coalesce(func.sum(Review.rating), 0))
        .join(Product, Product.id == Review.product_id)
        .where(
            Product.group_id == group_id,
            Review.created_at >= _utc(start),
            Review.created_at < _utc(end + timedelta(days=1)),
        )
    ).one()
    return summary.average(int(total), int(count))


def figures_at(session: Session, group: ProducerGroup, cutoff: date) -> dict[str, str | None]:
    """Every criterion's value for `group` over the months before `cutoff` (strings)."""
    start, end = period(cutoff)
    s = summary.compute(session, group, as_of=end)
    orders = [m["orders"] for m in s.months]
    recent, before = sum(orders[-3:]), sum(orders[-6:-3])
    values = s.values
    return {
        "revenue_12m": str(values["revenue"]),
        "order_growth": summary.ratio(recent - before, before),
        "on_time_rate": values["on_time_rate"],
        "rating_avg": _rating(session, group.id, start, end),
        "repeat_rate": values["repeat_rate"],
        "b2b_share": values["b2b_share"],
    }


def normalize(values: list[str | None]) -> list[int]:
    """Min–max scores in basis points for one criterion's values (None scores 0)."""
    known = [Decimal(v) for v in values if v is not None]
    if not known:
        return [0 for _v in values]
    low, high = min(known), max(known)
    out = []
    for v in values:
        if v is None:
            out.append(0)
        elif high == low:
            out.append(FULL)
        else:
            scaled = (Decimal(v) - low) * FULL / (high - low)
            out.append(int(scaled.quantize(Decimal(1), rounding=ROUND_HALF_UP)))
    return out


def total(normalized: dict[str, int], weights: dict[str, int]) -> int:
    """The weighted mean of normalised scores, in hundredths of a point (0–10,000)."""
    weight_sum = sum(weights.values())
    if not weight_sum:
        return 0
    mean = Decimal(sum(normalized[k] * w for k, w in weights.items())) / weight_sum
    return int(mean.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Ranked:
    group_id: int
    score: int
    rank: int
    values: dict[str, str | None]
    normalized: dict[str, int]


def rank(
    figures: dict[int, dict[str, str | None]], weights: dict[str, int], names: dict[int, str]
) -> list[Ranked]:
    """Scores and ranks (ties share the better rank: 1, 2, 2, 4) of groups' figures."""
    ids = list(figures)
    norm: dict[int, dict[str, int]] = {gid: {} for gid in ids}
    for key in weights:
        for gid, n in zip(ids, normalize([figures[g][key] for g in ids]), strict=True):
            norm[gid][key] = n
    scores = {gid: total(norm[gid], weights) for gid in ids}
    order = sorted(ids, key=lambda g: (-scores[g], names.get(g, ""), g))
    out, previous, place = [], None, 0
    for i, gid in enumerate(order, start=1):
        if scores[gid] != previous:
            place, previous = i, scores[gid]
        values = {k: figures[gid][k] for k in weights}
        out.append(Ranked(gid, scores[gid], place, values, norm[gid]))
    return out
