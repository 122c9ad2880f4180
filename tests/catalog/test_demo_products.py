"""`flask demo load` fills the catalog with products and photos, and is idempotent."""

from __future__ import annotations

from sqlalchemy import func, select

from marketplace.catalog.product_models import Product, ProductPhoto
from marketplace.demo.products import PRODUCTS


def test_demo_load_adds_products_with_photos_once(runner, db_session, client):
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    expected = sum(len(rows) for rows in PRODUCTS.values())
    count = select(func.count()).select_from(Product)
    assert db_session.scalar(count) == expected
    assert db_session.scalar(select(func.count()).select_from(ProductPhoto)) == expected
    assert db_session.scalar(count.where(Product.main_thumb_key.is_(None))) == 0
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    assert db_session.scalar(count) == expected
    for q, name in (
        ("batik", "Kain batik tulis Rifaiyah"),
        ("keripik", "Keripik sukun original 250 g"),
        ("seragam", "Seragam kerja pabrik (kemeja + celana)"),
    ):
        assert name in client.get("/products", query_string={"q": q}).get_data(as_text=True)
    # Products of the demo's unverified groups stay hidden.
    assert "Kacang bawang kiloan" not in client.get("/products?q=kacang").get_data(as_text=True)
