"""A zone worker on a cheap phone: the cart one tap away, a checkout that asks for a date and
then a shift, a cancel that asks first, a notice for every new order, how each order is paid,
and product pages whose figures agree with what they list (issue 13, buyer)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from marketplace.catalog.product_models import Product
from marketplace.orders import notify
from marketplace.orders.logistics import now_wib
from marketplace.orders.models import Notification, Order
from tests.factories import (
    make_group,
    make_logistics,
    make_order,
    make_product,
    make_review,
    make_service,
    make_sold_order,
    make_user,
)
from tests.orders.helpers import add_to_cart, tomorrow

NBSP = "\u00a0"


@pytest.fixture
def shop(db_session):
    """A group serving gate pickup and dormitory delivery, a product, a buyer."""
    logistics = make_logistics(db_session)
    group = make_group(db_session, name="Dapur Bu Sri")
    make_service(db_session, group, logistics)
    product = make_product(db_session, group, name="Nasi Kotak Ayam", price=15000, stock=10)
    buyer = make_user(db_session, name="Siti Rahayu")
    return {"logistics": logistics, "group": group, "product": product, "buyer": buyer}


# --- the cart, one tap from every page --------------------------------------------------------


def test_cart_link_with_its_count_sits_outside_the_collapsed_menu(client, login_as, shop):
    login_as(shop["buyer"])
    add_to_cart(client, shop["product"], 2)
    for path in ("/", "/products", f"/products/{shop['product'].id}", "/pesanan"):
        html = client.get(path).get_data(as_text=True)
        cart = html.index('data-testid="nav-cart"')
        # Before the collapsed menu (hidden behind the toggler at 360 px), not inside it.
        assert cart < html.index('id="nav"'), path
        count = re.search(r'data-testid="nav-cart-count">(\d+)<', html)
        assert count and count.group(1) == "1", path


def test_added_to_cart_message_links_to_the_cart(client, shop):
    response = add_to_cart(client, shop["product"])
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    flash = re.search(r'<div class="alert alert-success"[^>]*>(.*?)</div>', page, re.S)
    assert flash and "Ditambahkan ke keranjang." in flash.group(1)
    assert 'href="/keranjang"' in flash.group(1)


# --- checkout: a date, then a shift window, in WIB ------------------------------------------------


def _checkout_page(client, login_as, shop):
    login_as(shop["buyer"])
    add_to_cart(client, shop["product"], 1)
    return client.get("/checkout").get_data(as_text=True)


def test_checkout_asks_for_a_date_then_a_shift_window_all_in_wib(client, login_as, shop):
    html = _checkout_page(client, login_as, shop)
    gid = shop["group"].id
    day = re.search(rf'<select[^>]*name="day-{gid}"[^>]*>(.*?)</select>', html, re.S)
    assert day, "a date select"
    days = re.findall(r'<option value="([\d-]+)"', day.group(1))
    assert 1 <= len(days) <= 8 and days == sorted(days)  # a week ahead, not 21 slots
    windows = re.findall(
        rf'<input[^>]*type="radio" name="window-{gid}"[^>]*>\s*<label[^>]*>([^<]*)', html
    )
    assert len(windows) == 3
    assert all(re.search(r"\d\d\.\d\d–\d\d\.\d\d WIB", label) for label in windows), windows
    assert f'name="slot-{gid}"' not in html  # no single list of every date × window
    assert "/assets/js/checkout." in html  # the script that hides the other mode's fields


def test_checkout_shows_both_modes_fields_without_javascript(client, login_as, shop):
    html = _checkout_page(client, login_as, shop)
    pickup = re.search(r'data-mode-panel="pickup"(.*?)</fieldset>', html, re.S)
    delivery = re.search(r'data-mode-panel="delivery"(.*?)</fieldset>', html, re.S)
    assert pickup and "point-" in pickup.group(1) and "zone-" not in pickup.group(1)
    assert delivery and "zone-" in delivery.group(1) and "note-" in delivery.group(1)
    assert " hidden" not in pickup.group(0) and " hidden" not in delivery.group(0)


def test_checkout_with_a_date_and_a_window_places_the_order(client, db_session, login_as, shop):
    _checkout_page(client, login_as, shop)
    gid, logistics = shop["group"].id, shop["logistics"]
    form = {
        f"day-{gid}": tomorrow().isoformat(),
        f"window-{gid}": str(logistics["windows"]["malam"].id),
        f"mode-{gid}": "pickup",
        f"point-{gid}": str(logistics["points"][0].id),
        "payment": "cod",
    }
    response = client.post("/checkout", data=form)
    assert response.status_code == 302, response.get_data(as_text=True)[:1500]
    order = db_session.scalars(select(Order)).one()
    assert (order.pickup_date, order.window_id) == (tomorrow(), logistics["windows"]["malam"].id)


def test_checkout_still_refuses_a_closed_date_or_a_window_not_served(
    client, db_session, login_as, shop
):
    _checkout_page(client, login_as, shop)
    gid, logistics = shop["group"].id, shop["logistics"]
    base = {
        f"mode-{gid}": "pickup",
        f"point-{gid}": str(logistics["points"][0].id),
        "payment": "cod",
    }
    yesterday = (now_wib().date() - timedelta(days=1)).isoformat()
    siang = str(logistics["windows"]["siang"].id)
    for day, window in ((yesterday, siang), (tomorrow().isoformat(), "999999"), ("", siang)):
        response = client.post(
            "/checkout", data=base | {f"day-{gid}": day, f"window-{gid}": window}
        )
        assert response.status_code == 422, (day, window)
    assert db_session.scalars(select(Order)).first() is None


# --- cancelling asks first ----------------------------------------------------------------------


def test_cancel_asks_for_confirmation_and_works_without_javascript(
    client, db_session, login_as, shop
):
    checkout = make_order(db_session, shop["buyer"], {shop["product"]: 2}, shop["logistics"])
    order_id = checkout.orders[0].id
    login_as(shop["buyer"])
    detail = client.get(f"/pesanan/{order_id}").get_data(as_text=True)
    # The order page links to a confirmation; it has no form that cancels in one tap.
    assert f'href="/pesanan/{order_id}/batal"' in detail
    assert f'action="/pesanan/{order_id}/batal"' not in detail
    confirm = client.get(f"/pesanan/{order_id}/batal")
    page = confirm.get_data(as_text=True)
    assert confirm.status_code == 200 and "Batalkan pesanan" in page
    assert f'action="/pesanan/{order_id}/batal"' in page and "Ya, batalkan pesanan" in page
    assert "tidak ada dana yang perlu dikembalikan" in page  # cash: nothing was paid
    assert db_session.get(Order, order_id).status == "placed"  # asking changed nothing
    assert client.post(f"/pesanan/{order_id}/batal").status_code == 302
    db_session.expire_all()
    assert db_session.get(Order, order_id).status == "cancelled"
    # A cancelled order has nothing to confirm any more.
    assert client.get(f"/pesanan/{order_id}/batal").status_code == 302


# --- a notice for every new order ---------------------------------------------------------------


def test_buyer_is_told_of_a_new_cash_order_as_of_a_paid_one(app, db_session, shop):
    checkout = make_order(db_session, shop["buyer"], {shop["product"]: 1}, shop["logistics"])
    order = checkout.orders[0]
    mine = db_session.scalars(
        select(Notification).where(Notification.user_id == shop["buyer"].id)
    ).all()
    assert [(n.kind, notify.text_of(n)) for n in mine] == [
        ("order_placed", f"Pesanan #{order.id}: Pesanan baru.")
    ]
    with app.test_request_context():
        assert notify.url_of(mine[0]) == f"/pesanan/{order.id}"


# --- the order list: how each order is paid, Rp beside its number -------------------------------


def test_order_list_shows_the_payment_method_and_whether_it_is_paid(
    client, db_session, login_as, shop
):
    open_order = make_order(db_session, shop["buyer"], {shop["product"]: 1}, shop["logistics"])
    done = make_sold_order(
        db_session, shop["group"], shop["buyer"], 30_000, logistics=shop["logistics"]
    )
    login_as(shop["buyer"])
    html = client.get("/pesanan").get_data(as_text=True)
    rows = re.findall(r'data-testid="my-order-payment">(.*?)</div>', html, re.S)
    texts = [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in rows]
    assert texts == ["tunai (COD) · Lunas", "tunai (COD) · Dibayar saat ambil/antar"], texts
    assert f"Rp{NBSP}30.000" in html and f"Rp{NBSP}15.000" in html
    assert open_order.orders[0].id != done.id


def test_rupiah_keeps_rp_with_its_number():
    from marketplace.core.formatting import rupiah

    assert rupiah(15000) == f"Rp{NBSP}15.000"
    assert rupiah(-2500) == f"-Rp{NBSP}2.500"


# --- product page and home ---------------------------------------------------------------------


def test_review_summary_counts_what_it_says_and_says_how_many_are_listed(client, db_session):
    logistics = make_logistics(db_session)
    group = make_group(db_session)
    product = make_product(db_session, group, name="Keripik tempe")
    buyer = make_user(db_session)
    ratings = [5, 4, 5, 3, 5, 4, 5, 5, 4, 5, 2, 5]
    for rating in ratings:
        order = make_sold_order(db_session, group, buyer, 15_000, logistics=logistics)
        make_review(db_session, order, product, rating)
    product.rating_count, product.rating_sum = len(ratings), sum(ratings)
    product.rating_avg = sum(ratings) / len(ratings)
    db_session.flush()
    html = client.get(f"/products/{product.id}").get_data(as_text=True)
    assert html.count('data-testid="review"') == 10
    assert "10 ulasan terbaru dari 12" in html
    average = f"{sum(ratings) / len(ratings):.1f}".replace(".", ",")  # Indonesian decimals
    assert "(12 ulasan)" in html and average in html


def test_demo_reviews_and_the_rating_summary_agree(runner, db_session):
    from sqlalchemy import func

    from marketplace.orders.models import Review

    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    counted = dict(
        db_session.execute(
            select(Review.product_id, func.count()).group_by(Review.product_id)
        ).all()
    )
    assert counted, "the demo has reviews"
    for product in db_session.scalars(select(Product)):
        assert product.rating_count == counted.get(product.id, 0), product.name


def test_permit_badge_names_its_type_once(client, db_session):
    group = make_group(db_session, pirt_number="P-IRT 2063325001-29", halal_number="ID3311000")
    product = make_product(db_session, group)
    html = client.get(f"/products/{product.id}").get_data(as_text=True)
    badge = re.search(r'data-testid="permit-pirt">([^<]*)<', html).group(1)
    assert badge == "P-IRT 2063325001-29"
    assert "P-IRT P-IRT" not in html


def test_home_newest_means_newest_added(client, db_session):
    from marketplace.core.timeutil import utcnow

    group = make_group(db_session)
    new = make_product(db_session, group, name="Baru ditambahkan")
    old = make_product(db_session, group, name="Lama tapi id besar")
    # The older one has the higher id (loaded later, e.g. by an import): "newest" is by when a
    # product was added, not by id.
    old.created_at = utcnow() - timedelta(days=30)
    new.created_at = utcnow()
    db_session.flush()
    assert old.id > new.id
    html = client.get("/").get_data(as_text=True)
    newest = html[html.index("Produk terbaru") :]
    assert newest.index("Baru ditambahkan") < newest.index("Lama tapi id besar")
