"""A producer lists a product with a photo on a phone; a buyer finds it by search."""

from __future__ import annotations

import pytest

from tests.browser.conftest import shot
from tests.catalog.helpers import jpeg_bytes

pytestmark = pytest.mark.browser


def _login(page, base: str, email: str) -> None:
    page.goto(f"{base}/akun/masuk")
    page.get_by_label("Email atau nomor HP").fill(email)
    page.get_by_label("Kata sandi").fill("demo12345")
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"{base}/")


def _logout(page) -> None:
    page.get_by_role("button", name="Menu").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Keluar").click()


def _image_loaded(locator) -> bool:
    # Cards' images are loading="lazy", which the page's load event does not wait for.
    return locator.evaluate("img => img.decode().then(() => img.naturalWidth > 0, () => false)")


def test_producer_lists_product_with_photo_and_buyer_finds_it(live_server, phone_page):
    page = phone_page
    _login(page, live_server, "darto@demo.pasartkm.id")
    page.get_by_role("button", name="Menu").click()
    page.get_by_role("link", name="Produk kelompok").click()
    page.get_by_role("link", name="Tambah produk").click()
    page.get_by_label("Nama produk").fill("Seragam satpam gerbang dua")
    page.get_by_label("Kategori").select_option("konveksi")
    page.get_by_label("Harga (Rp)").fill("165.000")
    page.get_by_label("Satuan").select_option("set")
    page.get_by_label("Stok", exact=True).fill("12")
    page.get_by_label("Deskripsi").fill("Seragam satpam lengkap dengan bordir nama.")
    page.locator("input[name=photos]").set_input_files(
        files=[{"name": "IMG_0001.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes()}]
    )
    page.get_by_role("button", name="Simpan produk").click()
    page.get_by_text("Produk Seragam satpam gerbang dua tersimpan.").wait_for()
    assert page.get_by_text("Foto (1 dari 5)").is_visible()
    shot(page, "catalog-producer-product-saved")
    _logout(page)

    _login(page, live_server, "siti@demo.pasartkm.id")
    page.get_by_role("searchbox", name="Cari produk").fill("satpam gerbang")
    page.get_by_role("button", name="Cari").click()
    card = page.get_by_test_id("product-card").filter(has_text="Seragam satpam gerbang dua")
    card.wait_for()
    assert page.get_by_test_id("product-card").count() == 1
    assert "Rp\u00a0165.000" in card.inner_text()
    assert "Konveksi Maju Jaya Gringsing" in card.inner_text()
    assert _image_loaded(card.locator("img"))
    shot(page, "catalog-buyer-search")
    card.click()
    page.get_by_role("heading", name="Seragam satpam gerbang dua").wait_for()
    assert _image_loaded(page.get_by_test_id("gallery").locator("img").first)
    wa = page.get_by_test_id("wa-link").get_attribute("href")
    assert wa.startswith("https://wa.me/62") and "Seragam%20satpam%20gerbang%20dua" in wa
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shot(page, "catalog-product-page")


def test_catalog_browses_on_a_phone(live_server, phone_page):
    page = phone_page
    page.goto(f"{live_server}/products?kategori=makanan-minuman")
    cards = page.get_by_test_id("product-card")
    assert cards.count() >= 5
    assert _image_loaded(cards.first.locator("img"))
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shot(page, "catalog-food-360")
