"""An investor's portfolio: deals, money out and back, upcoming dues, updates, and how the
funded groups sold since the money arrived (from the monthly rollups)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from marketplace.catalog import workforce
from marketplace.core.timeutil import wib_today
from marketplace.investors import deal_states as states
from marketplace.investors import deals as deal_services
from marketplace.investors.deal_models import Deal
from marketplace.investors.models import GroupMonthlyStats
from marketplace.investors.repayments import PENDING_SALES, UPCOMING, Due, dues, on_time

UPCOMING_DAYS = 62

SINCE_FUNDING_METHOD = _l(
    "Sejak dana masuk: omzet (pesanan selesai dikurangi pengembalian dana, ditambah barang "
    "yang diterima perusahaan pada BAST) dan pesanan selesai kelompok dari bulan pencairan "
    "pertama (WIB) sampai bulan ini, dari data penjualan di platform. Lapangan kerja: yang "
    "tercatat bulan ini di catatan tenaga kerja kelompok (anggota dan pekerja); kelompok yang "
    "belum mencatat tenaga kerja memakai jumlah anggota di profilnya, dan ditandai. Ditambah "
    "lapangan kerja baru yang dilaporkan kelompok di kabarnya."
)


@dataclass
class DealFigures:
    deal: Deal
    disbursed: int
    repaid: int
    dues: list[Due]
    funded_since: date | None  # month of the first disbursement (WIB)
    revenue_since: int = 0
    orders_since: int = 0
    jobs_reported: int = 0
    jobs_now: int = 0  # jobs recorded this month, or the typed member count (see below)
    jobs_from_records: bool = False  # False: the group keeps no workforce records yet

    @property
    def late(self) -> list[Due]:
        return [d for d in self.dues if d.late]

    @property
    def outstanding(self) -> int:
        return sum(d.outstanding for d in self.dues if d.expected is not None)


@dataclass
class Portfolio:
    rows: list[DealFigures] = field(default_factory=list)
    proposals: list[Deal] = field(default_factory=list)  # proposed or agreed, not yet running
    committed: int = 0
    disbursed: int = 0
    repaid: int = 0
    upcoming: list[tuple[Deal, Due]] = field(default_factory=list)
    late: list[tuple[Deal, Due]] = field(default_factory=list)
    on_time_rate: str | None = None


def since_funding(session: Session, group_id: int, month: date) -> tuple[int, int]:
    """(revenue, completed orders) of the group from `month` (first day, WIB) on."""
    revenue, orders = session.execute(
        select(
            func.coalesce(
                func.sum(
                    GroupMonthlyStats.revenue
                    - GroupMonthlyStats.refunded
                    + GroupMonthlyStats.b2b_revenue
                ),
                0,
            ),
            func.coalesce(func.sum(GroupMonthlyStats.completed_orders), 0),
        ).where(GroupMonthlyStats.group_id == group_id, GroupMonthlyStats.month >= month)
    ).one()
    return int(revenue), int(orders)


def jobs_now(session: Session, deals: list[Deal], today: date) -> dict[int, tuple[int, bool]]:
    """Per group of `deals`: (jobs recorded in today's month, True), or (the member count
    typed in its profile, False) for a group without workforce records. One query."""
    typed = {d.group_id: d.group.member_count for d in deals}
    return workforce.jobs_or_typed(session, typed, today.replace(day=1))


def deal_figures(
    session: Session,
    deal: Deal,
    today: date | None = None,
    jobs: dict[int, tuple[int, bool]] | None = None,
) -> DealFigures:
    """One deal's money out and back, its schedule, and the group's sales since funding.
    `jobs`: `jobs_now` for several deals at once (computed here when not given)."""
    today = today or wib_today()
    if jobs is None:
        jobs = jobs_now(session, [deal], today)
    jobs_count, from_records = jobs[deal.group_id]
    done = [t for t in deal.tranches if t.disbursed_on is not None]
    first = min((t.disbursed_on for t in done), default=None)
    row = DealFigures(
        deal=deal,
        disbursed=sum(t.amount for t in done),
        repaid=sum(r.amount for r in deal.repayments),
        dues=dues(session, deal, today),
        funded_since=first.replace(day=1) if first else None,
        jobs_reported=sum(u.jobs_added for u in deal.updates),
        jobs_now=jobs_count,
        jobs_from_records=from_records,
    )
    if row.funded_since is not None:
        row.revenue_since, row.orders_since = since_funding(
            session, deal.group_id, row.funded_since
        )
    return row


def for_investor(session: Session, investor_id: int, today: date | None = None) -> Portfolio:
    """The investor's portfolio as of `today` (WIB)."""
    today = today or wib_today()
    out = Portfolio()
    live = []
    for deal in deal_services.for_investor(session, investor_id):
        if deal.status in states.LIVE:
            live.append(deal)
        elif deal.status in (states.PROPOSED | {states.AGREED}):
            out.proposals.append(deal)
    jobs = jobs_now(session, live, today)
    for deal in live:
        row = deal_figures(session, deal, today, jobs)
        out.rows.append(row)
        out.committed += deal.amount
        out.disbursed += row.disbursed
        out.repaid += row.repaid
        for d in row.dues:
            if d.late:
                out.late.append((deal, d))
            elif (d.instalment.due_on - today).days <= UPCOMING_DAYS and d.state in (
                UPCOMING,
                PENDING_SALES,
            ):
                out.upcoming.append((deal, d))
    out.upcoming.sort(key=lambda x: (x[1].instalment.due_on, x[0].id))
    out.late.sort(key=lambda x: (x[1].instalment.due_on, x[0].id))
    out.on_time_rate = on_time(session, live, today).rate
    return out
