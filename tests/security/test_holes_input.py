"""Malformed input an outside attacker sent: answered 4xx with a message, never a 500.

Deeply nested JSON, ids beyond the database's integer range, quantities that are not whole
numbers, names with tabs and carriage returns, PDFs that run JavaScript.
"""

from __future__ import annotations

import io

import pytest
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject
from sqlalchemy import select

from marketplace.accounts.models import User
from marketplace.catalog.models import ProducerGroup
from marketplace.catalog.product_models import Product
from marketplace.core.security import MAX_DB_INT, parse_id
from marketplace.investors import documents
from marketplace.orders.models import CartItem, Order
from tests.factories import (
    fill_cart,
    make_group,
    make_logistics,
    make_product,
    make_service,
    make_user,
)
from tests.orders.helpers import pickup_form

HUGE = "99999999999999999999"  # beyond PostgreSQL's INTEGER and SQLite's 64-bit integers


@pytest.mark.parametrize("body", ["[" * 1000, "[" * 100_000, "[" * 5000 + "]" * 5000])
def test_deeply_nested_notification_is_malformed_not_a_crash(client, body):
    response = client.post(
        "/payments/midtrans/notification", data=body, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.get_json() == {"outcome": "malformed"}


def test_one_bounded_parser_for_form_and_query_ids():
    assert parse_id("42") == 42 and parse_id(" 7 ") == 7 and parse_id(str(MAX_DB_INT)) == MAX_DB_INT
    for bad in (str(MAX_DB_INT + 1), HUGE, "0", "-3", "1e3", "²", "4.0", "", None, "0x10"):
        assert parse_id(bad) is None, bad


@pytest.fixture
def cart_shop(db_session):
    logistics = make_logistics(db_session)
    group = make_group(db_session, name="Dapur Bu Sri")
    make_service(db_session, group, logistics)
    product = make_product(db_session, group, name="Nasi Kotak Ayam", price=15000, stock=10)
    return {
        "logistics": logistics,
        "group": group,
        "product": product,
        "buyer": make_user(db_session),
    }


@pytest.mark.parametrize(
    "field", ["slot", "point", "group"], ids=["window id", "point id", "group id"]
)
def test_checkout_with_ids_beyond_the_integer_range_is_refused(
    client, db_session, login_as, cart_shop, field
):
    group = cart_shop["group"]
    fill_cart(db_session, cart_shop["buyer"], {cart_shop["product"]: 2})
    login_as(cart_shop["buyer"])
    form = pickup_form(group, cart_shop["logistics"])
    if field == "slot":
        form[f"slot-{group.id}"] = form[f"slot-{group.id}"].split("|")[0] + "|" + HUGE
    elif field == "point":
        form[f"point-{group.id}"] = HUGE
    else:
        form = {k.replace(f"-{group.id}", f"-{HUGE}"): v for k, v in form.items()}
    response = client.post("/checkout", data=form | {"payment": "cod"})
    assert response.status_code == 422
    assert db_session.scalar(select(Order.id)) is None
    hub = client.get(f"/produsen/pesanan?jam={HUGE}&titik={HUGE}")
    assert hub.status_code in (302, 403)  # not a producer; never a 500


@pytest.mark.parametrize("quantity", ["99999999999", "abc", "1e3", "1.5", "-2", "²"])
def test_cart_refuses_a_quantity_that_is_not_a_whole_number(
    client, db_session, login_as, cart_shop, quantity
):
    product = cart_shop["product"]
    login_as(cart_shop["buyer"])
    response = client.post(
        "/keranjang/tambah", data={"product_id": product.id, "quantity": quantity}
    )
    assert response.status_code == 422
    assert "Jumlah harus angka bulat" in response.get_data(as_text=True)
    assert db_session.scalar(select(CartItem.id)) is None  # nothing stored, not quietly 1
    client.post("/keranjang/tambah", data={"product_id": product.id, "quantity": "2"})
    changed = client.post(f"/keranjang/ubah/{product.id}", data={"quantity": quantity})
    assert changed.status_code == 422
    assert "Jumlah harus angka bulat" in changed.get_data(as_text=True)
    db_session.expire_all()
    assert db_session.scalars(select(CartItem.quantity)).all() == [2]


def test_anonymous_cart_refuses_a_bad_quantity_too(client, cart_shop):
    product = cart_shop["product"]
    response = client.post("/keranjang/tambah", data={"product_id": product.id, "quantity": "1e3"})
    assert response.status_code == 422
    assert "Nasi Kotak Ayam" not in client.get("/keranjang").get_data(as_text=True)


def test_names_have_their_whitespace_normalised(client, db_session, login_as):
    registered = client.post(
        "/akun/daftar",
        data={
            "name": " Siti\t\tRahayu\r\n",
            "email": "siti.spasi@contoh.id",
            "phone": "081298765432",
            "password": "rahasia123",
            "confirm": "rahasia123",
        },
    )
    assert registered.status_code == 303
    user = db_session.scalars(select(User).where(User.email == "siti.spasi@contoh.id")).one()
    assert user.name == "Siti Rahayu"
    login_as(user)
    group_form = {
        "name": "Konveksi\tMaju \r Jaya\t",
        "sectors": ["konveksi"],
        "kecamatan": "Gringsing",
        "village": " Plelen\t",
        "address": "Jl. Raya Plelen 5",
        "member_count": "12",
        "nib": "9120001234567",
        "whatsapp": "0857 4000 1234",
        "description": "Seragam kerja.",
    }
    assert client.post("/kelompok/daftar", data=group_form).status_code == 302
    group = db_session.scalars(select(ProducerGroup)).one()
    assert (group.name, group.village) == ("Konveksi Maju Jaya", "Plelen")
    product_form = {
        "name": "Kaos\t\tSablon\r",
        "category": "konveksi",
        "description": "Kaos.",
        "price": "65000",
        "unit": "pcs",
        "stock": "5",
        "min_order": "1",
        "sale_type": "ready",
        "lead_time_days": "0",
    }
    response = client.post("/kelompok/saya/produk/baru", data=product_form)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    assert db_session.scalars(select(Product.name)).all() == ["Kaos Sablon"]


def _pdf(**root_entries) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    for key, value in root_entries.items():
        writer._root_object[NameObject(f"/{key}")] = value
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _js_action(code: str = "app.alert('x');") -> DictionaryObject:
    return DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject(code),
        }
    )


