"""The investor's journey on a 1280 px screen: sign up, wait for the officer's approval,
compare vetted groups, read one group's figures and a pitch, express interest; the group's
chair replies and the investor reads the reply.

Every page is checked by axe-core, answers without error and loads nothing from other hosts.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.journey import Journey, unique

pytestmark = pytest.mark.browser

PITCH = "Tambah mesin jahit dan bordir"  # Konveksi Maju Jaya's published demo pitch


def test_investor_approved_compares_reads_pitch_expresses_interest_group_replies(
    live_server, browser
):
    j = Journey(browser, live_server, 1280, "investor")
    base = live_server
    name, org = f"Bu Lestari {unique()}", f"CSR PT Keramik {unique()}"
    investor = j.actor()
    j.register(investor, name, investor_org=org)
    with j.expecting(403):  # nothing before approval: a page saying she is waiting
        investor.goto(f"{base}/investor/kelompok")
    assert investor.get_by_test_id("group-card").count() == 0
    j.check(investor, "pending")

    # Mas Fajar approves the new investor account.
    fajar = j.actor()
    j.login(fajar, "fajar@demo.pasartkm.id")
    fajar.goto(f"{base}/pendamping/investor")
    j.check(fajar, "officer-investors")
    card = fajar.locator(".card").filter(has_text=name)
    card.get_by_role("button", name="Setujui").click()
    fajar.get_by_text(f"Keputusan untuk investor {name} tersimpan.").wait_for()

    # The vetted groups, with the OJK notice; she compares two of them side by side.
    investor.goto(f"{base}/investor/kelompok")
    cards = investor.get_by_test_id("group-card")
    assert cards.count() >= 2
    assert "OJK" in investor.get_by_test_id("ojk-note").inner_text()
    j.check(investor, "groups")
    cards.nth(0).get_by_label("Bandingkan").check()
    cards.nth(1).get_by_label("Bandingkan").check()
    investor.get_by_role("button", name="Bandingkan yang dipilih").click()
    investor.wait_for_url("**/investor/bandingkan?**")
    table = investor.get_by_test_id("compare-table")
    expect(table.locator("thead th")).to_have_count(3)  # label column + two groups
    assert "Omzet" in table.inner_text()
    j.check(investor, "compare")

    # One group's page: revenue and orders charts drawn on the server, figures in Rupiah.
    table.locator("thead a").first.click()
    expect(investor.locator("svg.chart")).to_have_count(2)
    assert investor.get_by_test_id("val-revenue").inner_text().startswith("Rp\u00a0")
    assert j.fits_a_phone(investor)  # investors read figures on phones too
    j.check(investor, "group")

    # She reads the pitch with its frozen figures and expresses interest.
    investor.goto(f"{base}/investor/proposal")
    j.check(investor, "pitches")
    investor.get_by_role("link", name=PITCH).click()
    assert investor.get_by_test_id("pitch-amount").inner_text() == "Rp\u00a075.000.000"
    assert investor.get_by_test_id("snapshot-table").is_visible()
    assert j.fits_a_phone(investor)
    j.check(investor, "pitch")
    investor.get_by_label("Jumlah indikatif").fill("30000000")
    investor.get_by_label("Pesan untuk kelompok").fill(f"{org} ingin bermitra dengan kelompok.")
    investor.get_by_role("button", name="Kirim minat").click()
    investor.wait_for_url("**/investor/minat/*")
    assert "ingin bermitra" in investor.get_by_test_id("thread").inner_text()
    j.check(investor, "interest")

    # The group's chair sees the interest with its amount and replies.
    darto = j.actor()
    j.login(darto, "darto@demo.pasartkm.id")
    darto.goto(f"{base}/produsen/investasi/minat")
    j.check(darto, "group-interests")
    card = darto.get_by_test_id("interest-card").filter(has_text=org)
    assert "Rp\u00a030.000.000" in card.inner_text()
    card.get_by_role("link").click()
    j.check(darto, "group-interest")
    darto.get_by_label("Balasan").fill("Terima kasih, silakan berkunjung ke Plelen.")
    darto.get_by_role("button", name="Kirim balasan").click()
    assert "silakan berkunjung" in darto.get_by_test_id("thread").inner_text()
    assert darto.get_by_test_id("interest-status").inner_text() == "Dalam pembicaraan"
    j.check(darto, "group-replied")

    # The investor reads the reply in the thread.
    investor.reload()
    assert "silakan berkunjung" in investor.get_by_test_id("thread").inner_text()
    j.check(investor, "reply")
    j.finish()
