"""The credit file: what a bank's KUR desk asks of a group, from the platform's own records.

Twelve months of revenue and completed orders (the performance summary, from sales), on-time
handover of orders, on-time repayment of deals, permits, members' competency certificates
counted by scheme (verified by an officer and unexpired: `catalog.skills.verified_counts`),
and every confirmed deal with its repayment history. No member's personal data is included:
no names, certificate numbers or scans.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from marketplace.catalog import skills
from marketplace.catalog.models import ProducerGroup
from marketplace.catalog.permits import permit_number
from marketplace.core.timeutil import utcnow, wib_today
from marketplace.investors import summary
from marketplace.investors.repayments import INSTRUMENTS, dues, group_deals, on_time


def context(session: Session, group: ProducerGroup) -> dict:
    """Everything the credit file template shows, as plain values."""
    today = wib_today()
    s = summary.compute(session, group, today)
    live = group_deals(session, group.id)
    repay = on_time(session, live, today)
    permits = [("NIB", group.nib)]
    if group.pirt_number:
        permits.append(("P-IRT", permit_number(group.pirt_number, "P-IRT")))
    if group.halal_number:
        permits.append(("Halal", permit_number(group.halal_number, "Halal")))
    return {
        "doc_title": _("Berkas Kredit Kelompok"),
        "doc_number": f"KUR-{group.id:05d}-{today:%Y%m%d}",
        "issued_on": utcnow(),
        "group": group,
        "s": s,
        "months": s.months,
        "permits": permits,
        "certificates": skills.verified_counts(session, group.id, today),
        "repay": repay,
        "deals": [(d, dues(session, d, today)) for d in live],
        "instruments": INSTRUMENTS,
        "figures": summary.FIGURES,
    }
