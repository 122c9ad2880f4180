"""Procurement journeys (issue 15), on the demo data.

At 1280 px the garment factory's staff buy wearpacks: Bu Wulan writes a request for
quotation with sizes and a logo and sends it; Pak Darto and two other konveksi chairs quote;
she compares the quotes side by side, adjusts the proposed split over the three groups and
awards; Pak Agus approves the PO above the company's Rp 50.000.000 threshold; Pak Darto's
group accepts it and dispatches; Bu Wulan receives it with a rejection and signs the BAST;
Bu Dewi reports the bank transfer for the invoice and the group confirms it: paid.

At 360 px Pak Darto works from his phone: he finds the request from his work page, quotes,
later accepts the PO and dispatches the delivery; no page scrolls sideways.

Every page is checked by axe-core, answers without error and loads nothing from elsewhere.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from marketplace.orders.logistics import now_wib
from tests.browser.journey import Journey, unique

pytestmark = pytest.mark.browser

GATE = "Gerbang 2 KITB"
DARTO = ("darto@demo.pasartkm.id", "Konveksi Maju Jaya Gringsing")
JAHIT = ("ketua7@demo.pasartkm.id", "Jahit Rapi Banyuputih")
TERSONO = ("ketua12@demo.pasartkm.id", "Wearpack Tersono Mandiri")


def rp(text: str) -> str:
    """Page text with the Rupiah's no-break space made plain, for comparing amounts."""
    return text.replace("\u00a0", " ")


def day(days: int) -> str:
    return (now_wib().date() + timedelta(days=days)).isoformat()


def flash_number(page, pattern: str) -> str:
    """The document number in the success message matching `pattern` (a regex with a group)."""
    alert = page.locator(".alert-success").filter(has_text=re.compile(pattern))
    alert.wait_for()
    return re.search(pattern, alert.inner_text()).group(1)


def write_and_send_request(j: Journey, wulan, title: str, sizes: dict[str, int]) -> str:
    """Bu Wulan writes a wearpack request (sizes, embroidered logo) and sends it; its number."""
    j.open_menu(wulan)
    wulan.get_by_test_id("nav-procurement").click()
    wulan.wait_for_url(re.compile(r".*/pengadaan/permintaan$"))
    j.check(wulan, "rfq-list")
    wulan.get_by_test_id("rfq-new").click()
    j.check(wulan, "rfq-category")
    wulan.get_by_test_id("rfq-categories").get_by_role("link", name="Konveksi").click()
    j.check(wulan, "rfq-form")
    wulan.get_by_label("Judul permintaan").fill(title)
    wulan.locator("#items-0-name").fill("Wearpack navy drill")
    for size, n in sizes.items():
        wulan.locator(f"#items-0-size_{size}").fill(str(n))
    wulan.locator("#items-0-logo").select_option("bordir")
    wulan.locator("#items-0-logo_note").fill("Logo perusahaan di dada kiri, 8 cm")
    wulan.get_by_label("Dibutuhkan paling lambat").fill(day(40))
    wulan.get_by_label("Gerbang / titik serah").select_option(label=GATE)
    wulan.get_by_label("Jam shift").select_option(index=1)
    wulan.get_by_test_id("rfq-save").click()
    wulan.wait_for_url(re.compile(r".*/pengadaan/permintaan/\d+$"))
    assert wulan.get_by_test_id("rfq-status").inner_text() == "Draf"
    j.check(wulan, "rfq-draft")
    wulan.get_by_test_id("rfq-send").click()
    number = flash_number(wulan, r"(RFQ-\d{4}-\d+) terkirim ke \d+ kelompok")
    assert wulan.get_by_test_id("rfq-status").inner_text() == "Terkirim, menunggu penawaran"
    j.check(wulan, "rfq-sent")
    return number


def quote(j: Journey, chair, title: str, number: str, price: str, qty: int, step: str) -> None:
    """A group's chair opens the request from the inbox and sends a quote."""
    chair.get_by_test_id("group-rfq-row").filter(has_text=title).click()
    chair.wait_for_url(re.compile(r".*/pengadaan/kelompok/permintaan/\d+$"))
    j.check(chair, f"quote-form-{step}")
    chair.get_by_label("Harga satuan (Rp)").fill(price)
    chair.get_by_label("Jumlah yang sanggup").fill(str(qty))
    chair.get_by_label("Rencana pengiriman").fill("Sekali kirim ke gerbang pada jam shift.")
    chair.get_by_label("Waktu pengerjaan (hari)").fill("14")
    chair.get_by_label("Penawaran berlaku sampai").fill(day(21))
    chair.get_by_test_id("quote-submit").click()
    chair.get_by_text(f"Penawaran untuk {number} terkirim.").wait_for()
    assert "Terkirim" in chair.get_by_test_id("own-quote").inner_text()
    j.check(chair, f"quote-sent-{step}")


