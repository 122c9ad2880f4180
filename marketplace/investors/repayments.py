"""Repayment schedules, amounts due, repayments against them, late flags and on-time rates.

Loans are **flat-rate**: the yearly rate applies to the whole principal for the whole term
(interest = principal × rate × months ÷ 12, rounded half up to the Rupiah), and each month
pays principal ÷ term plus interest ÷ term; the Rupiah left over by the divisions goes to the
last instalment, so the schedule adds up exactly. Due dates fall on the first due date's day
of each following month, or on the month's last day when it is shorter (31 Jan → 28/29 Feb).

Revenue shares pay, for each month of the term, a share of the group's recorded sales of the
month before the due date: the rollups' revenue of orders completed that WIB month, net of
refunds, plus goods companies accepted at a BAST that month (the summary's revenue). The
amount is rounded down to the Rupiah and known once that month has ended (WIB).

Grants and equity have no repayment schedule.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.core.timeutil import wib_today
from marketplace.investors import deal_states as states
from marketplace.investors.deal_models import (  # noqa: F401 - instruments re-exported
    EQUITY,
    GRANT,
    INSTRUMENTS,
    LOAN,
    MAX_DEAL_AMOUNT,
    REVENUE_SHARE,
    Deal,
    DealFile,
    DealInstalment,
    DealRepayment,
    DealTranche,
)
from marketplace.investors.models import GroupMonthlyStats
from marketplace.investors.summary import add_months, ratio

WITH_SCHEDULE = frozenset({LOAN, REVENUE_SHARE})

PAID = "paid"
PAID_LATE = "paid_late"
LATE = "late"
UPCOMING = "upcoming"
PENDING_SALES = "pending_sales"
NOTHING_DUE = "nothing_due"
DUE_STATES = {
    PAID: _l("Lunas tepat waktu"),
    PAID_LATE: _l("Lunas, terlambat"),
    LATE: _l("Terlambat"),
    UPCOMING: _l("Belum jatuh tempo"),
    PENDING_SALES: _l("Menunggu bulan penjualan berakhir"),
    NOTHING_DUE: _l("Tidak ada yang harus dibayar"),
}


# --- the schedule (pure functions) -------------------------------------------------------------


def add_months_clamped(day: date, n: int) -> date:
    """The same day `n` months later, or that month's last day when it has fewer days."""
    first = add_months(day.replace(day=1), n)
    last = calendar.monthrange(first.year, first.month)[1]
    return first.replace(day=min(day.day, last))


@dataclass(frozen=True)
class Planned:
    seq: int
    due_on: date
    expected: int | None
    principal: int = 0
    interest: int = 0
    sales_month: date | None = None


def flat_interest(amount: int, rate_bps: int, term_months: int) -> int:
    """amount × rate × months ÷ 12, rounded half up to the Rupiah (integers only)."""
    return (amount * rate_bps * term_months * 2 + 120_000) // 240_000


def loan_schedule(amount: int, term: int, rate_bps: int, first_due_on: date) -> list[Planned]:
    """Monthly flat-rate instalments; the divisions' remainders go to the last one."""
    interest = flat_interest(amount, rate_bps, term)
    rows = []
    for k in range(term):
        last = k == term - 1
        p = amount // term + (amount % term if last else 0)
        i = interest // term + (interest % term if last else 0)
        rows.append(Planned(k + 1, add_months_clamped(first_due_on, k), p + i, p, i))
    return rows


def revenue_share_schedule(term: int, first_due_on: date) -> list[Planned]:
    """One due date a month; each covers the sales of the month before it (amount computed)."""
    rows = []
    for k in range(term):
        due = add_months_clamped(first_due_on, k)
        rows.append(Planned(k + 1, due, None, sales_month=add_months(due.replace(day=1), -1)))
    return rows


def share_of(sales: int, share_bps: int) -> int:
    """The investor's share of a month's sales, rounded down to the Rupiah."""
    return max(sales, 0) * share_bps // 10_000


def write_schedule(session: Session, deal: Deal) -> None:
    """Store the deal's instalments (when the officer confirms it); none for grants/equity."""
    if deal.instrument == LOAN:
        planned = loan_schedule(deal.amount, deal.term_months, deal.rate_bps, deal.first_due_on)
    elif deal.instrument == REVENUE_SHARE:
        planned = revenue_share_schedule(deal.term_months, deal.first_due_on)
    else:
        planned = []
    deal.instalments = [
        DealInstalment(
            seq=p.seq,
            due_on=p.due_on,
            expected=p.expected,
            principal=p.principal,
            interest=p.interest,
            sales_month=p.sales_month,
        )
        for p in planned
    ]
    session.flush()


