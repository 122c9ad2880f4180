"""Deals for tests: a published pitch, an interest, and a deal moved through the real services."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from marketplace.core.timeutil import utcnow
from marketplace.investors import deal_states as states
from marketplace.investors import deals
from marketplace.investors.pitch_models import Interest, InterestMessage, Pitch, PitchFundLine


def make_interest(session: Session, group, investor, *, new_jobs: int = 3) -> Interest:
    """A published pitch of `group` and `investor`'s interest in it."""
    pitch = Pitch(
        group_id=group.id,
        title="Tambah mesin jahit",
        amount=20_000_000,
        partnership="pinjaman",
        status="published",
        new_jobs=new_jobs,
        published_at=utcnow(),
    )
    pitch.lines.append(PitchFundLine(description="Mesin", amount=20_000_000))
    session.add(pitch)
    session.flush()
    item = Interest(pitch_id=pitch.id, investor_id=investor.id, amount=None)
    item.messages.append(InterestMessage(author_id=investor.id, body="Kami tertarik."))
    session.add(item)
    session.flush()
    return item


def make_deal(
    session: Session,
    group,
    investor,
    officer,
    *,
    instrument: str = "loan",
    amount: int = 12_000_000,
    term_months: int = 12,
    rate_bps: int = 1200,
    share_bps: int = 0,
    first_due_on: date | None = date(2026, 1, 31),
    tranches: list[tuple[int, date]] | None = None,
    status: str = states.CONFIRMED,
    interest: Interest | None = None,
):
    """A deal the group proposed, the investor agreed and (by default) the officer confirmed."""
    interest = interest or make_interest(session, group, investor)
    terms = deals.Terms(
        instrument=instrument,
        amount=amount,
        tranches=tranches or [(amount, date(2025, 12, 1))],
        term_months=term_months,
        rate_bps=rate_bps,
        share_bps=share_bps,
        first_due_on=first_due_on,
    )
    chair = group.chair
    deal = deals.propose(session, interest, chair, states.GROUP, terms)
    if status in (states.AGREED, states.CONFIRMED):
        deals.agree(session, deal, investor, states.INVESTOR)
    if status == states.CONFIRMED:
        deals.confirm(session, officer, deal)
    session.flush()
    return deal
