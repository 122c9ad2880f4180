"""The demo buyer logs in on a 360 px wide phone screen."""

from __future__ import annotations

import pytest

from tests.browser.conftest import shot

pytestmark = pytest.mark.browser


def _no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_demo_buyer_logs_in_at_360px(live_server, phone_page):
    page = phone_page
    requests_to_other_hosts = []
    page.on(
        "request",
        lambda r: None if r.url.startswith(live_server) else requests_to_other_hosts.append(r.url),
    )
    page.goto(f"{live_server}/akun/masuk")
    assert _no_horizontal_scroll(page)
    page.get_by_label("Email atau nomor HP").fill("siti@demo.pasartkm.id")
    page.get_by_label("Kata sandi").fill("demo12345")
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"{live_server}/")
    shot(page, "login-360-home")
    page.get_by_role("button", name="Menu").click()
    assert page.get_by_test_id("nav-user").inner_text() == "Siti Rahayu"
    assert _no_horizontal_scroll(page)
    assert requests_to_other_hosts == []
