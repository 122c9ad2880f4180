"""Group side: the inbox, quoting, one live quote per group, never another group's prices."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from marketplace.investors import summary
from marketplace.orders.logistics import now_wib
from marketplace.procurement import states
from marketplace.procurement.rfq_models import Quote
from marketplace.procurement.track_record import track_records
from tests.factories import (
    make_group,
    make_logistics,
    make_product,
    make_review,
    make_sold_order,
    make_user,
)
from tests.investors.helpers import in_month
from tests.procurement.factories import make_company, make_quote, make_rfq


@pytest.fixture
def sent(db_session):
    """A sent konveksi request with two items, to group A (chair logged in by tests) and B."""
    group_a = make_group(db_session, sectors=("konveksi",), name="Kelompok Jahit Gringsing")
    group_b = make_group(db_session, sectors=("konveksi",), name="Kelompok Jahit Subah")
    rfq = make_rfq(
        db_session,
        make_company(db_session),
        items=(
            ("Wearpack navy", 600, {"sizes": {"M": 300, "L": 300}, "logo": "bordir"}),
            ("Rompi safety", 100, {}),
        ),
        recipients=(group_a, group_b),
    )
    db_session.commit()
    return rfq, group_a, group_b


def _quote_form(rfq, price=("151.000", "42.000"), qty=("600", "100"), **extra) -> dict:
    data = {
        "delivery_plan": "200 stel per minggu ke Gerbang 3",
        "lead_time_days": "21",
        "valid_until": (now_wib().date() + timedelta(days=14)).isoformat(),
    }
    for i, item in enumerate(rfq.items):
        data[f"lines-{i}-item_id"] = str(item.id)
        data[f"lines-{i}-unit_price"] = price[i]
        data[f"lines-{i}-quantity"] = qty[i]
    data.update(extra)
    return data


def _quotes(db_session, rfq, group) -> list[Quote]:
    db_session.expire_all()
    return list(
        db_session.scalars(select(Quote).where(Quote.rfq_id == rfq.id, Quote.group_id == group.id))
    )


def test_inbox_marks_new_and_the_quote_is_sent(client, db_session, login_as, sent):
    rfq, group_a, _b = sent
    login_as(group_a.chair)
    inbox = client.get("/pengadaan/kelompok/permintaan").get_data(as_text=True)
    assert "Wearpack navy" in inbox or rfq.title in inbox
    assert 'data-testid="rfq-new-badge"' in inbox and "700" in inbox
    page = client.get(f"/pengadaan/kelompok/permintaan/{rfq.id}").get_data(as_text=True)
    assert "Rompi safety" in page and "M 300" in page
    assert 'data-testid="rfq-new-badge"' not in client.get(
        "/pengadaan/kelompok/permintaan"
    ).get_data(as_text=True)
    response = client.post(f"/pengadaan/kelompok/permintaan/{rfq.id}", data=_quote_form(rfq))
    assert response.status_code == 303
    [quote] = _quotes(db_session, rfq, group_a)
    assert quote.status == states.QUOTE_SUBMITTED and quote.lead_time_days == 21
    assert {(ln.unit_price, ln.quantity_offered) for ln in quote.lines} == {
        (151_000, 600),
        (42_000, 100),
    }
    assert quote.total == 151_000 * 600 + 42_000 * 100


def test_double_submission_keeps_one_quote(client, db_session, login_as, sent):
    rfq, group_a, _b = sent
    login_as(group_a.chair)
    url = f"/pengadaan/kelompok/permintaan/{rfq.id}"
    assert client.post(url, data=_quote_form(rfq)).status_code == 303
    assert client.post(url, data=_quote_form(rfq)).status_code == 303
    assert client.post(url, data=_quote_form(rfq, price=("149.000", "41.000"))).status_code == 303
    [quote] = _quotes(db_session, rfq, group_a)
    assert sorted(ln.unit_price for ln in quote.lines) == [41_000, 149_000]


def test_withdraw_then_quote_again(client, db_session, login_as, sent):
    rfq, group_a, _b = sent
    login_as(group_a.chair)
    url = f"/pengadaan/kelompok/permintaan/{rfq.id}"
    client.post(url, data=_quote_form(rfq))
    assert client.post(f"{url}/tarik").status_code == 303
    assert client.post(f"{url}/tarik").status_code == 409  # nothing live left to withdraw
    assert client.post(url, data=_quote_form(rfq)).status_code == 303
    statuses = sorted(q.status for q in _quotes(db_session, rfq, group_a))
    assert statuses == [states.QUOTE_SUBMITTED, states.QUOTE_WITHDRAWN]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"qty": ("601", "100")}, "paling banyak 600"),
        ({"qty": ("0", "0")}, "minimal satu barang"),
        ({"price": ("", "42.000")}, "Isi harga satuan untuk Wearpack navy"),
        ({"price": ("1,5", "42.000")}, "Rupiah tidak memakai sen"),
    ],
)
def test_bad_quote_is_a_422_and_writes_nothing(client, db_session, login_as, sent, change, message):
    rfq, group_a, _b = sent
    login_as(group_a.chair)
    response = client.post(
        f"/pengadaan/kelompok/permintaan/{rfq.id}", data=_quote_form(rfq, **change)
    )
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert _quotes(db_session, rfq, group_a) == []


def test_bad_dates_and_lead_time(client, db_session, login_as, sent):
    rfq, group_a, _b = sent
    login_as(group_a.chair)
    yesterday = (now_wib().date() - timedelta(days=1)).isoformat()
    data = _quote_form(rfq, valid_until=yesterday, lead_time_days="0")
    response = client.post(f"/pengadaan/kelompok/permintaan/{rfq.id}", data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "tidak boleh sebelum hari ini" in page and "Wajib diisi" in page


def test_a_group_never_sees_another_groups_price(client, db_session, login_as, sent):
    rfq, group_a, group_b = sent
    make_quote(db_session, rfq, group_b, unit_price=987_654)
    db_session.commit()
    login_as(group_a.chair)
    page = client.get(f"/pengadaan/kelompok/permintaan/{rfq.id}").get_data(as_text=True)
    assert "987.654" not in page and group_b.name not in page
    client.post(f"/pengadaan/kelompok/permintaan/{rfq.id}", data=_quote_form(rfq))
    page = client.get(f"/pengadaan/kelompok/permintaan/{rfq.id}").get_data(as_text=True)
    assert "94.800.000" in page and "987.654" not in page and group_b.name not in page


def test_a_group_not_sent_the_request_finds_nothing(client, db_session, login_as, sent):
    rfq, _a, _b = sent
    outsider = make_group(db_session, sectors=("konveksi",))
    db_session.commit()
    login_as(outsider.chair)
    assert client.get(f"/pengadaan/kelompok/permintaan/{rfq.id}").status_code == 404
    assert (
        client.post(f"/pengadaan/kelompok/permintaan/{rfq.id}", data=_quote_form(rfq)).status_code
        == 404
    )
    assert rfq.title not in client.get("/pengadaan/kelompok/permintaan").get_data(as_text=True)


def test_quoting_a_cancelled_request_is_a_409(client, db_session, login_as, sent):
    rfq, group_a, _b = sent
    rfq.status = states.RFQ_CANCELLED
    db_session.commit()
    login_as(group_a.chair)
    response = client.post(f"/pengadaan/kelompok/permintaan/{rfq.id}", data=_quote_form(rfq))
    assert response.status_code == 409
    assert _quotes(db_session, rfq, group_a) == []
    page = client.get(f"/pengadaan/kelompok/permintaan/{rfq.id}").get_data(as_text=True)
    assert "tidak lagi menerima penawaran" in page and 'data-testid="quote-submit"' not in page


def test_cancelling_a_request_declines_its_quotes(client, db_session, login_as, sent):
    rfq, group_a, _b = sent
    quote = make_quote(db_session, rfq, group_a)
    db_session.commit()
    login_as(rfq.company.members[0].user)
    client.post(f"/pengadaan/permintaan/{rfq.id}/batal", data={"reason": "Anggaran dipotong"})
    db_session.expire_all()
    assert quote.status == states.QUOTE_DECLINED


def test_work_page_panel_counts_open_requests(client, db_session, login_as, sent):
    rfq, group_a, _b = sent
    login_as(group_a.chair)
    page = client.get("/kelompok/saya").get_data(as_text=True)
    assert 'data-testid="work-rfq-open">1<' in page
    assert "/pengadaan/kelompok/permintaan" in page
    client.post(f"/pengadaan/kelompok/permintaan/{rfq.id}", data=_quote_form(rfq))
    page = client.get("/kelompok/saya").get_data(as_text=True)
    assert 'data-testid="work-rfq-open">0<' in page


def test_group_page_renders_in_english(client, db_session, login_as, sent):
    rfq, group_a, _b = sent
    login_as(group_a.chair)
    client.get("/bahasa/en")
    page = client.get(f"/pengadaan/kelompok/permintaan/{rfq.id}").get_data(as_text=True)
    assert "Send quote" in page and "Kirim penawaran" not in page
    assert "Quote requests" in client.get("/pengadaan/kelompok/permintaan").get_data(as_text=True)


def test_track_records_equal_the_investor_summary(db_session):
    logistics = make_logistics(db_session)
    buyer = make_user(db_session)
    groups = []
    for n_orders, late in ((5, 2), (1, 0), (0, 0)):
        group = make_group(db_session, sectors=("konveksi",))
        product = make_product(db_session, group, category="konveksi")
        for i in range(n_orders):
            moment = in_month(i % 3)
            pickup = (moment - timedelta(days=3)).date() if i < late else None
            order = make_sold_order(
                db_session,
                group,
                buyer,
                40_000,
                completed_at=moment,
                pickup_date=pickup,
                logistics=logistics,
            )
            make_review(db_session, order, product, 3 + i % 3)
        old = make_sold_order(
            db_session, group, buyer, 40_000, completed_at=in_month(13), logistics=logistics
        )
        make_review(db_session, old, product, 1, created_at=in_month(13))
        groups.append(group)
    records = track_records(db_session, [g.id for g in groups])
    for group in groups:
        values = summary.compute(db_session, group).values
        record = records[group.id]
        assert record.completed_orders == values["completed_orders"]
        assert record.on_time_rate == values["on_time_rate"]
        assert record.rating_avg == values["rating_avg"]
        assert record.rating_count == values["rating_count"]
    assert records[groups[0].id].on_time_rate == "60.0"
    assert db_session.scalar(select(func.count(Quote.id))) == 0
