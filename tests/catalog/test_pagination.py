"""Catalog pagination: keyset links for listings, capped numbered pages for search results."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest

from marketplace.catalog import queries
from marketplace.catalog.constants import STATUS_UNVERIFIED
from tests.factories import make_group, make_product
from tests.querycount import count_queries

SORT_KEY = {
    "newest": (lambda p: (p.created_at, p.id), True),
    "cheapest": (lambda p: (p.price, p.id), False),
    "bestselling": (lambda p: (p.sold_count, p.id), True),
    "rating": (lambda p: (p.rating_avg, p.rating_count, p.id), True),
}


@pytest.fixture
def catalog(db_session):
    """17 public products with many ties on every sort key, plus rows that must never show."""
    group = make_group(db_session)
    other = make_group(db_session, kecamatan="Tulis")
    base = datetime(2025, 3, 1, 8, 0)
    products = [
        make_product(
            db_session,
            group if i % 2 else other,
            name=f"Produk {i}",
            price=(10_000, 12_500, 15_000)[i % 3],
            category="konveksi" if i % 4 == 0 else "makanan-minuman",
            created_at=base + timedelta(hours=i // 3),  # three products per timestamp
            sold_count=(0, 7)[i % 2],
            rating_avg=(0.0, 4.5, 4.5, 5.0)[i % 4],
            rating_count=(0, 2, 3, 2)[i % 4],
        )
        for i in range(17)
    ]
    make_product(db_session, group, name="Nonaktif", is_active=False, created_at=base)
    hidden = make_group(db_session, status=STATUS_UNVERIFIED)
    make_product(db_session, hidden, name="Belum terverifikasi", created_at=base)
    return products


def _expected(products, sort: str, category: str = "") -> list[int]:
    key, descending = SORT_KEY[sort]
    chosen = [p for p in products if not category or p.category == category]
    return [p.id for p in sorted(chosen, key=key, reverse=descending)]


def _ids(page) -> list[int]:
    return [row.id for row in page.items]


@pytest.mark.parametrize("category", ["", "konveksi"])
@pytest.mark.parametrize("sort", list(SORT_KEY))
def test_next_and_previous_walk_every_product_once_in_order(db_session, catalog, sort, category):
    filters = queries.CatalogFilters(sort=sort, category=category)
    page = queries.catalog_page(db_session, filters, page_size=3)
    assert not page.has_prev
    pages = [_ids(page)]
    while page.has_next:
        assert len(pages) < 20, pages  # a broken cursor must fail, not loop
        page = queries.catalog_page(
            db_session, queries.CatalogFilters(sort=sort, category=category, after=page.last_id), 3
        )
        assert page.has_prev and page.items
        pages.append(_ids(page))
    assert [i for ids in pages for i in ids] == _expected(catalog, sort, category)
    assert all(len(ids) == 3 for ids in pages[:-1])
    # Back from the last page, each "previous" link gives the page shown before it.
    for wanted in reversed(pages[:-1]):
        page = queries.catalog_page(
            db_session,
            queries.CatalogFilters(sort=sort, category=category, before=page.first_id),
            3,
        )
        assert _ids(page) == wanted and page.has_next
    assert not page.has_prev


def test_deactivated_cursor_product_still_marks_its_place(db_session, catalog):
    first = queries.catalog_page(db_session, queries.CatalogFilters(sort="cheapest"), 4)
    expected = _expected(catalog, "cheapest")
    shown = db_session.get(type(catalog[0]), first.last_id)
    shown.is_active = False
    db_session.flush()
    after = queries.catalog_page(
        db_session, queries.CatalogFilters(sort="cheapest", after=first.last_id), 4
    )
    assert _ids(after) == expected[4:8]


def _card_ids(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'href="/products/(\d+)" data-testid="product-card"', html)]


def _link(html: str, rel: str) -> str | None:
    found = re.search(rf'href="([^"]+)" rel="{rel}"', html)
    return found.group(1).replace("&amp;", "&") if found else None


def test_http_next_links_walk_the_catalog_with_the_real_page_size(client, db_session):
    group = make_group(db_session)
    base = datetime(2025, 1, 1)
    products = [
        make_product(db_session, group, price=5000 + 1000 * (i % 4), created_at=base)
        for i in range(2 * queries.DEFAULT_PAGE_SIZE + 3)
    ]
    url, pages = "/products?urut=cheapest&kecamatan=Gringsing", []
    while url:
        assert len(pages) < 5, pages
        response = client.get(url)
        assert response.status_code == 200
        html = response.get_data(as_text=True)
        pages.append((url, _card_ids(html)))
        url = _link(html, "next")
        assert url is None or ("urut=cheapest" in url and "kecamatan=Gringsing" in url)
    assert [len(ids) for _, ids in pages] == [24, 24, 3]
    assert [i for _, ids in pages for i in ids] == _expected(products, "cheapest")
    assert "setelah=" in pages[1][0] and "hal=" not in pages[1][0]
    last = client.get(pages[-1][0]).get_data(as_text=True)
    previous = client.get(_link(last, "prev")).get_data(as_text=True)
    assert _card_ids(previous) == pages[1][1]
    first = client.get(_link(previous, "prev")).get_data(as_text=True)
    assert _card_ids(first) == pages[0][1] and _link(first, "prev") is None
    assert _card_ids(client.get(_link(last, "first")).get_data(as_text=True)) == pages[0][1]


@pytest.mark.parametrize(
    "args",
    [
        "setelah=2147483000",
        "sebelum=2147483000",
        "setelah=99999999999999999999",
        "setelah=abc&sebelum=-4",
        "setelah=%C2%B2&harga_min=%C2%B2",  # "²" passes str.isdigit()
        "setelah=0",
        "hal=2000",
        "hal=3&setelah=&endpoint=x&_scheme=ftp",
    ],
)
def test_bogus_cursor_or_old_page_number_gives_the_first_page(
    app, client, db_session, monkeypatch, args
):
    monkeypatch.setitem(app.config, "CATALOG_PAGE_SIZE", 2)
    group = make_group(db_session)
    for i in range(5):
        make_product(db_session, group, name=f"Produk urut {i}")
    first = client.get("/products").get_data(as_text=True)
    response = client.get(f"/products?{args}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert _card_ids(html) == _card_ids(first) and len(_card_ids(first)) == 2
    assert _link(html, "prev") is None and "setelah=" in _link(html, "next")


def test_search_pages_are_numbered_and_capped(app, client, db_session, monkeypatch):
    monkeypatch.setitem(app.config, "CATALOG_PAGE_SIZE", 2)
    monkeypatch.setattr(queries, "MAX_SEARCH_PAGES", 3)
    group = make_group(db_session)
    for i in range(9):
        make_product(db_session, group, name=f"Batik motif {i}")
    second = client.get("/products?q=batik&hal=2").get_data(as_text=True)
    assert len(_card_ids(second)) == 2 and "Hal. 2" in second
    assert _link(second, "next") == "/products?q=batik&hal=3"
    assert _link(second, "prev") == "/products?q=batik&hal=1"
    last = client.get("/products?q=batik&hal=3").get_data(as_text=True)
    assert _link(last, "next") is None and 'data-testid="search-capped"' in last
    beyond = client.get("/products?q=batik&hal=10000").get_data(as_text=True)
    assert _card_ids(beyond) == _card_ids(last) and "Hal. 3" in beyond
    # With fewer results than the cap there is no message.
    few = client.get("/products?q=batik+motif+8").get_data(as_text=True)
    assert len(_card_ids(few)) == 1 and "search-capped" not in few


def test_pager_links_keep_filters(app, client, db_session, monkeypatch):
    monkeypatch.setitem(app.config, "CATALOG_PAGE_SIZE", 2)
    group = make_group(db_session)
    for i in range(5):
        make_product(db_session, group, name=f"Kaos {i}", category="konveksi", price=9000 + i)
    html = client.get("/products?kategori=konveksi&urut=cheapest&siap=1").get_data(as_text=True)
    nxt = _link(html, "next")
    assert nxt.startswith("/products?") and "setelah=" in nxt
    assert "kategori=konveksi" in nxt and "urut=cheapest" in nxt and "siap=1" in nxt
    html = client.get(nxt).get_data(as_text=True)
    assert "sebelum=" in _link(html, "prev") and "setelah=" not in _link(html, "prev")


def test_keyset_pages_cost_one_statement(app, client, db_session, monkeypatch):
    monkeypatch.setitem(app.config, "CATALOG_PAGE_SIZE", 2)
    group = make_group(db_session)
    products = [make_product(db_session, group, price=1000 + i) for i in range(6)]
    urls = [
        "/products",
        f"/products?setelah={products[3].id}",
        f"/products?urut=cheapest&sebelum={products[4].id}",
        f"/products?urut=rating&setelah={products[4].id}",
    ]
    for url in urls:
        with count_queries(app) as statements:
            assert client.get(url).status_code == 200
        catalog = [s for s in statements if "FROM products" in s]
        assert len(catalog) == 1, (url, statements)
