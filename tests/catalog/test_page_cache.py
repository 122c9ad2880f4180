"""Whole-page cache of the anonymous catalog: never a stale price or stock after a commit."""

from __future__ import annotations

import os
import re
import uuid

import pytest
import sqlalchemy as sa
from sqlalchemy import update

from marketplace.catalog import page_cache
from marketplace.catalog.product_models import Product
from marketplace.extensions import db
from tests.conftest import _skip_or_fail, csrf_token_in
from tests.factories import make_review, make_sold_order
from tests.orders.helpers import add_to_cart, pickup_form


@pytest.fixture
def cached(app):
    """The page cache on, with Redis (TEST_REDIS_URL) and a version key of its own."""
    import redis

    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        _skip_or_fail("REQUIRE_REDIS", f"Redis unreachable at {url}: {exc}")
    saved = {k: app.config[k] for k in ("PAGE_CACHE_URL", "RATELIMIT_KEY_PREFIX")}
    app.config.update(PAGE_CACHE_URL=url, RATELIMIT_KEY_PREFIX=f"test-{uuid.uuid4().hex}")
    page_cache.clear()
    yield app
    app.config.update(saved)
    page_cache.clear()


def _statements(app, client, path: str) -> tuple[int, str]:
    seen = []

    def count(*_args, **_kw):
        seen.append(1)

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        html = client.get(path).get_data(as_text=True)
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
    return len(seen), html


def test_second_anonymous_view_runs_no_query(cached, client, db_session, shop):
    first, html = _statements(cached, client, "/products")
    assert first > 0 and "Nasi Kotak Ayam" in html
    again, html_again = _statements(cached, client, "/products")
    assert again == 0 and html_again == html
    home_first, _ = _statements(cached, client, "/")
    home_again, _ = _statements(cached, client, "/")
    assert home_first > 0 and home_again == 0


def test_a_price_edit_shows_at_once(cached, client, db_session, shop):
    assert "Rp\u00a015.000" in client.get("/products").get_data(as_text=True)
    with cached.app_context():  # as in the producer's request
        shop["nasi"].price = 17500  # the edit (ORM), committed
        db_session.commit()
    html = client.get("/products").get_data(as_text=True)
    assert "Rp\u00a017.500" in html and "Rp\u00a015.000" not in html


def test_stock_taken_by_a_statement_shows_at_once(cached, client, db_session, shop):
    assert "Stok habis" not in client.get("/products").get_data(as_text=True)
    # As checkout takes stock: an UPDATE statement through the session, no ORM object.
    with cached.app_context():
        db_session.execute(update(Product).where(Product.id == shop["nasi"].id).values(stock=0))
        db_session.commit()
    assert "Stok habis" in client.get("/products").get_data(as_text=True)


def test_a_rolled_back_change_keeps_the_cache(cached, client, db_session, shop):
    client.get("/products")
    with cached.app_context():
        shop["nasi"].price = 1
        db_session.flush()
        db_session.rollback()
    again, _ = _statements(cached, client, "/products")
    assert again == 0


def test_logged_in_and_english_pages_are_apart(cached, client, db_session, login_as, shop):
    indonesian = client.get("/products").get_data(as_text=True)
    client.get("/bahasa/en")
    english = client.get("/products").get_data(as_text=True)
    assert english != indonesian and 'lang="en"' in english
    client.get("/bahasa/id")
    login_as(shop["buyer"])
    count, html = _statements(cached, client, "/products")
    assert count > 0 and shop["buyer"].name in html


def test_without_redis_pages_render_uncached(cached, client, db_session, shop):
    cached.config["PAGE_CACHE_URL"] = "redis://127.0.0.1:1/0"  # nothing listens there
    first, _ = _statements(cached, client, "/products")
    again, html = _statements(cached, client, "/products")
    assert first > 0 and again > 0 and "Nasi Kotak Ayam" in html


def test_a_checkout_that_empties_the_stock_shows_at_once(
    cached, client, db_session, login_as, shop
):

    visitor = cached.test_client()
    assert "Stok habis" not in visitor.get("/products").get_data(as_text=True)
    login_as(shop["buyer"])
    add_to_cart(client, shop["nasi"], 10)  # all of it
    form = pickup_form(shop["nasi_group"], shop["logistics"]) | {"payment": "cod"}
    assert client.post("/checkout", data=form).status_code == 302
    assert "Stok habis" in visitor.get("/products").get_data(as_text=True)


def _tables(app, client, path: str) -> set[str]:
    seen: list[str] = []

    def capture(_conn, _cursor, statement, *_args):
        seen.append(statement)

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", capture)
    try:
        assert client.get(path).status_code == 200, path
    finally:
        sa.event.remove(engine, "before_cursor_execute", capture)
    found: set[str] = set()
    for statement in seen:
        found |= set(re.findall(r"(?:FROM|JOIN)\s+\"?(\w+)", statement, re.IGNORECASE))
        ctes = re.findall(r"(\w+)\s+AS\s+(?:NOT\s+)?(?:MATERIALIZED\s+)?\(", statement, re.I)
        found -= set(ctes)
    return found


def test_cached_pages_read_only_watched_tables(app, client, db_session, shop):
    """A table a cached page reads but no commit watches would leave stale pages: none may."""
    order = make_sold_order(db_session, shop["nasi_group"], shop["buyer"], 15000)
    make_review(db_session, order, shop["nasi"], 5)
    db_session.commit()
    paths = ["/", "/products", "/products?q=nasi", "/products?q=naso", "/products?q=zzzz"]
    paths.append(f"/products/{shop['nasi'].id}")
    paths.append(f"/groups/{shop['nasi_group'].slug}")
    for path in paths:
        unwatched = _tables(app, client, path) - page_cache.WATCHED_TABLES
        assert not unwatched, (path, unwatched)


def test_product_page_gives_each_visitor_a_working_form(cached, client, db_session, shop):
    path = f"/products/{shop['nasi'].id}"
    other = cached.test_client()
    first = client.get(path).get_data(as_text=True)
    second = other.get(path).get_data(as_text=True)  # served from the copy
    token_first, token_second = csrf_token_in(first), csrf_token_in(second)
    assert token_first and token_second and token_first != token_second
    form = {"product_id": shop["nasi"].id, "quantity": 1, "csrf_token": token_second}
    assert other.post("/keranjang/tambah", data=form).status_code == 302
    # With a cart in the cookie the page is no longer the shared one (the nav counts it).
    assert "\x00" not in other.get(path).get_data(as_text=True)
