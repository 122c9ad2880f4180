"""Business-to-business revenue in the groups' performance figures: what a company accepted at
a BAST (accepted quantity × the PO line's unit price) counts in the WIB month of signing.

Listens to `bast_signed` and adds the amount to the investors' monthly rollup
(`investors.b2b.record_b2b_revenue`), and registers the set-based query the rollup rebuild
uses, so `flask stats rebuild` gives the same figures without investors importing procurement.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from marketplace.investors import b2b
from marketplace.investors.rollup_rebuild import wib_month
from marketplace.procurement import hooks
from marketplace.procurement.bast import accepted_amount
from marketplace.procurement.po_models import Bast, Delivery, DeliveryLine, PoLine, PurchaseOrder


@hooks.on("bast_signed")
def count_bast_revenue(session: Session, bast: Bast) -> None:
    """Count the BAST's accepted goods in the group's month (bast.sign calls this once)."""
    po = bast.delivery.po
    b2b.record_b2b_revenue(session, po.group_id, bast.signed_at, accepted_amount(bast))


@b2b.register_source
def bast_revenue_rows(dialect: str) -> sa.Select:
    """One row per signed BAST with accepted goods: (group_id, WIB month of signing, amount)."""
    b, d, dl = Bast.__table__, Delivery.__table__, DeliveryLine.__table__
    pl, po = PoLine.__table__, PurchaseOrder.__table__
    amount = sa.func.sum(sa.cast(dl.c.qty_accepted, sa.BigInteger) * pl.c.unit_price)
    return (
        sa.select(
            po.c.group_id.label("group_id"),
            wib_month(dialect, b.c.signed_at).label("month"),
            amount.label("amount"),
        )
        .select_from(
            b.join(d, d.c.id == b.c.delivery_id)
            .join(dl, dl.c.delivery_id == d.c.id)
            .join(pl, pl.c.id == dl.c.po_line_id)
            .join(po, po.c.id == d.c.po_id)
        )
        .group_by(b.c.id, po.c.group_id, b.c.signed_at)
        .having(amount > 0)
    )
