"""Quotes past their validity date: the SYSTEM move submitted → expired, run daily by
`flask pengadaan penawaran`.

A quote is valid through its `valid_until` day (WIB); from the next day on, a still
submitted quote expires. The award page already ignores such quotes (`award.live_quotes`);
this job makes their status say so, frees the group to send a fresh quote, and tells the
group once.

Idempotent and safe beside a second run or a concurrent award: each quote moves by a
conditional `UPDATE … SET status = 'expired' WHERE id = :id AND status = 'submitted' AND
valid_until < :today`, and only the run whose update changed the row sends the notice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from marketplace.orders import notification_b2b as messages
from marketplace.orders import notify
from marketplace.procurement import states
from marketplace.procurement.rfq_models import Quote

NOTIFY_KIND = "rfq"  # as the request's own notice (routing.py)
Progress = Callable[[list[int]], Iterable[int]]


def due(session: Session, today: date) -> list[int]:
    """Ids of submitted quotes whose validity date lies before `today`, oldest first."""
    stmt = (
        select(Quote.id)
        .where(
            Quote.status == states.QUOTE_SUBMITTED,
            Quote.valid_until.is_not(None),
            Quote.valid_until < today,
        )
        .order_by(Quote.id)
    )
    return list(session.scalars(stmt))


def expire_one(session: Session, quote_id: int, today: date) -> bool:
    """Expire one quote if it is still submitted and past its date; True when this call did."""
    states.check_transition("quote", states.QUOTE_SUBMITTED, states.QUOTE_EXPIRED, states.SYSTEM)
    result = session.execute(
        update(Quote)
        .where(
            Quote.id == quote_id,
            Quote.status == states.QUOTE_SUBMITTED,
            Quote.valid_until < today,
        )
        .values(status=states.QUOTE_EXPIRED)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        return False
    quote = session.get(Quote, quote_id)
    session.refresh(quote, ["status"])
    rfq = quote.rfq
    params = {
        "number": rfq.number,
        "company": rfq.company.name,
        "day": quote.valid_until.isoformat(),
    }
    link = ("procurement.group_rfq", {"rfq_id": rfq.id})
    notify.notify_group(session, quote.group_id, NOTIFY_KIND, messages.QUOTE_EXPIRED, params, link)
    return True


def run(
    session: Session,
    today: date,
    *,
    commit: bool = False,
    progress: Progress | None = None,
) -> int:
    """Expire every quote past its date; the number this run expired. With `commit`, each
    quote is committed on its own (the CLI), so an interrupted run keeps what it did."""
    ids = due(session, today)
    count = 0
    for quote_id in progress(ids) if progress else ids:
        if expire_one(session, quote_id, today):
            count += 1
        if commit:
            session.commit()
    session.flush()
    return count
