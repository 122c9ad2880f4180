"""Producers manage their own group's products; buyers see only public ones."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from marketplace.catalog.product_models import Product
from tests.catalog.helpers import PRODUCT_FORM, jpeg_bytes, stored_files, upload
from tests.factories import add_member, make_group, make_product

NEW = "/kelompok/saya/produk/baru"


def _create(client, **extra):
    data = PRODUCT_FORM | extra
    return client.post(NEW, data=data, content_type="multipart/form-data")


def test_product_with_photo_appears_once_group_is_verified(client, db_session, login_as):
    group = make_group(db_session, status="unverified", sectors=("konveksi",))
    login_as(group.chair)
    response = _create(client, photos=[upload(jpeg_bytes(), "seragam.jpg")])
    assert response.status_code == 302
    product = db_session.scalars(select(Product).where(Product.group_id == group.id)).one()
    assert product.price == 185000 and product.main_thumb_key
    # The member sees the product page; buyers do not, and the catalog does not list it yet.
    assert client.get(f"/products/{product.id}").status_code == 200
    client.post("/akun/keluar")
    assert client.get(f"/products/{product.id}").status_code == 404
    assert "Seragam kerja drill" not in client.get("/products").get_data(as_text=True)
    assert "Seragam kerja drill" not in client.get("/products?q=seragam").get_data(as_text=True)
    group.status = "verified"
    db_session.flush()
    listing = client.get("/products").get_data(as_text=True)
    assert "Seragam kerja drill" in listing and "Rp\u00a0185.000" in listing
    assert product.main_thumb_key in listing
    found = client.get("/products?q=seragam").get_data(as_text=True)
    assert "Seragam kerja drill" in found
    page = client.get(f"/products/{product.id}")
    assert page.status_code == 200
    image = client.get(f"/media/{product.main_thumb_key}")
    assert image.status_code == 200 and image.mimetype == "image/jpeg"
    assert "max-age=31536000" in image.headers["Cache-Control"]
    assert "immutable" in image.headers["Cache-Control"]
    image.close()


def test_other_groups_producer_gets_404_everywhere(client, db_session, login_as, app):
    owner = make_group(db_session)
    product = make_product(db_session, owner, name="Nasi kotak ayam")
    intruder = make_group(db_session)
    login_as(intruder.chair)
    base = f"/kelompok/saya/produk/{product.id}"
    assert client.get(f"{base}/ubah").status_code == 404
    data = PRODUCT_FORM | {"name": "Diambil alih", "group_id": str(intruder.id)}
    assert client.post(f"{base}/ubah", data=data).status_code == 404
    for action in ("nonaktifkan", "aktifkan", "hapus"):
        assert client.post(f"{base}/{action}").status_code == 404, action
    before = stored_files(app)
    response = client.post(
        f"{base}/foto",
        data={"photos": [upload(jpeg_bytes(), "a.jpg")]},
        content_type="multipart/form-data",
    )
    assert response.status_code == 404
    assert stored_files(app) == before
    db_session.expire_all()
    product = db_session.get(Product, product.id)
    assert product.name == "Nasi kotak ayam" and product.is_active
    # The intruder's own list does not show it either.
    assert "Nasi kotak ayam" not in client.get("/kelompok/saya/produk").get_data(as_text=True)


def test_group_comes_from_login_not_from_form(client, db_session, login_as):
    mine = make_group(db_session)
    other = make_group(db_session)
    login_as(mine.chair)
    assert _create(client, group_id=str(other.id)).status_code == 302
    product = db_session.scalars(select(Product).where(Product.name == "Seragam kerja drill")).one()
    assert product.group_id == mine.id


def test_member_not_only_chair_manages_products(client, db_session, login_as):
    group = make_group(db_session)
    login_as(add_member(db_session, group))
    assert _create(client).status_code == 302


@pytest.mark.parametrize("role", ["buyer", "officer"])
def test_a_buyer_or_officer_is_refused_the_product_form(client, db_session, login_as, role):
    """Only a group's members list products: other signed-in users get 403, nothing saved."""
    from tests.factories import make_user

    login_as(make_user(db_session, role=role))
    assert client.get(NEW).status_code == 403
    assert _create(client).status_code == 403
    assert db_session.scalar(select(func.count(Product.id))) == 0


def test_a_visitor_is_sent_to_login_from_the_product_form(client, db_session):
    response = client.get(NEW)
    assert response.status_code == 302 and "/akun/masuk" in response.headers["Location"]


def test_form_errors_are_422_in_indonesian(client, db_session, login_as):
    login_as(make_group(db_session).chair)
    cases = [
        ({"price": "0"}, "Harga di atas 0"),
        ({"price": "100000001"}, "paling banyak Rp 100.000.000"),
        ({"price": "15,5"}, "Rupiah tidak memakai sen"),
        ({"price": "lima ribu"}, "Harga harus angka Rupiah"),
        ({"category": "perikanan"}, "Not a valid choice"),
        ({"stock": "-1"}, "Stok 0 sampai"),
        ({"sale_type": "preorder", "lead_time_days": ""}, "lama pengerjaan"),
        ({"name": "ab"}, ""),
    ]
    for bad, message in cases:
        response = _create(client, **bad)
        assert response.status_code == 422, bad
        if message and message != "Not a valid choice":
            assert message in response.get_data(as_text=True), bad
    assert db_session.scalar(select(Product.id)) is None
    assert _create(client, price="Rp 100.000.000").status_code == 302


