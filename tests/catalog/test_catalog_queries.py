"""Catalog filters, sorting, pagination, and a fixed number of SQL queries per page."""

from __future__ import annotations

import pytest

from tests.factories import make_group, make_product
from tests.querycount import count_queries


def _catalog(db_session, n: int, *, photo: bool = True):
    group = make_group(db_session, tier="lanjutan")
    for i in range(n):
        make_product(
            db_session,
            group,
            name=f"Batik motif {i}",
            main_thumb_key=("a" * 32 + "-t.jpg") if photo else None,
        )
    return group


URLS = [
    "/products",
    "/products?q=batik",
    "/products?q=batik&urut=cheapest&kategori=makanan-minuman&siap=1&harga_min=100",
    "/products?kecamatan=Gringsing&urut=rating&hal=2",
    "/",
]


@pytest.mark.parametrize("url", URLS)
def test_query_count_does_not_grow_with_page_size(app, client, db_session, monkeypatch, url):
    monkeypatch.setitem(app.config, "CATALOG_PAGE_SIZE", 4)
    group = _catalog(db_session, 3)
    with count_queries(app) as few:
        assert client.get(url).status_code == 200
    for i in range(40):
        make_product(db_session, group, name=f"Batik lagi {i}", main_thumb_key="b" * 32 + "-t.jpg")
    monkeypatch.setitem(app.config, "CATALOG_PAGE_SIZE", 30)
    with count_queries(app) as many:
        response = client.get(url)
    assert response.status_code == 200
    assert len(many) == len(few) <= 2, many


def test_logged_in_catalog_and_product_page_query_bounds(app, client, db_session, login_as):
    group = _catalog(db_session, 3)
    product = make_product(db_session, group, name="Kain batik")
    login_as(group.chair)
    with count_queries(app) as few:
        assert client.get("/products?q=batik").status_code == 200
        assert client.get(f"/products/{product.id}").status_code == 200
    for i in range(30):
        make_product(db_session, group, name=f"Batik tambahan {i}")
    with count_queries(app) as many:
        assert client.get("/products?q=batik").status_code == 200
        assert client.get(f"/products/{product.id}").status_code == 200
    # user + membership, the page's own queries, site-wide navigation counters
    assert len(many) == len(few) <= 12, many


def test_filters_and_sorts(client, db_session):
    gringsing = make_group(db_session, kecamatan="Gringsing", name="Kelompok Gringsing")
    tulis = make_group(db_session, kecamatan="Tulis", name="Kelompok Tulis")
    make_product(
        db_session,
        gringsing,
        name="Nasi kotak",
        price=25000,
        sold_count=40,
        rating_avg=4.2,
        rating_count=5,
    )
    make_product(
        db_session,
        gringsing,
        name="Seragam",
        price=185000,
        category="konveksi",
        sold_count=5,
        rating_avg=4.9,
        rating_count=8,
    )
    make_product(db_session, tulis, name="Keripik", price=15000, sold_count=90)
    make_product(
        db_session,
        tulis,
        name="Jaket PO",
        price=210000,
        category="konveksi",
        stock=0,
        is_preorder=True,
        lead_time_days=7,
    )
    make_product(db_session, tulis, name="Habis", price=20000, stock=0)

    def names(**args):
        page = client.get("/products", query_string=args).get_data(as_text=True)
        order = ["Nasi kotak", "Seragam", "Keripik", "Jaket PO", "Habis"]
        found = [(page.index(f">{n}<"), n) for n in order if f">{n}<" in page]
        return [n for _, n in sorted(found)]

    assert names(kategori="konveksi") == ["Jaket PO", "Seragam"]
    assert names(kecamatan="Gringsing", urut="cheapest") == ["Nasi kotak", "Seragam"]
    assert names(harga_min="20.000", harga_maks="200000", urut="cheapest") == [
        "Habis",
        "Nasi kotak",
        "Seragam",
    ]
    assert names(siap="1", urut="cheapest") == ["Keripik", "Nasi kotak", "Seragam"]
    assert names(urut="bestselling")[:3] == ["Keripik", "Nasi kotak", "Seragam"]
    assert names(urut="rating")[:2] == ["Seragam", "Nasi kotak"]
    assert names()[0] == "Habis"  # newest first
    # Unknown or malformed filters are ignored, never an error.
    response = client.get("/products?kategori=perikanan&harga_min=abc&urut=x&hal=-3&kecamatan=Mars")
    assert response.status_code == 200
    assert names(kategori="perikanan") == names()


def test_card_shows_price_group_and_tier(client, db_session):
    group = make_group(db_session, tier="lanjutan", name="Dapur Bu Sri")
    make_product(db_session, group, name="Nasi kotak ayam", price=25000, unit="kotak")
    page = client.get("/products").get_data(as_text=True)
    assert "Rp\u00a025.000" in page and "/ kotak" in page
    assert "Dapur Bu Sri" in page and "Lanjutan" in page
    assert "Belum ada foto" in page


def test_pagination_with_has_next(app, client, db_session, monkeypatch):
    monkeypatch.setitem(app.config, "CATALOG_PAGE_SIZE", 2)
    group = make_group(db_session)
    products = [make_product(db_session, group, name=f"Produk urut {i}") for i in range(5)]
    first = client.get("/products").get_data(as_text=True)
    assert first.count('data-testid="product-card"') == 2
    assert f"setelah={products[3].id}" in first and 'rel="prev"' not in first
    last = client.get(f"/products?setelah={products[1].id}").get_data(as_text=True)
    assert last.count('data-testid="product-card"') == 1
    assert 'rel="next"' not in last and f"sebelum={products[0].id}" in last
