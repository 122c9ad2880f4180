"""Repayment schedules and revenue-share amounts, exact to the Rupiah, at WIB month edges."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from marketplace.core.timeutil import WIB
from marketplace.investors import repayments, transfers
from marketplace.investors.repayments import (
    LATE,
    PAID,
    PAID_LATE,
    PENDING_SALES,
    UPCOMING,
    add_months_clamped,
    flat_interest,
    loan_schedule,
    share_of,
)
from tests.factories import make_deal, make_sold_order, make_user, make_vetted_group


def wib(y, m, d, hh, mm):
    """A WIB wall-clock moment as the naive UTC the database stores."""
    moment = datetime.combine(date(y, m, d), time(hh, mm), tzinfo=WIB)
    return moment.astimezone(UTC).replace(tzinfo=None)


def test_flat_loan_schedule_adds_up_exactly_and_keeps_month_ends():
    rows = loan_schedule(10_000_000, 12, 1200, date(2027, 1, 31))
    assert flat_interest(10_000_000, 1200, 12) == 1_200_000
    assert [r.principal for r in rows] == [833_333] * 11 + [833_337]
    assert [r.interest for r in rows] == [100_000] * 12
    assert [r.expected for r in rows][:2] == [933_333, 933_333]
    assert rows[-1].expected == 933_337
    assert sum(r.expected for r in rows) == 11_200_000
    assert [r.due_on for r in rows[:4]] == [
        date(2027, 1, 31),
        date(2027, 2, 28),
        date(2027, 3, 31),
        date(2027, 4, 30),
    ]
    assert add_months_clamped(date(2028, 1, 31), 1) == date(2028, 2, 29)  # leap year
    assert add_months_clamped(date(2026, 12, 15), 1) == date(2027, 1, 15)


def test_flat_interest_rounds_half_up_to_the_rupiah():
    assert flat_interest(48, 1250, 1) == 1  # 0,5 → 1
    assert flat_interest(1_000_001, 1250, 7) == 72_917  # 72.916,74
    rows = loan_schedule(1_000_001, 7, 1250, date(2026, 3, 10))
    assert sum(r.principal for r in rows) == 1_000_001
    assert sum(r.interest for r in rows) == 72_917


def test_revenue_share_is_rounded_down():
    assert share_of(1_234_567, 250) == 30_864  # 30.864,175
    assert share_of(0, 1000) == 0


def test_revenue_share_counts_sales_by_wib_month_edges(db_session):
    officer = make_user(db_session, role="officer")
    investor = make_user(db_session, role="investor")
    group = make_vetted_group(db_session, officer)
    buyer = make_user(db_session)
    # 23:59 WIB on 31 January is January; 00:00 WIB on 1 February (still 31 January in UTC)
    # is February.
    make_sold_order(db_session, group, buyer, 1_000_000, completed_at=wib(2026, 1, 31, 23, 59))
    make_sold_order(db_session, group, buyer, 500_001, completed_at=wib(2026, 2, 1, 0, 0))
    make_sold_order(db_session, group, buyer, 70_000, completed_at=wib(2025, 12, 31, 23, 59))
    deal = make_deal(
        db_session,
        group,
        investor,
        officer,
        instrument="revenue_share",
        amount=5_000_000,
        term_months=2,
        rate_bps=0,
        share_bps=1000,
        first_due_on=date(2026, 2, 10),
    )
    assert [(i.due_on, i.sales_month) for i in deal.instalments] == [
        (date(2026, 2, 10), date(2026, 1, 1)),
        (date(2026, 3, 10), date(2026, 2, 1)),
    ]
    dues = repayments.dues(db_session, deal, today=date(2026, 2, 28))
    assert [d.sales for d in dues] == [1_000_000, 500_001]
    assert dues[0].expected == 100_000 and dues[0].state == LATE
    assert dues[1].expected is None and dues[1].state == PENDING_SALES  # February not over
    dues = repayments.dues(db_session, deal, today=date(2026, 3, 1))  # February has ended
    assert dues[1].expected == 50_000 and dues[1].state == UPCOMING
    dues = repayments.dues(db_session, deal, today=date(2026, 3, 31))
    assert dues[1].expected == 50_000  # 500.001 × 10 %, rounded down
    assert dues[0].state == LATE and dues[1].state == LATE


def test_late_flags_and_on_time_rate(db_session):
    officer = make_user(db_session, role="officer")
    investor = make_user(db_session, role="investor")
    group = make_vetted_group(db_session, officer)
    deal = make_deal(
        db_session,
        group,
        investor,
        officer,
        amount=3_000_000,
        term_months=3,
        rate_bps=0,
        first_due_on=date(2026, 1, 15),
    )
    first, second, third = deal.instalments
    assert [i.expected for i in deal.instalments] == [1_000_000] * 3
    chair = group.chair
    transfers.record_repayment(
        db_session, deal, first, chair, 1_000_000, date(2026, 1, 15), "TRF-1"
    )
    transfers.record_repayment(db_session, deal, second, chair, 400_000, date(2026, 2, 15), "A")
    transfers.record_repayment(db_session, deal, second, chair, 600_000, date(2026, 2, 16), "B")
    transfers.record_repayment(db_session, deal, third, chair, 999_999, date(2026, 3, 14), "C")

    on_due_day = repayments.dues(db_session, deal, today=date(2026, 3, 15))
    assert [d.state for d in on_due_day] == [PAID, PAID_LATE, UPCOMING]  # not late on the day
    later = repayments.dues(db_session, deal, today=date(2026, 3, 16))
    assert [d.state for d in later] == [PAID, PAID_LATE, LATE]
    assert [d.late for d in later] == [False, False, True]
    assert later[2].outstanding == 1

    rate = repayments.group_on_time(db_session, group.id, today=date(2026, 3, 16))
    assert (rate.due, rate.on_time, rate.late_now) == (3, 1, 1)
    assert rate.rate == "33.3"
    early = repayments.group_on_time(db_session, group.id, today=date(2026, 2, 15))
    assert (early.due, early.on_time) == (1, 1) and early.rate == "100.0"


def test_a_transfer_is_recorded_once(db_session):
    officer = make_user(db_session, role="officer")
    investor = make_user(db_session, role="investor")
    group = make_vetted_group(db_session, officer)
    deal = make_deal(db_session, group, investor, officer, term_months=2, rate_bps=0)
    inst = deal.instalments[0]
    row, new = transfers.record_repayment(
        db_session, deal, inst, group.chair, 6_000_000, date(2026, 1, 30), "BCA 123"
    )
    again, new_again = transfers.record_repayment(
        db_session, deal, inst, group.chair, 6_000_000, date(2026, 1, 30), "BCA  123"
    )
    assert new and not new_again and again.id == row.id
    try:
        transfers.record_repayment(
            db_session, deal, inst, group.chair, 5_000_000, date(2026, 1, 30), "BCA 123"
        )
    except transfers.RepaymentError:
        pass
    else:
        raise AssertionError("a reused reference with other figures must be refused")
    assert len(deal.repayments) == 1