def _launch_action() -> DictionaryObject:
    return DictionaryObject(
        {NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("cmd.exe")}
    )


ACTIVE_PDFS = {
    "open action JavaScript": lambda: _pdf(OpenAction=_js_action()),
    "open action launch": lambda: _pdf(OpenAction=_launch_action()),
    "additional action": lambda: _pdf(AA=DictionaryObject({NameObject("/O"): _js_action()})),
    "JavaScript name tree": lambda: _pdf(
        Names=DictionaryObject(
            {
                NameObject("/JavaScript"): DictionaryObject(
                    {NameObject("/Names"): ArrayObject([TextStringObject("a"), _js_action()])}
                )
            }
        )
    ),
}


@pytest.mark.parametrize("make", ACTIVE_PDFS.values(), ids=ACTIVE_PDFS.keys())
def test_pdfs_with_javascript_or_launch_actions_are_refused(app, make):
    with app.test_request_context(), pytest.raises(documents.DocumentRejected, match="JavaScript"):
        documents.check_upload(make(), "proposal.pdf")


def test_a_plain_pdf_is_still_accepted(app):
    with app.test_request_context():
        assert documents.check_upload(_pdf(), "akta.pdf").content_type == "application/pdf"


def test_group_document_upload_shows_the_refusal(client, db_session, login_as):
    group = make_group(db_session)
    login_as(group.chair)
    response = client.post(
        "/produsen/investasi/dokumen",
        data={"kind": "nib", "file": (io.BytesIO(_pdf(OpenAction=_js_action())), "akta.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert "JavaScript" in response.get_data(as_text=True)
