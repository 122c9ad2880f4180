"""Pak Darto's working day: he lands on the group's work page, works the inbox newest first a
page at a time, prints the rekap of the next day with orders, finds the balance and settings."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import update

from marketplace.core.timeutil import utcnow
from marketplace.orders.checkout import Selection, place_checkout
from marketplace.orders.logistics import now_wib
from marketplace.orders.models import Order
from marketplace.payments.models import LedgerEntry
from tests.conftest import login
from tests.factories import (
    fill_cart,
    make_group,
    make_logistics,
    make_order,
    make_product,
    make_service,
    make_user,
)


@pytest.fixture
def darto(db_session):
    """Pak Darto's group with two products, a balance, and the shared logistics."""
    logistics = make_logistics(db_session)
    group = make_group(db_session, name="Dapur Pak Darto")
    make_service(db_session, group, logistics)
    nasi = make_product(db_session, group, name="Nasi Kotak", price=15000, stock=200)
    make_product(db_session, group, name="Keripik Tempe", price=8000, stock=3)
    db_session.add(LedgerEntry(group_id=group.id, kind="earning", amount=1_234_000))
    db_session.flush()
    return {"logistics": logistics, "group": group, "nasi": nasi, "chair": group.chair}


def _order(db_session, world, buyer, *, day=None, window="siang", qty=1, minutes_ago=0):
    """A placed pickup order; for today it is written as booked earlier (today's windows may
    be past their cutoff at the time the test runs)."""
    today = now_wib().date()
    checkout = make_order(
        db_session,
        buyer,
        {world["nasi"]: qty},
        world["logistics"],
        day=None if day == today else day,
        window=window,
    )
    order = checkout.orders[0]
    db_session.execute(
        update(Order)
        .where(Order.id == order.id)
        .values(
            created_at=utcnow() - timedelta(minutes=minutes_ago),
            pickup_date=day or order.pickup_date,
        )
    )
    return order


def _delivery(db_session, world, buyer, day, note):
    fill_cart(db_session, buyer, {world["nasi"]: 2})
    selection = Selection(
        "delivery",
        day,
        world["logistics"]["windows"]["malam"].id,
        delivery_zone_id=world["logistics"]["zones"][0].id,
        address_note=note,
    )
    return place_checkout(db_session, buyer, {world["group"].id: selection}, "cod").orders[0]


def _set_status(db_session, order, status):
    db_session.execute(update(Order).where(Order.id == order.id).values(status=status))


def test_a_producer_lands_on_the_work_page_and_next_still_wins(client, db_session, darto):
    response = login(client, darto["chair"].email)
    assert response.headers["Location"] == "/kelompok/saya"
    client.post("/akun/keluar")
    response = client.post(
        "/akun/masuk?next=/produsen/rekap",
        data={"identifier": darto["chair"].email, "password": "rahasia123"},
    )
    assert response.headers["Location"] == "/produsen/rekap"
    # already logged in: /akun/masuk leads to the work page too, and still honours next=
    assert client.get("/akun/masuk").headers["Location"] == "/kelompok/saya"
    assert client.get("/akun/masuk?next=/pesanan").headers["Location"] == "/pesanan"
    assert client.get("/akun/masuk?next=//evil.example").headers["Location"] == "/kelompok/saya"
    client.post("/akun/keluar")
    buyer = make_user(db_session)
    assert login(client, buyer.email).headers["Location"] == "/"


def test_work_page_puts_new_orders_pickups_low_stock_and_balance_first(
    client, db_session, login_as, darto
):
    buyer = make_user(db_session, name="Siti Rahayu")
    today = now_wib().date()
    newest = _order(db_session, darto, buyer, minutes_ago=1)
    older = _order(db_session, darto, buyer, window="malam", minutes_ago=30)
    ready = _order(db_session, darto, buyer, day=today, window="malam", minutes_ago=60)
    _set_status(db_session, ready, "ready")
    login_as(darto["chair"])
    html = client.get("/kelompok/saya").get_data(as_text=True)
    order_of = [html.index(f'data-testid="work-{p}"') for p in ("new-orders", "pickups")]
    order_of += [html.index(f'data-testid="work-{p}"') for p in ("low-stock", "balance")]
    assert order_of == sorted(order_of) and order_of[-1] < html.index("Anggota")
    new_orders = html.split('data-testid="work-new-orders"')[1].split("</section>")[0]
    assert new_orders.index(f"#{newest.id} ·") < new_orders.index(f"#{older.id} ·")
    assert f"#{ready.id} ·" not in new_orders and "Siti Rahayu" in new_orders
    assert 'data-testid="work-to-accept">2<' in html
    pickups = html.split('data-testid="work-pickups"')[1].split("</section>")[0]
    assert "Hari ini" in pickups and "Besok" in pickups
    assert "Malam 18.00–19.30 WIB: 1 pesanan" in pickups.replace("&ndash;", "–")
    assert pickups.count('data-testid="work-pickup"') == 3  # today malam, tomorrow siang+malam
    low = html.split('data-testid="work-low-stock"')[1].split("</section>")[0]
    assert "Keripik Tempe" in low and "sisa 3 pcs" in low and "Nasi Kotak" not in low
    assert 'data-testid="work-balance-amount">Rp\u00a01.234.000<' in html


