"""A mentoring plan's goals measured from the platform's own data (never typed in).

Per goal the measure covers the WIB months from its `start_month` to its deadline's month (or
the current month, if earlier), from the same figures as the performance summary:
- orders: completed orders (rollup `completed_orders`), counted in the month they completed;
- revenue_month: the best month's revenue (orders' totals less refunds, plus goods companies
  accepted at a BAST), so "Rp 5 juta a month" is met by one month of Rp 5 juta or more;
- rating: average stars of the reviews written in the period (exact, no rounding);
- on_time: on-time completed orders ÷ completed orders;
- permit: the group's profile holds the permit's number (P-IRT, halal), today;
- certificates: the members' competency certificates verified by an officer and not expired,
  today (`catalog.skills.verified_total`);
- manual: an officer marked it done.
A page costs at most three queries whatever the number of goals: one over the group's monthly
rollup rows, one aggregate over its reviews (only when a rating goal exists) and one count of
its certificates (only when a certificates goal exists).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from marketplace.catalog import skills
from marketplace.catalog.models import ProducerGroup
from marketplace.catalog.permits import permit_number
from marketplace.catalog.product_models import Product
from marketplace.core.timeutil import WIB
from marketplace.investors.models import GroupMonthlyStats
from marketplace.investors.summary import add_months, wib_today
from marketplace.orders.models import Review
from marketplace.program import mentoring_states as ms
from marketplace.program.mentoring_models import MentoringGoal

_ROLLUP_KINDS = frozenset({ms.ORDERS, ms.REVENUE_MONTH, ms.ON_TIME})


@dataclass(frozen=True)
class GoalProgress:
    goal: MentoringGoal
    value: int | Decimal | str | None  # count, Rupiah, stars, percent, permit number
    met: bool
    state: str  # mentoring_states.GOAL_*
    percent: int  # 0–100, for the progress bar
    first_month: date
    last_month: date  # the months measured (WIB)
    best_month: date | None = None  # revenue_month: the month of the best revenue
    count: int | None = None  # rating: number of reviews; on_time: completed orders


def wib_start(day: date) -> datetime:
    """Start of a WIB day as naive UTC."""
    return datetime.combine(day, time.min, tzinfo=WIB).astimezone(UTC).replace(tzinfo=None)


def window(goal: MentoringGoal, today: date) -> tuple[date, date]:
    """(first, last) WIB month a goal is measured over."""
    first = goal.start_month.replace(day=1)
    return first, min(goal.deadline.replace(day=1), today.replace(day=1))


def _share(value: int, whole: int) -> int:
    if whole <= 0:
        return 100
    return max(0, min(100, value * 100 // whole))


def _months(session: Session, group_id: int, goals: Sequence[MentoringGoal], today: date) -> dict:
    wanted = [window(g, today) for g in goals if g.kind in _ROLLUP_KINDS]
    if not wanted:
        return {}
    rows = session.execute(
        select(
            GroupMonthlyStats.month,
            GroupMonthlyStats.revenue - GroupMonthlyStats.refunded + GroupMonthlyStats.b2b_revenue,
            GroupMonthlyStats.completed_orders,
            GroupMonthlyStats.on_time_orders,
        ).where(
            GroupMonthlyStats.group_id == group_id,
            GroupMonthlyStats.month >= min(first for first, _last in wanted),
            GroupMonthlyStats.month <= max(last for _first, last in wanted),
        )
    )
    return {r[0]: (int(r[1]), int(r[2]), int(r[3])) for r in rows}


def _ratings(
    session: Session, group_id: int, goals: Sequence[MentoringGoal], today: date
) -> dict[int, tuple[int, int]]:
    """goal id -> (number of reviews, sum of stars) in the goal's months: one query."""
    rated = [g for g in goals if g.kind == ms.RATING]
    if not rated:
        return {}
    columns = []
    for goal in rated:
        first, last = window(goal, today)
        inside = and_(
            Review.created_at >= wib_start(first),
            Review.created_at < wib_start(add_months(last, 1)),
        )
        columns += [
            func.coalesce(func.sum(case((inside, 1), else_=0)), 0),
            func.coalesce(func.sum(case((inside, Review.rating), else_=0)), 0),
        ]
    row = session.execute(
        select(*columns)
        .select_from(Review)
        .join(Product, Product.id == Review.product_id)
        .where(Product.group_id == group_id)
    ).one()
    return {g.id: (int(row[2 * i]), int(row[2 * i + 1])) for i, g in enumerate(rated)}


def _measure(
    goal: MentoringGoal,
    group: ProducerGroup,
    months: dict,
    ratings: dict,
    today: date,
    certificates: int | None = None,
):
    """(value, met, percent, best_month, count) of one goal."""
    first, last = window(goal, today)
    target = goal.target or 0
    inside = {m: v for m, v in months.items() if first <= m <= last}
    if goal.kind == ms.ORDERS:
        done = sum(v[1] for v in inside.values())
        return done, done >= target, _share(done, target), None, None
    if goal.kind == ms.REVENUE_MONTH:
        best_month, best = max(
            inside.items(), key=lambda kv: (kv[1][0], kv[0]), default=(None, (0,))
        )
        best = best[0]
        return best, best >= target, _share(best, target), best_month, None
    if goal.kind == ms.ON_TIME:
        completed = sum(v[1] for v in inside.values())
        on_time = sum(v[2] for v in inside.values())
        if not completed:
            return None, False, 0, None, 0
        rate = (Decimal(on_time * 100) / completed).quantize(Decimal("0.1"), ROUND_HALF_UP)
        met = on_time * 100 >= target * completed  # exact, no rounding
        return rate, met, _share(on_time * 100, target * completed), None, completed
    if goal.kind == ms.RATING:
        count, stars = ratings.get(goal.id, (0, 0))
        if not count:
            return None, False, 0, None, 0
        avg = (Decimal(stars) / count).quantize(Decimal("0.01"), ROUND_HALF_UP)
        met = stars * 100 >= target * count
        return avg, met, _share(stars * 100, target * count), None, count
    if goal.kind == ms.PERMIT:
        label, field = ms.PERMITS.get(goal.permit or "", ("", ""))
        number = getattr(group, field, None) if field else None
        held = bool((number or "").strip())
        return (
            (permit_number(number, label) if held else None),
            held,
            100 if held else 0,
            None,
            None,
        )
    if goal.kind == ms.CERTIFICATES:
        held = certificates or 0
        return held, held >= target, _share(held, target), None, None
    done = goal.done_at is not None  # manual
    return None, done, 100 if done else 0, None, None


def goal_progress(
    session: Session,
    group: ProducerGroup,
    goals: Sequence[MentoringGoal],
    today: date | None = None,
) -> list[GoalProgress]:
    """Each goal's progress, computed from the rollups, reviews and certificates (at most
    three queries, one per kind of source the goals need)."""
    today = today or wib_today()
    months = _months(session, group.id, goals, today)
    ratings = _ratings(session, group.id, goals, today)
    certificates = (
        skills.verified_total(session, group.id, today)
        if any(g.kind == ms.CERTIFICATES for g in goals)
        else None
    )
    out = []
    for goal in goals:
        value, met, share, best_month, count = _measure(
            goal, group, months, ratings, today, certificates
        )
        if met:
            state = ms.GOAL_MET
        elif today > goal.deadline:
            state = ms.GOAL_MISSED
        else:
            state = ms.GOAL_OPEN
        first, last = window(goal, today)
        out.append(GoalProgress(goal, value, met, state, share, first, last, best_month, count))
    return out
