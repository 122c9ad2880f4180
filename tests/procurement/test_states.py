"""The procurement lifecycles: legal moves pass, anything else is IllegalTransition (409)."""

from __future__ import annotations

import pytest

from marketplace.orders.states import IllegalTransition
from marketplace.procurement import states as st

LEGAL = [
    ("company", st.COMPANY_PENDING, st.COMPANY_VERIFIED, st.OFFICER, ""),
    ("company", st.COMPANY_PENDING, st.COMPANY_REJECTED, st.OFFICER, "NPWP tidak cocok"),
    ("rfq", st.RFQ_DRAFT, st.RFQ_SENT, st.REQUESTER, ""),
    ("rfq", st.RFQ_SENT, st.RFQ_AWARDED, st.APPROVER, ""),
    ("rfq", st.RFQ_SENT, st.RFQ_CLOSED, st.SYSTEM, ""),
    ("quote", st.QUOTE_DRAFT, st.QUOTE_SUBMITTED, st.GROUP, ""),
    ("quote", st.QUOTE_SUBMITTED, st.QUOTE_ACCEPTED, st.REQUESTER, ""),
    ("quote", st.QUOTE_SUBMITTED, st.QUOTE_EXPIRED, st.SYSTEM, ""),
    ("po", st.PO_DRAFT, st.PO_AWAITING_APPROVAL, st.REQUESTER, ""),
    ("po", st.PO_AWAITING_APPROVAL, st.PO_ISSUED, st.APPROVER, ""),
    ("po", st.PO_AWAITING_APPROVAL, st.PO_DRAFT, st.APPROVER, "Kurangi jumlah"),
    ("po", st.PO_ISSUED, st.PO_ACCEPTED, st.GROUP, ""),
    ("po", st.PO_IN_DELIVERY, st.PO_DELIVERED, st.SYSTEM, ""),
    ("delivery", st.DELIVERY_SCHEDULED, st.DELIVERY_DISPATCHED, st.GROUP, ""),
    ("delivery", st.DELIVERY_DISPATCHED, st.DELIVERY_RECEIVED, st.FINANCE, ""),
    ("invoice", st.INVOICE_ISSUED, st.INVOICE_TRANSFER_REPORTED, st.FINANCE, ""),
    ("invoice", st.INVOICE_TRANSFER_REPORTED, st.INVOICE_PAID, st.GROUP, ""),
    ("invoice", st.INVOICE_OVERDUE, st.INVOICE_PAID, st.SYSTEM, ""),
    ("contract", st.CONTRACT_PROPOSED, st.CONTRACT_ACTIVE, st.GROUP, ""),
    ("contract", st.CONTRACT_ACTIVE, st.CONTRACT_PAUSED, st.REQUESTER, ""),
    ("contract", st.CONTRACT_ACTIVE, st.CONTRACT_CANCELLED, st.GROUP, "Dapur direnovasi"),
]

ILLEGAL = [
    # not in the table at all
    ("rfq", st.RFQ_AWARDED, st.RFQ_SENT, st.REQUESTER, ""),
    ("quote", st.QUOTE_WITHDRAWN, st.QUOTE_SUBMITTED, st.GROUP, ""),
    ("po", st.PO_DRAFT, st.PO_ACCEPTED, st.GROUP, ""),
    ("po", st.PO_COMPLETED, st.PO_CANCELLED, st.OFFICER, "terlambat"),
    ("delivery", st.DELIVERY_RECEIVED, st.DELIVERY_CANCELLED, st.GROUP, "salah"),
    ("invoice", st.INVOICE_PAID, st.INVOICE_ISSUED, st.SYSTEM, ""),
    ("contract", st.CONTRACT_ENDED, st.CONTRACT_ACTIVE, st.APPROVER, ""),
    # the wrong actor
    ("company", st.COMPANY_PENDING, st.COMPANY_VERIFIED, st.APPROVER, ""),
    ("quote", st.QUOTE_SUBMITTED, st.QUOTE_ACCEPTED, st.GROUP, ""),
    ("po", st.PO_AWAITING_APPROVAL, st.PO_ISSUED, st.REQUESTER, ""),
    ("po", st.PO_ISSUED, st.PO_ACCEPTED, st.APPROVER, ""),
    ("delivery", st.DELIVERY_DISPATCHED, st.DELIVERY_RECEIVED, st.GROUP, ""),
    ("invoice", st.INVOICE_ISSUED, st.INVOICE_PAID, st.FINANCE, ""),
    ("invoice", st.INVOICE_ISSUED, st.INVOICE_TRANSFER_REPORTED, st.REQUESTER, ""),
    # a reason is required and missing
    ("company", st.COMPANY_PENDING, st.COMPANY_REJECTED, st.OFFICER, "  "),
    ("po", st.PO_ISSUED, st.PO_DECLINED, st.GROUP, ""),
    ("rfq", st.RFQ_SENT, st.RFQ_CANCELLED, st.REQUESTER, ""),
    ("invoice", st.INVOICE_TRANSFER_REPORTED, st.INVOICE_ISSUED, st.GROUP, ""),
]


@pytest.mark.parametrize(("kind", "frm", "to", "actor", "reason"), LEGAL)
def test_legal_moves_pass(app, kind, frm, to, actor, reason):
    with app.test_request_context():
        st.check_transition(kind, frm, to, actor, reason)


@pytest.mark.parametrize(("kind", "frm", "to", "actor", "reason"), ILLEGAL)
def test_illegal_moves_are_refused(app, kind, frm, to, actor, reason):
    with app.test_request_context(), pytest.raises(IllegalTransition):
        st.check_transition(kind, frm, to, actor, reason)


def test_the_system_never_needs_a_reason():
    assert st.reason_required("po", st.PO_ISSUED, st.PO_DECLINED, st.GROUP)
    assert not st.reason_required(
        "invoice", st.INVOICE_TRANSFER_REPORTED, st.INVOICE_OVERDUE, st.SYSTEM
    )


def test_every_table_is_consistent():
    for kind, lifecycle in st.LIFECYCLES.items():
        assert lifecycle.kind == kind
        assert lifecycle.initial in lifecycle.statuses
        assert lifecycle.final <= set(lifecycle.statuses)
        for (frm, to), (who, _reason) in lifecycle.transitions.items():
            assert frm in lifecycle.statuses and to in lifecycle.statuses, (kind, frm, to)
            assert frm not in lifecycle.final, (kind, frm)
            assert who and who <= st.ACTORS, (kind, frm, to)
    assert set(st.QUOTE.statuses) >= st.QUOTE_LIVE


def test_buttons_and_labels(app):
    assert set(st.next_for("po", st.PO_DRAFT, st.REQUESTER)) == {
        st.PO_AWAITING_APPROVAL,
        st.PO_ISSUED,
        st.PO_CANCELLED,
    }
    assert st.next_for("po", st.PO_DRAFT, st.GROUP) == []
    with app.test_request_context():
        assert st.label("invoice", st.INVOICE_PAID) == "Lunas"
        assert st.label("po", "unknown") == "unknown"


def test_illegal_move_message_names_both_statuses(app):
    with app.test_request_context(), pytest.raises(IllegalTransition) as info:
        st.check_transition("invoice", st.INVOICE_PAID, st.INVOICE_ISSUED, st.GROUP)
    assert "Lunas" in str(info.value) and "Belum dibayar" in str(info.value)
