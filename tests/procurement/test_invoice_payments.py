"""Paying invoices: Midtrans (real client against the fake server, signed notifications
routed to procurement by the INV- prefix) and bank transfers reported by finance staff and
confirmed by the group; the ledger, invoice_paid and the PO's completion."""

from __future__ import annotations

import io
import json
from datetime import timedelta

from pypdf import PdfReader
from sqlalchemy import select

from marketplace.payments import ledger, midtrans, receivables
from marketplace.payments.models import LedgerEntry, PaymentNotification
from marketplace.procurement import hooks, states
from marketplace.procurement.billing_models import InvoicePayment
from marketplace.procurement.invoicing import today_wib
from marketplace.procurement.models import ROLE_REQUESTER
from marketplace.procurement.npwp import format_npwp
from tests.payments.conftest import SERVER_KEY
from tests.payments.conftest import fake_midtrans as fake_midtrans  # noqa: F401 - fixture
from tests.procurement.billing_helpers import (
    accept,
    billing_po,
    chair_of,
    deliver,
    invoices_of,
    staff_of,
    switch_user,
)
from tests.procurement.factories import add_company_member


def _notification(attempt, status="settlement", key=SERVER_KEY):
    gross = f"{attempt.gross_amount}.00"
    code = "200" if status == "settlement" else "201"
    body = {
        "order_id": attempt.provider_order_id,
        "status_code": code,
        "gross_amount": gross,
        "transaction_status": status,
        "fraud_status": "accept",
    }
    body["signature_key"] = midtrans.signature(body["order_id"], code, gross, key)
    return body


def _post(client, body):
    return client.post(
        "/payments/midtrans/notification", data=json.dumps(body), content_type="application/json"
    )


def _dp_invoice(app, db_session, **kwargs):
    with app.test_request_context():
        po = billing_po(db_session, **kwargs)
        accept(db_session, po)
    db_session.commit()
    (invoice,) = invoices_of(db_session, po)
    return po, invoice


def test_midtrans_payment_is_marked_paid_once(
    app,
    client,
    db_session,
    login_as,
    fake_midtrans,  # noqa: F811
):
    po, invoice = _dp_invoice(app, db_session)
    paid_events = []
    hooks.on("invoice_paid")(lambda session, inv: paid_events.append(inv.id))
    login_as(staff_of(po))
    page = client.get(f"/pengadaan/tagihan/{invoice.id}")
    assert 'data-testid="pay-midtrans"' in page.get_data(as_text=True)
    response = client.post(f"/pengadaan/tagihan/{invoice.id}/bayar")
    assert response.status_code == 303
    attempt = db_session.scalars(
        select(InvoicePayment).where(InvoicePayment.invoice_id == invoice.id)
    ).one()
    assert attempt.provider_order_id.startswith("INV-")
    assert response.headers["Location"].endswith(attempt.provider_order_id)
    (request,) = fake_midtrans.snap_requests
    assert request["transaction_details"]["gross_amount"] == invoice.total
    assert "other_qris" in request["enabled_payments"] and "bca_va" in request["enabled_payments"]
    # A second click resumes the same transaction.
    client.post(f"/pengadaan/tagihan/{invoice.id}/bayar")
    assert len(fake_midtrans.snap_requests) == 1

    forged = _notification(attempt, key="not-the-key")
    assert _post(client, forged).status_code == 403
    db_session.expire_all()
    assert invoice.status == states.INVOICE_ISSUED

    fake_midtrans.set_status(attempt.provider_order_id, "settlement", invoice.total)
    body = _notification(attempt)
    first = _post(client, body)
    assert (first.status_code, first.json["outcome"]) == (200, "applied")
    again = _post(client, body)
    assert (again.status_code, again.json["outcome"]) == (200, "duplicate")
    db_session.expire_all()
    assert invoice.status == states.INVOICE_PAID and invoice.paid_via == "midtrans"
    assert paid_events.count(invoice.id) == 1
    outcomes = db_session.scalars(
        select(PaymentNotification.outcome).where(
            PaymentNotification.provider_order_id == attempt.provider_order_id
        )
    ).all()
    assert sorted(outcomes) == ["applied", "duplicate"]  # stored raw; the forged one is not
    # The receivable is closed and the money is held for the group (paid into the platform).
    assert receivables.outstanding(db_session, po.group_id) == 0
    assert ledger.balance(db_session, po.group_id) == invoice.total
    # A late "pending" never undoes it.
    fake_midtrans.set_status(attempt.provider_order_id, "pending", invoice.total)
    late = _post(client, _notification(attempt, "pending"))
    assert late.json["outcome"] == "ignored"


