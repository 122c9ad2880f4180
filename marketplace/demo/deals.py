"""Demo deal: Bu Ratna's CSR revenue share with Pak Darto's group, confirmed, one tranche paid out,
one repayment and one update, so the portfolio and the credit file show something."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.accounts.models import ROLE_OFFICER, User
from marketplace.core.timeutil import utcnow, wib_today
from marketplace.demo.investors import PITCH_TITLE
from marketplace.investors import deal_states as states
from marketplace.investors import deals, repayments, transfers
from marketplace.investors.deal_models import Deal
from marketplace.investors.pitch_models import Interest, InterestMessage, Pitch
from marketplace.investors.summary import add_months


def load_deals(session: Session, echo: Callable[[str], None] = print) -> int:
    """One confirmed revenue-share deal between Bu Ratna and Pak Darto's group (idempotent)."""
    pitch = session.scalars(select(Pitch).where(Pitch.title == PITCH_TITLE)).first()
    ratna = session.scalars(select(User).where(User.email == "ratna@demo.pasartkm.id")).first()
    officer = session.scalars(
        select(User).where(User.role == ROLE_OFFICER).order_by(User.id)
    ).first()
    if pitch is None or ratna is None or officer is None or pitch.group.chair is None:
        return 0
    interest = session.scalars(
        select(Interest).where(Interest.pitch_id == pitch.id, Interest.investor_id == ratna.id)
    ).first()
    if interest is None:
        interest = Interest(pitch_id=pitch.id, investor_id=ratna.id, amount=75_000_000)
        interest.messages.append(
            InterestMessage(author_id=ratna.id, body="Program CSR kami tertarik mendanai mesin.")
        )
        session.add(interest)
        session.flush()
    if session.scalar(select(Deal.id).where(Deal.interest_id == interest.id)):
        return 0
    today = wib_today()
    start = add_months(today.replace(day=1), -3)
    terms = deals.Terms(
        instrument=repayments.REVENUE_SHARE,
        amount=75_000_000,
        tranches=[(50_000_000, start), (25_000_000, add_months(start, 4))],
        term_months=24,
        share_bps=500,
        first_due_on=add_months(start, 1).replace(day=10),
        notes="5% omzet bulanan selama 24 bulan.",
    )
    chair = pitch.group.chair
    deal = deals.propose(session, interest, chair, states.GROUP, terms)
    deals.agree(session, deal, ratna, states.INVESTOR)
    deals.confirm(session, officer, deal, "Perjanjian ditandatangani di kantor dinas.")
    first = deal.tranches[0]
    first.disbursed_on, first.reference = start + timedelta(days=1), "CSR-KACA-0001"
    first.recorded_by, first.recorded_at = ratna.id, utcnow()
    due = repayments.dues(session, deal, today)[0]
    if due.expected:
        transfers.record_repayment(
            session, deal, due.instalment, chair, due.expected, due.instalment.due_on, "BRI-7781"
        )
    deals.post_update(
        session, deal, chair, "Empat mesin jahit industri sudah dipasang dan dipakai.", 2, []
    )
    echo("  kesepakatan pendanaan: 1 contoh")
    return 1
