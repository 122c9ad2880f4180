"""How purchase orders are shown: label helpers for the templates and the PDF's context."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from marketplace.orders.logistics import window_label
from marketplace.procurement import po_services, states
from marketplace.procurement.billing_models import GroupTaxProfile
from marketplace.procurement.npwp import format_npwp
from marketplace.procurement.po_models import TERMS, PurchaseOrder


def po_label(status: str) -> str:
    return states.label("po", status)


def delivery_label(status: str) -> str:
    return states.label("delivery", status)


def terms_label(terms: str) -> str:
    return str(TERMS.get(terms, terms))


def labels() -> dict:
    """The label helpers every PO template uses (codes are never shown raw)."""
    return {
        "po_label": po_label,
        "delivery_label": delivery_label,
        "terms_label": terms_label,
        "window_label": window_label,
        "ppn_percent": po_services.PPN_PERCENT,
    }


def pdf_context(session: Session, po: PurchaseOrder) -> dict:
    """Context for `procurement/pdf/po.html` (see `templates/pdf/base.html`)."""
    profile = session.get(GroupTaxProfile, po.group_id)
    group, company = po.group, po.company
    # PKP as it was when the PO was awarded (its PPN was computed then), not as it is now.
    pkp = po.ppn > 0
    chair = group.chair
    return {
        "po": po,
        "doc_title": _("Pesanan Pembelian"),
        "doc_number": po.number,
        "issued_on": po.issued_at or po.created_at,
        "seller_label": _("Kelompok (penjual)"),
        "buyer_label": _("Perusahaan (pembeli)"),
        "seller": {
            "name": group.name,
            "address": group.address,
            "npwp": format_npwp(profile.npwp) if profile and profile.npwp else None,
            "pkp": pkp,
            "contact": f"{chair.name if chair else ''} {group.whatsapp}".strip(),
        },
        "buyer": {
            "name": company.name,
            "address": company.address,
            "npwp": format_npwp(company.npwp),
            "pkp": company.is_pkp,
            "contact": po.requested_by.name,
        },
        "lines": [
            {
                "description": line.description,
                "quantity": line.quantity,
                "unit": line.unit,
                "unit_price": line.unit_price,
                "amount": line.amount,
            }
            for line in po.lines
        ],
        "subtotal": po.subtotal,
        "ppn": po.ppn if pkp else None,
        "ppn_rate": po_services.PPN_PERCENT,
        "total": po.total,
        "notes": po.notes or None,
        "milestones": po_services.milestones(po),
        "signers": [
            {
                "party": _("Disetujui perusahaan"),
                "name": (po.approved_by or po.requested_by).name,
                "role": "",
                "signed_on": po.approved_at or po.issued_at,
            },
            {
                "party": _("Dikonfirmasi kelompok"),
                "name": chair.name if chair else "",
                "role": _("Ketua"),
                "signed_on": po.accepted_at,
            },
        ],
        **labels(),
    }
