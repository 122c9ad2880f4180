"""Who hears of a deal's moves: the other side of each step, and the officers where they act.

Each side reads the deal on its own page (the group's, the investor's, the officer's review),
so each notice links there. The officer who acts is never told of his own move."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from marketplace.investors import deal_states as states
from marketplace.investors.deal_models import Deal
from marketplace.investors.interest import group_officer_ids
from marketplace.orders import notification_messages as m
from marketplace.orders.notify import notify, notify_group

KIND = "deal"


def _names(deal: Deal) -> dict[str, str]:
    return {"group": deal.group.name, "investor": deal.investor.name}


def _tell(session: Session, deal: Deal, side: str, message: str, params: dict) -> None:
    link_args = {"deal_id": deal.id}
    if side == states.GROUP:
        notify_group(
            session, deal.group_id, KIND, message, params, ("investors.group_deal", link_args)
        )
    elif side == states.INVESTOR:
        notify(
            session,
            [deal.investor_id],
            KIND,
            message,
            params,
            ("investors.investor_deal", link_args),
        )
    else:
        ids = group_officer_ids(session, deal.group_id)
        notify(session, ids, KIND, message, params, ("program.deal_review", link_args))


def _other(side: str) -> str:
    return states.INVESTOR if side == states.GROUP else states.GROUP


def proposed(session: Session, deal: Deal, side: str) -> None:
    """`side` proposed or changed the terms: the other side is asked to answer."""
    who = deal.group.name if side == states.GROUP else deal.investor.name
    _tell(session, deal, _other(side), m.DEAL_PROPOSED, {"who": who})


def agreed(session: Session, deal: Deal, side: str) -> None:
    """`side` agreed: the other side hears it, the group's officers are asked to confirm."""
    who = deal.group.name if side == states.GROUP else deal.investor.name
    _tell(session, deal, _other(side), m.DEAL_AGREED, {"who": who})
    _tell(session, deal, states.OFFICER, m.DEAL_TO_CONFIRM, _names(deal))


def _both_sides(session: Session, deal: Deal, message: str) -> None:
    for side in (states.GROUP, states.INVESTOR):
        _tell(session, deal, side, message, _names(deal))


def confirmed(session: Session, deal: Deal) -> None:
    """An officer confirmed the deal: both sides hear that its schedule runs."""
    _both_sides(session, deal, m.DEAL_CONFIRMED)


def completed(session: Session, deal: Deal) -> None:
    """An officer closed the deal as completed: both sides hear it."""
    _both_sides(session, deal, m.DEAL_COMPLETED)


def cancelled(session: Session, deal: Deal, side: str, reason: str) -> None:
    """The deal was withdrawn by `side`: everyone else involved hears it, with the reason."""
    params = _names(deal)
    message = m.DEAL_CANCELLED
    if reason:
        message, params = m.DEAL_CANCELLED_REASON, {**params, "reason": reason}
    for other in (states.GROUP, states.INVESTOR):
        if other != side:
            _tell(session, deal, other, message, params)


def disbursed(session: Session, deal: Deal, amount: int, day: date) -> None:
    """The investor recorded a tranche sent: the group checks its account."""
    params = {"investor": deal.investor.name, "amount": amount, "day": day.isoformat()}
    _tell(session, deal, states.GROUP, m.DEAL_DISBURSED, params)


def repaid(session: Session, deal: Deal, amount: int, day: date) -> None:
    """The group recorded a repayment: the investor checks the transfer."""
    params = {"group": deal.group.name, "amount": amount, "day": day.isoformat()}
    _tell(session, deal, states.INVESTOR, m.DEAL_REPAID, params)


def update_posted(session: Session, deal: Deal) -> None:
    """The group posted news of what the money bought: the investor reads it."""
    _tell(session, deal, states.INVESTOR, m.DEAL_UPDATE_POSTED, {"group": deal.group.name})
