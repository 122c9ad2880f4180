"""A buyer's pickup pass works without the network (issue 17): on a 360 px phone, the buyer
opens an open order online; with the server stopped, the same URL still shows the pickup
code and its QR, other pages show the offline page listing the pass, in Indonesian and in
English; after logging out the pass is gone from the device.

"Offline" is honest here: the test stops its own server (the session's live_server is
shared, so this test runs one of its own on its own port), so every request fails as it
would without a network, including the service worker's.
"""

from __future__ import annotations

import re
import threading
import time

import pytest
from flask_migrate import upgrade
from werkzeug.serving import WSGIRequestHandler, make_server

from marketplace.demo.common import DEMO_PASSWORD
from marketplace.extensions import db
from tests.browser.conftest import shot
from tests.browser.journey import image_loaded
from tests.conftest import make_app

pytestmark = pytest.mark.browser

BUYER = "siti@demo.pasartkm.id"
OTHER_BUYER = "wati@demo.pasartkm.id"
CONTROLLED = "() => navigator.serviceWorker.controller !== null"
PASS_KEPT = """async ([page, files]) => {
  for (const name of await caches.keys()) {
    if (!name.startsWith('pass-')) continue;
    const cache = await caches.open(name);
    const hits = await Promise.all([page, ...files].map(u => cache.match(u, {ignoreVary: true})));
    if (hits.every(Boolean)) return true;
  }
  return false;
}"""
PASSES = "async () => (await caches.keys()).filter(n => n.startsWith('pass-')).length"
NO_PASSES = "async () => (await caches.keys()).every(n => !n.startsWith('pass-'))"
OFFLINE_IN = """async lang => {
  const page = await caches.match('/luring', {ignoreVary: true});
  return !!page && page.headers.get('Content-Language') === lang;
}"""


class OneRequestAtATime(WSGIRequestHandler):
    """HTTP/1.0: every connection closes after its answer, so none outlives a stop."""

    protocol_version = "HTTP/1.0"


class Server:
    """The app on a fixed port that can be stopped (no network) and started again."""

    def __init__(self, app) -> None:
        self.app, self.port, self.server = app, 0, None

    def start(self) -> None:
        self.server = make_server(
            "127.0.0.1", self.port, self.app, threaded=True, request_handler=OneRequestAtATime
        )
        self.port = self.server.server_port
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self.server is None:
            return
        self.server.shutdown()
        self.server.server_close()  # refuse connections, as a phone without a network sees
        self.server = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@pytest.fixture
def server(tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'pwa.sqlite3'}", tmp_path, WTF_CSRF_ENABLED=True)
    with app.app_context():
        upgrade()
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    running = Server(app)
    running.start()
    yield running
    running.stop()
    with app.app_context():
        db.engine.dispose()


def _until(page, script: str, arg=None, seconds: float = 10) -> None:
    """Poll an async page function until it answers true (wait_for_function does not await)."""
    deadline = time.monotonic() + seconds
    while not page.evaluate(script, arg):
        assert time.monotonic() < deadline, f"still false after {seconds} s: {script}"
        page.wait_for_timeout(100)


def _login(page, base: str, email: str = BUYER) -> None:
    page.goto(f"{base}/akun/masuk")
    page.locator("input[name=identifier]").fill(email)  # in either language
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/akun/masuk" not in url)


def _place_open_order(page, base: str) -> str:
    """Buy a lunch box for pickup, paid cash: the order stays open until it is handed over."""
    page.goto(f"{base}/products?q=nasi")
    page.get_by_test_id("product-card").first.click()
    page.wait_for_url(re.compile(r".*/products/\d+$"))
    page.locator("form.add-to-cart button[type=submit]").click()
    page.wait_for_load_state("load")
    page.goto(f"{base}/checkout")
    group = page.get_by_test_id("checkout-group").first
    group.locator("input[value='pickup'][name^='mode-']").check()
    group.locator("input[name^='window-']:enabled").first.check()
    page.locator("input[name='payment'][value='cod']").check()
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url(re.compile(r".*/pesanan/checkout/\d+$"))
    page.goto(f"{base}/pesanan")
    page.get_by_test_id("my-order").first.click()
    page.wait_for_url(re.compile(r".*/pesanan/\d+$"))
    return page.url


def _see_pass_online(page, url: str) -> str:
    page.goto(url)
    code = page.get_by_test_id("pickup-code").inner_text()
    _until(page, PASS_KEPT, [url, [f"{url}/qr.svg"]])
    return code


def _offline_checks(page, url: str, code: str, lang: str) -> None:
    """With the server stopped: the pass with its QR, and the offline page listing it."""
    page.goto(url)
    assert page.get_by_test_id("pickup-code").inner_text() == code
    assert image_loaded(page.locator("img.qr-code"))
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shot(page, f"offline-pass-{lang}-360")
    page.goto(url.rsplit("/", 1)[0])  # the order list: never stored, so the offline page
    title = page.get_by_test_id("offline-title").inner_text()
    assert title == ("Anda sedang offline" if lang == "id" else "You are offline")
    saved = page.get_by_test_id("offline-passes").locator("a")
    saved.first.wait_for()
    assert saved.count() == 1 and saved.first.get_attribute("href") == url
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shot(page, f"offline-page-{lang}-360")
    saved.first.click()  # the list leads to the pass, still without a network
    page.wait_for_url(url)
    assert page.get_by_test_id("pickup-code").inner_text() == code


def test_pickup_pass_offline_and_gone_after_logout(server, browser):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="id-ID")
    page = context.new_page()
    try:
        _login(page, server.base)
        page.wait_for_function(CONTROLLED)  # installed and in charge (clients.claim)
        url = _place_open_order(page, server.base)

        code = _see_pass_online(page, url)
        server.stop()
        _offline_checks(page, url, code, "id")

        server.start()
        page.goto(f"{server.base}/bahasa/en?next=/pesanan")
        _until(page, OFFLINE_IN, "en")  # the offline page follows the language
        assert _see_pass_online(page, url) == code
        server.stop()
        _offline_checks(page, url, code, "en")

        # Logging out takes the pass off the device; offline, the URL shows the offline page.
        server.start()
        page.goto(f"{server.base}/")
        page.get_by_role("button", name="Menu").click()
        with page.expect_navigation():
            page.get_by_role("button", name="Log out").click()
        page.wait_for_function(CONTROLLED)  # Clear-Site-Data removed it; pwa.js installs it again
        _until(page, OFFLINE_IN, "en")
        assert page.evaluate(PASSES) == 0
        server.stop()
        page.goto(url)
        assert page.get_by_test_id("offline-title").inner_text() == "You are offline"
        assert page.get_by_test_id("pickup-code").count() == 0
        assert page.get_by_test_id("offline-passes").locator("a").count() == 0
        assert page.get_by_test_id("offline-none").is_visible()
        shot(page, "offline-after-logout-en-360")

        # A session that simply ended (no logout) and someone else logging in on the same
        # phone: the first page for the new user drops the old user's passes.
        server.start()
        _login(page, server.base)
        page.wait_for_function(CONTROLLED)
        _see_pass_online(page, url)
        context.clear_cookies()
        _login(page, server.base, email=OTHER_BUYER)
        _until(page, NO_PASSES)
    finally:
        context.close()
