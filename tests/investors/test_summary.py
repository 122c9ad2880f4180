"""Performance summaries: hand-checked figures, rollup = recomputation, no buyer data shown."""

from __future__ import annotations

import random
import re
from datetime import timedelta

from marketplace.investors import rollup_rebuild, rollups, summary
from marketplace.investors.models import GroupMonthlyStats
from tests.factories import (
    make_logistics,
    make_product,
    make_review,
    make_sold_order,
    make_user,
    make_vetted_group,
)
from tests.investors.helpers import in_month


def _hand_checked(db_session):
    """4 completions over 3 months, 1 late, 1 refund, 2 cancellations, 2 ratings."""
    log = make_logistics(db_session)
    group = make_vetted_group(db_session, name="Dapur Uji")
    chair = group.chair
    product = make_product(db_session, group)
    a = make_user(
        db_session, name="Sulastri Pembeli", phone="6281299990001", email="sulastri@contoh.id"
    )
    b, c = make_user(db_session), make_user(db_session)
    o1 = make_sold_order(db_session, group, a, 50_000, completed_at=in_month(1), logistics=log)
    make_sold_order(db_session, group, b, 30_000, completed_at=in_month(1, 20), logistics=log)
    # late: completed on the 16th for a pickup on the 15th
    late_day = in_month(2).date()
    make_sold_order(
        db_session,
        group,
        a,
        20_000,
        completed_at=in_month(2, 16),
        pickup_date=late_day,
        logistics=log,
    )
    make_sold_order(db_session, group, c, 40_000, completed_at=in_month(4), logistics=log)
    make_sold_order(
        db_session,
        group,
        b,
        10_000,
        status="cancelled",
        cancelled_at=in_month(1),
        cancelled_by=chair,
        logistics=log,
    )
    make_sold_order(
        db_session,
        group,
        c,
        15_000,
        status="cancelled",
        cancelled_at=in_month(1),
        cancelled_by=c,
        logistics=log,
    )
    make_review(db_session, o1, product, 5)
    make_review(db_session, o1, make_product(db_session, group), 4)
    rollups.record_order_refunded(db_session, o1, 10_000)
    return group, o1


def test_summary_figures_on_hand_checked_data(db_session):
    group, o1 = _hand_checked(db_session)
    s = summary.compute(db_session, group)
    v = s.values
    # 50.000 + 30.000 + 20.000 + 40.000 − 10.000 refunded
    assert v["revenue"] == 130_000
    assert v["completed_orders"] == 4
    assert v["unique_buyers"] == 3
    assert v["repeat_rate"] == "33.3"  # buyer a twice, of 3 buyers
    assert v["on_time_rate"] == "75.0"  # 3 of 4
    assert v["cancel_rate"] == "16.7"  # 1 by the group, of 4 completed + 2 cancelled
    assert (v["rating_avg"], v["rating_count"]) == ("4.50", 2)
    assert v["active_products"] == 2
    assert v["members"] == 12
    # last 3 full months: (50.000 + 30.000 − 10.000) + 20.000 + 0 = 90.000; before: 40.000
    assert (v["growth_recent"], v["growth_before"]) == (90_000, 40_000)
    assert v["growth"] == "125.0"
    by_month = {m["month"]: (m["revenue"], m["orders"]) for m in s.months}
    assert by_month[in_month(1).date().replace(day=1).isoformat()] == (70_000, 2)
    assert by_month[in_month(2).date().replace(day=1).isoformat()] == (20_000, 1)
    assert len(s.months) == 12
    # repeated calls count nothing twice, refunds are capped at the order total
    assert rollups.record_order_completed(db_session, o1) is False
    assert rollups.record_order_refunded(db_session, o1, 100_000) == 40_000
    assert summary.compute(db_session, group).values["revenue"] == 90_000


