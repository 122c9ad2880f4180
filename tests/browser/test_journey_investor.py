"""Journey 3: an investor signs up and is approved by an officer, compares vetted groups,
reads a pitch and expresses interest; the group replies. At 360 px and 1280 px, every page
checked by axe."""

from __future__ import annotations

import pytest

from tests.browser.journey import Journey, unique

pytestmark = pytest.mark.browser

PITCH = "Tambah mesin jahit dan bordir"  # Konveksi Maju Jaya's published demo pitch


@pytest.mark.parametrize("width", [360, 1280])
def test_investor_approved_compares_reads_pitch_expresses_interest_group_replies(
    live_server, browser, width
):
    j = Journey(browser, live_server, width, "investor")
    base = live_server
    name, org = f"Bu Lestari {unique()}", f"CSR PT Keramik {unique()}"
    investor = j.actor()
    j.register(investor, name, investor_org=org)
    investor.goto(f"{base}/investor/kelompok")
    j.check(investor, "pending")
    assert investor.get_by_test_id("group-card").count() == 0  # nothing before approval

    # Mas Fajar approves the new investor account.
    fajar = j.actor()
    j.login(fajar, "fajar@demo.pasartkm.id")
    fajar.goto(f"{base}/pendamping/investor")
    j.check(fajar, "officer-investors")
    card = fajar.locator(".card").filter(has_text=name)
    card.get_by_role("button", name="Setujui").click()
    fajar.get_by_text(f"Keputusan untuk investor {name} tersimpan.").wait_for()

    # The investor compares two vetted groups and opens one.
    investor.goto(f"{base}/investor/kelompok")
    cards = investor.get_by_test_id("group-card")
    assert cards.count() >= 2
    j.check(investor, "groups")
    cards.nth(0).get_by_label("Bandingkan").check()
    cards.nth(1).get_by_label("Bandingkan").check()
    investor.get_by_role("button", name="Bandingkan yang dipilih").click()
    table = investor.get_by_test_id("compare-table")
    assert table.locator("thead th").count() == 3
    j.check(investor, "compare")
    table.locator("thead a").first.click()
    assert investor.get_by_test_id("val-revenue").inner_text().startswith("Rp\u00a0")
    j.check(investor, "group")

    # Reads the pitch and expresses interest.
    investor.goto(f"{base}/investor/proposal")
    j.check(investor, "pitches")
    investor.get_by_role("link", name=PITCH).click()
    assert investor.get_by_test_id("pitch-amount").inner_text() == "Rp\u00a075.000.000"
    j.check(investor, "pitch")
    investor.get_by_label("Jumlah indikatif").fill("30000000")
    investor.get_by_label("Pesan untuk kelompok").fill(f"{org} ingin bermitra dengan kelompok.")
    investor.get_by_role("button", name="Kirim minat").click()
    investor.wait_for_url("**/investor/minat/*")
    assert "ingin bermitra" in investor.get_by_test_id("thread").inner_text()
    j.check(investor, "interest")

    # The group's chair sees the interest and replies.
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
