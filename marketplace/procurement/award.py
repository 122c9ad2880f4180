"""Awarding a request: the proposed split, the buyer's adjustments, one PO per awarded group.

Locking rule of `award`: first one conditional `UPDATE rfqs SET status = 'awarded' WHERE id =
:id AND status = 'sent'` (the RFQ's row stays locked until commit, so a double submission waits
and then finds it awarded: `AlreadyAwarded`, no second set of POs); then the groups' capacity
days are reserved with the capacity module's conditional UPDATE, all pairs of the award in
(capacity id, day) order. A day another award took meanwhile raises `CapacityConflict` (409)
and the caller rolls the whole award back.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, selectinload

from marketplace.accounts.models import User
from marketplace.core.formatting import long_date
from marketplace.investors.models import GroupMonthlyStats
from marketplace.investors.summary import add_months
from marketplace.orders import capacity
from marketplace.orders.logistics import now_wib
from marketplace.procurement import numbering, po_services, states
from marketplace.procurement.po_models import (
    TERMS,
    Delivery,
    DeliveryLine,
    PoLine,
    PurchaseOrder,
)
from marketplace.procurement.rfq_models import Quote, Rfq
from marketplace.procurement.split import Offer, Proposal, plan_group, propose_split

HORIZON_DAYS = 60  # a request without a needed-by date is planned over this many days


class AwardError(ValueError):
    """The award as asked cannot be made; the message says what to change (HTTP 422)."""


class AlreadyAwarded(Exception):
    """The request was awarded already (a double submission): nothing was made again."""


class CapacityConflict(Exception):
    """A group's day filled up while the buyer was deciding (HTTP 409); nothing was saved."""


@dataclass
class AwardContext:
    """What the award page shows and the award checks against, read once."""

    rfq: Rfq
    today: date
    needed_by: date
    quotes: dict[int, Quote]  # group id -> its submitted quote
    offers: dict[int, Offer]  # group id -> what it quoted and can still make
    scores: dict[int, float]  # group id -> on-time rate (0..1)
    proposal: Proposal

    @property
    def needs(self) -> dict[int, int]:
        return {item.id: item.quantity for item in self.rfq.items}


def on_time_scores(session: Session, group_ids, as_of: date | None = None) -> dict[int, float]:
    """Each group's on-time handover rate over the last 12 months (the investors' figures)."""
    ids = list(group_ids)
    if not ids:
        return {}
    current = (as_of or now_wib().date()).replace(day=1)
    rows = session.execute(
        select(
            GroupMonthlyStats.group_id,
            func.sum(GroupMonthlyStats.on_time_orders),
            func.sum(GroupMonthlyStats.completed_orders),
        )
        .where(
            GroupMonthlyStats.group_id.in_(ids),
            GroupMonthlyStats.month >= add_months(current, -11),
            GroupMonthlyStats.month <= current,
        )
        .group_by(GroupMonthlyStats.group_id)
    )
    return {gid: (on_time or 0) / done for gid, on_time, done in rows if done}


def live_quotes(session: Session, rfq: Rfq, today: date) -> dict[int, Quote]:
    """Submitted quotes still valid on `today`, by group id (one statement + their lines)."""
    quotes = session.scalars(
        select(Quote)
        .where(Quote.rfq_id == rfq.id, Quote.status == states.QUOTE_SUBMITTED)
        .options(selectinload(Quote.lines), selectinload(Quote.group))
        .order_by(Quote.group_id)
    )
    return {q.group_id: q for q in quotes if q.valid_until is None or q.valid_until >= today}


def offer_of(session: Session, rfq: Rfq, quote: Quote, today: date, needed_by: date) -> Offer:
    earliest = today + timedelta(days=quote.lead_time_days)
    cap = capacity.capacity_for(session, quote.group_id, None, rfq.category)
    if cap is None:
        free = None
    elif earliest > needed_by:
        free = {}
    else:
        free = capacity.free_units_by_day(
            session, quote.group_id, earliest, needed_by, category=rfq.category, today=today
        )
    return Offer(
        group_id=quote.group_id,
        prices={ln.rfq_item_id: ln.unit_price for ln in quote.lines},
        quantities={ln.rfq_item_id: ln.quantity_offered for ln in quote.lines},
        earliest=earliest,
        free_by_day=free,
    )


