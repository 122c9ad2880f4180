"""Requests for quotation on the company side: write a draft, send it, cancel it, list them.

Every function takes the session and flushes, never commits. The company comes from the
login: `company_rfq` gives 404 for anyone not on the request's company's staff.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload, selectinload
from werkzeug.exceptions import NotFound

from marketplace.accounts.models import User
from marketplace.catalog.models import ProducerGroup
from marketplace.core.timeutil import utcnow
from marketplace.investors import documents
from marketplace.procurement import companies, numbering, routing, states
from marketplace.procurement.models import ROLE_APPROVER, ROLE_REQUESTER, Company
from marketplace.procurement.rfq_models import (
    Quote,
    Rfq,
    RfqAttachment,
    RfqItem,
    RfqRecipient,
)

if TYPE_CHECKING:
    from marketplace.procurement.rfq_forms import ItemInput

PAGE_SIZE = 20
# Quotes a company sees: never a group's draft nor a withdrawn one.
SHOWN_TO_COMPANY = (
    states.QUOTE_SUBMITTED,
    states.QUOTE_ACCEPTED,
    states.QUOTE_DECLINED,
    states.QUOTE_EXPIRED,
)
ROLE_ACTORS = {ROLE_REQUESTER: states.REQUESTER, ROLE_APPROVER: states.APPROVER}


class RfqError(Exception):
    """A request action refused for a reason the user can fix; the message is for them."""


def actor_for(roles: set[str], kind: str, from_status: str, to_status: str) -> str:
    """The first of the user's company roles the states table lets make this move (the
    requester's when none does, so `check_transition` names the refusal)."""
    for role, actor in ROLE_ACTORS.items():
        if role in roles and states.allowed(kind, from_status, to_status, actor):
            return actor
    return states.REQUESTER


# --- reading ------------------------------------------------------------------------------


def company_rfq_with_roles(session: Session, user: User, rfq_id: int) -> tuple[Rfq, set[str]]:
    """The request with its items, files, recipients and places, and the user's roles at its
    company; 404 when `user` is not on that company's staff."""
    group = joinedload(RfqRecipient.group).lazyload(ProducerGroup.sector_rows)
    rfq = session.scalars(
        select(Rfq)
        .where(Rfq.id == rfq_id)
        .options(
            joinedload(Rfq.company),
            joinedload(Rfq.point),
            joinedload(Rfq.window),
            selectinload(Rfq.items),
            selectinload(Rfq.attachments),
            selectinload(Rfq.recipients).options(group),
        )
    ).first()
    roles = companies.roles_of(session, user.id, rfq.company_id) if rfq is not None else set()
    if not roles:
        raise NotFound()
    return rfq, roles


def company_rfq(session: Session, user: User, rfq_id: int) -> Rfq:
    """The request, when `user` is on its company's staff (404 otherwise)."""
    return company_rfq_with_roles(session, user, rfq_id)[0]


@dataclass(frozen=True)
class ListRow:
    rfq: Rfq
    quantity: int
    recipients: int
    quotes: int


def company_rfqs(
    session: Session, company_id: int, *, before: int | None = None, limit: int = PAGE_SIZE
) -> tuple[list[ListRow], int | None]:
    """A page of the company's requests, newest first, and the cursor of the next page.

    Keyset on id (ids grow with creation): page 100 costs what page 1 costs. One statement.
    """
    quantity = (
        select(func.coalesce(func.sum(RfqItem.quantity), 0))
        .where(RfqItem.rfq_id == Rfq.id)
        .scalar_subquery()
    )
    recipients = (
        select(func.count(RfqRecipient.id)).where(RfqRecipient.rfq_id == Rfq.id).scalar_subquery()
    )
    quotes = (
        select(func.count(Quote.id))
        .where(Quote.rfq_id == Rfq.id, Quote.status.in_(SHOWN_TO_COMPANY))
        .scalar_subquery()
    )
    stmt = select(Rfq, quantity, recipients, quotes).where(Rfq.company_id == company_id)
    if before is not None:
        stmt = stmt.where(Rfq.id < before)
    rows = session.execute(stmt.order_by(Rfq.id.desc()).limit(limit + 1)).all()
    page = [ListRow(r[0], int(r[1]), int(r[2]), int(r[3])) for r in rows[:limit]]
    cursor = page[-1].rfq.id if len(rows) > limit else None
    return page, cursor