def open_inbox(j: Journey, chair) -> None:
    j.open_menu(chair)
    chair.get_by_test_id("nav-company-orders").click()
    chair.wait_for_url(re.compile(r".*/pengadaan/kelompok/permintaan$"))


def company_tab(j: Journey, page, name: str, step: str) -> None:
    """From anywhere: the top bar's Pengadaan, then a tab of the company's sub-navigation."""
    j.open_menu(page)
    page.get_by_test_id("nav-procurement").click()
    page.get_by_test_id("company-tabs").get_by_role("link", name=name, exact=True).click()
    page.wait_for_load_state("load")
    j.check(page, step)


def group_tab(j: Journey, page, name: str, step: str) -> None:
    open_inbox(j, page)
    page.get_by_test_id("group-tabs").get_by_role("link", name=name, exact=True).click()
    page.wait_for_load_state("load")
    j.check(page, step)


def test_company_buys_wearpacks_from_three_groups(live_server, browser):
    j = Journey(browser, live_server, 1280, "procurement")
    title = f"Wearpack shift pagi {unique()}"

    # Bu Wulan, procurement at the garment factory, asks the konveksi groups for 600.
    wulan = j.actor()
    j.login(wulan, "wulan@demo.pasartkm.id")
    number = write_and_send_request(j, wulan, title, {"S": 100, "M": 200, "L": 200, "XL": 100})
    recipients = wulan.get_by_test_id("rfq-recipients").inner_text()
    assert all(name in recipients for name in (DARTO[1], JAHIT[1], TERSONO[1]))
    assert "Belum ada penawaran." in wulan.locator("main").inner_text()

    # Three chairs quote: Jahit Rapi 200 at Rp 180.000, Pak Darto 320 at Rp 185.000,
    # Wearpack Tersono 300 at Rp 190.000.
    chairs = {}
    for (email, _group), price, qty, step in (
        (DARTO, "185.000", 320, "darto"),
        (JAHIT, "180.000", 200, "jahit"),
        (TERSONO, "190.000", 300, "tersono"),
    ):
        chair = chairs[step] = j.actor()
        j.login(chair, email)
        open_inbox(j, chair)
        row = chair.get_by_test_id("group-rfq-row").filter(has_text=title)
        assert row.get_by_test_id("rfq-new-badge").is_visible()
        j.check(chair, f"inbox-{step}")
        quote(j, chair, title, number, price, qty, step)
    darto = chairs["darto"]

    # She compares the quotes side by side, with each group's track record.
    wulan.reload()
    table = wulan.get_by_test_id("quotes-table")
    assert table.get_by_test_id("quote-row").count() == 3
    quoted = {g: rp(table.get_by_test_id("quote-row").filter(has_text=g).inner_text())
              for g in (DARTO[1], JAHIT[1])}  # fmt: skip
    assert "Rp 59.200.000" in quoted[DARTO[1]] and "14 hari" in quoted[DARTO[1]]
    assert "Rp 36.000.000" in quoted[JAHIT[1]]
    j.check(wulan, "rfq-quotes")

    # The proposed split: cheapest first within what each quoted. She moves 20 from Pak
    # Darto to Wearpack Tersono and awards, paying 14 days after the invoice.
    wulan.get_by_test_id("rfq-award").click()
    wulan.wait_for_url(re.compile(r".*/pemenang$"))
    j.check(wulan, "award")
    cards = wulan.get_by_test_id("award-group")
    assert cards.count() == 3

    def share(group: str):
        return cards.filter(has_text=group).get_by_test_id("award-qty")

    proposed = [share(g).input_value() for g in (JAHIT[1], DARTO[1], TERSONO[1])]
    assert proposed == ["200", "320", "80"]
    share(DARTO[1]).fill("300")
    share(TERSONO[1]).fill("100")
    wulan.get_by_label("Syarat pembayaran").select_option(label="14 hari setelah faktur")
    wulan.get_by_test_id("award-submit").click()
    wulan.wait_for_url(re.compile(r".*/pengadaan/po$"))
    made = wulan.locator(".alert-success").inner_text()
    po_numbers = re.findall(r"PO-\d{4}-\d+", made)
    assert len(po_numbers) == 3
    rows = wulan.get_by_test_id("po-row")
    new_rows = {n: rp(rows.filter(has_text=n).inner_text()) for n in po_numbers}
    darto_po = next(n for n, text in new_rows.items() if DARTO[1] in text)
    assert "Menunggu persetujuan" in new_rows[darto_po] and "Rp 55.500.000" in new_rows[darto_po]
    others = [t for n, t in new_rows.items() if n != darto_po]
    assert all("Terbit, menunggu konfirmasi kelompok" in t for t in others)
    tersono = next(t for t in others if TERSONO[1] in t)
    assert "Rp 21.090.000" in tersono  # Rp 19.000.000 + PPN 11 % (the group is PKP)
    j.check(wulan, "po-list")

    # Pak Agus, her manager, approves Pak Darto's PO: above Rp 50.000.000.
    agus = j.actor()
    j.login(agus, "agus@demo.pasartkm.id")
    company_tab(j, agus, "PO", "approver-po-list")
    agus.get_by_role("link", name=darto_po, exact=True).click()
    assert agus.get_by_test_id("po-status").inner_text() == "Menunggu persetujuan"
    assert rp(agus.get_by_test_id("po-total").inner_text()) == "Rp 55.500.000"
    j.check(agus, "approver-po")
    agus.get_by_test_id("po-approve").click()
    agus.get_by_text(f"PO {darto_po} disetujui dan dikirim ke kelompok.").wait_for()
    assert agus.get_by_test_id("po-status").inner_text() == "Terbit, menunggu konfirmasi kelompok"

    # Pak Darto's group accepts the PO and dispatches its delivery.
    group_tab(j, darto, "PO", "group-po-list")
    darto.get_by_role("link", name=darto_po, exact=True).click()
    j.check(darto, "group-po")
    darto.get_by_test_id("po-accept").click()
    darto.get_by_text(f"PO {darto_po} dikonfirmasi.").wait_for()
    assert darto.get_by_test_id("po-status").inner_text() == "Dikonfirmasi kelompok"
    darto.get_by_test_id("po-delivery-link").first.click()
    darto.wait_for_url(re.compile(r".*/pengadaan/kelompok/pengiriman/\d+$"))
    j.check(darto, "dispatch")
    assert darto.get_by_label("Jumlah dikirim").input_value() == "300"
    darto.get_by_test_id("dispatch").click()
    darto.get_by_text("Pengiriman ditandai dikirim.").wait_for()
    assert darto.get_by_test_id("delivery-status").inner_text() == "Dalam perjalanan"

    # Bu Wulan finds it in the receiving list, rejects five with a reason and signs.
    company_tab(j, wulan, "Penerimaan barang", "receiving-list")
    arrived = wulan.get_by_test_id("deliveries-arrived").get_by_test_id("delivery-row")
    arrived = arrived.filter(has_text=darto_po)
    assert "Dalam perjalanan" in arrived.inner_text()
    arrived.get_by_role("link", name="Periksa dan tandatangani BAST").click()
    wulan.wait_for_url(re.compile(r".*/pengadaan/pengiriman/\d+$"))
    j.check(wulan, "receive")
    wulan.get_by_label("Diterima", exact=True).fill("295")
    wulan.get_by_label("Ditolak", exact=True).fill("5")
    wulan.get_by_label("Alasan ditolak").fill("Bordir logo miring")
    wulan.get_by_label("Saya menerima barang di atas dan menandatangani BAST ini.").check()
    wulan.get_by_test_id("sign-bast").click()
    bast_number = flash_number(wulan, r"BAST (BAST-\d{4}-\d+) ditandatangani")
    line = wulan.get_by_test_id("bast-line").inner_text()
    assert "Diterima 295" in line and "Ditolak 5" in line and "Bordir logo miring" in line
    assert "Diterima (BAST ditandatangani)" in wulan.get_by_test_id("delivery-status").inner_text()
    j.check(wulan, "bast-signed")
    assert bast_number.startswith("BAST-")

    # Bu Dewi in finance pays the invoice for the 295 accepted: a bank transfer reported
    # with its reference.
    dewi = j.actor()
    j.login(dewi, "dewi@demo.pasartkm.id")
    company_tab(j, dewi, "Tagihan masuk", "invoices")
    row = dewi.get_by_test_id("invoice-row").filter(has_text=darto_po)
    assert row.count() == 1 and "Belum dibayar" in row.inner_text()
    assert "Rp 54.575.000" in rp(row.inner_text())  # 295 x Rp 185.000, no PPN
    row.get_by_role("link").first.click()
    j.check(dewi, "invoice")
    invoice_number = re.search(r"INV-\d{4}-\d+", dewi.locator("h1").inner_text()).group(0)
    reference = f"BCA{unique()}"
    dewi.get_by_label("Nomor referensi transfer").fill(reference)
    dewi.get_by_label("Tanggal transfer").fill(day(0))
    dewi.get_by_role("button", name="Laporkan transfer").click()
    dewi.get_by_text("Transfer dilaporkan. Kelompok akan mengonfirmasi penerimaannya.").wait_for()
    status = dewi.get_by_test_id("invoice-status")
    assert status.inner_text() == "Transfer dilaporkan, menunggu konfirmasi"
    j.check(dewi, "transfer-reported")

    # The group sees the money arrived and confirms: the invoice is paid.
    group_tab(j, darto, "Tagihan ke perusahaan", "group-invoices")
    card = darto.get_by_test_id("invoice-card").filter(has_text=invoice_number)
    assert reference in card.inner_text()
    card.get_by_role("button", name="Dana sudah diterima").click()
    darto.get_by_text(f"Tagihan {invoice_number} lunas.").wait_for()
    j.check(darto, "group-invoice-paid")
    dewi.reload()
    assert dewi.get_by_test_id("invoice-status").inner_text() == "Lunas"
    assert reference in dewi.locator("main").inner_text()
    j.check(dewi, "invoice-paid")
    j.finish()


