"""The exact number of SQL statements per request for every benchmarked page, so no N+1 and
no stray query comes back unnoticed.

Each page is requested on a small data set and again after more groups, products, orders and
reviews were added; the count must equal the measured one both times. A change that adds or
removes a statement fails here on purpose: update the number and its comment together.
Savepoints of the test session are not counted (tests/querycount.py). Signed-in pages load
the user first (Flask-Login) and end with the navigation bar's cart count and unread notices.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from marketplace.catalog.product_models import Product
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
from tests.querycount import count_queries

LEADERBOARD_SIZE = 10  # marketplace.program.impact: groups given a full summary


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
    return session.scalar(
        select(Product.id).where(Product.group_id == world["groups"][0].id).limit(1)
    )


def _newest_product_id(session) -> int:
    return session.scalar(select(func.max(Product.id)))


# page -> (url, statements one anonymous request runs), on SQLite and PostgreSQL alike
PUBLIC = {
    # the fresh products and the popular products (each with its group, joined)
    "home": (lambda s, w: "/", 2),
    # one page of products with their groups; the next-page probe is the page's extra row
    "catalog": (lambda s, w: "/products", 1),
    # keyset: the cursor's key is a subquery of the page's one query
    "catalog_deep": (lambda s, w: f"/products?setelah={_newest_product_id(s)}", 1),
    "catalog_back": (
        lambda s, w: f"/products?urut=cheapest&sebelum={_newest_product_id(s)}",
        1,
    ),
    # full-text search: matches, ranking and the page in one statement
    "search": (lambda s, w: "/products?q=batik+motif", 1),
    "search_deep": (lambda s, w: "/products?q=batik&hal=2", 1),
    # the product with its group, the group's sectors, its photos, more products of the
    # group, and its reviews with their buyers' names
    "product": (lambda s, w: f"/products/{_product_id(s, w)}", 5),
    # the group, its sectors, its products, its verified certificates by scheme
    "shop": (lambda s, w: f"/groups/{w['groups'][0].slug}", 4),
    # a misspelt search: the exact search (nothing), one spelling lookup for every word, the
    # corrected search
    "search_misspelt": (lambda s, w: "/products?q=btik+motf", 3),
    # no close word in this catalog: the exact search and the lookup, nothing to correct
    "search_did_you_mean": (lambda s, w: "/products?q=btk", 2),
}


@pytest.mark.parametrize("page", list(PUBLIC))
def test_public_pages_run_a_fixed_number_of_queries(
    app, client, db_session, monkeypatch, world, page
):
    monkeypatch.setitem(app.config, "CATALOG_PAGE_SIZE", 2)
    url_of, expected = PUBLIC[page]
    url = url_of(db_session, world)
    few = _measure(app, client, url)
    _grow(db_session, world["logistics"], 3, world["buyer"])
    many = _measure(app, client, url)
    assert (few, many) == (expected, expected), page


# An investor's view of one group: the user, the group and its sectors (3), the summary (5:
# 12 months of rollups, repeat buyers, ratings, active products, members), the group's
# published pitches, the investor's watchlist, the cart count and unread notices (4), and the
# group's verified certificates by scheme (1).
INVESTOR_SUMMARY = 13


def test_investor_summary_query_count(app, client, db_session, login_as, world):
    login_as(make_user(db_session, role="investor"))
    url = f"/investor/kelompok/{world['groups'][0].slug}"
    few = _measure(app, client, url)
    _grow(db_session, world["logistics"], 3, world["buyer"])
    many = _measure(app, client, url)
    assert (few, many) == (INVESTOR_SUMMARY, INVESTOR_SUMMARY)


# The officer's impact dashboard: the user, the verified groups, all their sectors, 12 months
# of rollups for every group, promotions from the audit log, jobs from the workforce records
# by month and the groups without records (in place of the typed member total), cart count
# and unread notices (9), and the deals' tables: funds mobilised and jobs promised vs
# recorded (5) — 14 whatever the number of groups ...
IMPACT_FIXED = 14
# ... plus a full summary for each group on the leaderboard (5: 12 months of rollups, repeat
# buyers, ratings, active products, members), at most LEADERBOARD_SIZE of them.
IMPACT_PER_LEADER = 5


@pytest.mark.parametrize(("n_groups", "leaders"), [(3, 3), (10, 10), (11, 10), (15, 10)])
def test_impact_dashboard_query_count(app, client, db_session, login_as, n_groups, leaders):
    """Grows by one summary per group up to the leaderboard's 10, then stays flat."""
    _grow(db_session, make_logistics(db_session), n_groups, make_user(db_session))
    login_as(make_user(db_session, role="officer"))
    count = _measure(app, client, "/pendamping/dampak")
    assert count == IMPACT_FIXED + IMPACT_PER_LEADER * leaders, n_groups


def test_impact_dashboard_query_count_is_flat_past_the_leaderboard(
    app, client, db_session, login_as
):
    logistics, buyer = make_logistics(db_session), make_user(db_session)
    login_as(make_user(db_session, role="officer"))
    _grow(db_session, logistics, LEADERBOARD_SIZE, buyer)
    full = _measure(app, client, "/pendamping/dampak")
    _grow(db_session, logistics, 5, buyer)
    assert _measure(app, client, "/pendamping/dampak") == full


