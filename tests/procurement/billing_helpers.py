"""Helpers for the billing tests: a PO with its group's tax profile, events fired by hand."""

from __future__ import annotations

from sqlalchemy import select

from marketplace.procurement import hooks, states
from marketplace.procurement.billing_models import Invoice
from tests.factories import make_group, make_user
from tests.procurement.factories import (
    make_bast,
    make_company,
    make_delivery,
    make_po,
    make_tax_profile,
)


def billing_po(session, *, pkp=True, terms="net30", dp=30, lines=None, status=None):
    """An accepted PO of a group (PKP or not) to a company whose staff holds every role."""
    chair = make_user(session)
    group = make_group(session, chair=chair, sectors=("konveksi",))
    make_tax_profile(session, group, is_pkp=pkp)
    company = make_company(session)
    po = make_po(
        session,
        company=company,
        group=group,
        terms=terms,
        down_payment_percent=dp,
        ppn_percent=11 if pkp else 0,
        lines=lines or (("Wearpack navy", 150_000, 200), ("Rompi keselamatan", 45_500, 30)),
        status=status or states.PO_ACCEPTED,
    )
    return po


def accept(session, po):
    """The group accepts the PO: fire po_accepted."""
    hooks.fire(session, "po_accepted", po)


def deliver(session, po, quantities, rejected=None):
    """A delivery of {line index: qty} received with `rejected` {line index: qty}; fires
    bast_signed and returns the BAST."""
    lines = po.lines
    delivery = make_delivery(
        session, po, quantities={lines[i].id: q for i, q in quantities.items()}
    )
    bad = {lines[i].id: (q, "Jahitan lepas") for i, q in (rejected or {}).items()}
    bast = make_bast(session, delivery, rejected=bad)
    hooks.fire(session, "bast_signed", bast)
    return bast


def invoices_of(session, po):
    return list(session.scalars(select(Invoice).where(Invoice.po_id == po.id).order_by(Invoice.id)))


def staff_of(po):
    return po.company.members[0].user


def chair_of(session, po):
    """The chair (first member) of the PO's group."""
    from marketplace.catalog.models import GroupMembership

    return (
        session.scalars(select(GroupMembership).where(GroupMembership.group_id == po.group_id))
        .first()
        .user
    )


def switch_user(client, login_as, user):
    """Log the test client out, then in as `user`."""
    client.post("/akun/keluar")
    login_as(user)
