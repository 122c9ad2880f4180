"""The group's side of a request: its inbox, reading a request, quoting and withdrawing.

A group only ever reaches requests it received (`group_rfq`: 404 otherwise) and only its own
quote. One live quote per group and request: submitting again changes the live quote in
place, and the partial unique index `uq_quotes_live` stops two concurrent first submissions
(the loser's insert fails inside a savepoint and it updates the winner's row instead).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import and_, exists, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload
from werkzeug.exceptions import NotFound

from marketplace.accounts.models import User
from marketplace.core.timeutil import utcnow
from marketplace.procurement import states
from marketplace.procurement.rfq_models import Quote, QuoteLine, Rfq, RfqItem, RfqRecipient

INBOX_LIMIT = 50


class QuoteError(Exception):
    """A quote refused for a reason the group can fix; the message is for them."""


@dataclass(frozen=True)
class InboxRow:
    rfq: Rfq
    recipient: RfqRecipient
    quantity: int
    quote_status: str | None  # the group's live or latest quote, None when it has none


def inbox(session: Session, group_id: int, limit: int = INBOX_LIMIT) -> list[InboxRow]:
    """Requests sent to the group, newest first, with its own quote's status. One statement."""
    quantity = select(func.sum(RfqItem.quantity)).where(RfqItem.rfq_id == Rfq.id).scalar_subquery()
    latest = (
        select(Quote.status)
        .where(Quote.rfq_id == Rfq.id, Quote.group_id == group_id)
        .order_by(Quote.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    stmt = (
        select(Rfq, RfqRecipient, quantity, latest)
        .join(RfqRecipient, RfqRecipient.rfq_id == Rfq.id)
        .where(RfqRecipient.group_id == group_id)
        .options(selectinload(Rfq.company))
        .order_by(RfqRecipient.sent_at.desc(), RfqRecipient.id.desc())
        .limit(limit)
    )
    return [InboxRow(r[0], r[1], int(r[2] or 0), r[3]) for r in session.execute(stmt)]


def open_count(session: Session, group_id: int) -> tuple[int, int]:
    """(open requests without the group's live quote, of which not yet opened). One statement."""
    quoted = exists().where(
        Quote.rfq_id == RfqRecipient.rfq_id,
        Quote.group_id == group_id,
        Quote.status.in_(states.QUOTE_LIVE),
    )
    row = session.execute(
        select(
            func.count(RfqRecipient.id),
            func.count(RfqRecipient.id).filter(RfqRecipient.seen_at.is_(None)),
        )
        .join(Rfq, Rfq.id == RfqRecipient.rfq_id)
        .where(and_(RfqRecipient.group_id == group_id, Rfq.status == states.RFQ_SENT, ~quoted))
    ).one()
    return int(row[0]), int(row[1])


def group_rfq(session: Session, group_id: int, rfq_id: int) -> tuple[Rfq, RfqRecipient]:
    """The request and the group's recipient row, when it was sent to the group (404 else)."""
    row = session.execute(
        select(Rfq, RfqRecipient)
        .join(RfqRecipient, RfqRecipient.rfq_id == Rfq.id)
        .where(Rfq.id == rfq_id, RfqRecipient.group_id == group_id)
    ).first()
    if row is None:
        raise NotFound()
    return row[0], row[1]


def mark_seen(recipient: RfqRecipient) -> None:
    if recipient.seen_at is None:
        recipient.seen_at = utcnow()


def own_quote(session: Session, rfq_id: int, group_id: int) -> Quote | None:
    """The group's live quote for the request, else its latest one (None: never quoted)."""
    return session.scalars(
        select(Quote)
        .where(Quote.rfq_id == rfq_id, Quote.group_id == group_id)
        .options(selectinload(Quote.lines))
        .order_by(Quote.status.in_(states.QUOTE_LIVE).desc(), Quote.id.desc())
        .limit(1)
    ).first()


def _live(session: Session, rfq_id: int, group_id: int) -> Quote | None:
    return session.scalars(
        select(Quote).where(
            Quote.rfq_id == rfq_id,
            Quote.group_id == group_id,
            Quote.status.in_(states.QUOTE_LIVE),
        )
    ).first()


def _clean_lines(rfq: Rfq, lines: dict[int, tuple[int | None, int]]) -> dict[int, tuple[int, int]]:
    """{item id: (unit price, quantity)} checked against the request's items."""
    out = {}
    for item in rfq.items:
        price, qty = lines.get(item.id, (None, 0))
        if qty < 0 or qty > item.quantity:
            raise QuoteError(
                _(
                    "Jumlah untuk %(item)s paling banyak %(n)s.",
                    item=item.name,
                    n=item.quantity,
                )
            )
        if qty and not price:
            raise QuoteError(_("Isi harga satuan untuk %(item)s.", item=item.name))
        out[item.id] = (price or 0, qty)
    if not any(qty for _price, qty in out.values()):
        raise QuoteError(_("Isi jumlah yang sanggup untuk minimal satu barang."))
    return out


def submit_quote(
    session: Session,
    rfq: Rfq,
    group_id: int,
    user: User,
    *,
    lines: dict[int, tuple[int | None, int]],
    delivery_plan: str,
    lead_time_days: int,
    valid_until: date,
    notes: str = "",
) -> Quote:
    """Submit (or change) the group's quote: {rfq item id: (unit price, quantity offered)}.

    Raises IllegalTransition (409) when the request no longer takes quotes (not sent), or the
    group's quote was already accepted; QuoteError for lines that do not fit the request.
    """
    if rfq.status != states.RFQ_SENT:
        raise states.IllegalTransition(_("Permintaan ini tidak lagi menerima penawaran."))
    cleaned = _clean_lines(rfq, lines)
    quote = _live(session, rfq.id, group_id)
    if quote is None:
        quote = Quote(rfq_id=rfq.id, group_id=group_id, status=states.QUOTE_DRAFT)
        try:
            with session.begin_nested():
                session.add(quote)
                session.flush()
        except IntegrityError:  # a concurrent first submission won: change that one
            quote = _live(session, rfq.id, group_id)
            if quote is None:
                raise
    elif quote.status == states.QUOTE_ACCEPTED:
        raise states.IllegalTransition(_("Penawaran yang sudah diterima tidak bisa diubah."))
    if quote.status == states.QUOTE_DRAFT:
        states.check_transition("quote", quote.status, states.QUOTE_SUBMITTED, states.GROUP)
    quote.status = states.QUOTE_SUBMITTED
    quote.delivery_plan = delivery_plan.strip()
    quote.lead_time_days = lead_time_days
    quote.valid_until = valid_until
    quote.notes = (notes or "").strip()
    quote.submitted_by_id = user.id
    quote.submitted_at = utcnow()
    existing = {line.rfq_item_id: line for line in quote.lines}
    for item_id, (price, qty) in cleaned.items():
        line = existing.get(item_id)
        if line is None:
            quote.lines.append(
                QuoteLine(rfq_item_id=item_id, unit_price=price, quantity_offered=qty)
            )
        else:
            line.unit_price, line.quantity_offered = price, qty
    session.flush()
    return quote


def withdraw_quote(session: Session, rfq: Rfq, group_id: int) -> Quote:
    """Withdraw the group's live quote (409 when it has none it may withdraw)."""
    quote = _live(session, rfq.id, group_id)
    if quote is None:
        raise states.IllegalTransition(_("Tidak ada penawaran yang bisa ditarik."))
    states.check_transition("quote", quote.status, states.QUOTE_WITHDRAWN, states.GROUP)
    quote.status = states.QUOTE_WITHDRAWN
    session.flush()
    return quote


def is_expired(quote: Quote, today: date) -> bool:
    """Past its validity date (shown as expired even before a job marks it)."""
    return quote.status == states.QUOTE_EXPIRED or (
        quote.valid_until is not None and quote.valid_until < today
    )


def work_panel(session: Session, group) -> list[dict]:
    """The group's work page panel: open requests waiting for its quote (one statement)."""
    waiting, new = open_count(session, group.id)
    return [{"template": "procurement/_work_rfq.html", "rank": 15, "open": waiting, "new": new}]