# --- amounts due and what was paid -------------------------------------------------------------


def monthly_sales(session: Session, group_id: int, months: list[date]) -> dict[date, int]:
    """The group's recorded sales per WIB month (the summary's revenue), 0 for empty months."""
    if not months:
        return {}
    rows = session.execute(
        select(
            GroupMonthlyStats.month,
            GroupMonthlyStats.revenue - GroupMonthlyStats.refunded + GroupMonthlyStats.b2b_revenue,
        ).where(GroupMonthlyStats.group_id == group_id, GroupMonthlyStats.month.in_(months))
    )
    found = {m: int(v) for m, v in rows}
    return {m: found.get(m, 0) for m in months}


@dataclass
class Due:
    """One instalment as the pages show it."""

    instalment: DealInstalment
    expected: int | None  # None: the sales month has not ended yet
    sales: int | None  # revenue share: the month's recorded sales
    paid: int
    paid_by_due: int
    state: str

    @property
    def late(self) -> bool:
        return self.state == LATE

    @property
    def outstanding(self) -> int:
        return max((self.expected or 0) - self.paid, 0)

    @property
    def state_label(self) -> str:
        return str(DUE_STATES[self.state])


def _state(expected: int | None, paid: int, paid_by_due: int, due_on: date, today: date) -> str:
    if expected is None:
        return PENDING_SALES
    if expected == 0:
        return NOTHING_DUE
    if paid >= expected:
        return PAID if paid_by_due >= expected else PAID_LATE
    return LATE if due_on < today else UPCOMING


def dues(session: Session, deal: Deal, today: date | None = None) -> list[Due]:
    """The deal's schedule with expected and actual amounts and late flags, as of `today` (WIB).

    Late: the due date has passed (WIB) and the instalment is not fully paid.
    """
    today = today or wib_today()
    this_month = today.replace(day=1)
    rows = list(deal.instalments)
    sales = {}
    if deal.instrument == REVENUE_SHARE:
        sales = monthly_sales(session, deal.group_id, [r.sales_month for r in rows])
    paid: dict[int, int] = defaultdict(int)
    on_time: dict[int, int] = defaultdict(int)
    for rep in deal.repayments:
        paid[rep.instalment_id] += rep.amount
    by_id = {r.id: r for r in rows}
    for rep in deal.repayments:
        if rep.paid_on <= by_id[rep.instalment_id].due_on:
            on_time[rep.instalment_id] += rep.amount
    out = []
    for r in rows:
        month_sales = sales.get(r.sales_month) if r.sales_month else None
        if deal.instrument == REVENUE_SHARE:
            ended = r.sales_month < this_month
            expected = share_of(month_sales or 0, deal.share_bps) if ended else None
        else:
            expected = r.expected
        state = _state(expected, paid[r.id], on_time[r.id], r.due_on, today)
        out.append(Due(r, expected, month_sales, paid[r.id], on_time[r.id], state))
    return out


@dataclass
class OnTime:
    due: int  # instalments whose due date has passed with something to pay
    on_time: int  # of those, fully paid by the due date
    late_now: int  # instalments late today

    @property
    def rate(self) -> str | None:
        return ratio(self.on_time, self.due)


ON_TIME_METHOD = _l(
    "Angsuran yang jatuh temponya sudah lewat (WIB) dan ada jumlah yang harus dibayar; tepat "
    "waktu bila dibayar penuh paling lambat pada tanggal jatuh tempo. Hanya kesepakatan yang "
    "dikonfirmasi pendamping."
)


def on_time(session: Session, deals: list[Deal], today: date | None = None) -> OnTime:
    """On-time repayment over these deals' instalments already due (see ON_TIME_METHOD)."""
    today = today or wib_today()
    result = OnTime(0, 0, 0)
    for deal in deals:
        if deal.status not in states.LIVE:
            continue
        for d in dues(session, deal, today):
            if d.instalment.due_on >= today or not d.expected:
                continue
            result.due += 1
            result.on_time += d.state == PAID
            result.late_now += d.state == LATE
    return result


def group_deals(session: Session, group_id: int) -> list[Deal]:
    """The group's confirmed and completed deals, oldest first."""
    stmt = (
        select(Deal)
        .where(Deal.group_id == group_id, Deal.status.in_(states.LIVE))
        .order_by(Deal.id)
    )
    return list(session.scalars(stmt))


def group_on_time(session: Session, group_id: int, today: date | None = None) -> OnTime:
    """The group's on-time repayment rate over all its confirmed deals."""
    return on_time(session, group_deals(session, group_id), today)
