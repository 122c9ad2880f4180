"""Invoices follow the PO: a down payment when accepted, one invoice per BAST for the
accepted goods minus the down payment's share; PPN only for PKP groups; due dates by terms."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from marketplace.orders.models import Notification
from marketplace.payments import ledger, receivables
from marketplace.payments.models import LedgerEntry
from marketplace.procurement import hooks, states
from marketplace.procurement.invoicing import PPN_PERCENT, percent_of, today_wib
from tests.procurement.billing_helpers import accept, billing_po, deliver, invoices_of

ACCEPTED_VALUE = 150_000 * 200 + 45_500 * 30  # both lines, all accepted


def test_down_payment_on_acceptance_once(app, db_session):
    with app.test_request_context():
        po = billing_po(db_session, dp=30)
        accept(db_session, po)
        accept(db_session, po)  # a repeated event
    (dp,) = invoices_of(db_session, po)
    assert dp.kind == "down_payment"
    assert dp.subtotal == percent_of(po.subtotal, 30)
    assert dp.ppn == percent_of(dp.subtotal, PPN_PERCENT)
    assert dp.total == dp.subtotal + dp.ppn
    assert abs(dp.total - po.total * 30 / 100) <= 1  # percent of the PO total, whole Rupiah
    assert dp.number.startswith("INV-")
    assert (dp.seller_name, dp.buyer_name) == (po.group.name, po.company.name)
    assert dp.buyer_npwp == po.company.npwp and dp.seller_npwp
    # The company's finance staff hear about it; the group's receivable is recorded once.
    notes = db_session.scalars(
        select(Notification).where(Notification.message == "invoice.issued")
    ).all()
    assert len(notes) == 1
    assert receivables.outstanding(db_session, po.group_id) == dp.total
    assert ledger.balance(db_session, po.group_id) == 0  # owed, not held


def test_no_down_payment_invoice_without_a_down_payment(app, db_session):
    with app.test_request_context():
        po = billing_po(db_session, dp=0)
        accept(db_session, po)
    assert invoices_of(db_session, po) == []


def test_down_payment_and_deliveries_add_up_to_the_accepted_value(app, db_session):
    with app.test_request_context():
        po = billing_po(db_session, dp=33, pkp=False)
        accept(db_session, po)
        deliver(db_session, po, {0: 70, 1: 10})
        deliver(db_session, po, {0: 80, 1: 20}, rejected={0: 7})
        deliver(db_session, po, {0: 57})  # the rejects replaced
        first = invoices_of(db_session, po)
        hooks.fire(db_session, "bast_signed", po.deliveries[0].bast)  # repeated: nothing new
    invoices = invoices_of(db_session, po)
    assert len(invoices) == len(first) == 4
    assert [i.kind for i in invoices] == ["down_payment", "delivery", "delivery", "delivery"]
    assert sum(i.subtotal for i in invoices) == ACCEPTED_VALUE
    assert all(i.ppn == 0 and not i.seller_is_pkp for i in invoices)
    # Each delivery invoice is its accepted goods minus a share of the down payment.
    second = invoices[2]
    assert second.subtotal < (73 * 150_000 + 20 * 45_500)


def test_ppn_only_for_pkp_groups(app, db_session):
    with app.test_request_context():
        pkp = billing_po(db_session, pkp=True, dp=0)
        plain = billing_po(db_session, pkp=False, dp=0)
        deliver(db_session, pkp, {0: 10})
        deliver(db_session, plain, {0: 10})
    (with_ppn,) = invoices_of(db_session, pkp)
    (without,) = invoices_of(db_session, plain)
    assert with_ppn.subtotal == without.subtotal == 1_500_000
    assert with_ppn.ppn == 165_000 and with_ppn.total == 1_665_000 and with_ppn.seller_is_pkp
    assert without.ppn == 0 and without.total == 1_500_000


def test_everything_rejected_is_not_invoiced(app, db_session):
    with app.test_request_context():
        po = billing_po(db_session, dp=0)
        deliver(db_session, po, {0: 5}, rejected={0: 5})
    assert invoices_of(db_session, po) == []


@pytest.mark.parametrize(("terms", "days"), [("cod", 0), ("net14", 14), ("net30", 30)])
def test_due_date_follows_the_terms(app, db_session, terms, days):
    with app.test_request_context():
        po = billing_po(db_session, terms=terms, dp=20)
        accept(db_session, po)
    (invoice,) = invoices_of(db_session, po)
    assert invoice.due_date == today_wib() + timedelta(days=days)


def test_cancelled_po_cancels_open_invoices_and_voids_receivables(app, db_session):
    with app.test_request_context():
        po = billing_po(db_session, dp=50)
        accept(db_session, po)
        po.status, po.status_reason = states.PO_CANCELLED, "Proyek ditunda"
        hooks.fire(db_session, "po_cancelled", po)
        hooks.fire(db_session, "po_cancelled", po)
    (invoice,) = invoices_of(db_session, po)
    assert invoice.status == states.INVOICE_CANCELLED
    assert receivables.outstanding(db_session, po.group_id) == 0
    kinds = db_session.scalars(
        select(LedgerEntry.kind).where(LedgerEntry.reference == invoice.number)
    ).all()
    assert sorted(kinds) == ["receivable", "receivable_void"]
