"""The checkout page's options come from a short-lived copy; placing the order never does."""

from __future__ import annotations

from sqlalchemy import select

from marketplace.core import ttl_cache
from marketplace.orders.models import Checkout
from tests.orders.helpers import add_to_cart, pickup_form


def test_a_point_closed_after_the_page_was_cached_is_refused_at_placing(
    app, client, db_session, login_as, shop
):
    app.config["CHECKOUT_OPTIONS_CACHE_SECONDS"] = 60
    ttl_cache.clear()
    try:
        login_as(shop["buyer"])
        add_to_cart(client, shop["nasi"], 1)
        point = shop["logistics"]["points"][0]
        assert point.name in client.get("/checkout").get_data(as_text=True)

        point.is_active = False  # an officer closes the point meanwhile
        db_session.commit()
        # The page may still offer it for a few seconds (the cached copy) ...
        assert point.name in client.get("/checkout").get_data(as_text=True)
        # ... but the order is checked against the database and refused with the reason.
        form = pickup_form(shop["nasi_group"], shop["logistics"])
        response = client.post("/checkout", data=form | {"payment": "cod"})
        assert response.status_code == 422
        assert "Titik ambil tidak tersedia" in response.get_data(as_text=True)
        assert db_session.scalars(select(Checkout)).first() is None
    finally:
        app.config["CHECKOUT_OPTIONS_CACHE_SECONDS"] = 0
        ttl_cache.clear()
