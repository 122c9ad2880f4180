"""The program's whole cycle in the browser (issue 16), at 1280 px.

The officer plans technical mentoring for a pemula group (a plan, a goal measured from sales,
a session linked to the goal with a photo) and runs an incentive round (criteria and weights,
a ranking frozen at a past cut-off, a decision with a reason per group, the award handed over).

Bu Ratna follows her deal with Pak Darto's group (the demo's confirmed revenue share): she
records the second tranche with its transfer reference and proof, the group records a
repayment, the officer reads the deal's history, and her portfolio shows what went out, what
came back and what is due next; the group's credit file downloads as a PDF.

Every page is checked by axe-core, answers without error and loads nothing from other hosts.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from marketplace.core.timeutil import wib_today
from tests.browser.journey import Journey, image_loaded, unique
from tests.catalog.helpers import jpeg_bytes, pdf_bytes

pytestmark = pytest.mark.browser

MENTORED = "Anyaman Bambu Blado"  # a verified pemula group without a mentoring plan
FUNDED = "Konveksi Maju Jaya Gringsing"  # Pak Darto's group, Bu Ratna's demo deal


def rupiah(text: str) -> int:
    """`Rp 1.250.000` as shown on a page → 1250000."""
    return int(re.sub(r"\D", "", text) or 0)


def test_officer_plans_mentoring_records_a_session_and_runs_an_incentive_round(
    live_server, browser
):
    j = Journey(browser, live_server, 1280, "program")
    base = live_server
    today = wib_today()
    fajar = j.actor()
    j.login(fajar, "fajar@demo.pasartkm.id")

    # From the group's program page to its mentoring page: no plan yet.
    fajar.goto(f"{base}/pendamping/kelompok?status=verified")
    fajar.get_by_role("link", name=MENTORED).click()
    fajar.get_by_role("link", name=re.compile("^Kinerja, kenaikan tingkat")).click()
    fajar.wait_for_url(re.compile(r".*/pendamping/kelompok/\d+/program$"))
    j.check(fajar, "group-program")
    fajar.get_by_test_id("mentoring-link").click()
    fajar.wait_for_url(re.compile(r".*/pendamping/kelompok/\d+/pendampingan$"))
    assert fajar.get_by_text("Kelompok ini belum punya rencana pendampingan.").is_visible()
    j.check(fajar, "plan-new")

    # He writes the plan: three months back, so the sales of those months count.
    title = f"Besek masuk katering pabrik ({unique()})"
    plan = fajar.get_by_test_id("plan")
    plan.get_by_label("Judul rencana").fill(title)
    plan.get_by_label("Ringkasan").fill("Ukuran besek baku, pesanan daring rutin.")
    start = (today.replace(day=1) - timedelta(days=80)).replace(day=1)
    plan.get_by_label("Mulai").fill(start.isoformat())
    plan.get_by_label("Selesai (rencana)").fill((start + timedelta(days=180)).isoformat())
    plan.get_by_role("button", name="Buat rencana").click()
    fajar.get_by_text("Rencana pendampingan tersimpan.").wait_for()
    assert fajar.get_by_test_id("plan-title").inner_text() == title
    assert fajar.get_by_test_id("plan-status").inner_text() == "Berjalan"
    j.check(fajar, "plan-saved")

    # A goal the platform measures: completed orders in the plan's months.
    fajar.get_by_text("Tambah target", exact=True).first.click()  # the summary opens the form
    goal_form = fajar.get_by_test_id("goal-form")
    goal_form.get_by_label("Jenis target").select_option("orders")
    goal_form.get_by_label("Nilai target").fill("10")
    goal_form.get_by_label("Keterangan").fill("10 pesanan daring")
    goal_form.get_by_label("Tenggat").fill((today + timedelta(days=60)).isoformat())
    goal_form.get_by_role("button", name="Tambah target").click()
    fajar.get_by_text("Target ditambahkan.").wait_for()
    goal = fajar.get_by_test_id("goals").locator("tbody tr").filter(has_text="10 pesanan daring")
    expect(goal).to_have_count(1)
    value = goal.get_by_test_id("goal-value").inner_text()
    assert re.fullmatch(r"\d+ dari 10 pesanan selesai", value), value
    done = int(value.split()[0])
    assert goal.locator("progress").get_attribute("value") == str(min(100, done * 10))
    assert goal.get_by_test_id("goal-state").inner_text() in ("Berjalan", "Tercapai")
    j.check(fajar, "goal")

    # A session on the goal, with a photo from his phone.
    topic = f"Ukuran besek dan foto katalog ({unique()})"
    fajar.get_by_text("Catat sesi", exact=True).click()
    form = fajar.get_by_test_id("session-form")
    form.get_by_label("Tanggal").fill((today - timedelta(days=1)).isoformat())
    form.get_by_label("Topik").fill(topic)
    form.get_by_label("Jumlah peserta").fill("7")
    form.get_by_label("Catatan sesi").fill("Anggota mengukur besek 20 cm bersama.")
    form.get_by_label("10 pesanan daring").check()
    form.locator("input[name=photos]").set_input_files(
        files=[{"name": "sesi.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes((640, 480))}]
    )
    form.get_by_role("button", name="Simpan sesi").click()
    fajar.get_by_text("Sesi pendampingan tersimpan.").wait_for()
    session = fajar.get_by_test_id("session").filter(has_text=topic)
    expect(session).to_have_count(1)
    assert "7 peserta" in session.inner_text()
    assert "10 pesanan daring" in session.get_by_test_id("session-goals").inner_text()
    assert image_loaded(session.locator("img").first)
    j.check(fajar, "session")

    # An incentive round for lanjutan groups: criteria and weights, a cut-off in the past.
    fajar.get_by_role("link", name="Insentif", exact=True).click()
    fajar.wait_for_url("**/pendamping/insentif")
    j.check(fajar, "rounds")
    name = f"Insentif triwulan ({unique()})"
    round_form = fajar.get_by_test_id("round-form")
    round_form.get_by_label("Nama putaran").fill(name)
    round_form.get_by_label("Tanggal batas data").fill((today - timedelta(days=1)).isoformat())
    round_form.get_by_label("Anggaran (Rp, boleh dikosongkan)").fill("60.000.000")
    round_form.get_by_label("Omzet 12 bulan").fill("3")
    round_form.get_by_label("Serah terima tepat waktu").fill("2")
    round_form.get_by_label("Rata-rata penilaian").fill("1")
    round_form.get_by_role("button", name="Buat putaran").click()
    fajar.get_by_text("Putaran insentif dibuat.").wait_for()
    status = fajar.get_by_test_id("round-status")
    assert status.inner_text() == "Draf: kriteria dapat diubah"
    assert "Anggaran: Rp\u00a060.000.000" in fajar.locator("main").inner_text()
    criteria = fajar.get_by_test_id("round-criteria").inner_text()
    assert "Omzet 12 bulan × 3" in criteria and "Rata-rata penilaian × 1" in criteria
    j.check(fajar, "round-draft")

    # The ranking is computed once and frozen: ranks 1, 2, … with scores.
    fajar.get_by_test_id("compute").click()
    fajar.get_by_text("Peringkat dihitung dan dibekukan.").first.wait_for()
    assert status.inner_text() == "Peringkat dihitung dan dibekukan"
    rows = fajar.get_by_test_id("ranking").locator("tbody tr")
    ranked = rows.count()
    assert ranked >= 2
    assert [rows.nth(i).locator("td").first.inner_text() for i in range(ranked)] == [
        str(i + 1) for i in range(ranked)
    ]
    leader = rows.first.locator("td").nth(1).inner_text()
    assert "Rp\u00a0" in rows.first.inner_text()  # its revenue over 12 months
    j.check(fajar, "round-ranked")

    # A decision with a reason for every group: the leader gets the incentive.
    why = f"Omzet tertinggi dan tepat waktu ({unique()})"
    for i in range(ranked):
        row = fajar.get_by_test_id("ranking").locator("tbody tr").nth(i)
        if i == 0:
            row.get_by_label("Menerima insentif").check()
            row.get_by_label("Jumlah insentif (Rp)").fill("25.000.000")
            row.get_by_label("Alasan").fill(why)
        else:
            row.get_by_label("Tidak menerima").check()
            row.get_by_label("Alasan").fill("Peringkat di bawah anggaran putaran ini.")
        row.get_by_role("button", name="Simpan keputusan").click()
        fajar.get_by_text("Keputusan tersimpan.").wait_for()
    first = fajar.get_by_test_id("ranking").locator("tbody tr").first
    decision = first.get_by_test_id("decision").inner_text()
    assert "Menerima insentif Rp\u00a025.000.000" in decision and why in decision
    fajar.get_by_role("button", name="Selesaikan keputusan").click()
    fajar.get_by_text("Keputusan putaran lengkap.").wait_for()
    assert status.inner_text() == "Keputusan lengkap"
    j.check(fajar, "round-decided")

    # The award is handed over, then the round is closed.
    first.get_by_label("Tanggal diserahkan").fill(today.isoformat())
    first.get_by_role("button", name="Catat sudah diserahkan").click()
    fajar.get_by_text("Penyerahan insentif tercatat.").wait_for()
    assert "Diserahkan" in first.get_by_test_id("decision").inner_text()
    fajar.get_by_role("button", name="Tutup putaran").click()
    assert status.inner_text() == "Selesai: insentif diserahkan"
    j.check(fajar, "round-closed")

    # The audit log names the decision and its reason.
    fajar.goto(f"{base}/pendamping/audit")
    entry = fajar.locator("table tbody tr").filter(has_text=why)
    expect(entry).to_have_count(1)
    assert "Fajar Nugroho" in entry.inner_text() and leader in entry.inner_text()
    j.check(fajar, "audit")
    j.finish()


def test_ratna_disburses_the_group_repays_and_her_portfolio_shows_it(live_server, browser):
    j = Journey(browser, live_server, 1280, "deal")
    base = live_server
    today = wib_today()
    ratna = j.actor()
    j.login(ratna, "ratna@demo.pasartkm.id")

    # Her portfolio before: the demo deal's first tranche out, one repayment back.
    ratna.get_by_role("link", name="Portofolio", exact=True).click()
    ratna.wait_for_url("**/investor/portofolio")
    assert ratna.get_by_test_id("committed").inner_text() == "Rp\u00a075.000.000"
    assert ratna.get_by_test_id("disbursed").inner_text() == "Rp\u00a050.000.000"
    repaid_before = rupiah(ratna.get_by_test_id("repaid").inner_text())
    j.check(ratna, "portfolio-before")

    # The deal: confirmed by the officer, the second tranche not yet sent.
    ratna.get_by_test_id("portfolio-deal").filter(has_text=FUNDED).get_by_role("link").click()
    ratna.wait_for_url(re.compile(r".*/investor/kesepakatan/\d+$"))
    deal_url = ratna.url
    deal_id = deal_url.rsplit("/", 1)[1]
    assert "Berjalan (dikonfirmasi pendamping)" in ratna.locator("main").inner_text()
    tranches = ratna.get_by_test_id("tranches").locator("li")
    assert "dicairkan" in tranches.first.inner_text()
    assert "belum dicairkan" in tranches.nth(1).inner_text()
    j.check(ratna, "deal")

    # She records the transfer of the second tranche with its reference and proof.
    reference = f"CSR-KACA-{unique().upper()}"
    second = tranches.nth(1)
    second.get_by_label("Tanggal transfer").fill(today.isoformat())
    second.get_by_label("Nomor referensi transfer").fill(reference)
    second.get_by_label(re.compile("^Bukti transfer")).set_input_files(
        files=[{"name": "transfer.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}]
    )
    second.get_by_role("button", name="Catat pencairan").click()
    ratna.get_by_text("Pencairan tercatat.").wait_for()
    second = ratna.get_by_test_id("tranches").locator("li").nth(1)
    assert reference in second.inner_text()
    proof = second.get_by_role("link", name="bukti")
    response = ratna.request.get(base + proof.get_attribute("href"))
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    j.check(ratna, "disbursed")

    # Pak Darto's group records a repayment against the second instalment.
    darto = j.actor()
    j.login(darto, "darto@demo.pasartkm.id")
    darto.goto(f"{base}/produsen/investasi/kesepakatan")
    j.check(darto, "group-deals")
    darto.locator(f"main a[href$='/kesepakatan/{deal_id}']").first.click()
    darto.wait_for_url(re.compile(rf".*/produsen/investasi/kesepakatan/{deal_id}$"))
    assert reference in darto.get_by_test_id("tranches").inner_text()  # he sees the money sent
    j.check(darto, "group-deal")
    paid_ref = f"BRI-{unique().upper()}"
    # The second instalment: 5 % of September's recorded sales, now overdue.
    due = darto.get_by_test_id("due-2").locator("td")
    expected = rupiah(due.nth(3).inner_text())
    assert expected > 0 and "Terlambat" in due.nth(5).inner_text()
    pay = darto.get_by_test_id("repayment-form")
    pay.get_by_label("Angsuran").select_option(index=1)
    pay.get_by_label("Jumlah dibayar (Rp)").fill(str(expected))
    pay.get_by_label("Tanggal transfer").fill(today.isoformat())
    pay.get_by_label("Nomor referensi transfer").fill(paid_ref)
    pay.get_by_role("button", name="Catat pembayaran").click()
    darto.get_by_text("Pembayaran tercatat.").wait_for()
    paid = darto.get_by_test_id("repayments").locator("li").filter(has_text=paid_ref)
    assert rupiah(paid.inner_text().split("·")[1]) == expected and "angsuran 2" in paid.inner_text()
    due = darto.get_by_test_id("due-2").locator("td")
    assert rupiah(due.nth(4).inner_text()) == expected
    assert due.nth(5).inner_text() == "Lunas, terlambat"
    j.check(darto, "group-repaid")

    # The officer sees the deal's confirmation and both transfers.
    fajar = j.actor()
    j.login(fajar, "fajar@demo.pasartkm.id")
    fajar.goto(f"{base}/pendamping/kesepakatan")
    j.check(fajar, "deal-queue")
    fajar.goto(f"{base}/pendamping/kesepakatan/{deal_id}")
    assert "Perjanjian ditandatangani" in fajar.get_by_test_id("deal-history").inner_text()
    assert reference in fajar.locator("main").inner_text()
    j.check(fajar, "deal-review")

    # Each side hears of the other's transfer, in the reader's language.
    darto.goto(f"{base}/notifikasi")
    sent = darto.get_by_test_id("notification").filter(has_text="mencatat pencairan")
    assert "Rp\u00a025.000.000" in sent.first.inner_text()
    j.check(darto, "disbursement-notice")
    for lang, text in (("id", "mencatat pembayaran"), ("en", "recorded a repayment of")):
        ratna.goto(f"{base}/bahasa/{lang}?next=/notifikasi")
        notice = ratna.get_by_test_id("notification").filter(has_text=f"{FUNDED} {text}")
        amount = f"Rp\u00a0{expected:,}".replace(",", ".")
        assert notice.filter(has_text=amount).count() == 1, lang
        j.check(ratna, f"repayment-notice-{lang}")
    ratna.goto(f"{base}/bahasa/id")

    # Her portfolio now: all 75 juta out, the repayment back, what comes next.
    ratna.goto(f"{base}/investor/portofolio")
    assert ratna.get_by_test_id("disbursed").inner_text() == "Rp\u00a075.000.000"
    assert rupiah(ratna.get_by_test_id("repaid").inner_text()) == repaid_before + expected
    card = ratna.get_by_test_id("portfolio-deal").filter(has_text=FUNDED)
    assert card.get_by_test_id("deal-disbursed").inner_text() == "Rp\u00a075.000.000"
    upcoming = ratna.get_by_test_id("upcoming").locator("li")
    assert upcoming.count() >= 1 and FUNDED in upcoming.first.inner_text()
    j.check(ratna, "portfolio-after")

    # The group's credit file, for her bank's KUR desk.
    ratna.goto(deal_url)
    link = ratna.get_by_role("link", name="Unduh berkas kredit (PDF)")
    response = ratna.request.get(base + link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF-")
    j.finish()