def test_without_keys_only_transfer_is_offered(app, client, db_session, login_as, monkeypatch):
    po, invoice = _dp_invoice(app, db_session)
    monkeypatch.setitem(app.config, "MIDTRANS_SERVER_KEY", "")
    login_as(staff_of(po))
    html = client.get(f"/pengadaan/tagihan/{invoice.id}").get_data(as_text=True)
    assert 'data-testid="transfer-only"' in html and 'data-testid="pay-midtrans"' not in html
    response = client.post(f"/pengadaan/tagihan/{invoice.id}/bayar")
    assert response.status_code == 303
    assert db_session.scalars(select(InvoicePayment)).first() is None


def test_transfer_reported_then_confirmed_completes_a_delivered_po(
    app, client, db_session, login_as
):
    with app.test_request_context():
        po = billing_po(db_session, dp=0, terms="net14", lines=(("Nasi kotak", 20_000, 100),))
        deliver(db_session, po, {0: 100})
        po.status = states.PO_DELIVERED
    db_session.commit()
    (invoice,) = invoices_of(db_session, po)
    login_as(staff_of(po))
    data = {"reference": "TRF 8812-001", "paid_on": today_wib().isoformat()}
    url = f"/pengadaan/tagihan/{invoice.id}/transfer"
    assert client.post(url, data=data).status_code == 303
    assert client.post(url, data=data).status_code == 303  # double submission: nothing new
    db_session.expire_all()
    assert invoice.status == states.INVOICE_TRANSFER_REPORTED
    assert invoice.payment_ref == "TRF 8812-001" and invoice.transfer_paid_on == today_wib()
    # A different second report of the same invoice is an illegal move now.
    other = {"reference": "LAIN-1", "paid_on": today_wib().isoformat()}
    assert client.post(url, data=other).status_code == 409

    switch_user(client, login_as, chair_of(db_session, po))
    decide = f"/pengadaan/kelompok/tagihan/{invoice.id}/konfirmasi"
    assert client.post(decide, data={"action": "confirm"}).status_code == 303
    assert client.post(decide, data={"action": "confirm"}).status_code == 303  # twice: once
    db_session.expire_all()
    assert invoice.status == states.INVOICE_PAID and invoice.paid_via == "transfer"
    assert po.status == states.PO_COMPLETED
    kinds = db_session.scalars(
        select(LedgerEntry.kind).where(LedgerEntry.reference == invoice.number)
    ).all()
    assert sorted(kinds) == ["receivable", "receivable_paid"]  # money went to the group directly
    assert ledger.balance(db_session, po.group_id) == 0


def test_group_rejects_a_transfer_with_a_reason(app, client, db_session, login_as):
    po, invoice = _dp_invoice(app, db_session)
    login_as(staff_of(po))
    client.post(
        f"/pengadaan/tagihan/{invoice.id}/transfer",
        data={"reference": "TRF-77", "paid_on": today_wib().isoformat()},
    )
    switch_user(client, login_as, chair_of(db_session, po))
    decide = f"/pengadaan/kelompok/tagihan/{invoice.id}/konfirmasi"
    assert client.post(decide, data={"action": "reject"}).status_code == 422  # no reason
    response = client.post(decide, data={"action": "reject", "reason": "Belum masuk rekening"})
    assert response.status_code == 303
    db_session.expire_all()
    assert invoice.status == states.INVOICE_ISSUED
    assert invoice.status_reason == "Belum masuk rekening"
    assert client.post(decide, data={"action": "confirm"}).status_code == 409  # nothing to confirm


