"""Reads behind the invoice pages: lists per company, group and officer, and the PDF context."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from marketplace.procurement import states
from marketplace.procurement.billing_models import INVOICE_KINDS, PAID_VIA, Invoice
from marketplace.procurement.invoicing import PPN_PERCENT
from marketplace.procurement.models import Company
from marketplace.procurement.npwp import format_npwp
from marketplace.procurement.po_models import TERMS, PurchaseOrder

LIMIT = 200


def _listing():
    return (
        select(Invoice)
        .join(PurchaseOrder, PurchaseOrder.id == Invoice.po_id)
        .options(joinedload(Invoice.po).joinedload(PurchaseOrder.group))
    )


def company_invoices(session: Session, company_id: int) -> list[Invoice]:
    """The company's invoices, open ones first by due date, then the rest newest first."""
    stmt = _listing().where(PurchaseOrder.company_id == company_id)
    return _open_first(session.scalars(stmt.limit(LIMIT)).unique())


def group_invoices(session: Session, group_id: int) -> list[Invoice]:
    stmt = _listing().where(PurchaseOrder.group_id == group_id)
    return _open_first(session.scalars(stmt.limit(LIMIT)).unique())


def overdue_invoices(session: Session) -> list[Invoice]:
    """Overdue invoices across companies, the longest overdue first (officers)."""
    stmt = (
        _listing()
        .options(joinedload(Invoice.po).joinedload(PurchaseOrder.company))
        .where(Invoice.status == states.INVOICE_OVERDUE)
        .order_by(Invoice.due_date, Invoice.id)
    )
    return list(session.scalars(stmt.limit(LIMIT)).unique())


def _open_first(rows) -> list[Invoice]:
    rows = list(rows)
    open_ = sorted((i for i in rows if i.status in states.INVOICE_OPEN), key=_due_key)
    done = sorted((i for i in rows if i.status not in states.INVOICE_OPEN), key=lambda i: -i.id)
    return open_ + done


def _due_key(invoice: Invoice):
    return (invoice.due_date, invoice.id)


def kind_label(kind: str) -> str:
    return str(INVOICE_KINDS.get(kind, kind))


def paid_via_label(via: str | None) -> str:
    return str(PAID_VIA.get(via or "", via or "-"))


def terms_label(terms: str) -> str:
    return str(TERMS.get(terms, terms))


def pdf_context(session: Session, invoice: Invoice) -> dict:
    """The context of templates/procurement/pdf/invoice.html (pdf/base.html's fields)."""
    po = invoice.po
    company = session.get(Company, po.company_id)
    lines = []
    if invoice.delivery is not None:
        for dl in invoice.delivery.lines:
            if dl.qty_accepted:
                lines.append(
                    {
                        "description": dl.po_line.description,
                        "quantity": dl.qty_accepted,
                        "unit": dl.po_line.unit,
                        "unit_price": dl.po_line.unit_price,
                        "amount": dl.qty_accepted * dl.po_line.unit_price,
                    }
                )
    return {
        "invoice": invoice,
        "po": po,
        "doc_number": invoice.number,
        "issued_on": invoice.issued_at,
        "seller": {
            "name": invoice.seller_name,
            "npwp": format_npwp(invoice.seller_npwp) if invoice.seller_npwp else None,
            "pkp": invoice.seller_is_pkp,
        },
        "buyer": {
            "name": invoice.buyer_name,
            "address": company.address if company else "",
            "npwp": format_npwp(invoice.buyer_npwp) if invoice.buyer_npwp else None,
            "pkp": bool(company and company.is_pkp),
        },
        "lines": lines,
        "subtotal": invoice.subtotal,
        "ppn": invoice.ppn if invoice.seller_is_pkp else None,
        "ppn_rate": PPN_PERCENT,
        "total": invoice.total,
        "terms": terms_label(po.terms),
        "kind": kind_label(invoice.kind),
        "deduction": sum(line["amount"] for line in lines) - invoice.subtotal if lines else 0,
    }
