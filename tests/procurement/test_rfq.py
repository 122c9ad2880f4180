"""Company side of requests for quotation: writing a draft, sending, cancelling, the list and
the detail with the quotes side by side and each group's track record."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from marketplace.orders.logistics import now_wib
from marketplace.procurement import states
from marketplace.procurement.models import ROLE_FINANCE
from marketplace.procurement.rfq_forms import UNIT_LABELS
from marketplace.procurement.rfq_models import UNITS, Rfq, RfqAttachment
from tests.catalog.helpers import pdf_bytes
from tests.factories import (
    make_group,
    make_logistics,
    make_product,
    make_review,
    make_sold_order,
    make_user,
)
from tests.investors.helpers import in_month
from tests.procurement.factories import add_company_member, make_company, make_quote, make_rfq
from tests.querycount import count_queries

# Statements per page (the user, the membership, the page's own, the nav's cart and notices):
# the list is the company and one page of requests with their counts; the detail loads the
# request with items, attachments, recipients and groups, the roles, the quotes with their
# lines and groups, and the track records in one statement.
LIST_QUERIES = 5
DETAIL_QUERIES = 12


def _day(n: int) -> str:
    return (now_wib().date() + timedelta(days=n)).isoformat()


def _garment_form(**extra) -> dict:
    data = {
        "title": "Wearpack lini baru",
        "category": "konveksi",
        "needed_by": _day(30),
        "point_id": "0",
        "window_id": "0",
        "items-0-name": "Wearpack navy",
        "items-0-unit": "stel",
        "items-0-size_S": "100",
        "items-0-size_M": "200",
        "items-0-size_XL": "50",
        "items-0-logo": "bordir",
        "items-0-logo_note": "Logo dada kiri 8 cm",
        "budget": "Rp 90.000.000",
        "sample_required": "y",
    }
    data.update(extra)
    return data


@pytest.fixture
def staff(db_session, login_as):
    company = make_company(db_session)
    user = company.members[0].user
    db_session.commit()
    login_as(user)
    return company


def _count_rfqs(db_session) -> int:
    return db_session.scalar(select(func.count(Rfq.id)))


def test_units_have_labels():
    assert set(UNIT_LABELS) == set(UNITS)


def test_garment_request_sums_the_sizes(client, db_session, staff):
    response = client.post("/pengadaan/permintaan/baru", data=_garment_form())
    assert response.status_code == 303
    rfq = db_session.scalars(select(Rfq).where(Rfq.company_id == staff.id)).one()
    assert rfq.status == states.RFQ_DRAFT and rfq.number.startswith("RFQ-")
    assert rfq.budget == 90_000_000 and rfq.sample_required
    [item] = rfq.items
    assert item.quantity == 350 and item.unit == "stel"
    assert item.spec == {
        "sizes": {"S": 100, "M": 200, "XL": 50},
        "logo": "bordir",
        "logo_note": "Logo dada kiri 8 cm",
    }
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Wearpack navy" in page and "XL 50" in page and "Bordir" in page
    assert 'data-testid="rfq-send"' in page


def test_meal_request_needs_gate_and_days(client, db_session, staff):
    logistics = make_logistics(db_session)
    db_session.commit()
    data = {
        "title": "Nasi kotak shift siang",
        "category": "makanan-minuman",
        "recurring": "y",
        "point_id": "0",
        "window_id": "0",
        "items-0-name": "Nasi ayam + sayur",
        "items-0-per_day": "250",
        "items-0-unit": "kotak",
    }
    response = client.post("/pengadaan/permintaan/baru", data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert (
        "Pilih gerbang" in page and "Pilih jam shift" in page and "Pilih minimal satu hari" in page
    )
    assert _count_rfqs(db_session) == 0
    data.update(
        {
            "point_id": str(logistics["points"][0].id),
            "window_id": str(logistics["windows"]["siang"].id),
            "items-0-days": ["0", "1", "2", "3", "4"],
        }
    )
    assert client.post("/pengadaan/permintaan/baru", data=data).status_code == 303
    rfq = db_session.scalars(select(Rfq)).one()
    assert rfq.recurring and rfq.needed_by is None
    assert rfq.items[0].spec == {
        "menu": "Nasi ayam + sayur",
        "per_day": 250,
        "days": [0, 1, 2, 3, 4],
    }


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"items-0-size_S": "", "items-0-size_M": "", "items-0-size_XL": ""},
            "Isi jumlah per ukuran",
        ),
        (
            {"items-0-name": "", "items-0-size_S": "", "items-0-size_M": "", "items-0-size_XL": ""},
            "Isi minimal satu barang",
        ),
        ({"needed_by": ""}, "Isi tanggal dibutuhkan"),
        ({"needed_by": _day(-1)}, "Tanggal harus setelah hari ini"),
        ({"budget": "1,5"}, "Rupiah tidak memakai sen"),
        ({"recurring": "y"}, "Permintaan rutin hanya untuk makanan"),
        ({"items-0-size_M": "-3"}, "Jumlah 0 sampai 1.000.000"),
        ({"title": ""}, "Wajib diisi"),
    ],
)
def test_bad_input_is_a_422_and_writes_nothing(client, db_session, staff, change, message):
    response = client.post("/pengadaan/permintaan/baru", data=_garment_form(**change))
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert _count_rfqs(db_session) == 0


def test_attachments_are_checked_and_stored(client, db_session, staff):
    data = _garment_form()
    data["files"] = [(io.BytesIO(b"not a pdf at all"), "logo.exe")]
    response = client.post(
        "/pengadaan/permintaan/baru", data=data, content_type="multipart/form-data"
    )
    assert response.status_code == 422
    assert "Kirim berkas PDF atau foto" in response.get_data(as_text=True)
    assert _count_rfqs(db_session) == 0
    data = _garment_form()
    data["files"] = [(io.BytesIO(pdf_bytes()), "desain logo.pdf")]
    response = client.post(
        "/pengadaan/permintaan/baru", data=data, content_type="multipart/form-data"
    )
    assert response.status_code == 303
    attachment = db_session.scalars(select(RfqAttachment)).one()
    assert attachment.filename == "desain logo.pdf" and attachment.content_type == "application/pdf"
    url = f"/pengadaan/permintaan/{attachment.rfq_id}/lampiran/{attachment.id}"
    download = client.get(url)
    assert download.status_code == 200 and download.data.startswith(b"%PDF-")


def test_send_then_cancel_with_reason(client, db_session, staff):
    group = make_group(db_session, sectors=("konveksi",))
    rfq = make_rfq(db_session, staff, status=states.RFQ_DRAFT)
    db_session.commit()
    assert client.post(f"/pengadaan/permintaan/{rfq.id}/kirim").status_code == 303
    db_session.expire_all()
    assert rfq.status == states.RFQ_SENT and [r.group_id for r in rfq.recipients] == [group.id]
    assert client.post(f"/pengadaan/permintaan/{rfq.id}/kirim").status_code == 409
    response = client.post(f"/pengadaan/permintaan/{rfq.id}/batal", data={"reason": ""})
    assert response.status_code == 422
    assert "Alasan wajib diisi" in response.get_data(as_text=True)
    response = client.post(f"/pengadaan/permintaan/{rfq.id}/batal", data={"reason": "Lini ditunda"})
    assert response.status_code == 303
    db_session.expire_all()
    assert rfq.status == states.RFQ_CANCELLED and rfq.status_reason == "Lini ditunda"
    assert (
        client.post(f"/pengadaan/permintaan/{rfq.id}/batal", data={"reason": "x"}).status_code
        == 409
    )


def test_other_companies_and_other_roles(client, db_session, login_as):
    company = make_company(db_session)
    rfq = make_rfq(db_session, company, status=states.RFQ_DRAFT)
    other = make_company(db_session)
    finance = add_company_member(db_session, company, ROLE_FINANCE)
    db_session.commit()
    login_as(other.members[0].user)
    assert client.get(f"/pengadaan/permintaan/{rfq.id}").status_code == 404
    assert client.post(f"/pengadaan/permintaan/{rfq.id}/kirim").status_code == 404
    assert f"{rfq.number}" not in client.get("/pengadaan/permintaan").get_data(as_text=True)
    client.post("/akun/keluar")
    login_as(finance)
    assert client.get(f"/pengadaan/permintaan/{rfq.id}").status_code == 200
    assert client.post(f"/pengadaan/permintaan/{rfq.id}/kirim").status_code == 403
    assert client.get("/pengadaan/permintaan/baru").status_code == 403


def _with_history(db_session, logistics, buyer, *, completed: int, late: int, stars: list[int]):
    group = make_group(db_session, sectors=("konveksi",))
    product = make_product(db_session, group, category="konveksi")
    orders = []
    for i in range(completed):
        moment = in_month(1)
        pickup = (moment - timedelta(days=2)).date() if i < late else None
        orders.append(
            make_sold_order(
                db_session,
                group,
                buyer,
                50_000,
                completed_at=moment,
                pickup_date=pickup,
                logistics=logistics,
            )
        )
    for order, rating in zip(orders, stars, strict=False):
        make_review(db_session, order, product, rating)
    return group


def test_quotes_side_by_side_with_track_record_and_fixed_queries(app, client, db_session, staff):
    logistics = make_logistics(db_session)
    buyer = make_user(db_session)
    rfq = make_rfq(db_session, staff)
    good = _with_history(db_session, logistics, buyer, completed=4, late=1, stars=[5, 4])
    make_quote(db_session, rfq, good, unit_price=155_000)
    fresh = make_group(db_session, sectors=("konveksi",), name="Kelompok Baru Sekali")
    expired = make_quote(db_session, rfq, fresh, unit_price=149_000)
    expired.valid_until = now_wib().date() - timedelta(days=1)
    db_session.commit()
    url = f"/pengadaan/permintaan/{rfq.id}"
    with count_queries(app) as small:
        page = client.get(url).get_data(as_text=True)
    assert "155.000" in page and "149.000" in page
    assert "75,0" in page  # on time: 3 of 4
    assert "★ 4,5" in page and 'data-testid="quote-expired"' in page
    assert page.count('data-testid="quote-row"') == 2
    for _ in range(3):
        make_quote(
            db_session,
            rfq,
            _with_history(db_session, logistics, buyer, completed=2, late=0, stars=[3]),
        )
    db_session.commit()
    with count_queries(app) as large:
        page = client.get(url).get_data(as_text=True)
    assert page.count('data-testid="quote-row"') == 5
    assert len(large) == len(small) == DETAIL_QUERIES, small


def test_list_pages_with_fixed_queries(app, client, db_session, staff):
    for i in range(3):
        make_rfq(db_session, staff, items=((f"Rompi {i}", 10, {}),))
    db_session.commit()
    with count_queries(app) as small:
        page = client.get("/pengadaan/permintaan").get_data(as_text=True)
    assert page.count('data-testid="rfq-row"') == 3 and "Terkirim, menunggu penawaran" in page
    for i in range(22):
        make_rfq(db_session, staff, items=((f"Helm {i}", 10, {}),))
    db_session.commit()
    with count_queries(app) as large:
        page = client.get("/pengadaan/permintaan").get_data(as_text=True)
    assert page.count('data-testid="rfq-row"') == 20
    assert len(large) == len(small) == LIST_QUERIES, small
    next_url = page.split('data-testid="rfq-next"')[0].rsplit('href="', 1)[1].split('"')[0]
    second = client.get(next_url.replace("&amp;", "&")).get_data(as_text=True)
    assert second.count('data-testid="rfq-row"') == 5 and "Rompi 0" in second


def test_pages_render_in_english(client, db_session, staff):
    rfq = make_rfq(db_session, staff)
    make_quote(db_session, rfq, make_group(db_session, sectors=("konveksi",)))
    db_session.commit()
    client.get("/bahasa/en")
    page = client.get(f"/pengadaan/permintaan/{rfq.id}").get_data(as_text=True)
    assert "Quotes received" in page and "Track record" in page and "Penawaran masuk" not in page
    listing = client.get("/pengadaan/permintaan").get_data(as_text=True)
    assert "Sent, waiting for quotes" in listing
    form = client.get("/pengadaan/permintaan/baru?kategori=konveksi").get_data(as_text=True)
    assert "Save draft" in form
