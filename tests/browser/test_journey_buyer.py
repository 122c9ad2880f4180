"""Journey 2: a buyer searches, orders from two groups for pickup paying cash (COD), orders
again paying online through the Midtrans simulator; the producer completes the handover with
the pickup code and the buyer reviews. At 360 px and 1280 px, every page checked by axe."""

from __future__ import annotations

import re

import pytest

from tests.browser.journey import Journey, unique

pytestmark = pytest.mark.browser


def _add(j, page, query, name, step, quantity=None):
    page.goto(f"{j.base}/products?q={query}")
    j.check(page, f"search-{step}")
    page.get_by_test_id("product-card").filter(has_text=name).first.click()
    page.wait_for_url(re.compile(r".*/products/\d+$"))
    j.check(page, f"product-{step}")
    if quantity is not None:
        page.get_by_label(re.compile("^Jumlah")).fill(str(quantity))
    page.get_by_role("button", name="Tambah ke keranjang").click()
    page.get_by_text("Ditambahkan ke keranjang.").wait_for()


def _pickup(group, second=False):
    group.get_by_label("Ambil sendiri (gratis)").check()
    group.get_by_label("Titik ambil").select_option(label="Gerbang 2 KITB")
    group.get_by_label("Tanggal", exact=True).select_option(index=0)
    windows = group.locator("input[name^='window-']:enabled")
    windows.nth(min(int(second), windows.count() - 1)).check()


@pytest.mark.parametrize("width", [360, 1280])
def test_buyer_orders_two_groups_cod_and_online_producer_completes_buyer_reviews(
    live_server, browser, width
):
    j = Journey(browser, live_server, width, "buyer")
    base = live_server
    name = f"Rina {unique()}"
    buyer = j.actor()
    j.register(buyer, name)

    # Two groups' products in one cart, one checkout with a pickup window, cash on pickup.
    _add(j, buyer, "nasi kotak", "Nasi kotak ayam bakar", "food")
    _add(j, buyer, "kaos polo", "Kaos polo bordir logo", "polo")  # minimum order 12
    buyer.goto(f"{base}/keranjang")
    assert buyer.get_by_test_id("cart-group").count() == 2
    j.check(buyer, "cart")
    buyer.get_by_role("link", name="Lanjut ke pembayaran").click()
    groups = buyer.get_by_test_id("checkout-group")
    assert groups.count() == 2
    for i in range(2):
        _pickup(groups.nth(i), second=True)
    buyer.get_by_label("Bayar tunai saat ambil/antar (COD)").check()
    j.check(buyer, "checkout")
    buyer.get_by_role("button", name="Buat pesanan").click()
    buyer.wait_for_url(re.compile(r".*/pesanan/checkout/\d+$"))
    assert buyer.get_by_test_id("done-order").count() == 2
    assert (
        buyer.get_by_test_id("checkout-total").inner_text() == "Rp\u00a0925.000"
    )  # 25.000+12×75.000
    konveksi = buyer.get_by_test_id("done-order").filter(has_text="Konveksi Maju Jaya")
    code = konveksi.locator(".code-big").inner_text().strip()
    j.check(buyer, "checkout-done")

    # A second order paid online: the local Midtrans simulator stands in for Snap.
    _add(j, buyer, "nasi kotak", "Nasi kotak ayam bakar", "online")
    buyer.goto(f"{base}/keranjang")
    buyer.get_by_role("link", name="Lanjut ke pembayaran").click()
    _pickup(buyer.get_by_test_id("checkout-group").first)
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

    # Pak Darto accepts, prepares and completes the konveksi order with the buyer's code.
    darto = j.actor()
    j.login(darto, "darto@demo.pasartkm.id")
    darto.goto(f"{base}/produsen/pesanan?status=placed")
    j.check(darto, "producer-inbox")
    darto.get_by_test_id("inbox-order").filter(has_text=name).first.click()
    j.check(darto, "producer-order")
    darto.get_by_role("button", name="Terima pesanan").click()
    assert "Diterima" in darto.get_by_test_id("order-status").inner_text()
    darto.get_by_role("button", name="Tandai siap").click()
    assert "Siap" in darto.get_by_test_id("order-status").inner_text()
    darto.get_by_label("Kode ambil dari pembeli").fill(code.lower())
    darto.get_by_role("button", name="Selesaikan dengan kode ambil").click()
    assert darto.get_by_test_id("order-status").inner_text() == "Selesai"
    j.check(darto, "producer-completed")

    # The buyer sees it completed and reviews the polo shirt.
    buyer.goto(f"{base}/pesanan")
    j.check(buyer, "my-orders")
    buyer.get_by_test_id("my-order").filter(has_text="Konveksi Maju Jaya").first.click()
    assert buyer.get_by_test_id("order-status").inner_text() == "Selesai"
    j.check(buyer, "order")
    form = buyer.get_by_test_id("review-form").first
    form.get_by_label("5 ★").check()
    form.get_by_label("Komentar (boleh kosong)").fill("Bordirnya rapi, pas di badan.")
    form.get_by_role("button", name="Kirim ulasan").click()
    buyer.get_by_text("Terima kasih atas ulasan Anda.").wait_for()
    j.check(buyer, "reviewed")
    j.finish()
