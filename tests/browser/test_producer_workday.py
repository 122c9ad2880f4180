"""Pak Darto on his phone (360 px): he logs in and lands on the group's work page, opens the
inbox a page at a time, opens the rekap and prints it on one A4 sheet."""

from __future__ import annotations

import io
import re
import threading
from datetime import timedelta

import pytest
from flask_migrate import upgrade
from sqlalchemy import select
from werkzeug.serving import make_server

from marketplace.extensions import db
from tests.browser.conftest import ARTIFACTS, shot
from tests.browser.journey import AXE_RUN, BLOCKING, axe_source
from tests.conftest import make_app

pytestmark = pytest.mark.browser

NOTES = [
    "Mess Blok C kamar 12, lantai 2, titip ke satpam pos timur kalau tidak ada orang",
    "Kos Bu Yati, pagar hijau sebelah warung",
    "Kamar 3",
]


def _seed_open_orders(session) -> None:
    """Twelve open orders of Pak Darto's group for the day after tomorrow (today and
    tomorrow stay empty), half delivered with address notes; the demo has only history."""
    from marketplace.accounts.models import User
    from marketplace.catalog.models import GroupMembership, ProducerGroup
    from marketplace.catalog.product_models import Product
    from marketplace.orders import logistics
    from marketplace.orders.cart import db_set
    from marketplace.orders.checkout import Selection, place_checkout

    group = session.scalars(
        select(ProducerGroup).where(ProducerGroup.name == "Konveksi Maju Jaya Gringsing")
    ).one()
    products = session.scalars(
        select(Product)
        .where(Product.group_id == group.id, ~Product.is_preorder, Product.stock >= 20)
        .order_by(Product.id)
        .limit(3)
    ).all()
    for product in products:
        product.stock += 100  # the demo's stock is for shoppers; these orders come on top
    members = select(GroupMembership.user_id)
    buyers = session.scalars(
        select(User).where(User.role == "buyer", User.id.not_in(members)).order_by(User.id)
    ).all()
    service = logistics.group_service(session, group.id)
    day = logistics.now_wib().date() + timedelta(days=2)
    for i in range(12):
        buyer = buyers[i % len(buyers)]
        for product in products[: 1 + i % 3]:
            db_set(session, buyer.id, product.id, max(product.min_order, 1 + i % 4))
        window = service.windows[i % len(service.windows)]
        if i % 2:
            selection = Selection(
                "delivery",
                day,
                window.id,
                delivery_zone_id=service.zones[i % len(service.zones)].zone_id,
                address_note=NOTES[i % len(NOTES)],
            )
        else:
            selection = Selection(
                "pickup", day, window.id, pickup_point_id=service.points[i % 2].id
            )
        place_checkout(session, buyer, {group.id: selection}, "cod")


@pytest.fixture(scope="module")
def workday_server(tmp_path_factory):
    """The demo with open orders for Pak Darto's group, served on a free port."""
    tmp = tmp_path_factory.mktemp("workday")
    app = make_app(f"sqlite:///{tmp / 'workday.sqlite3'}", tmp, WTF_CSRF_ENABLED=True)
    with app.app_context():
        upgrade()
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        _seed_open_orders(db.session)
        db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    with app.app_context():
        db.engine.dispose()


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def _serious(page, axe: str) -> list:
    """axe-core's serious and critical violations on the page."""
    page.evaluate(axe)
    return [(v["id"], v["targets"]) for v in page.evaluate(AXE_RUN) if v["impact"] in BLOCKING]


@pytest.fixture
def phone_page(browser):
    """A page 360 px wide, like a cheap Android phone."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="id-ID")
    yield context.new_page()
    context.close()


def test_producer_lands_on_work_page_then_inbox_and_rekap_at_360px(workday_server, phone_page):
    from pypdf import PdfReader

    base, page = workday_server, phone_page
    axe = axe_source()
    page.goto(f"{base}/akun/masuk")
    page.get_by_label("Email atau nomor HP").fill("darto@demo.pasartkm.id")
    page.get_by_label("Kata sandi").fill("demo12345")
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"{base}/kelompok/saya")
    for panel in ("work-new-orders", "work-pickups", "work-low-stock", "work-balance"):
        assert page.get_by_test_id(panel).is_visible(), panel
    # new orders come first: the panel starts within the first screen
    assert page.get_by_test_id("work-new-orders").bounding_box()["y"] < 740
    assert page.get_by_test_id("work-balance-amount").inner_text().startswith("Rp")
    assert page.get_by_test_id("work-to-accept").inner_text() == "12"
    assert page.get_by_test_id("work-new-order").count() == 5
    assert _fits(page)
    assert _serious(page, axe) == []
    shot(page, "producer-workpage-360")

    page.get_by_role("link", name="Semua pesanan").click()
    page.wait_for_url(re.compile(r".*/produsen/pesanan$"))
    assert 0 < page.get_by_test_id("inbox-order").count() <= 20
    assert page.get_by_test_id("count-to-accept").is_visible()
    assert _fits(page)
    assert _serious(page, axe) == []
    shot(page, "producer-inbox-360")
    if page.get_by_test_id("inbox-next").count():
        page.get_by_test_id("inbox-next").click()
        page.wait_for_url(re.compile(r".*hal=2"))
        assert page.get_by_test_id("inbox-order").count() > 0

    page.goto(f"{base}/produsen/rekap")
    assert page.get_by_test_id("rekap-order").count() == 12  # the next day with orders
    assert _fits(page)
    assert _serious(page, axe) == []
    shot(page, "producer-rekap-360")
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4", print_background=True)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "producer-rekap-a4.pdf").write_bytes(pdf)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "Rekap pesanan" in text and "#" in text
    # nothing of the screen-only parts (menu, date form, hint) is printed
    assert "Tampilkan" not in text and "Keluar" not in text
    # no row is cut off on the right: every cell fits in the page's printable width
    overflow = page.evaluate(
        """() => [...document.querySelectorAll('.rekap td, .rekap th, .rekap h1, .rekap h2')]
             .filter(el => el.scrollWidth > el.clientWidth + 1).length"""
    )
    assert overflow == 0