def test_only_finance_reports_and_only_the_group_confirms(app, client, db_session, login_as):
    po, invoice = _dp_invoice(app, db_session)
    requester = add_company_member(db_session, po.company, ROLE_REQUESTER)
    db_session.commit()
    login_as(requester)
    assert client.get(f"/pengadaan/tagihan/{invoice.id}").status_code == 200
    data = {"reference": "TRF-1", "paid_on": today_wib().isoformat()}
    assert client.post(f"/pengadaan/tagihan/{invoice.id}/transfer", data=data).status_code == 403
    assert client.post(f"/pengadaan/tagihan/{invoice.id}/bayar").status_code == 403
    # Company staff are not the group: the confirmation is not theirs.
    switch_user(client, login_as, staff_of(po))
    decide = f"/pengadaan/kelompok/tagihan/{invoice.id}/konfirmasi"
    assert client.post(decide, data={"action": "confirm"}).status_code == 403
    # Another company's staff find nothing.
    _other_po, other_invoice = _dp_invoice(app, db_session)
    assert client.get(f"/pengadaan/tagihan/{other_invoice.id}").status_code == 404


def test_future_transfer_date_is_refused(app, client, db_session, login_as):
    po, invoice = _dp_invoice(app, db_session)
    login_as(staff_of(po))
    tomorrow = (today_wib() + timedelta(days=1)).isoformat()
    response = client.post(
        f"/pengadaan/tagihan/{invoice.id}/transfer", data={"reference": "X-1", "paid_on": tomorrow}
    )
    assert response.status_code == 422
    assert "masa depan" in response.get_data(as_text=True)


def test_invoice_pages_in_english(app, client, db_session, login_as):
    with app.test_request_context():
        po = billing_po(db_session, dp=30)
        accept(db_session, po)
        deliver(db_session, po, {0: 50})
    db_session.commit()
    invoices = invoices_of(db_session, po)
    login_as(staff_of(po))
    client.get("/bahasa/en")
    listing = client.get("/pengadaan/tagihan")
    text = listing.get_data(as_text=True)
    assert listing.headers["Cache-Control"] == "no-store"
    assert "Due date" in text and "Down payment" in text and invoices[1].number in text
    detail = client.get(f"/pengadaan/tagihan/{invoices[1].id}").get_data(as_text=True)
    assert "Report a bank transfer" in detail and "VAT 11%" in detail
    switch_user(client, login_as, chair_of(db_session, po))
    client.get("/bahasa/en")
    html = client.get("/pengadaan/kelompok/tagihan").get_data(as_text=True)
    assert "Unpaid receivables" in html and invoices[0].number in html


def _pdf_text(response) -> str:
    assert response.status_code == 200, response.status_code
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Cache-Control"] == "no-store"
    reader = PdfReader(io.BytesIO(response.data))
    return " ".join(page.extract_text() for page in reader.pages)


def test_invoice_pdf_has_numbers_npwps_and_ppn_only_for_pkp(app, client, db_session, login_as):
    with app.test_request_context():
        pkp = billing_po(db_session, dp=0, pkp=True)
        plain = billing_po(db_session, dp=0, pkp=False)
        deliver(db_session, pkp, {0: 10})
        deliver(db_session, plain, {0: 10})
    db_session.commit()
    (taxed,) = invoices_of(db_session, pkp)
    (untaxed,) = invoices_of(db_session, plain)
    login_as(staff_of(pkp))
    text = _pdf_text(client.get(f"/pengadaan/tagihan/{taxed.id}/pdf"))
    assert taxed.number in text and pkp.number in text
    assert format_npwp(taxed.buyer_npwp) in text and format_npwp(taxed.seller_npwp) in text
    assert "PPN" in text and "Jatuh tempo" in text
    # The group reads it too; another company's staff find nothing.
    assert client.get(f"/pengadaan/tagihan/{untaxed.id}/pdf").status_code == 404
    switch_user(client, login_as, chair_of(db_session, plain))
    text = _pdf_text(client.get(f"/pengadaan/tagihan/{untaxed.id}/pdf"))
    assert untaxed.number in text and plain.number in text and "PPN" not in text