def test_pak_darto_quotes_and_delivers_from_his_phone(live_server, browser):
    office = Journey(browser, live_server, 1280, "procurement-office")
    phone = Journey(browser, live_server, 360, "procurement-darto")
    title = f"Rompi kerja gudang {unique()}"

    wulan = office.actor()
    office.login(wulan, "wulan@demo.pasartkm.id")
    number = write_and_send_request(office, wulan, title, {"M": 60, "L": 60})

    # Pak Darto sees the new request on his work page and quotes from his phone.
    darto = phone.actor()
    phone.login(darto, DARTO[0])
    darto.wait_for_url(re.compile(r".*/kelompok/saya$"))
    phone.check(darto, "work")
    assert int(darto.get_by_test_id("work-rfq-open").inner_text()) >= 1
    darto.get_by_test_id("work-rfq").get_by_role("link", name="Lihat permintaan").click()
    darto.wait_for_url(re.compile(r".*/pengadaan/kelompok/permintaan$"))
    phone.check(darto, "inbox")
    quote(phone, darto, title, number, "175.000", 120, "phone")

    # Bu Wulan gives him all 120: Rp 21.000.000, under the approval threshold.
    wulan.reload()
    wulan.get_by_test_id("rfq-award").click()
    wulan.wait_for_url(re.compile(r".*/pemenang$"))
    cards = wulan.get_by_test_id("award-group")
    assert cards.count() == 1 and cards.get_by_test_id("award-qty").input_value() == "120"
    wulan.get_by_test_id("award-submit").click()
    wulan.wait_for_url(re.compile(r".*/pengadaan/po$"))
    po_number = re.search(r"PO-\d{4}-\d+", wulan.locator(".alert-success").inner_text()).group(0)
    row = rp(wulan.get_by_test_id("po-row").filter(has_text=po_number).inner_text())
    assert "Terbit, menunggu konfirmasi kelompok" in row and "Rp 21.000.000" in row

    # Later, on his phone: the PO from the menu, accepted; the delivery dispatched.
    darto.goto(f"{live_server}/kelompok/saya")
    open_inbox(phone, darto)
    darto.get_by_test_id("group-tabs").get_by_role("link", name="PO", exact=True).click()
    darto.wait_for_url(re.compile(r".*/pengadaan/kelompok/po$"))
    phone.check(darto, "po-list")
    darto.get_by_role("link", name=po_number, exact=True).click()
    phone.check(darto, "po")
    assert rp(darto.get_by_test_id("po-total").inner_text()) == "Rp 21.000.000"
    darto.get_by_test_id("po-accept").click()
    darto.get_by_text(f"PO {po_number} dikonfirmasi.").wait_for()
    assert darto.get_by_test_id("po-status").inner_text() == "Dikonfirmasi kelompok"
    phone.check(darto, "po-accepted")
    darto.get_by_test_id("group-tabs").get_by_role("link", name="Daftar pengiriman").click()
    darto.wait_for_url(re.compile(r".*/pengadaan/kelompok/pengiriman$"))
    phone.check(darto, "deliveries")
    coming = darto.get_by_test_id("deliveries-coming").get_by_test_id("delivery-row")
    coming.filter(has_text=po_number).get_by_role("link", name="Buka dan kirim").click()
    darto.wait_for_url(re.compile(r".*/pengadaan/kelompok/pengiriman/\d+$"))
    phone.check(darto, "dispatch")
    assert darto.get_by_label("Jumlah dikirim").input_value() == "120"
    darto.get_by_test_id("dispatch").click()
    darto.get_by_text("Pengiriman ditandai dikirim.").wait_for()
    assert darto.get_by_test_id("delivery-status").inner_text() == "Dalam perjalanan"
    phone.check(darto, "dispatched")

    # The company's receiving list shows it arrived.
    company_tab(office, wulan, "Penerimaan barang", "receiving")
    arrived = wulan.get_by_test_id("deliveries-arrived").get_by_test_id("delivery-row")
    assert arrived.filter(has_text=po_number).count() == 1
    phone.finish()
    office.finish()
