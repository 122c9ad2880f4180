"""The buyer's journey on a 360 px phone: browse a category, sign up, search, fill a cart
from two groups, check out paying cash (COD), order again paying online through the Midtrans
simulator, show the pickup code, review once the producer has handed over, and sign out.

Every page is checked by axe-core, fits the screen without sideways scrolling, answers
without error and loads nothing from other hosts (tests/browser/journey.py).
"""

from __future__ import annotations

import re

import pytest

from tests.browser.journey import Journey, choose_pickup, image_loaded, unique

pytestmark = pytest.mark.browser

KONVEKSI = "Konveksi Maju Jaya Gringsing"  # Pak Darto's demo group
POLO = "Kaos polo bordir logo"  # Rp 75.000, minimum order 12
NASI = "Nasi kotak ayam bakar"  # Rp 25.000, Dapur Bu Sri


def test_buyer_browses_orders_cod_and_online_shows_code_and_reviews(live_server, browser):
    j = Journey(browser, live_server, 360, "buyer")
    base = live_server
    buyer = j.actor()

    # Browsing a category before signing up: cards with real pictures.
    buyer.goto(f"{base}/products?kategori=makanan-minuman")
    cards = buyer.get_by_test_id("product-card")
    assert cards.count() >= 5
    assert image_loaded(cards.first.locator("img"))
    j.check(buyer, "category")

    # Signing up lands on the home page, signed in under her name.
    name = f"Rina {unique()}"
    j.register(buyer, name)
    j.check(buyer, "home")
    assert j.signed_in_as(buyer) == name

    # Search finds the polo shirt with its price, group and picture; its page links to
    # the group's WhatsApp with the product named in the message.
    buyer.goto(f"{base}/products?q=kaos+polo+bordir")
    card = buyer.get_by_test_id("product-card").filter(has_text=POLO)
    card.wait_for()
    assert "Rp\u00a075.000" in card.inner_text() and KONVEKSI in card.inner_text()
    assert image_loaded(card.locator("img"))
    j.check(buyer, "search")
    card.click()
    buyer.get_by_role("heading", name=POLO).wait_for()
    assert image_loaded(buyer.get_by_test_id("gallery").locator("img").first)
    wa = buyer.get_by_test_id("wa-link").get_attribute("href")
    assert wa.startswith("https://wa.me/62") and "Kaos%20polo%20bordir%20logo" in wa
    j.check(buyer, "product")
    buyer.get_by_role("button", name="Tambah ke keranjang").click()  # the minimum, 12
    buyer.get_by_text("Ditambahkan ke keranjang.").wait_for()

    # Two groups' products in one cart; one checkout, each group with its pickup, cash.
    j.add_to_cart(buyer, "nasi kotak", NASI, "food", quantity=2)
    buyer.goto(f"{base}/keranjang")
    assert buyer.get_by_test_id("cart-group").count() == 2
    j.check(buyer, "cart")
    buyer.get_by_role("link", name="Lanjut ke pembayaran").click()
    groups = buyer.get_by_test_id("checkout-group")
    assert groups.count() == 2
    for i in range(2):
        choose_pickup(groups.nth(i), second=True)
    buyer.get_by_label("Bayar tunai saat ambil/antar (COD)").check()
    j.check(buyer, "checkout")
    buyer.get_by_role("button", name="Buat pesanan").click()
    buyer.wait_for_url(re.compile(r".*/pesanan/checkout/\d+$"))
    assert buyer.get_by_test_id("done-order").count() == 2
    total = buyer.get_by_test_id("checkout-total").inner_text()
    assert total == "Rp\u00a0950.000"  # 2×25.000+12×75.000
    done = buyer.get_by_test_id("done-order").filter(has_text=KONVEKSI)
    code = done.locator(".code-big").inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9]{6}", code)
    j.check(buyer, "checkout-done")

    # A second order paid online: the local Midtrans simulator stands in for Snap.
    j.add_to_cart(buyer, "nasi kotak", NASI, "online")
    buyer.goto(f"{base}/keranjang")
    buyer.get_by_role("link", name="Lanjut ke pembayaran").click()
    choose_pickup(buyer.get_by_test_id("checkout-group").first)
    buyer.get_by_label(re.compile("Bayar online")).check()
    buyer.get_by_role("button", name="Buat pesanan").click()
    buyer.wait_for_url(re.compile(r".*/pembayaran/\d+$"))
    assert buyer.get_by_test_id("payment-status").inner_text() == "Belum dibayar"
    j.check(buyer, "payment")
    buyer.get_by_role("button", name=re.compile("Bayar sekarang")).click()
    buyer.wait_for_url(re.compile(r".*/payments/simulator/.+"))
    j.check(buyer, "simulator")
    buyer.get_by_role("button", name="Bayar (QRIS)").click()
    buyer.wait_for_url(re.compile(r".*/pembayaran/\d+$"))
    assert buyer.get_by_test_id("payment-status").inner_text() == "Lunas"
    j.check(buyer, "paid")
    buyer.goto(f"{base}/notifikasi")
    receipt = buyer.get_by_test_id("notification").filter(has_text="Pembayaran Rp")
    assert receipt.count() == 1 and "diterima" in receipt.inner_text()
    j.check(buyer, "payment-notice")

    # The order's page shows the pickup code (and its QR code) to show at the gate.
    buyer.goto(f"{base}/pesanan")
    j.check(buyer, "my-orders")
    buyer.get_by_test_id("my-order").filter(has_text=KONVEKSI).first.click()
    assert buyer.get_by_test_id("pickup-code").inner_text().strip() == code
    assert image_loaded(buyer.locator("img.qr-code"))
    j.check(buyer, "order-placed")
    order_url = buyer.url

    # At the gate Pak Darto accepts, prepares and completes the order with her code.
    darto = j.actor()
    j.login(darto, "darto@demo.pasartkm.id")
    darto.goto(f"{base}/produsen/pesanan?status=placed")
    darto.get_by_test_id("inbox-order").filter(has_text=name).first.click()
    darto.get_by_role("button", name="Terima pesanan").click()
    darto.get_by_role("button", name="Tandai siap").click()
    darto.get_by_label("Kode ambil dari pembeli").fill(code.lower())
    darto.get_by_role("button", name="Selesaikan dengan kode ambil").click()
    assert darto.get_by_test_id("order-status").inner_text() == "Selesai"

    # She is told, sees it completed and reviews the polo shirt.
    buyer.goto(f"{base}/notifikasi")
    assert buyer.get_by_test_id("notification").filter(has_text="Selesai").count() == 1
    j.check(buyer, "notifications")
    buyer.goto(order_url)
    assert buyer.get_by_test_id("order-status").inner_text() == "Selesai"
    j.check(buyer, "order-completed")
    form = buyer.get_by_test_id("review-form").first
    form.get_by_label("5 ★").check()
    form.get_by_label("Komentar (boleh kosong)").fill("Bordirnya rapi, pas di badan.")
    form.get_by_role("button", name="Kirim ulasan").click()
    buyer.get_by_text("Terima kasih atas ulasan Anda.").wait_for()
    assert buyer.get_by_text("ulasan terkirim, terima kasih.").is_visible()
    j.check(buyer, "reviewed")

    # Signing out from the menu leaves her on a page offering to sign in again.
    j.logout(buyer)
    j.open_menu(buyer)
    assert buyer.get_by_role("link", name="Masuk").is_visible()
    assert buyer.get_by_test_id("nav-user").count() == 0
    j.finish()
