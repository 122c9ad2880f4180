"""The officer's journey on a 1280 px screen: the dashboard and verification queue, a
rejection that needs a reason, a promotion of a group meeting every criterion and its
vetting for investors, the program's impact dashboard and the audit log of his decisions;
then the promoted group's chair reads the news on her phone (360 px) in both languages.

Every page is checked by axe-core, answers without error and loads nothing from other hosts.
"""

from __future__ import annotations

import re

import pytest

from tests.browser.journey import Journey, unique

pytestmark = pytest.mark.browser

QUEUED = "Camilan Warungasem"  # a demo group waiting for verification
RISING = "Keripik Sukun Tulis"  # a demo pemula group whose sales meet every criterion


def test_officer_works_the_queue_promotes_and_vets_reads_impact_and_audit(live_server, browser):
    j = Journey(browser, live_server, 1280, "officer")
    base = live_server
    fajar = j.actor()
    j.login(fajar, "fajar@demo.pasartkm.id")

    # The dashboard counts groups by status and lists those waiting for verification.
    fajar.goto(f"{base}/pendamping/")
    assert int(fajar.get_by_test_id("count-unverified").inner_text()) >= 1
    assert fajar.get_by_role("link", name=QUEUED).is_visible()
    j.check(fajar, "dashboard")

    # From the queue: a rejection without a reason is refused, with one it is recorded.
    fajar.goto(f"{base}/pendamping/kelompok")
    j.check(fajar, "queue")
    fajar.get_by_role("link", name=QUEUED).click()
    fajar.wait_for_url(re.compile(r".*/pendamping/kelompok/\d+$"))
    j.check(fajar, "queued-group")
    fajar.get_by_role("button", name="Tolak").click()
    fajar.get_by_text("Alasan wajib diisi").wait_for()
    assert fajar.get_by_test_id("group-status").inner_text() == "Menunggu verifikasi"
    reason = f"NIB tidak cocok dengan nama kelompok ({unique()})."
    fajar.get_by_label(re.compile("^Alasan")).fill(reason)
    fajar.get_by_role("button", name="Tolak").click()
    fajar.get_by_text(f"Keputusan untuk {QUEUED} tersimpan.").wait_for()
    assert fajar.get_by_test_id("group-status").inner_text() == "Ditolak"
    assert fajar.get_by_text(reason).is_visible()  # in the group's decision history
    j.check(fajar, "rejected")

    # A verified pemula group meeting every criterion: promote it, then vet it for investors.
    fajar.goto(f"{base}/pendamping/kelompok?status=verified")
    fajar.get_by_role("link", name=RISING).click()
    fajar.get_by_role("link", name=re.compile("^Kinerja, kenaikan tingkat")).click()
    fajar.wait_for_url(re.compile(r".*/pendamping/kelompok/\d+/program$"))
    criteria = fajar.get_by_test_id("criteria")
    assert criteria.locator("tbody tr").count() == 4
    assert "✘" not in criteria.inner_text()
    assert fajar.get_by_text("Memenuhi semua kriteria").is_visible()
    assert fajar.get_by_test_id("tier").inner_text() == "Pemula"
    j.check(fajar, "program")
    promoted = f"Omzet dan penilaian stabil 11 bulan ({unique()})."
    fajar.locator("#tier-reason").fill(promoted)
    fajar.get_by_role("button", name="Naikkan ke lanjutan").click()
    fajar.get_by_text("Tingkat kelompok diperbarui.").wait_for()
    assert fajar.get_by_test_id("tier").inner_text() == "Lanjutan"
    fajar.locator("#vet-notes").fill("Dokumen lengkap, pembukuan tertib.")
    fajar.get_by_role("button", name="Nilai layak untuk investor").click()
    fajar.get_by_text("Penilaian untuk investor diperbarui.").wait_for()
    assert fajar.get_by_test_id("vetted").is_visible()
    j.check(fajar, "promoted-vetted")

    # The impact dashboard: jobs in verified groups, this month's promotion, the leaderboard.
    fajar.goto(f"{base}/pendamping/dampak")
    assert int(fajar.get_by_test_id("total-jobs").inner_text().replace(".", "")) > 0
    promotions = fajar.get_by_test_id("table-kenaikan").locator("tbody tr")
    assert promotions.count() >= 1
    assert int(promotions.last.locator("td").nth(1).inner_text()) >= 1
    leader = fajar.get_by_test_id("table-unggulan").locator("tbody tr").filter(has_text=RISING)
    assert "Lanjutan" in leader.inner_text()
    j.check(fajar, "impact")

    # The audit log names him, the action and the reasons given.
    fajar.goto(f"{base}/pendamping/audit")
    log = fajar.locator("table tbody")
    for action, why in (
        ("Penolakan kelompok", reason),
        ("Kenaikan tingkat kelompok", promoted),
    ):
        row = log.locator("tr").filter(has_text=why)
        assert row.count() == 1, why
        assert action in row.inner_text() and "Fajar Nugroho" in row.inner_text()
    assert log.locator("tr").filter(has_text="Penilaian kelompok untuk investor").count() >= 1
    j.check(fajar, "audit")
    j.finish()

    # The rising group's chair reads the news on her phone, in Indonesian and in English;
    # the officer's grounds for the promotion stay with the officers.
    phone = Journey(browser, base, 360, "officer-chair")
    chair = phone.actor()
    phone.login(chair, "ketua4@demo.pasartkm.id")
    for lang, text in (
        ("id", f"Selamat! Kelompok {RISING} naik ke tingkat lanjutan"),
        ("en", f"Congratulations! Group {RISING} has moved up to the Advanced tier"),
    ):
        chair.goto(f"{base}/bahasa/{lang}?next=/notifikasi")
        notice = chair.get_by_test_id("notification").filter(has_text=text)
        assert notice.count() == 1, lang
        assert promoted not in notice.inner_text()
        phone.check(chair, f"promotion-notice-{lang}")
    chair.goto(f"{base}/bahasa/id")
    phone.finish()