def _cart_of(session, world, buyer, n_groups: int) -> None:
    """Two products of each of the first n groups in the buyer's cart."""
    for group in world["groups"][:n_groups]:
        products = session.scalars(
            select(Product).where(Product.group_id == group.id).order_by(Product.id).limit(2)
        ).all()
        fill_cart(session, buyer, {p: 1 for p in products})


# The cart page: the user, the cart's lines, their products with groups (one IN query),
# then the navigation bar's cart count and unread notices; the same for any cart size.
CART = 5
# The checkout page: the user, the cart's lines, their products, the navigation bar's unread
# notices (4) ...
CHECKOUT_PAGE = 4
# ... plus, per group in the cart, its service settings, pickup points, windows and delivery
# zones (4) for the choices offered.
CHECKOUT_PER_GROUP = 4
# Placing a cart of 2 groups and 4 products for pickup: the user, cart lines, products (3),
# per group its service, windows and points (6), one conditional stock UPDATE per product (4),
# the pickup-code collision check (1), the checkout row (1), the DELETE of the cart lines (1)
# and one new-order notice INSERT per group (2) = 18, plus the buyer's notices (1) and the
# Core inserts of the 2 orders (INSERT … RETURNING, in parameter order: one statement on
# PostgreSQL, one per order on SQLite), their 4 lines and 2 placed events (one each).
CHECKOUT_POST = {"postgresql": 19 + 3, "sqlite": 19 + 4}


def test_cart_and_checkout_query_counts(app, client, db_session, login_as, world, backend):
    """Cart and checkout page: fixed for the cart, a few per group in it at checkout."""
    buyer = make_user(db_session)
    login_as(buyer)
    _cart_of(db_session, world, buyer, 1)
    assert _measure(app, client, "/keranjang") == CART
    assert _measure(app, client, "/checkout") == CHECKOUT_PAGE + CHECKOUT_PER_GROUP
    _cart_of(db_session, world, buyer, 2)
    assert _measure(app, client, "/keranjang") == CART
    assert _measure(app, client, "/checkout") == CHECKOUT_PAGE + 2 * CHECKOUT_PER_GROUP
    html = client.get("/checkout").get_data(as_text=True)
    form = {"payment": "cod"}
    for gid, day in re.findall(r'name="day-(\d+)"[^>]*>\s*<option value="([^"]+)"', html):
        form[f"day-{gid}"] = day
        form[f"mode-{gid}"] = "pickup"
    for gid, window in re.findall(r'name="window-(\d+)" [^>]*value="(\d+)"[^>]* checked', html):
        form[f"window-{gid}"] = window
    for gid, point in re.findall(r'name="point-(\d+)">\s*<option value="(\d+)"', html):
        form[f"point-{gid}"] = point
    assert len(form) == 9, form
    with count_queries(app) as statements:
        response = client.post("/checkout", data=form)
    assert response.status_code == 302 and "/pesanan/checkout/" in response.headers["Location"]
    assert len(statements) == CHECKOUT_POST[backend], statements


# Adding to the cart: the product (checked before anything else), the user, the cart's lines
# (for the line limit), the cart's id and the upserted line (5); the first line also creates
# the cart row (6). Not a page: it redirects, so no navigation bar.
CART_ADD = 5


def test_add_to_cart_query_count(app, client, db_session, login_as, world):
    """Adding to the cart costs the same whether the cart holds one line or several."""
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
    assert counts == [CART_ADD + 1, CART_ADD, CART_ADD]


def _open_orders(session, world, group, product, n: int) -> None:
    """n placed orders of `product` for tomorrow, by a new buyer each time."""
    from tests.factories import make_order

    for _ in range(n):
        make_order(session, make_user(session), {product: 1}, world["logistics"])


def test_producer_work_page_and_inbox_query_bounds(app, client, db_session, login_as, world):
    """The producer's landing page and inbox cost the same with 2 orders or 40, with one
    low-stock product or several, with one member or many."""
    from tests.factories import add_member

    group = world["groups"][0]
    product = make_product(db_session, group, name="Nasi Kotak", stock=500)
    make_product(db_session, group, name="Keripik", stock=2)
    _open_orders(db_session, world, group, product, 2)
    login_as(group.chair)
    few = {page: _measure(app, client, url) for page, (url, _n) in PRODUCER_PAGES.items()}
    _open_orders(db_session, world, group, product, 38)
    for i in range(4):
        make_product(db_session, group, name=f"Sambal {i}", stock=i)
        add_member(db_session, group)
    many = {page: _measure(app, client, url) for page, (url, _n) in PRODUCER_PAGES.items()}
    for page in PRODUCER_PAGES:
        assert few[page] == PRODUCER_PAGES[page][1] and many[page] == few[page], (page, few, many)


# page -> (URL, statements): the work page's new orders, pickups, low stock, balance, open
# requests for quotation, today's and tomorrow's company deliveries, the mentoring plan's
# goals and members; one page of the inbox with its action counts.
PRODUCER_PAGES = {"work_page": ("/kelompok/saya", 15), "inbox": ("/produsen/pesanan", 10)}