def context(session: Session, rfq: Rfq, today: date | None = None) -> AwardContext:
    """Quotes, offers, track records and the proposed split of `rfq` as of `today` (WIB)."""
    today = today or now_wib().date()
    needed_by = rfq.needed_by or today + timedelta(days=HORIZON_DAYS)
    quotes = live_quotes(session, rfq, today)
    offers = {gid: offer_of(session, rfq, q, today, needed_by) for gid, q in quotes.items()}
    scores = on_time_scores(session, quotes, today)
    needs = {item.id: item.quantity for item in rfq.items}
    proposal = propose_split(needs, list(offers.values()), needed_by=needed_by, scores=scores)
    return AwardContext(rfq, today, needed_by, quotes, offers, scores, proposal)


def _check_shares(ctx: AwardContext, shares: Mapping[int, Mapping[int, int]], partial: bool):
    """The buyer's quantities (group id -> item id -> units), checked; returns the plans."""
    needs = ctx.needs
    totals = dict.fromkeys(needs, 0)
    plans = []
    for gid, quantities in sorted(shares.items()):
        wanted = {i: q for i, q in quantities.items() if q}
        if not wanted:
            continue
        offer = ctx.offers.get(gid)
        if offer is None:
            raise AwardError(_("Kelompok itu tidak punya penawaran yang berlaku."))
        name = ctx.quotes[gid].group.name
        for item, qty in wanted.items():
            if item not in needs or qty < 0:
                raise AwardError(_("Jumlah tidak valid."))
            if qty > offer.quantities.get(item, 0):
                raise AwardError(
                    _(
                        "%(group)s hanya menawarkan %(n)s untuk barang ini.",
                        group=name,
                        n=offer.quantities.get(item, 0),
                    )
                )
            totals[item] += qty
        plan = plan_group(offer, wanted, ctx.needed_by)
        if not plan.fits:
            raise AwardError(
                _(
                    "Kapasitas %(group)s tidak cukup sampai tanggal dibutuhkan: kurang %(n)s.",
                    group=name,
                    n=sum(plan.unplanned.values()),
                )
            )
        plans.append(plan)
    if not plans:
        raise AwardError(_("Pilih minimal satu kelompok dengan jumlah lebih dari nol."))
    for item, need in needs.items():
        if totals[item] > need:
            raise AwardError(_("Jumlah yang dipesan melebihi permintaan."))
        if totals[item] < need and not partial:
            raise AwardError(
                _(
                    "Jumlah yang dipesan (%(got)s) kurang dari permintaan (%(need)s). "
                    "Centang “pesan sebagian” bila memang sengaja.",
                    got=totals[item],
                    need=need,
                )
            )
    return plans


def _claim(session: Session, rfq: Rfq) -> None:
    """Move the request to awarded with a conditional UPDATE, or raise AlreadyAwarded."""
    if rfq.status == states.RFQ_AWARDED:
        raise AlreadyAwarded()
    states.check_transition("rfq", rfq.status, states.RFQ_AWARDED, states.REQUESTER)
    result = session.execute(
        update(Rfq)
        .where(Rfq.id == rfq.id, Rfq.status == states.RFQ_SENT)
        .values(status=states.RFQ_AWARDED)
        .execution_options(synchronize_session=False)
    )
    session.expire(rfq, ["status"])
    if result.rowcount != 1:
        raise AlreadyAwarded()


