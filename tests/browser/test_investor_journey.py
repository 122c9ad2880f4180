"""An investor compares two groups, opens a pitch and expresses interest; the group sees it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import shot

pytestmark = pytest.mark.browser


def _login(page, base: str, email: str) -> None:
    page.goto(f"{base}/akun/masuk")
    page.get_by_label("Email atau nomor HP").fill(email)
    page.get_by_label("Kata sandi").fill("demo12345")
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"{base}/")


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_investor_compares_pitches_and_group_replies(live_server, browser, phone_page):
    page = phone_page
    elsewhere = []
    page.on("request", lambda r: None if r.url.startswith(live_server) else elsewhere.append(r.url))
    _login(page, live_server, "ratna@demo.pasartkm.id")
    page.goto(f"{live_server}/investor/kelompok")
    cards = page.get_by_test_id("group-card")
    assert cards.count() >= 2
    assert "OJK" in page.get_by_test_id("ojk-note").inner_text()
    cards.nth(0).get_by_label("Bandingkan").check()
    cards.nth(1).get_by_label("Bandingkan").check()
    page.get_by_role("button", name="Bandingkan yang dipilih").click()
    page.wait_for_url("**/investor/bandingkan?**")
    table = page.get_by_test_id("compare-table")
    expect(table.locator("thead th")).to_have_count(3)  # label column + two groups
    assert "Omzet" in table.inner_text()
    shot(page, "investor-compare-360")
    table.locator("thead a").first.click()
    assert page.locator("svg.chart").count() == 2  # revenue and orders, drawn on the server
    assert page.get_by_test_id("val-revenue").inner_text().startswith("Rp\u00a0")
    assert _fits(page)
    shot(page, "investor-group-360")
    page.goto(f"{live_server}/investor/proposal")
    page.get_by_role("link", name="Tambah mesin jahit dan bordir").click()
    assert page.get_by_test_id("pitch-amount").inner_text() == "Rp\u00a075.000.000"
    assert page.get_by_test_id("snapshot-table").is_visible()
    assert _fits(page)
    page.get_by_label("Jumlah indikatif").fill("25000000")
    page.get_by_label("Pesan untuk kelompok").fill("Kami ingin bermitra lewat program CSR.")
    page.get_by_role("button", name="Kirim minat").click()
    page.wait_for_url("**/investor/minat/*")
    assert "Kami ingin bermitra" in page.get_by_test_id("thread").inner_text()
    shot(page, "investor-interest-360")
    assert elsewhere == []

    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="id-ID")
    group_page = context.new_page()
    try:
        _login(group_page, live_server, "darto@demo.pasartkm.id")
        group_page.goto(f"{live_server}/produsen/investasi/minat")
        card = group_page.get_by_test_id("interest-card").filter(has_text="CSR PT Kaca Batang")
        assert "Rp\u00a025.000.000" in card.inner_text()
        card.get_by_role("link").click()
        group_page.get_by_label("Balasan").fill("Terima kasih, silakan berkunjung ke Plelen.")
        group_page.get_by_role("button", name="Kirim balasan").click()
        assert "silakan berkunjung" in group_page.get_by_test_id("thread").inner_text()
        assert group_page.get_by_test_id("interest-status").inner_text() == "Dalam pembicaraan"
        shot(group_page, "group-interest-reply-360")
    finally:
        context.close()
