"""An upper bound on SQL queries per request for every benchmarked page, so no N+1 comes back.

Each page is requested on a small data set and again after more groups, products, orders
and reviews were added; the count must stay within the page's bound both times (pages that
list a fixed number of rows must not grow at all).
"""

from __future__ import annotations

import contextlib
import re

import pytest
from sqlalchemy import event

from marketplace.extensions import db
from tests.factories import (
    fill_cart,
    make_logistics,
    make_product,
    make_review,
    make_service,
    make_sold_order,
    make_user,
    make_vetted_group,
)
from tests.investors.helpers import in_month

SKIP = ("SAVEPOINT", "RELEASE", "ROLLBACK TO")

# page -> the most SQL statements one request may run (login state included)
BOUNDS = {
    "home": 4,
    "catalog": 3,
    "catalog_deep": 3,  # keyset: the cursor's key is a subquery of the page's one query
    "catalog_back": 3,
    "search_deep": 3,
    "search": 3,
    "search_misspelt": 5,  # + the spelling lookup + the corrected search, whatever the words
    "search_did_you_mean": 4,  # + the spelling lookup
    "product": 5,
    "shop": 4,
    "investor_summary": 14,
    "impact": 62,
    "cart": 6,  # whatever its size
    "cart_add": 5,
    "checkout_page": 4,  # + 4 per group in the cart (its service and open slots)
    "checkout_post": 26,  # a cart of 2 groups and 4 products (was 48 before batching)
}


@contextlib.contextmanager
def count_queries(app):
    with app.app_context():
        engine = db.engine
    statements: list[str] = []

    def before(conn, cursor, statement, parameters, context, executemany):
        if not statement.lstrip().upper().startswith(SKIP):
            statements.append(statement)

    event.listen(engine, "before_cursor_execute", before)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", before)


def _grow(session, logistics, n_groups: int, buyer) -> list:
    """n vetted groups with products, completed orders and reviews; return the groups."""
    groups = []
    for g in range(n_groups):
        group = make_vetted_group(session, sectors=("konveksi", "kerajinan"))
        make_service(session, group, logistics)
        products = [
            make_product(
                session,
                group,
                name=f"Batik motif {g}-{i}",
                stock=50,
                main_thumb_key="c" * 32 + "-t.jpg",
            )
            for i in range(4)
        ]
        for months_back in (1, 2, 3):
            order = make_sold_order(
                session,
                group,
                buyer,
                50_000,
                completed_at=in_month(months_back),
                logistics=logistics,
            )
            make_review(session, order, products[0], 5)
        groups.append(group)
    return groups


@pytest.fixture
def world(db_session):
    logistics = make_logistics(db_session)
    buyer = make_user(db_session)
    groups = _grow(db_session, logistics, 2, buyer)
    return {"logistics": logistics, "buyer": buyer, "groups": groups}


def _measure(app, client, url: str) -> int:
    with count_queries(app) as statements:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(statements)


def _product_id(session, world) -> int:
    from sqlalchemy import select

    from marketplace.catalog.product_models import Product

    return session.scalar(
        select(Product.id).where(Product.group_id == world["groups"][0].id).limit(1)
    )


def _newest_product_id(session) -> int:
    from sqlalchemy import func, select

    from marketplace.catalog.product_models import Product

    return session.scalar(select(func.max(Product.id)))


PUBLIC = {
    "home": lambda s, w: "/",
    "catalog": lambda s, w: "/products",
    "catalog_deep": lambda s, w: f"/products?setelah={_newest_product_id(s)}",
    "catalog_back": lambda s, w: f"/products?urut=cheapest&sebelum={_newest_product_id(s)}",
    "search_deep": lambda s, w: "/products?q=batik&hal=2",
    "search": lambda s, w: "/products?q=batik+motif",
    "search_misspelt": lambda s, w: "/products?q=btik+motf",
    "search_did_you_mean": lambda s, w: "/products?q=btk",
    "product": lambda s, w: f"/products/{_product_id(s, w)}",
    "shop": lambda s, w: f"/groups/{w['groups'][0].slug}",
}


