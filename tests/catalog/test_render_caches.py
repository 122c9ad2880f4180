"""The rendering shortcuts (marketplace/core/render.py) never show stale data or wrong links."""

from __future__ import annotations

from flask import url_for

from tests.catalog.helpers import PRODUCT_FORM
from tests.factories import make_group, make_product


def test_price_and_stock_edit_shows_at_once_on_the_catalog(client, db_session, login_as):
    group = make_group(db_session)
    product = make_product(db_session, group, name="Keripik tempe", price=12000, stock=30)
    visitor = client.application.test_client()
    for lang in ("id", "en"):  # both locales' label tables and URL prefixes are made
        visitor.get(f"/bahasa/{lang}")
        listing = visitor.get("/products").get_data(as_text=True)
        assert "Keripik tempe" in listing and "Rp\u00a012.000" in listing
    login_as(group.chair)
    form = PRODUCT_FORM | {"name": "Keripik tempe", "price": "13.500", "stock": "0"}
    response = client.post(f"/kelompok/saya/produk/{product.id}/ubah", data=form)
    assert response.status_code == 302
    listing = visitor.get("/products").get_data(as_text=True)
    assert "Rp\u00a013.500" in listing and "Rp\u00a012.000" not in listing
    assert "Sold out" in listing  # the visitor reads English now
    visitor.get("/bahasa/id")
    assert "Stok habis" in visitor.get("/products").get_data(as_text=True)


def test_card_links_follow_the_mount_point(app, client, db_session):
    group = make_group(db_session)
    product = make_product(db_session, group, main_thumb_key="a" * 32 + "-t.jpg")
    for root in ("", "/pasar"):  # the prefixes are kept per script root
        base = f"http://localhost{root}/"
        html = client.get("/products", base_url=base).get_data(as_text=True)
        with app.test_request_context(base_url=base):
            detail = url_for("catalog.product_detail", product_id=product.id)
            photo = url_for("catalog.media", key=product.main_thumb_key)
            home = url_for("catalog.home")
        assert detail.startswith(root + "/products/")
        assert f'href="{detail}"' in html and f'src="{photo}"' in html
        assert f'href="{home}"' in html
