"""Every money field reads `50.000.000` as fifty million and refuses `1.5` with a message."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from marketplace.catalog.product_models import Product
from marketplace.core.money import RupiahError, parse_rupiah
from marketplace.investors.pitch_models import Pitch
from marketplace.orders.models import GroupDeliveryZone
from marketplace.payments.models import LedgerEntry
from tests.factories import make_group, make_logistics, make_service, make_user, make_vetted_group

NO_CENTS = "Rupiah tidak memakai sen"


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("15000", 15_000),
        ("15.000", 15_000),
        ("50.000.000", 50_000_000),
        ("Rp 50.000.000", 50_000_000),
        ("Rp. 15.000,-", 15_000),
        ("1,500", 1_500),
        ("50 000 000", 50_000_000),
        ("  7.500 ", 7_500),
        ("", None),
    ],
)
def test_thousands_separators_are_read_as_thousands(typed, amount):
    assert parse_rupiah(typed) == amount


@pytest.mark.parametrize("typed", ["1.5", "1,5", "12,50", "15.000,50", "1.5000"])
def test_decimals_are_refused_as_cents(typed):
    with pytest.raises(RupiahError) as caught:
        parse_rupiah(typed)
    assert NO_CENTS in str(caught.value)


@pytest.mark.parametrize("typed", ["abc", "-5", "1.50.000", "9" * 30, "1e3"])
def test_other_text_is_refused(typed):
    with pytest.raises(RupiahError) as caught:
        parse_rupiah(typed)
    assert NO_CENTS not in str(caught.value)


def _product(client, price: str):
    return client.post(
        "/kelompok/saya/produk/baru",
        data={
            "name": "Keripik Tempe",
            "category": "makanan-minuman",
            "price": price,
            "unit": "pcs",
            "sale_type": "ready",
            "stock": "5",
            "min_order": "1",
        },
    )


def test_product_price(client, db_session, login_as):
    group = make_group(db_session)
    login_as(group.chair)
    for typed in ("1.5", "1,5"):
        response = _product(client, typed)
        assert response.status_code == 422 and NO_CENTS in response.get_data(as_text=True)
    assert db_session.scalar(select(Product.id).where(Product.group_id == group.id)) is None
    assert _product(client, "15.000").status_code == 302
    assert db_session.scalar(select(Product.price).where(Product.group_id == group.id)) == 15_000
    form = client.get("/kelompok/saya/produk/baru").get_data(as_text=True)
    assert (
        'id="price"' in form
        and 'inputmode="numeric"' in form
        and 'type="number"' not in (form.split('id="price"')[0].rsplit("<input", 1)[-1])
    )


PITCH = {
    "title": "Tambah 5 mesin jahit",
    "amount": "50.000.000",
    "partnership": "bagi_hasil",
    "timeline": "Mesin dibeli Januari",
    "new_jobs": "4",
    "lines-0-description": "5 mesin jahit industri",
    "lines-0-amount": "40.000.000",
    "lines-1-description": "Modal kain",
    "lines-1-amount": "Rp 10.000.000",
}


def test_pitch_amount_and_fund_lines(client, db_session, login_as):
    group = make_vetted_group(db_session)
    login_as(group.chair)
    page = client.get("/produsen/investasi/proposal/baru").get_data(as_text=True)
    assert 'type="number" id="amount"' not in page and 'name="lines-0-amount"' in page
    bad = client.post("/produsen/investasi/proposal/baru", data=PITCH | {"lines-1-amount": "1,5"})
    assert bad.status_code == 422 and NO_CENTS in bad.get_data(as_text=True)
    assert client.post("/produsen/investasi/proposal/baru", data=PITCH).status_code == 302
    pitch = db_session.scalars(select(Pitch).where(Pitch.group_id == group.id)).one()
    assert pitch.amount == 50_000_000
    assert [line.amount for line in pitch.lines] == [40_000_000, 10_000_000]


def test_payout_amount(client, db_session, login_as):
    group = make_group(db_session)
    db_session.add(LedgerEntry(group_id=group.id, kind="earning", amount=80_000))
    db_session.flush()
    login_as(make_user(db_session, role="officer"))
    data = {"group_id": group.id, "amount": "1,5", "reference": "TRF-1", "note": ""}
    bad = client.post("/pendamping/pembayaran", data=data)
    assert bad.status_code == 422 and NO_CENTS in bad.get_data(as_text=True)
    assert client.post("/pendamping/pembayaran", data=data | {"amount": "50.000"}).status_code == (
        302
    )
    payouts = db_session.scalars(
        select(LedgerEntry.amount).where(
            LedgerEntry.group_id == group.id, LedgerEntry.kind == "payout"
        )
    ).all()
    assert payouts == [-50_000]


def test_delivery_fee(client, db_session, login_as):
    logistics = make_logistics(db_session)
    group = make_group(db_session)
    make_service(db_session, group, logistics)
    login_as(group.chair)
    zone = logistics["zones"][0]
    form = {
        "points": [str(logistics["points"][0].id)],
        "windows": [str(logistics["windows"]["siang"].id)],
        f"zone-{zone.id}": "1",
        "cutoff_minutes": "120",
    }
    bad = client.post("/produsen/layanan", data=form | {f"fee-{zone.id}": "2,5"})
    assert bad.status_code == 422 and NO_CENTS in bad.get_data(as_text=True)
    assert client.post("/produsen/layanan", data=form | {f"fee-{zone.id}": "Rp 4.000"}).status_code
    db_session.expire_all()
    assert db_session.get(GroupDeliveryZone, (group.id, zone.id)).fee == 4_000
