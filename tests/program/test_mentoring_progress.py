"""Goal progress computed from sales, reviews and the profile against hand-checked numbers,
with orders and reviews on both sides of WIB month edges."""

from __future__ import annotations

from datetime import date, time, timedelta
from decimal import Decimal

import pytest

from marketplace.catalog.skill_states import PENDING, REJECTED
from marketplace.core.timeutil import wib_today
from marketplace.investors import rollups
from marketplace.program import mentoring_states as ms
from marketplace.program.mentoring_progress import goal_progress
from tests.factories import (
    make_certificate,
    make_group,
    make_member,
    make_product,
    make_review,
    make_sold_order,
    make_user,
)
from tests.investors.helpers import wib_moment
from tests.program.factories import make_goal, make_plan
from tests.querycount import count_queries


def _world(db_session):
    """Orders of one group around the April–May 2026 window (WIB), hand-checked:

    March 31 23.30 WIB 100.000 (March: outside) · April 1 00.30 WIB 200.000 · April 15
    300.000 less a 50.000 refund · May 10 250.000, completed a day late · June 1 00.10 WIB
    1.000.000 (June: after the deadline's month). Reviews: 5★ April 1, 4★ May 31 23.59 WIB,
    1★ June 1 00.01 WIB (outside).
    """
    officer = make_user(db_session, role="officer")
    group = make_group(db_session, pirt_number="P-IRT 2063325001-29", halal_number=None)
    buyer = make_user(db_session)
    product = make_product(db_session, group)

    def sold(day, at, total, **kw):
        return make_sold_order(
            db_session, group, buyer, total, completed_at=wib_moment(day, at), **kw
        )

    sold(date(2026, 3, 31), time(23, 30), 100_000)
    b = sold(date(2026, 4, 1), time(0, 30), 200_000)
    c = sold(date(2026, 4, 15), time(12, 0), 300_000)
    rollups.record_order_refunded(db_session, c, 50_000)
    d = sold(date(2026, 5, 10), time(12, 0), 250_000, pickup_date=date(2026, 5, 9))
    sold(date(2026, 6, 1), time(0, 10), 1_000_000)
    make_review(db_session, b, product, 5, created_at=wib_moment(date(2026, 4, 1), time(1, 0)))
    make_review(db_session, c, product, 4, created_at=wib_moment(date(2026, 5, 31), time(23, 59)))
    make_review(db_session, d, product, 1, created_at=wib_moment(date(2026, 6, 1), time(0, 1)))
    plan = make_plan(db_session, group, officer)
    goals = {
        "orders": make_goal(db_session, plan, ms.ORDERS, target=3),
        "revenue": make_goal(db_session, plan, ms.REVENUE_MONTH, target=500_000),
        "on_time": make_goal(db_session, plan, ms.ON_TIME, target=70),
        "rating": make_goal(db_session, plan, ms.RATING, target=450),
        "pirt": make_goal(db_session, plan, ms.PERMIT, permit="pirt"),
        "halal": make_goal(db_session, plan, ms.PERMIT, permit="halal"),
        "manual": make_goal(db_session, plan, ms.MANUAL, title="Label kemasan baru"),
    }
    return group, plan, goals


def _by_goal(progress):
    return {p.goal.id: p for p in progress}


def test_progress_after_the_deadline_counts_only_the_goal_months(app, db_session):
    group, plan, goals = _world(db_session)
    loaded = list(plan.goals)
    with count_queries(app) as statements:
        progress = _by_goal(goal_progress(db_session, group, loaded, today=date(2026, 6, 20)))
    assert len(statements) <= 2  # one over the rollup rows, one over the reviews

    orders = progress[goals["orders"].id]
    assert (orders.value, orders.met, orders.state, orders.percent) == (3, True, ms.GOAL_MET, 100)
    assert (orders.first_month, orders.last_month) == (date(2026, 4, 1), date(2026, 5, 1))

    revenue = progress[goals["revenue"].id]
    assert (revenue.value, revenue.best_month) == (450_000, date(2026, 4, 1))  # 200+300−50
    assert (revenue.met, revenue.state, revenue.percent) == (False, ms.GOAL_MISSED, 90)

    on_time = progress[goals["on_time"].id]
    assert (on_time.value, on_time.count) == (Decimal("66.7"), 3)  # 2 of 3 on time
    assert (on_time.met, on_time.percent) == (False, 95)  # 200 / 210

    rating = progress[goals["rating"].id]
    assert (rating.value, rating.count, rating.met) == (Decimal("4.50"), 2, True)  # exactly 4,5

    pirt, halal = progress[goals["pirt"].id], progress[goals["halal"].id]
    assert (pirt.value, pirt.met) == ("2063325001-29", True)
    assert (halal.value, halal.met, halal.state) == (None, False, ms.GOAL_MISSED)

    manual = progress[goals["manual"].id]
    assert (manual.met, manual.state) == (False, ms.GOAL_MISSED)


