"""Money stays within what the database columns hold: caps with a clear message, never a 500."""

from __future__ import annotations

from sqlalchemy import select

from marketplace.investors.models import GroupMonthlyStats
from marketplace.orders.cart import MAX_CHECKOUT_TOTAL
from tests.factories import (
    make_group,
    make_logistics,
    make_product,
    make_service,
    make_sold_order,
    make_user,
)
from tests.investors.helpers import in_month
from tests.orders.helpers import add_to_cart, pickup_form


def test_a_cart_line_above_the_checkout_limit_is_refused(client, db_session, login_as):
    group = make_group(db_session)
    seragam = make_product(db_session, group, name="Seragam Pabrik", price=100_000_000, stock=500)
    login_as(make_user(db_session))
    response = add_to_cart(client, seragam, 30)  # Rp 3 miliar
    assert response.status_code == 422
    assert "Rp\u00a01.000.000.000" in response.get_data(as_text=True)
    assert add_to_cart(client, seragam, 10).status_code == 302  # Rp 1 miliar is allowed


def test_a_checkout_above_the_limit_is_refused_with_a_message(client, db_session, login_as):
    logistics = make_logistics(db_session)
    group = make_group(db_session)
    make_service(db_session, group, logistics)
    a = make_product(db_session, group, name="Seragam A", price=100_000_000, stock=50)
    b = make_product(db_session, group, name="Seragam B", price=100_000_000, stock=50)
    login_as(make_user(db_session))
    assert add_to_cart(client, a, 6).status_code == 302
    assert add_to_cart(client, b, 6).status_code == 302
    response = client.post("/checkout", data=pickup_form(group, logistics))
    assert response.status_code == 422
    assert "Rp\u00a01.000.000.000" in response.get_data(as_text=True)
    assert MAX_CHECKOUT_TOTAL == 1_000_000_000


def test_monthly_revenue_holds_more_than_two_billion(db_session):
    """Three completed orders of Rp 1 miliar in one month: the group's month shows Rp 3 miliar."""
    group, buyer = make_group(db_session), make_user(db_session)
    logistics = make_logistics(db_session)
    for _ in range(3):
        make_sold_order(
            db_session,
            group,
            buyer,
            MAX_CHECKOUT_TOTAL,
            completed_at=in_month(1),
            logistics=logistics,
        )
    db_session.flush()
    revenue = db_session.scalar(
        select(GroupMonthlyStats.revenue).where(GroupMonthlyStats.group_id == group.id)
    )
    assert revenue == 3_000_000_000
