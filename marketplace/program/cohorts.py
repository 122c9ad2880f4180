"""Cohorts: how a set of groups did in a period compared with the same number of months before.

The method, as the cohort page states it: for the chosen groups, the period is the months
from `start` to `end` (WIB calendar months, both counted); the comparison is the same number
of months just before `start`. Revenue is completed orders minus refunds plus goods companies
accepted at a BAST, per month the order completed (the groups' monthly rollups, the figures of
the performance summaries); orders are completed orders; jobs are the jobs recorded in the
last month of each span (groups without workforce records count none and are named). It shows
what changed, not why: other things also changed in the period.

Which groups form a cohort is chosen by the officer (tier, sector, kecamatan, a list of group
ids) or by a *named cohort source*: see `cohort_sources` below, the extension point where
features that know who received aid or mentoring register themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.catalog import workforce
from marketplace.catalog.constants import STATUS_VERIFIED
from marketplace.catalog.models import GroupSector, ProducerGroup
from marketplace.catalog.workforce import JobCount
from marketplace.investors.models import GroupMonthlyStats
from marketplace.investors.summary import add_months

MAX_MONTHS = 24


class CohortError(ValueError):
    """A cohort that cannot be computed as asked (the message says why, in Indonesian)."""


# --- EXTENSION POINT: named cohort sources ---------------------------------------------------
# A feature that knows which groups received something in a period (aid records, mentoring
# plans) registers a source at import, for example in program/__init__.py or its own module:
#
#     cohorts.register_cohort_source(
#         "bantuan", _l("Menerima bantuan dalam periode"), aid_group_ids
#     )
#
# where `aid_group_ids(session, start, end) -> Iterable[int]` returns the ids of the groups
# that received it in the months `start`..`end` (first days of WIB months). The cohort page
# then offers it in its "Sumber kohort" list. `program/cohort_sources.py` registers "bantuan"
# (aid records) and "pendampingan" (mentoring sessions).

CohortSelect = Callable[[Session, date, date], Iterable[int]]


@dataclass(frozen=True)
class CohortSource:
    key: str
    label: object  # a lazy gettext string
    select: CohortSelect


cohort_sources: dict[str, CohortSource] = {}


def register_cohort_source(key: str, label, select_ids: CohortSelect) -> None:
    """Offer a named cohort (e.g. groups that received aid in the period) on the cohort page."""
    cohort_sources[key] = CohortSource(key, label, select_ids)


# --- figures ---------------------------------------------------------------------------------


@dataclass
class Figures:
    """One span's figures for a group or the whole cohort."""

    revenue: int = 0
    orders: int = 0
    jobs: JobCount = field(default_factory=JobCount)  # in the span's last month

    def add(self, other: Figures) -> None:
        self.revenue += other.revenue
        self.orders += other.orders
        self.jobs += other.jobs


@dataclass
class GroupFigures:
    group_id: int
    name: str
    has_records: bool
    before: Figures
    during: Figures


@dataclass
class CohortFigures:
    start: date  # first month of the period
    end: date  # last month of the period
    before_start: date  # first month of the comparison span
    before_end: date  # last month of the comparison span (the month before `start`)
    months: int
    before: Figures
    during: Figures
    groups: list[GroupFigures]

    @property
    def groups_without_records(self) -> int:
        return sum(1 for g in self.groups if not g.has_records)


def change_percent(before: int, during: int) -> Decimal | None:
    """The change from `before` to `during` in percent, one decimal; none from zero."""
    if before == 0:
        return None
    pct = Decimal(during - before) * 100 / Decimal(before)
    return pct.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def months_between(start: date, end: date) -> int:
    """Months from `start` to `end`, both counted."""
    return (end.year - start.year) * 12 + end.month - start.month + 1


def cohort_figures(
    session: Session, group_ids: Iterable[int], start: date, end: date
) -> CohortFigures:
    """Revenue, orders and jobs of the groups in months `start`..`end` against the same
    number of months just before. Four queries, whatever the number of groups."""
    start, end = start.replace(day=1), end.replace(day=1)
    if end < start:
        raise CohortError(_("Bulan akhir periode tidak boleh sebelum bulan awal."))
    n = months_between(start, end)
    if n > MAX_MONTHS:
        raise CohortError(_("Periode paling panjang %(n)s bulan.", n=MAX_MONTHS))
    ids = sorted(set(group_ids))
    before_start, before_end = add_months(start, -n), add_months(start, -1)
    named = select(ProducerGroup.id, ProducerGroup.name).where(ProducerGroup.id.in_(ids))
    names = {gid: name for gid, name in session.execute(named)}
    ids = [gid for gid in ids if gid in names]
    rows = {gid: GroupFigures(gid, names[gid], False, Figures(), Figures()) for gid in ids}
    stats = session.execute(
        select(
            GroupMonthlyStats.group_id,
            GroupMonthlyStats.month,
            GroupMonthlyStats.revenue - GroupMonthlyStats.refunded + GroupMonthlyStats.b2b_revenue,
            GroupMonthlyStats.completed_orders,
        ).where(
            GroupMonthlyStats.group_id.in_(ids),
            GroupMonthlyStats.month >= before_start,
            GroupMonthlyStats.month <= end,
        )
    )
    for gid, month, revenue, orders in stats:
        span = rows[gid].during if month >= start else rows[gid].before
        span.revenue += int(revenue)
        span.orders += int(orders)
    jobs = workforce.jobs_by_month(session, [before_end, end], ids)
    for gid in workforce.groups_with_records(session, ids):
        rows[gid].has_records = True
    for gid, per_month in jobs.items():
        rows[gid].before.jobs = per_month.get(before_end, JobCount())
        rows[gid].during.jobs = per_month.get(end, JobCount())
    before, during = Figures(), Figures()
    for row in rows.values():
        before.add(row.before)
        during.add(row.during)
    listed = sorted(rows.values(), key=lambda r: (r.name, r.group_id))
    return CohortFigures(start, end, before_start, before_end, n, before, during, listed)


# --- choosing the groups -------------------------------------------------------------------


def select_groups(
    session: Session,
    *,
    tier: str | None = None,
    kecamatan: str | None = None,
    sector: str | None = None,
    ids: Iterable[int] | None = None,
) -> list[int]:
    """Verified groups matching every filter given (none given: every verified group)."""
    stmt = select(ProducerGroup.id).where(ProducerGroup.status == STATUS_VERIFIED)
    if tier:
        stmt = stmt.where(ProducerGroup.tier == tier)
    if kecamatan:
        stmt = stmt.where(ProducerGroup.kecamatan == kecamatan)
    if sector:
        has_sector = select(GroupSector.group_id).where(GroupSector.sector == sector)
        stmt = stmt.where(ProducerGroup.id.in_(has_sector))
    if ids is not None:
        stmt = stmt.where(ProducerGroup.id.in_(list(ids)))
    return list(session.scalars(stmt.order_by(ProducerGroup.id)))