def test_investor_page_shows_figures_with_period_and_method_without_buyer_data(
    client, db_session, login_as
):
    group, _o1 = _hand_checked(db_session)
    login_as(make_user(db_session, role="investor"))
    pages = [
        client.get(f"/investor/kelompok/{group.slug}"),
        client.get("/investor/kelompok"),
        client.get(f"/investor/bandingkan?g={group.slug}"),
    ]
    html = pages[0].get_data(as_text=True)
    assert pages[0].status_code == 200
    assert re.search(r'data-testid="val-revenue">\s*Rp\u00a0130\.000', html)
    assert re.search(r'data-testid="val-repeat_rate">\s*33,3 %', html)
    assert re.search(r'data-testid="val-growth">\s*\+125,0 %', html)
    assert "Jumlah total pesanan yang selesai" in html  # how it is computed
    assert "Periode" in html and "<svg" in html and "<script" not in html.split("</nav>")[1]
    for page in pages:
        text = page.get_data(as_text=True)
        assert page.status_code == 200
        assert "Sulastri" not in text and "6281299990001" not in text and "sulastri@" not in text


def test_rollup_equals_recomputation_after_random_sequence(db_session):
    rng = random.Random(20261128)
    log = make_logistics(db_session)
    groups = [make_vetted_group(db_session) for _ in range(3)]
    buyers = [make_user(db_session) for _ in range(5)]
    completed, cancelled = [], 0
    for _ in range(60):
        group, buyer = rng.choice(groups), rng.choice(buyers)
        when = in_month(rng.randint(0, 13), rng.randint(1, 28)) + timedelta(
            hours=rng.randint(-12, 12)
        )
        kind = rng.random()
        total = rng.randint(1, 40) * 5_000
        if kind < 0.6:
            order = make_sold_order(
                db_session,
                group,
                buyer,
                total,
                completed_at=when,
                pickup_date=(when - timedelta(days=rng.randint(0, 1))).date(),
                logistics=log,
                window=rng.choice(["pagi", "siang", "malam"]),
            )
            completed.append(order)
        elif kind < 0.85:
            actor = rng.choice([buyer, group.chair, None])
            cancelled += 1
            make_sold_order(
                db_session,
                group,
                buyer,
                total,
                status="cancelled",
                cancelled_at=when,
                cancelled_by=actor,
                logistics=log,
            )
        elif completed:
            order = rng.choice(completed)
            rollups.record_order_refunded(db_session, order, rng.randint(1, 10) * 5_000)
        if completed and rng.random() < 0.2:  # a retried call must change nothing
            rollups.record_order_completed(db_session, rng.choice(completed))
    incremental = rollups.snapshot_rows(db_session)
    assert len(incremental) > 10
    result = rollup_rebuild.rebuild(db_session)
    db_session.expire_all()
    assert rollups.snapshot_rows(db_session) == incremental
    assert result["orders"] == len(completed) + cancelled


def test_stats_rebuild_command(runner, db_session):
    group = make_vetted_group(db_session)
    make_sold_order(db_session, group, make_user(db_session), 25_000, completed_at=in_month(0, 1))
    db_session.query(GroupMonthlyStats).delete()
    result = runner.invoke(args=["stats", "rebuild"])
    assert result.exit_code == 0, result.output
    assert "1 pesanan" in result.output
    db_session.expire_all()
    [row] = db_session.query(GroupMonthlyStats).filter_by(group_id=group.id).all()
    assert (row.revenue, row.completed_orders) == (25_000, 1)


def test_state_machine_transitions_update_the_rollup(db_session):
    from marketplace.orders.fulfilment import transition
    from tests.factories import make_order, make_service

    log = make_logistics(db_session)
    group = make_vetted_group(db_session)
    make_service(db_session, group, log)
    product = make_product(db_session, group, price=12_000)
    buyer = make_user(db_session)
    done = make_order(db_session, buyer, {product: 2}, log).orders[0]
    dropped = make_order(db_session, buyer, {product: 1}, log).orders[0]
    chair = group.chair
    for status in ("accepted", "ready"):
        transition(db_session, done, status, chair)
    transition(db_session, done, "completed", chair, pickup_code=done.pickup_code)
    transition(db_session, dropped, "cancelled", chair, "Bahan habis")
    [row] = db_session.query(GroupMonthlyStats).filter_by(group_id=group.id).all()
    assert (row.revenue, row.completed_orders, row.on_time_orders) == (24_000, 1, 1)
    assert (row.cancelled_orders, row.cancelled_by_group) == (1, 1)
    before = rollups.snapshot_rows(db_session)
    rollup_rebuild.rebuild(db_session)
    assert rollups.snapshot_rows(db_session) == before
