"""What orders adds to the catalog's product page: the latest reviews and, for a pre-order, the
first day it can be picked up (handed in by the page's view, never queried by the template)."""

from __future__ import annotations

from datetime import timedelta

from marketplace.core.formatting import long_date
from marketplace.orders.logistics import now_wib
from marketplace.orders.models import Review
from tests.factories import make_group, make_logistics, make_product, make_sold_order, make_user


def test_product_page_shows_the_latest_reviews(client, db_session):
    logistics = make_logistics(db_session)
    group = make_group(db_session)
    product = make_product(db_session, group, name="Keripik tempe")
    buyer = make_user(db_session, name="Siti Aminah")
    order = make_sold_order(db_session, group, buyer, 15_000, logistics=logistics)
    db_session.add(
        Review(
            product_id=product.id, order_id=order.id, buyer_id=buyer.id, rating=4, comment="Renyah"
        )
    )
    db_session.flush()
    html = client.get(f"/products/{product.id}").get_data(as_text=True)
    assert html.count('data-testid="review"') == 1
    assert "Renyah" in html and "Siti ·" in html and "4/5" in html


def test_preorder_product_page_shows_the_first_pickup_day(client, db_session):
    group = make_group(db_session)
    product = make_product(db_session, group, is_preorder=True, lead_time_days=3, stock=0)
    html = client.get(f"/products/{product.id}").get_data(as_text=True)
    first_day = now_wib().date() + timedelta(days=3)
    assert f"Pre-order: paling cepat {long_date(first_day)}." in html
    assert "Tambah ke keranjang" in html