def test_producer_nav_has_the_balance_and_service_settings(client, db_session, login_as, darto):
    login_as(darto["chair"])
    html = client.get("/produsen/pesanan").get_data(as_text=True)
    nav = html.split("</nav>")[0]
    assert 'href="/kelompok/saya/saldo"' in nav and 'href="/produsen/layanan"' in nav
    client.post("/akun/keluar")
    login_as(make_user(db_session))  # a buyer sees neither
    nav = client.get("/").get_data(as_text=True).split("</nav>")[0]
    assert "/kelompok/saya/saldo" not in nav and "/produsen/layanan" not in nav


def _inbox_ids(html: str) -> list[int]:
    return [
        int(n)
        for n in re.findall(r'data-testid="inbox-order">\s*<div[^>]*><span[^>]*>#(\d+)', html)
    ]


def test_inbox_is_newest_first_in_pages_with_counts(client, db_session, login_as, darto):
    buyer = make_user(db_session)
    today = now_wib().date()
    orders = [_order(db_session, darto, buyer, minutes_ago=100 - i) for i in range(45)]
    for order in orders[:5]:
        _set_status(db_session, order, "accepted")
    today_ready = _order(db_session, darto, buyer, day=today, window="malam", minutes_ago=200)
    _set_status(db_session, today_ready, "ready")
    login_as(darto["chair"])
    page1 = client.get("/produsen/pesanan").get_data(as_text=True)
    ids = _inbox_ids(page1)
    assert ids == [o.id for o in reversed(orders)][:20]
    assert 'data-testid="inbox-next"' in page1 and "?hal=2" in page1
    page3 = client.get("/produsen/pesanan?hal=3").get_data(as_text=True)
    assert _inbox_ids(page3) == [o.id for o in reversed(orders[:5])] + [today_ready.id]
    assert 'data-testid="inbox-next"' not in page3
    # a page far beyond the cap answers the last allowed page, not an error or a huge offset
    assert client.get("/produsen/pesanan?hal=99999999999").status_code == 200
    # counts of what needs doing, each a link to the filtered list
    counts = page1.split('data-testid="inbox-counts"')[1].split("</form>")[0]
    assert re.search(r'count-to-accept"><span[^>]*>40</span><span[^>]*>Perlu diterima<', counts)
    assert re.search(
        r'count-ready-today"><span[^>]*>1</span><span[^>]*>Siap diserahkan hari ini<', counts
    )
    ready = client.get(f"/produsen/pesanan?status=ready&tanggal={today.isoformat()}")
    assert _inbox_ids(ready.get_data(as_text=True)) == [today_ready.id]
    # filters are kept when paging
    accepted = client.get("/produsen/pesanan?status=placed&hal=2").get_data(as_text=True)
    assert _inbox_ids(accepted) == [o.id for o in reversed(orders[5:])][20:40]
    assert "status=placed" in accepted.split('data-testid="inbox-pages"')[1]


def test_rekap_opens_on_the_next_day_with_orders_and_lists_them(
    client, db_session, login_as, darto
):
    buyer = make_user(db_session, name="Bu Ratna Sari")
    later = now_wib().date() + timedelta(days=3)
    pickup = _order(db_session, darto, buyer, day=later, qty=4)
    delivered = _delivery(db_session, darto, buyer, later, "Mess Blok C kamar 12, titip satpam")
    login_as(darto["chair"])
    html = client.get("/produsen/rekap").get_data(as_text=True)
    assert html.count('data-testid="rekap-window"') == 2  # today is empty: it opened on `later`
    rows = [re.sub(r"<[^>]+>", "", row) for row in html.split('data-testid="rekap-order"')[1:]]
    assert len(rows) == 2
    assert (
        f"#{pickup.id}" in rows[0] and "Bu Ratna Sari" in rows[0] and "4 pcs Nasi Kotak" in rows[0]
    )
    assert f"#{delivered.id}" in rows[1] and "Mess Blok C kamar 12, titip satpam" in rows[1]
    assert 'aria-current="date"' in html.split('data-testid="rekap-days"')[1]
    today = now_wib().date().isoformat()
    empty = client.get(f"/produsen/rekap?tanggal={today}").get_data(as_text=True)
    assert "Tidak ada pesanan untuk disiapkan" in empty
