"""Reviews: only after completion, once per product and order, feeding the product's rating."""

from __future__ import annotations

from sqlalchemy import func, select, update

from marketplace.catalog.product_models import Product
from marketplace.orders.models import Order, Review
from tests.factories import (
    make_group,
    make_logistics,
    make_order,
    make_product,
    make_service,
    make_user,
)


def _setup(db_session):
    logistics = make_logistics(db_session)
    group = make_group(db_session)
    make_service(db_session, group, logistics)
    nasi = make_product(db_session, group, name="Nasi Kotak", stock=10)
    teh = make_product(db_session, group, name="Es Teh", price=4000, stock=10)
    buyer = make_user(db_session)
    order = make_order(db_session, buyer, {nasi: 1, teh: 1}, logistics).orders[0]
    return buyer, order, nasi, teh


def _complete(db_session, order):
    db_session.execute(update(Order).where(Order.id == order.id).values(status="completed"))
    db_session.expire_all()


def test_review_only_after_completion_and_only_once(client, db_session, login_as):
    buyer, order, nasi, teh = _setup(db_session)
    login_as(buyer)
    url = f"/pesanan/{order.id}/ulasan"
    early = client.post(url, data={"product_id": nasi.id, "rating": 5})
    assert early.status_code == 422
    assert "setelah pesanan selesai" in early.get_data(as_text=True)
    _complete(db_session, order)
    page = client.get(f"/pesanan/{order.id}").get_data(as_text=True)
    assert page.count('data-testid="review-form"') == 2
    assert (
        client.post(url, data={"product_id": nasi.id, "rating": 5, "comment": "Enak"}).status_code
        == 302
    )
    assert client.post(url, data={"product_id": teh.id, "rating": 3}).status_code == 302
    again = client.post(url, data={"product_id": nasi.id, "rating": 1})
    assert again.status_code == 422 and "sudah memberi ulasan" in again.get_data(as_text=True)
    for bad in ({"product_id": nasi.id, "rating": 6}, {"product_id": 999999, "rating": 4}):
        assert client.post(url, data=bad).status_code == 422
    db_session.expire_all()
    product = db_session.get(Product, nasi.id)
    assert (product.rating_count, product.rating_sum, product.rating_avg) == (1, 5, 5.0)
    assert db_session.scalar(select(func.count(Review.id))) == 2


def test_only_the_buyer_of_a_completed_order_can_review(client, db_session, login_as):
    buyer, order, nasi, _teh = _setup(db_session)
    _complete(db_session, order)
    login_as(make_user(db_session))
    response = client.post(f"/pesanan/{order.id}/ulasan", data={"product_id": nasi.id, "rating": 5})
    assert response.status_code == 404
    assert db_session.scalar(select(func.count(Review.id))) == 0


def test_ratings_average_over_buyers(db_session):
    from marketplace.orders.reviews import add_review

    logistics = make_logistics(db_session)
    group = make_group(db_session)
    make_service(db_session, group, logistics)
    nasi = make_product(db_session, group, stock=10)
    for rating in (5, 4, 2):
        buyer = make_user(db_session)
        order = make_order(db_session, buyer, {nasi: 1}, logistics).orders[0]
        _complete(db_session, order)
        add_review(db_session, buyer, db_session.get(Order, order.id), nasi.id, rating)
    db_session.expire_all()
    product = db_session.get(Product, nasi.id)
    assert (product.rating_count, product.rating_sum) == (3, 11)
    assert round(product.rating_avg, 2) == 3.67
