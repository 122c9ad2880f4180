"""A zone worker on a 360 px phone, in Indonesian and in English: the cart stays one tap away,
the checkout asks for a date and then a shift in WIB and shows only the chosen mode's fields,
cancelling asks first, and the order list says how each order is paid (issue 13, buyer)."""

from __future__ import annotations

import re
import uuid

import pytest

from tests.browser.conftest import shot

pytestmark = pytest.mark.browser

PASSWORD = "demo12345"
FITS_SELECT = """s => {
  const style = getComputedStyle(s);
  const ctx = document.createElement('canvas').getContext('2d');
  ctx.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  const room = s.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  return [...s.options].every(o => ctx.measureText(o.text).width <= room);
}"""
TIME_SPAN = re.compile(r"\d\d\.\d\d–\d\d\.\d\d(?! WIB)")  # a shift's hours without "WIB"


def _phone(browser, javascript: bool = True):
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, locale="id-ID", java_script_enabled=javascript
    )
    return context, context.new_page()


def _register(page, base: str, lang: str) -> None:
    digits = "".join(str(int(c, 16) % 10) for c in uuid.uuid4().hex[:8])
    page.goto(f"{base}/akun/daftar")
    page.get_by_label("Nama lengkap").fill("Siti Uji")
    email = f"b{uuid.uuid4().hex[:8]}@contoh.id"
    page.get_by_label("Email").fill(email)
    page.get_by_label("Nomor HP (WhatsApp)").fill("0812" + digits)
    page.get_by_label("Kata sandi", exact=True).fill(PASSWORD)
    page.get_by_label("Ulangi kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Daftar").click()
    # The same answer for taken and free details: a new buyer logs in next.
    page.wait_for_url(re.compile(r".*/akun/masuk$"))
    page.get_by_label("Email atau nomor HP").fill(email)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(lambda url: "/akun/masuk" not in url)
    page.goto(f"{base}/bahasa/{lang}")


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def _add_nasi(page, base: str) -> None:
    page.goto(f"{base}/products?q=nasi")
    page.get_by_test_id("product-card").first.click()
    page.wait_for_url(re.compile(r".*/products/\d+$"))
    page.locator("form.add-to-cart button[type=submit]").click()
    page.wait_for_load_state("load")


@pytest.mark.parametrize("lang", ["id", "en"])
def test_buyer_at_360px_cart_checkout_cancel(live_server, browser, lang):
    base = live_server
    context, page = _phone(browser)
    try:
        _register(page, base, lang)
        _add_nasi(page, base)
        shot(page, f"buyer-added-{lang}-360")

        # The cart, with its count, is in the top bar while the menu stays collapsed.
        cart = page.get_by_test_id("nav-cart")
        assert cart.is_visible() and not page.locator("#nav").is_visible()
        box = cart.bounding_box()
        assert box and box["y"] + box["height"] <= 80 and box["x"] + box["width"] <= 360
        assert box["height"] >= 44 - 0.5  # a thumb's tap target
        assert page.get_by_test_id("nav-cart-count").inner_text() == "1"
        # The "added to cart" message links to the cart.
        page.get_by_test_id("flash-cart").click()
        page.wait_for_url(re.compile(r".*/keranjang$"))

        page.goto(f"{base}/checkout")
        group = page.get_by_test_id("checkout-group").first
        day = group.locator("select[name^='day-']")
        assert day.is_visible()
        # No date is cut off in its select at 360 px (text width against the room inside it).
        assert day.evaluate(FITS_SELECT), day.inner_text()
        assert day.locator("option").count() <= 8
        windows = group.locator("input[name^='window-']")
        assert windows.count() >= 1
        body = page.locator("main").inner_text()
        assert "WIB" in body and not TIME_SPAN.search(body), body
        # Only the chosen mode's fields are shown; switching mode switches them.
        pickup = group.get_by_test_id("pickup-fields")
        delivery = group.get_by_test_id("delivery-fields")
        assert pickup.is_visible() and not delivery.is_visible()
        group.locator("input[value='delivery'][name^='mode-']").check()
        assert delivery.is_visible() and not pickup.is_visible()
        shot(page, f"buyer-checkout-delivery-{lang}-360")
        group.locator("input[value='pickup'][name^='mode-']").check()
        assert pickup.is_visible() and not delivery.is_visible()
        group.locator("input[name^='window-']:enabled").first.check()
        assert _fits(page)
        shot(page, f"buyer-checkout-{lang}-360")
        page.locator("input[name='payment'][value='cod']").check()
        page.locator("main form button[type=submit]").last.click()
        page.wait_for_url(re.compile(r".*/pesanan/checkout/\d+$"))

        # The order list says how the order is paid and whether it is paid.
        page.goto(f"{base}/pesanan")
        paid = page.get_by_test_id("my-order-payment").first.inner_text()
        assert ("tunai (COD)" if lang == "id" else "cash (COD)") in paid
        assert _fits(page)
        shot(page, f"buyer-orders-{lang}-360")

        # Cancelling asks first.
        page.get_by_test_id("my-order").first.click()
        page.get_by_test_id("cancel-order").click()
        page.wait_for_url(re.compile(r".*/pesanan/\d+/batal$"))
        shot(page, f"buyer-cancel-confirm-{lang}-360")
        assert _fits(page)
        page.get_by_test_id("confirm-cancel").click()
        page.wait_for_url(re.compile(r".*/pesanan/\d+$"))
        status = page.get_by_test_id("order-status").inner_text()
        assert status == ("Dibatalkan" if lang == "id" else "Cancelled")
    finally:
        context.close()


def test_checkout_without_javascript_shows_both_modes(live_server, browser):
    base = live_server
    context, page = _phone(browser, javascript=False)
    try:
        _register(page, base, "id")
        _add_nasi(page, base)
        page.goto(f"{base}/checkout")
        group = page.get_by_test_id("checkout-group").first
        assert group.get_by_test_id("pickup-fields").is_visible()
        assert group.get_by_test_id("delivery-fields").is_visible()
        assert group.locator("select[name^='day-']").is_visible()
        shot(page, "buyer-checkout-nojs-360")
        # The page checked a window open on the first date: the form is ready to send.
        assert group.locator("input[name^='window-']:checked").count() == 1
        page.locator("main form button[type=submit]").last.click()
        page.wait_for_url(re.compile(r".*/pesanan/checkout/\d+$"))
    finally:
        context.close()
