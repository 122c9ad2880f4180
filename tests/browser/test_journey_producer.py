"""Journey 1: a producer registers a group, an officer verifies it, the producer lists a
product with a photo and buyers find it. At 360 px and 1280 px, every page checked by axe."""

from __future__ import annotations

import re

import pytest

from tests.browser.journey import Journey, digits, unique
from tests.catalog.helpers import jpeg_bytes

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [360, 1280])
def test_producer_registers_group_officer_verifies_producer_lists_product(
    live_server, browser, width
):
    j = Journey(browser, live_server, width, "producer")
    base = live_server
    group_name = f"Batik Pesisir {unique()}"
    product_name = f"Batik tulis motif jlamprang {unique()}"

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
    darmi.get_by_label("Tahun menerima bantuan TKM").fill("2023")
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

    # The producer lists a product with a photo from her phone.
    darmi.goto(f"{base}/kelompok/saya/produk")
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

    # The verified group's product is public: a visitor finds it with its photo.
    visitor = j.actor()
    visitor.goto(f"{base}/products?q=jlamprang")
    card = visitor.get_by_test_id("product-card").filter(has_text=product_name)
    card.wait_for()
    assert group_name in card.inner_text()
    assert card.locator("img").evaluate(
        "img => img.decode().then(() => img.naturalWidth > 0, () => false)"
    )
    j.check(visitor, "search")
    card.click()
    visitor.get_by_role("heading", name=product_name).wait_for()
    j.check(visitor, "product-page")
    j.finish()