def received_quotes(session: Session, rfq: Rfq) -> list[Quote]:
    """The quotes the company may see for the request, cheapest total first is the reader's
    choice: here by submission. Two statements (quotes with groups, their lines)."""
    stmt = (
        select(Quote)
        .where(Quote.rfq_id == rfq.id, Quote.status.in_(SHOWN_TO_COMPANY))
        .options(
            selectinload(Quote.lines),
            selectinload(Quote.group).lazyload(ProducerGroup.sector_rows),
        )
        .order_by(Quote.submitted_at, Quote.id)
    )
    return list(session.scalars(stmt))


# --- writing ------------------------------------------------------------------------------


def create_draft(
    session: Session,
    company: Company,
    user: User,
    *,
    title: str,
    category: str,
    items: list[ItemInput],
    needed_by: date | None,
    recurring: bool = False,
    sample_required: bool = False,
    budget: int | None = None,
    notes: str = "",
    point_id: int | None = None,
    window_id: int | None = None,
    files: list[documents.CheckedFile] = (),
) -> Rfq:
    """A draft request of `company` by `user` (a requester) with its items and files.

    Files are checked already (`documents.check_upload`); they are stored privately here.
    """
    if not items:
        raise RfqError(_("Isi minimal satu barang."))
    rfq = Rfq(
        number=numbering.next_number(session, "RFQ"),
        company_id=company.id,
        created_by_id=user.id,
        title=title.strip(),
        category=category,
        needed_by=None if recurring else needed_by,
        recurring=recurring,
        sample_required=sample_required,
        budget=budget,
        notes=(notes or "").strip(),
        point_id=point_id or None,
        window_id=window_id or None,
        status=states.RFQ_DRAFT,
    )
    rfq.items = [
        RfqItem(position=i, name=it.name, quantity=it.quantity, unit=it.unit, spec=it.spec)
        for i, it in enumerate(items)
    ]
    rfq.attachments = [
        RfqAttachment(
            storage_key=documents.save(checked),
            filename=checked.name,
            content_type=checked.content_type,
            size=len(checked.data),
            uploaded_by_id=user.id,
        )
        for checked in files
    ]
    session.add(rfq)
    session.flush()
    return rfq


def send_rfq(session: Session, rfq: Rfq, user: User) -> list[RfqRecipient]:
    """Send a draft to the groups that can make it (`routing.route`); refuse when none can.

    Raises IllegalTransition (409) when the request is not a draft or the user is not its
    requester, RfqError when no group is eligible (nothing is written then).
    """
    roles = companies.roles_of(session, user.id, rfq.company_id)
    if ROLE_REQUESTER not in roles:
        raise states.IllegalTransition(_("Hanya peminta (requester) yang dapat mengirim."))
    states.check_transition("rfq", rfq.status, states.RFQ_SENT, states.REQUESTER)
    recipients = routing.route(session, rfq)
    if not recipients:
        raise RfqError(
            _(
                "Belum ada kelompok terverifikasi yang menjual kategori ini dan masih punya "
                "kapasitas sebelum tanggal dibutuhkan. Ubah tanggal atau hubungi pendamping."
            )
        )
    rfq.status = states.RFQ_SENT
    rfq.sent_at = utcnow()
    session.flush()
    return recipients


def cancel_rfq(session: Session, rfq: Rfq, user: User, reason: str = "") -> None:
    """Cancel a draft or a sent request (a sent one needs a reason); live quotes are declined."""
    roles = companies.roles_of(session, user.id, rfq.company_id)
    actor = actor_for(roles, "rfq", rfq.status, states.RFQ_CANCELLED)
    reason = (reason or "").strip()
    states.check_transition("rfq", rfq.status, states.RFQ_CANCELLED, actor, reason)
    rfq.status = states.RFQ_CANCELLED
    rfq.status_reason = reason
    for quote in session.scalars(
        select(Quote).where(Quote.rfq_id == rfq.id, Quote.status == states.QUOTE_SUBMITTED)
    ):
        quote.status = states.QUOTE_DECLINED
        quote.status_reason = reason
    session.flush()


def attachment_of(session: Session, rfq: Rfq, file_id: int) -> RfqAttachment:
    """One of the request's attachments (404 when it belongs to another request)."""
    item = session.get(RfqAttachment, file_id)
    if item is None or item.rfq_id != rfq.id:
        raise NotFound()
    return item
