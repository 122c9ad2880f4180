"""The BAST: signed once in the app (a second submission gets the same BAST), 409 before the
goods are dispatched, photos stored privately, the PDF with the BAST and PO numbers and both
NPWPs, the PO delivered when everything was accepted."""

from __future__ import annotations

import io

from pypdf import PdfReader
from sqlalchemy import func, select

from marketplace.procurement import hooks, states
from marketplace.procurement.po_models import Bast
from tests.catalog.helpers import png_bytes
from tests.procurement.delivery_helpers import dispatch_data, po_with_delivery, receive_data
from tests.procurement.factories import make_tax_profile


def _dispatch(client, login_as, setup):
    login_as(setup.chair)
    url = f"/pengadaan/kelompok/pengiriman/{setup.delivery.id}"
    assert client.post(url, data=dispatch_data(setup)).status_code == 303
    client.post("/akun/keluar")


def test_signing_before_dispatch_is_409(client, db_session, login_as):
    setup = po_with_delivery(db_session)
    login_as(setup.staff)
    url = f"/pengadaan/pengiriman/{setup.delivery.id}"
    assert "belum dikirim" in client.get(url).get_data(as_text=True)
    response = client.post(url, data=receive_data(setup.delivery))
    assert response.status_code == 409
    assert db_session.scalar(select(func.count(Bast.id))) == 0


def test_bast_is_signed_once_and_the_po_is_delivered(client, db_session, login_as, monkeypatch):
    setup = po_with_delivery(db_session)
    fired = []
    monkeypatch.setitem(hooks._LISTENERS, "bast_signed", [*hooks._LISTENERS["bast_signed"]])
    hooks.on("bast_signed")(lambda session, bast: fired.append(bast.number))
    _dispatch(client, login_as, setup)
    login_as(setup.staff)
    db_session.expire_all()
    url = f"/pengadaan/pengiriman/{setup.delivery.id}"
    data = receive_data(setup.delivery)
    first = client.post(
        url,
        data={**data, "photos": [(io.BytesIO(png_bytes()), "tolak.png")]},
        content_type="multipart/form-data",
    )
    assert first.status_code == 303
    second = client.post(url, data=data)
    assert second.status_code == 303
    [bast] = db_session.scalars(select(Bast)).all()
    assert bast.number.startswith("BAST-") and fired == [bast.number]
    assert bast.signer_name == "Wulan Sari" and bast.signed_by_id == setup.staff.id
    assert len(bast.photos) == 1
    db_session.expire_all()
    assert setup.delivery.status == states.DELIVERY_RECEIVED
    assert setup.po.status == states.PO_DELIVERED
    page = client.get(url, follow_redirects=True).get_data(as_text=True)
    assert bast.number in page and "sudah ditandatangani" in page
    photo = client.get(f"/pengadaan/bast/{bast.id}/foto/{bast.photos[0].id}")
    assert photo.status_code == 200 and photo.mimetype == "image/jpeg"
    assert "no-store" in photo.headers["Cache-Control"]


def test_accepted_plus_rejected_must_equal_delivered(client, db_session, login_as):
    setup = po_with_delivery(db_session)
    _dispatch(client, login_as, setup)
    login_as(setup.staff)
    db_session.expire_all()
    data = receive_data(setup.delivery)
    line = setup.delivery.lines[0]
    data[f"acc_{line.id}"] = str(line.qty_delivered - 1)
    response = client.post(f"/pengadaan/pengiriman/{setup.delivery.id}", data=data)
    assert response.status_code == 422
    assert "harus sama dengan yang dikirim" in response.get_data(as_text=True)
    assert db_session.scalar(select(func.count(Bast.id))) == 0


def test_bast_pdf_has_numbers_and_both_npwps(client, db_session, login_as):
    setup = po_with_delivery(db_session)
    make_tax_profile(db_session, setup.group, npwp="987654321012000")
    db_session.commit()
    _dispatch(client, login_as, setup)
    login_as(setup.staff)
    db_session.expire_all()
    wearpack = setup.po.lines[0]
    data = receive_data(setup.delivery, {wearpack.id: (3, "Bordir miring")})
    client.post(f"/pengadaan/pengiriman/{setup.delivery.id}", data=data)
    bast = db_session.scalars(select(Bast)).one()
    response = client.get(f"/pengadaan/bast/{bast.id}/pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    assert bast.number in text and setup.po.number in text
    assert "98.765.432.1-012.000" in text  # the group's NPWP
    company_npwp = setup.company.npwp
    assert f"{company_npwp[:2]}.{company_npwp[2:5]}.{company_npwp[5:8]}" in text
    assert "Bordir miring" in text and "Darto" in text and "Wulan Sari" in text
    client.post("/akun/keluar")
    login_as(setup.chair)  # the group may download it too
    assert client.get(f"/pengadaan/bast/{bast.id}/pdf").status_code == 200


def test_receive_page_in_english(client, db_session, login_as):
    setup = po_with_delivery(db_session)
    _dispatch(client, login_as, setup)
    login_as(setup.staff)
    client.get("/bahasa/en")
    html = client.get(f"/pengadaan/pengiriman/{setup.delivery.id}").get_data(as_text=True)
    assert "Sign the BAST" in html and "Reason for rejection" in html
    assert "Tandatangani BAST" not in html
