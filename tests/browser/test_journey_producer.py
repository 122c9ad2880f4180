"""The producer's journey on a 360 px phone: sign up and register a TKM group, get it
verified by the officer, choose pickup points and windows, list a product with a photo that
buyers then find, and work an order through to the handover with the buyer's pickup code.

Every page is checked by axe-core, fits the screen without sideways scrolling, answers
without error (the wrong code's 422 aside) and loads nothing from other hosts.
"""

from __future__ import annotations

import re

import pytest

from tests.browser.journey import Journey, choose_pickup, digits, image_loaded, unique
from tests.catalog.helpers import jpeg_bytes

pytestmark = pytest.mark.browser

POINT = "Gerbang 2 KITB"  # one of the zone's demo pickup points


def test_producer_registers_is_verified_lists_product_and_completes_an_order(live_server, browser):
    j = Journey(browser, live_server, 360, "producer")
    base = live_server
    group_name = f"Batik Pesisir {unique()}"
    word = unique("motif")  # a word only this run's product has
    product_name = f"Batik tulis jlamprang {word}"

    # A member of a TKM group signs up and registers the group; she becomes its chair.
    darmi = j.actor()
    j.register(darmi, f"Bu Darmi {unique()}")
    darmi.goto(f"{base}/kelompok/daftar")
    j.check(darmi, "group-form")
    darmi.get_by_label("Nama kelompok").fill(group_name)
    darmi.get_by_label("Kerajinan").check()
    darmi.get_by_label("Kecamatan").select_option("Gringsing")
    darmi.get_by_label("Desa/kelurahan").fill("Plelen")
    darmi.get_by_label("Alamat").fill("Jl. Pantura km 3")
    darmi.get_by_label("Jumlah anggota").fill("14")
    darmi.get_by_label("NIB (Nomor Induk Berusaha)").fill("9" + digits(12))
    darmi.get_by_label("Nomor WhatsApp kelompok").fill("0813" + digits(8))
    darmi.get_by_label("Deskripsi").fill("Batik tulis motif pesisir Batang.")
    darmi.get_by_role("button", name="Simpan").click()
    darmi.get_by_text(f"Kelompok {group_name} terdaftar").wait_for()
    j.check(darmi, "group-registered")

    # Mas Fajar, the officer, finds it in his queue and verifies it.
    fajar = j.actor()
    j.login(fajar, "fajar@demo.pasartkm.id")
    fajar.goto(f"{base}/pendamping/kelompok")
    j.check(fajar, "officer-queue")
    fajar.get_by_role("link", name=group_name).click()
    fajar.wait_for_url(re.compile(r".*/pendamping/kelompok/\d+$"))
    j.check(fajar, "officer-group")
    fajar.get_by_role("button", name="Verifikasi").click()
    fajar.get_by_text(f"Keputusan untuk {group_name} tersimpan.").wait_for()
    assert fajar.get_by_test_id("group-status").inner_text() == "Terverifikasi"

    # The group serves one pickup point in every shift window.
    darmi.goto(f"{base}/produsen/layanan")
    j.check(darmi, "service")
    darmi.get_by_label(POINT).check()
    for window in darmi.locator("input[name=windows]").all():
        window.check()
    darmi.get_by_role("button", name="Simpan").click()
    darmi.get_by_text("Pengaturan ambil dan antar tersimpan.").wait_for()
    assert darmi.get_by_label(POINT).is_checked()

    # She lists a product with a photo from her phone, starting from the menu.
    j.open_menu(darmi)
    darmi.get_by_role("link", name="Produk kelompok").click()
    darmi.wait_for_url("**/kelompok/saya/produk")
    j.check(darmi, "products")
    darmi.get_by_role("link", name="Tambah produk").click()
    j.check(darmi, "product-form")
    darmi.get_by_label("Nama produk").fill(product_name)
    darmi.get_by_label("Kategori").select_option("kerajinan")
    darmi.get_by_label("Harga (Rp)").fill("350.000")
    darmi.get_by_label("Satuan").select_option("pcs")
    darmi.get_by_label("Stok", exact=True).fill("6")
    darmi.get_by_label("Deskripsi").fill("Kain batik tulis 2 meter, pewarna alami.")
    darmi.locator("input[name=photos]").set_input_files(
        files=[{"name": "IMG_2001.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes()}]
    )
    darmi.get_by_role("button", name="Simpan produk").click()
    darmi.get_by_text(f"Produk {product_name} tersimpan.").wait_for()
    assert darmi.get_by_text("Foto (1 dari 5)").is_visible()
    j.check(darmi, "product-saved")

    # A buyer finds exactly that product by search, with its price, group and photo, and
    # orders it for pickup, paying cash.
    siti = j.actor()
    j.login(siti, "siti@demo.pasartkm.id")
    assert j.signed_in_as(siti) == "Siti Rahayu"
    siti.goto(f"{base}/products?q=jlamprang+{word}")
    cards = siti.get_by_test_id("product-card")
    cards.first.wait_for()
    assert cards.count() == 1
    assert "Rp\u00a0350.000" in cards.first.inner_text() and group_name in cards.first.inner_text()
    assert image_loaded(cards.first.locator("img"))
    j.check(siti, "buyer-search")
    cards.first.click()
    siti.get_by_role("heading", name=product_name).wait_for()
    assert image_loaded(siti.get_by_test_id("gallery").locator("img").first)
    wa = siti.get_by_test_id("wa-link").get_attribute("href")
    assert wa.startswith("https://wa.me/62813") and word in wa  # the group's own number
    j.check(siti, "buyer-product")
    siti.get_by_role("button", name="Tambah ke keranjang").click()
    siti.get_by_text("Ditambahkan ke keranjang.").wait_for()
    siti.goto(f"{base}/checkout")
    group_box = siti.get_by_test_id("checkout-group").filter(has_text=group_name)
    choose_pickup(group_box, POINT)
    siti.get_by_label("Bayar tunai saat ambil/antar (COD)").check()
    siti.get_by_role("button", name="Buat pesanan").click()
    siti.wait_for_url(re.compile(r".*/pesanan/checkout/\d+$"))
    code = siti.get_by_test_id("done-order").locator(".code-big").inner_text().strip()

    # The order is in her group's inbox: she accepts it and marks it ready.
    darmi.goto(f"{base}/produsen/pesanan?status=placed")
    j.check(darmi, "inbox")
    darmi.get_by_test_id("inbox-order").filter(has_text="Siti Rahayu").first.click()
    j.check(darmi, "order")
    darmi.get_by_role("button", name="Terima pesanan").click()
    assert "Diterima" in darmi.get_by_test_id("order-status").inner_text()
    darmi.get_by_role("button", name="Tandai siap").click()
    assert "Siap" in darmi.get_by_test_id("order-status").inner_text()
    order_url = darmi.url

    # What to prepare, per product, window and pickup point.
    darmi.goto(f"{base}/produsen/rekap")
    j.check(darmi, "prep-list")

    # A wrong code is refused; the buyer's code (typed in lower case) completes it.
    darmi.goto(order_url)
    darmi.get_by_label("Kode ambil dari pembeli").fill("ZZZZZZ")
    with j.expecting(422):
        darmi.get_by_role("button", name="Selesaikan dengan kode ambil").click()
        assert "Kode ambil salah" in darmi.get_by_test_id("action-error").inner_text()
    j.check(darmi, "wrong-code")
    darmi.get_by_label("Kode ambil dari pembeli").fill(code.lower())
    darmi.get_by_role("button", name="Selesaikan dengan kode ambil").click()
    assert darmi.get_by_test_id("order-status").inner_text() == "Selesai"
    j.check(darmi, "completed")
    darmi.goto(f"{base}/produsen/pesanan?status=completed")
    assert darmi.get_by_test_id("inbox-order").filter(has_text="Siti Rahayu").count() == 1
    j.check(darmi, "inbox-completed")
    j.finish()