def award(
    session: Session,
    rfq: Rfq,
    actor: User,
    shares: Mapping[int, Mapping[int, int]],
    *,
    terms: str,
    down_payment_percent: int,
    partial: bool = False,
    today: date | None = None,
) -> list[PurchaseOrder]:
    """Award `rfq`: one PO per group in `shares` (group id -> item id -> units).

    Raises AlreadyAwarded, AwardError (422), CapacityConflict (409), IllegalTransition (409).
    Flushes, never commits; the caller rolls back on any of them.
    """
    if not rfq.company.is_verified:
        raise AwardError(_("Perusahaan belum diverifikasi pendamping, belum bisa menerbitkan PO."))
    if terms not in TERMS or not 0 <= down_payment_percent <= 100:
        raise AwardError(_("Syarat pembayaran tidak valid."))
    if rfq.point_id is None or rfq.window_id is None:
        raise AwardError(_("Permintaan ini belum punya titik antar dan jam shift."))
    _claim(session, rfq)
    ctx = context(session, rfq, today)
    plans = _check_shares(ctx, shares, partial)
    pos = [_make_po(session, ctx, plan, actor, terms, down_payment_percent) for plan in plans]
    _reserve(session, rfq, pos)
    for gid, quote in ctx.quotes.items():
        to = states.QUOTE_ACCEPTED if any(p.group_id == gid for p in pos) else states.QUOTE_DECLINED
        states.check_transition("quote", quote.status, to, states.REQUESTER)
        quote.status = to
    session.flush()
    for po in pos:
        if rfq.company.needs_approval(po.total):
            po_services.ask_approval(session, po)
        else:
            po_services.issue(session, po, states.REQUESTER)
    session.flush()
    return pos


def _make_po(session, ctx: AwardContext, plan, actor, terms, dp_percent) -> PurchaseOrder:
    rfq, quote = ctx.rfq, ctx.quotes[plan.group_id]
    prices = ctx.offers[plan.group_id].prices
    items = {item.id: item for item in rfq.items}
    po = PurchaseOrder(
        number=numbering.next_number(session, "PO"),
        company_id=rfq.company_id,
        rfq_id=rfq.id,
        quote_id=quote.id,
        group_id=plan.group_id,
        status=states.PO_DRAFT,
        terms=terms,
        down_payment_percent=dp_percent,
        point_id=rfq.point_id,
        window_id=rfq.window_id,
        requested_by_id=actor.id,
    )
    lines = {}
    for position, (item_id, qty) in enumerate(sorted(plan.quantities.items())):
        item = items[item_id]
        lines[item_id] = PoLine(
            rfq_item_id=item_id,
            position=position,
            description=item.name[:160],
            unit=item.unit,
            spec=dict(item.spec or {}),
            unit_price=prices[item_id],
            quantity=qty,
        )
    po.lines = list(lines.values())
    po.subtotal = sum(line.unit_price * line.quantity for line in po.lines)
    po.ppn = po_services.ppn_for(po.subtotal, po_services.group_is_pkp(session, plan.group_id))
    po.total = po.subtotal + po.ppn
    session.add(po)
    session.flush()
    for seq, day in enumerate(sorted(plan.days), start=1):
        delivery = Delivery(
            po_id=po.id, seq=seq, day=day, window_id=rfq.window_id, point_id=rfq.point_id
        )
        delivery.lines = [
            DeliveryLine(po_line_id=lines[item_id].id, qty_planned=qty)
            for item_id, qty in sorted(plan.days[day].items())
        ]
        session.add(delivery)
    session.flush()
    session.expire(po, ["deliveries"])
    return po


def _reserve(session: Session, rfq: Rfq, pos: list[PurchaseOrder]) -> None:
    """Take every planned delivery day's units from the groups' capacity, in (capacity id, day)
    order; CapacityConflict when one is full now."""
    wanted = []
    for po in pos:
        cap = capacity.capacity_for(session, po.group_id, None, rfq.category)
        if cap is None:
            continue
        for delivery in po.deliveries:
            units = sum(line.qty_planned for line in delivery.lines)
            wanted.append((cap.id, delivery.day, cap, units, po.group.name))
    for _cap_id, day, cap, units, name in sorted(wanted, key=lambda w: (w[0], w[1])):
        try:
            capacity.reserve_on(session, cap, day, units)
        except capacity.CapacityFull as full:
            raise CapacityConflict(
                _(
                    "Kapasitas %(group)s untuk %(day)s baru saja terpakai pesanan lain "
                    "(tersisa %(n)s). Tidak ada yang disimpan; muat ulang usulan pembagian.",
                    group=name,
                    day=long_date(day),
                    n=full.available,
                )
            ) from full
