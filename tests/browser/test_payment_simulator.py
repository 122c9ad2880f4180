"""A buyer pays an order online through the local Midtrans simulator and sees it paid."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import shot

pytestmark = pytest.mark.browser


def test_buyer_pays_through_simulator_and_sees_it_paid(live_server, phone_page):
    base, page = live_server, phone_page
    page.goto(f"{base}/akun/masuk")
    page.get_by_label("Email atau nomor HP").fill("siti@demo.pasartkm.id")
    page.get_by_label("Kata sandi").fill("demo12345")
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(re.compile(r".*/$"))
    page.goto(f"{base}/products?q=nasi")
    page.get_by_test_id("product-card").first.click()
    page.get_by_role("button", name="Tambah ke keranjang").click()
    page.goto(f"{base}/keranjang")
    page.get_by_role("link", name="Lanjut ke pembayaran").click()
    group = page.get_by_test_id("checkout-group").first
    group.get_by_label("Ambil sendiri (gratis)").check()
    group.get_by_label("Titik ambil").select_option(label="Gerbang 2 KITB")
    group.get_by_label("Tanggal", exact=True).select_option(index=0)
    group.locator("input[name^='window-']:enabled").first.check()
    page.get_by_label(re.compile("Bayar online")).check()
    page.get_by_role("button", name="Buat pesanan").click()
    page.wait_for_url(re.compile(r".*/pembayaran/\d+$"))
    assert page.get_by_test_id("payment-status").inner_text() == "Belum dibayar"
    page.get_by_role("button", name=re.compile("Bayar sekarang")).click()
    page.wait_for_url(re.compile(r".*/payments/simulator/.+"))
    shot(page, "payment-simulator-360")
    page.get_by_role("button", name="Bayar (QRIS)").click()
    page.wait_for_url(re.compile(r".*/pembayaran/\d+$"))
    assert page.get_by_test_id("payment-status").inner_text() == "Lunas"
    shot(page, "payment-paid-360")