@pytest.mark.parametrize("page", list(PUBLIC))
def test_public_pages_run_a_fixed_number_of_queries(
    app, client, db_session, monkeypatch, world, page
):
    monkeypatch.setitem(app.config, "CATALOG_PAGE_SIZE", 2)
    url = PUBLIC[page](db_session, world)
    few = _measure(app, client, url)
    _grow(db_session, world["logistics"], 3, world["buyer"])
    many = _measure(app, client, url)
    assert few <= BOUNDS[page] and many == few, (page, few, many)


def test_investor_summary_query_bound(app, client, db_session, login_as, world):
    login_as(make_user(db_session, role="investor"))
    url = f"/investor/kelompok/{world['groups'][0].slug}"
    few = _measure(app, client, url)
    _grow(db_session, world["logistics"], 3, world["buyer"])
    many = _measure(app, client, url)
    assert few <= BOUNDS["investor_summary"] and many == few, (few, many)


def test_impact_dashboard_query_bound(app, client, db_session, login_as, world):
    login_as(make_user(db_session, role="officer"))
    few = _measure(app, client, "/pendamping/dampak")
    _grow(db_session, world["logistics"], 12, world["buyer"])  # beyond the top 10
    many = _measure(app, client, "/pendamping/dampak")
    assert few <= BOUNDS["impact"] and many <= BOUNDS["impact"], (few, many)


def _cart_of(session, world, buyer, n_groups: int) -> None:
    """Two products of each of the first n groups in the buyer's cart."""
    from sqlalchemy import select

    from marketplace.catalog.product_models import Product

    for group in world["groups"][:n_groups]:
        products = session.scalars(
            select(Product).where(Product.group_id == group.id).order_by(Product.id).limit(2)
        ).all()
        fill_cart(session, buyer, {p: 1 for p in products})


def test_cart_and_checkout_query_bounds(app, client, db_session, login_as, world):
    """Cart and checkout page: fixed for the cart, a few per group in it at checkout."""
    buyer = make_user(db_session)
    login_as(buyer)
    _cart_of(db_session, world, buyer, 1)
    cart_one = _measure(app, client, "/keranjang")
    page_one = _measure(app, client, "/checkout")
    _cart_of(db_session, world, buyer, 2)
    cart = _measure(app, client, "/keranjang")
    page = _measure(app, client, "/checkout")
    assert cart == cart_one and cart <= BOUNDS["cart"], (cart_one, cart)
    assert page_one <= BOUNDS["checkout_page"] + 4, page_one
    assert page <= BOUNDS["checkout_page"] + 8, page
    html = client.get("/checkout").get_data(as_text=True)
    form = {"payment": "cod"}
    for gid, slot in re.findall(r'name="slot-(\d+)"[^>]*>\s*<option value="([^"]+)"', html):
        form[f"slot-{gid}"] = slot
        form[f"mode-{gid}"] = "pickup"
    for gid, point in re.findall(r'name="point-(\d+)">\s*<option value="(\d+)"', html):
        form[f"point-{gid}"] = point
    assert len(form) == 7, form
    with count_queries(app) as statements:
        response = client.post("/checkout", data=form)
    assert response.status_code == 302 and "/pesanan/checkout/" in response.headers["Location"]
    assert len(statements) <= BOUNDS["checkout_post"], len(statements)


def test_add_to_cart_query_bound(app, client, db_session, login_as, world):
    """Adding to the cart costs the same whether the cart is empty or holds lines already."""
    from sqlalchemy import select

    from marketplace.catalog.product_models import Product

    buyer = make_user(db_session)
    login_as(buyer)
    products = db_session.scalars(select(Product).order_by(Product.id).limit(3)).all()
    counts = []
    for product in products:
        with count_queries(app) as statements:
            response = client.post(
                "/keranjang/tambah", data={"product_id": product.id, "quantity": 1}
            )
        assert response.status_code == 302
        counts.append(len(statements))
    assert max(counts) <= BOUNDS["cart_add"] + 1, counts  # + BEGIN IMMEDIATE on SQLite
