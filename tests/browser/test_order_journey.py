"""A buyer orders from two groups for pickup with COD; the producer hands over; the buyer reviews.

Runs on a 360 px phone screen against the live demo server (CSRF on).
"""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import shot

pytestmark = pytest.mark.browser

PASSWORD = "demo12345"


def _login(page, base, email):
    page.goto(f"{base}/akun/masuk")
    page.get_by_label("Email atau nomor HP").fill(email)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(re.compile(r".*/$"))


def _add_product(page, base, query, name, quantity=None):
    page.goto(f"{base}/products?q={query}")
    page.get_by_test_id("product-card").filter(has_text=name).first.click()
    page.wait_for_url(re.compile(r".*/products/\d+$"))
    if quantity is not None:
        page.get_by_label(re.compile("^Jumlah")).fill(str(quantity))
    page.get_by_role("button", name="Tambah ke keranjang").click()
    assert page.get_by_text("Ditambahkan ke keranjang.").is_visible()


def test_buyer_orders_from_two_groups_producer_completes_buyer_reviews(
    live_server, browser, phone_page
):
    base, page = live_server, phone_page
    errors = []  # failed page resources (the browser's own favicon probe aside)
    page.on(
        "response",
        lambda r: (
            errors.append(f"{r.status} {r.url}")
            if r.status >= 400 and not r.url.endswith("/favicon.ico")
            else None
        ),
    )
    _login(page, base, "siti@demo.pasartkm.id")
    _add_product(page, base, "nasi kotak", "Nasi kotak ayam bakar", 2)
    _add_product(page, base, "kaos polo", "Kaos polo bordir logo")  # minimum order 12
    page.goto(f"{base}/keranjang")
    assert page.get_by_test_id("cart-group").count() == 2
    shot(page, "order-cart-360")
    page.get_by_role("link", name="Lanjut ke pembayaran").click()
    groups = page.get_by_test_id("checkout-group")
    assert groups.count() == 2
    for i in range(2):
        group = groups.nth(i)
        group.get_by_label("Ambil sendiri (gratis)").check()
        group.get_by_label("Titik ambil").select_option(label="Gerbang 2 KITB")
        # A date, then a shift window still open on it: take the second one offered.
        group.get_by_label("Tanggal", exact=True).select_option(index=0)
        windows = group.locator("input[name^='window-']:enabled")
        windows.nth(min(1, windows.count() - 1)).check()
    page.get_by_label("Bayar tunai saat ambil/antar (COD)").check()
    shot(page, "order-checkout-360")
    page.get_by_role("button", name="Buat pesanan").click()
    page.wait_for_url(re.compile(r".*/pesanan/checkout/\d+$"))
    assert page.get_by_test_id("done-order").count() == 2
    assert (
        page.get_by_test_id("checkout-total").inner_text() == "Rp\u00a0950.000"
    )  # 2×25.000+12×75.000
    konveksi = page.get_by_test_id("done-order").filter(has_text="Konveksi Maju Jaya")
    code = konveksi.locator(".code-big").inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9]{6}", code)
    shot(page, "order-done-360")

    # Pak Darto, the konveksi group's chair, works through his inbox on his phone.
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="id-ID")
    darto = context.new_page()
    _login(darto, base, "darto@demo.pasartkm.id")
    darto.goto(f"{base}/produsen/pesanan?status=placed")
    darto.get_by_test_id("inbox-order").filter(has_text="Siti Rahayu").first.click()
    darto.get_by_role("button", name="Terima pesanan").click()
    assert "Diterima" in darto.get_by_test_id("order-status").inner_text()
    darto.get_by_role("button", name="Tandai siap").click()
    assert "Siap" in darto.get_by_test_id("order-status").inner_text()
    darto.get_by_label("Kode ambil dari pembeli").fill("ZZZZZZ")
    darto.get_by_role("button", name="Selesaikan dengan kode ambil").click()
    assert "Kode ambil salah" in darto.get_by_test_id("action-error").inner_text()
    darto.get_by_label("Kode ambil dari pembeli").fill(code.lower())
    darto.get_by_role("button", name="Selesaikan dengan kode ambil").click()
    assert darto.get_by_test_id("order-status").inner_text() == "Selesai"
    shot(darto, "order-producer-completed-360")
    darto.goto(f"{base}/produsen/rekap")
    context.close()

    # Siti sees the completed order and reviews the polo shirt.
    page.goto(f"{base}/notifikasi")
    assert page.get_by_test_id("notification").filter(has_text="Selesai").count() == 1
    page.goto(f"{base}/pesanan")
    page.get_by_test_id("my-order").filter(has_text="Konveksi Maju Jaya").first.click()
    assert page.get_by_test_id("order-status").inner_text() == "Selesai"
    form = page.get_by_test_id("review-form").first
    form.get_by_label("5 ★").check()
    form.get_by_label("Komentar (boleh kosong)").fill("Bordirnya rapi, pas di badan.")
    form.get_by_role("button", name="Kirim ulasan").click()
    assert page.get_by_text("Terima kasih atas ulasan Anda.").is_visible()
    assert page.get_by_text("ulasan terkirim, terima kasih.").is_visible()
    shot(page, "order-reviewed-360")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert errors == []