def test_progress_before_the_deadline_stops_at_the_current_month(app, db_session):
    group, plan, goals = _world(db_session)
    progress = _by_goal(goal_progress(db_session, group, plan.goals, today=date(2026, 4, 20)))
    orders = progress[goals["orders"].id]
    assert (orders.value, orders.met, orders.state, orders.percent) == (2, False, ms.GOAL_OPEN, 66)
    assert progress[goals["revenue"].id].value == 450_000
    rating = progress[goals["rating"].id]
    assert (rating.value, rating.count, rating.met) == (Decimal("5.00"), 1, True)
    assert progress[goals["on_time"].id].value == Decimal("100.0")


def test_a_goal_started_in_march_counts_the_order_of_march_31_at_23_30_wib(app, db_session):
    group, plan, _goals = _world(db_session)
    march = make_goal(db_session, plan, ms.ORDERS, target=4, start_month=date(2026, 3, 1))
    june = make_goal(
        db_session,
        plan,
        ms.REVENUE_MONTH,
        target=1_000_000,
        start_month=date(2026, 6, 1),
        deadline=date(2026, 6, 30),
    )
    progress = _by_goal(goal_progress(db_session, group, [march, june], today=date(2026, 6, 20)))
    assert (progress[march.id].value, progress[march.id].met) == (4, True)
    assert (progress[june.id].value, progress[june.id].met) == (1_000_000, True)


def test_no_sales_gives_no_rate_and_no_goals_costs_no_query(app, db_session):
    officer = make_user(db_session, role="officer")
    group = make_group(db_session)
    plan = make_plan(db_session, group, officer)
    on_time = make_goal(db_session, plan, ms.ON_TIME, target=90)
    rating = make_goal(db_session, plan, ms.RATING, target=400)
    progress = _by_goal(goal_progress(db_session, group, plan.goals, today=date(2026, 5, 1)))
    assert (progress[on_time.id].value, progress[on_time.id].met) == (None, False)
    assert (progress[rating.id].value, progress[rating.id].count) == (None, 0)
    with count_queries(app) as statements:
        assert goal_progress(db_session, group, [], today=date(2026, 5, 1)) == []
    assert statements == []


def _certificates(db_session, group):
    """Counted on 20 June 2026: two verified and valid (one expires that very day); not a
    pending one, a rejected one, nor one that expired the day before."""
    sewer, cook = make_member(db_session, group), make_member(db_session, group)
    make_certificate(db_session, sewer)
    make_certificate(db_session, cook, scheme="Pengolahan Makanan", expires_on=date(2026, 6, 20))
    make_certificate(db_session, cook, scheme="Barista", status=PENDING)
    make_certificate(db_session, cook, scheme="Penyelia Halal", status=REJECTED)
    make_certificate(db_session, sewer, scheme="Membatik Tulis", expires_on=date(2026, 6, 19))
    return sewer


def test_certificates_goal_counts_verified_valid_certificates_with_one_query_more(app, db_session):
    group, plan, goals = _world(db_session)
    sewer = _certificates(db_session, group)
    certs = make_goal(db_session, plan, ms.CERTIFICATES, target=3, deadline=date(2026, 7, 31))
    loaded = list(plan.goals)
    with count_queries(app) as statements:
        progress = _by_goal(goal_progress(db_session, group, loaded, today=date(2026, 6, 20)))
    assert len(statements) <= 3  # rollups, reviews, and one count of the certificates
    p = progress[certs.id]
    assert (p.value, p.met, p.state, p.percent) == (2, False, ms.GOAL_OPEN, 66)
    # a day later the one expiring on 20 June no longer counts; after the deadline: missed
    late = goal_progress(db_session, group, [certs], today=date(2026, 8, 1))[0]
    assert (late.value, late.state) == (1, ms.GOAL_MISSED)
    make_certificate(db_session, sewer, scheme="Pemasaran Digital")
    with count_queries(app) as only:
        met = goal_progress(db_session, group, [certs], today=date(2026, 6, 20))[0]
    assert len(only) == 1
    assert (met.value, met.met, met.state, met.percent) == (3, True, ms.GOAL_MET, 100)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_officer_adds_a_certificates_goal_and_sees_it_measured(client, db_session, login_as, lang):
    officer = make_user(db_session, role="officer")
    group = make_group(db_session)
    make_plan(db_session, group, officer, start=wib_today().replace(day=1))
    member = make_member(db_session, group, name="Sulastri Rahayu")
    make_certificate(db_session, member)
    make_certificate(db_session, member, scheme="Barista", status=PENDING)
    login_as(officer)
    client.get(f"/bahasa/{lang}")
    url = f"/pendamping/kelompok/{group.id}/pendampingan"
    deadline = (wib_today() + timedelta(days=60)).isoformat()
    bad = client.post(
        f"{url}/target", data={"kind": "certificates", "target": "banyak", "deadline": deadline}
    )
    assert bad.status_code == 422
    response = client.post(
        f"{url}/target", data={"kind": "certificates", "target": "4", "deadline": deadline}
    )
    assert response.status_code == 303
    html = client.get(url).get_data(as_text=True)
    if lang == "id":
        assert "Tulis jumlah sertifikat dengan angka" in bad.get_data(as_text=True)
        assert "1 dari 4 sertifikat terverifikasi yang berlaku" in html
        assert "Sertifikat kompetensi terverifikasi" in html
    else:
        assert "1 of 4 verified valid certificates" in html
        assert "Verified competency certificates" in html