def test_preorder_product_shows_lead_time(client, db_session, login_as):
    group = make_group(db_session, sectors=("konveksi",))
    login_as(group.chair)
    _create(client, sale_type="preorder", lead_time_days="14", stock="0", name="Jaket custom")
    product = db_session.scalars(select(Product).where(Product.name == "Jaket custom")).one()
    assert product.is_preorder and product.lead_time_days == 14
    page = client.get(f"/products/{product.id}").get_data(as_text=True)
    assert "Pre-order: siap 14 hari setelah dipesan" in page


def test_deactivate_hides_and_reactivate_shows(client, db_session, login_as):
    group = make_group(db_session)
    product = make_product(db_session, group, name="Keripik sukun pedas")
    login_as(group.chair)
    assert client.post(f"/kelompok/saya/produk/{product.id}/nonaktifkan").status_code == 302
    client.post("/akun/keluar")
    assert "Keripik sukun pedas" not in client.get("/products").get_data(as_text=True)
    assert client.get(f"/products/{product.id}").status_code == 404
    assert "Keripik sukun pedas" not in client.get(f"/groups/{group.slug}").get_data(as_text=True)
    login_as(group.chair)
    assert "Nonaktif" in client.get("/kelompok/saya/produk").get_data(as_text=True)
    client.post(f"/kelompok/saya/produk/{product.id}/aktifkan")
    client.post("/akun/keluar")
    assert "Keripik sukun pedas" in client.get("/products").get_data(as_text=True)


def test_ordered_product_is_never_deleted(client, db_session, login_as):
    group = make_group(db_session)
    ordered = make_product(db_session, group, ever_ordered=True)
    fresh = make_product(db_session, group)
    ordered_id, fresh_id = ordered.id, fresh.id
    login_as(group.chair)
    response = client.post(f"/kelompok/saya/produk/{ordered_id}/hapus")
    assert response.status_code == 409
    assert "pernah dipesan" in response.get_data(as_text=True)
    assert client.post(f"/kelompok/saya/produk/{fresh_id}/hapus").status_code == 302
    db_session.expunge_all()
    assert db_session.get(Product, ordered_id) is not None
    assert db_session.get(Product, fresh_id) is None


def test_producer_list_highlights_low_stock(client, db_session, login_as):
    group = make_group(db_session)
    make_product(db_session, group, name="Stok banyak", stock=50)
    make_product(db_session, group, name="Stok sedikit", stock=2)
    make_product(db_session, group, name="Dibuat dulu", stock=0, is_preorder=True, lead_time_days=3)
    login_as(group.chair)
    page = client.get("/kelompok/saya/produk").get_data(as_text=True)
    assert "Stok: 50" in page
    assert "Stok menipis: 2" in page
    assert page.count('data-testid="low-stock"') == 1
    assert "Pre-order 3 hari" in page


def test_product_page_group_card_and_food_permits(client, db_session):
    group = make_group(
        db_session,
        tier="lanjutan",
        name="Dapur Bu Sri",
        pirt_number="P-IRT 2063325001-29",
        halal_number="ID33110000001",
    )
    product = make_product(db_session, group, name="Nasi kotak ayam bakar", price=25000)
    sibling = make_product(db_session, group, name="Es teh manis", price=4000)
    page = client.get(f"/products/{product.id}").get_data(as_text=True)
    assert "Rp\u00a025.000" in page
    assert "P-IRT 2063325001-29" in page and "ID33110000001" in page
    assert "Lanjutan" in page and "Terverifikasi" in page and "Gringsing" in page
    assert "https://wa.me/6281234567890?text=" in page
    assert "Nasi%20kotak%20ayam%20bakar" in page
    assert sibling.name in page  # more from the same group
    shirt = make_product(db_session, group, name="Kaos", category="konveksi")
    assert "P-IRT" not in client.get(f"/products/{shirt.id}").get_data(as_text=True)


def test_suspended_and_unverified_groups_are_hidden(client, db_session):
    suspended = make_group(db_session, status="suspended")
    unverified = make_group(db_session, status="unverified")
    p1 = make_product(db_session, suspended, name="Batik beku")
    p2 = make_product(db_session, unverified, name="Batik baru")
    listing = client.get("/products?q=batik").get_data(as_text=True)
    assert "Batik beku" not in listing and "Batik baru" not in listing
    assert client.get(f"/products/{p1.id}").status_code == 404
    assert client.get(f"/products/{p2.id}").status_code == 404
    assert client.get(f"/groups/{suspended.slug}").status_code == 404
    assert "Batik" not in client.get("/").get_data(as_text=True)


def test_shop_page_lists_active_products(client, db_session):
    group = make_group(db_session, name="Konveksi Maju Jaya")
    make_product(db_session, group, name="Seragam SD", category="konveksi")
    make_product(db_session, group, name="Kaos lama", category="konveksi", is_active=False)
    page = client.get(f"/groups/{group.slug}").get_data(as_text=True)
    assert "Seragam SD" in page and "Kaos lama" not in page
    assert "Konveksi Maju Jaya" in page


def test_home_shows_categories_and_fresh_products(client, db_session):
    group = make_group(db_session)
    make_product(db_session, group, name="Peyek kacang")
    make_product(db_session, group, name="Kopi robusta", sold_count=12)
    page = client.get("/").get_data(as_text=True)
    assert "Jasa Digital" in page and "/products?kategori=konveksi" in page
    assert "Peyek kacang" in page
    assert "Paling laris" in page and "Kopi robusta" in page
