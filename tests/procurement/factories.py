"""Builders for every procurement model: one call gives a valid row (flushed) with its parents.

`make_company` makes the company and its staff; the others take their parent or make one.
Money is int Rupiah; dates are WIB dates.
"""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from sqlalchemy.orm import Session

from marketplace.accounts.models import User
from marketplace.catalog.models import ProducerGroup
from marketplace.core.timeutil import utcnow
from marketplace.procurement import numbering, states
from marketplace.procurement.billing_models import GroupTaxProfile, Invoice, InvoicePayment
from marketplace.procurement.contract_models import CateringContract, CateringDay
from marketplace.procurement.models import COMPANY_ROLES, Company, CompanyMember
from marketplace.procurement.po_models import (
    TERMS_DAYS,
    Bast,
    BastPhoto,
    Delivery,
    DeliveryLine,
    PoLine,
    PurchaseOrder,
)
from marketplace.procurement.rfq_models import (
    Quote,
    QuoteLine,
    Rfq,
    RfqAttachment,
    RfqItem,
    RfqRecipient,
)
from tests.factories import make_group, make_logistics, make_user

_seq = itertools.count(1)


def _logistics(session: Session, logistics: dict | None) -> dict:
    return logistics or make_logistics(session)


def make_company(
    session: Session,
    *,
    staff: User | None = None,
    status: str = states.COMPANY_VERIFIED,
    roles: tuple[str, ...] = tuple(COMPANY_ROLES),
    name: str | None = None,
    npwp: str | None = None,
    is_pkp: bool = True,
    approval_threshold: int | None = None,
) -> Company:
    """A company (verified by default) whose `staff` user (made if None) holds `roles`."""
    n = next(_seq)
    staff = staff or make_user(session)
    company = Company(
        name=name or f"PT Contoh Industri {n}",
        npwp=npwp or f"{n:015d}",
        address="Kawasan Industri Terpadu Batang, Kav. 3",
        is_pkp=is_pkp,
        status=status,
        approval_threshold=approval_threshold,
        created_by_id=staff.id,
        verified_at=utcnow() if status == states.COMPANY_VERIFIED else None,
    )
    session.add(company)
    session.flush()
    for role in roles:
        session.add(CompanyMember(company_id=company.id, user_id=staff.id, role=role))
    session.flush()
    return company


def add_company_member(
    session: Session, company: Company, *roles: str, user: User | None = None
) -> User:
    """Give `user` (made if None) `roles` at `company`; return the user."""
    user = user or make_user(session)
    for role in roles:
        session.add(CompanyMember(company_id=company.id, user_id=user.id, role=role))
    session.flush()
    session.expire(company, ["members"])
    return user


def make_rfq(
    session: Session,
    company: Company | None = None,
    *,
    status: str = states.RFQ_SENT,
    category: str = "konveksi",
    items: tuple[tuple[str, int, dict], ...] = (
        ("Wearpack navy bordir logo", 600, {"sizes": {"S": 100, "M": 200, "L": 200, "XL": 100}}),
    ),
    recipients: tuple[ProducerGroup, ...] = (),
    logistics: dict | None = None,
    needed_by: date | None = None,
    budget: int | None = None,
) -> Rfq:
    """A request (sent by default) with `items` (name, quantity, spec), sent to `recipients`."""
    company = company or make_company(session)
    staff = company.members[0].user_id
    logistics = _logistics(session, logistics)
    rfq = Rfq(
        number=numbering.next_number(session, "RFQ"),
        company_id=company.id,
        created_by_id=staff,
        title=items[0][0] if items else "Permintaan",
        category=category,
        needed_by=needed_by or date.today() + timedelta(days=30),
        budget=budget,
        point_id=logistics["points"][0].id,
        window_id=logistics["windows"]["siang"].id,
        status=status,
        sent_at=utcnow() if status != states.RFQ_DRAFT else None,
    )
    rfq.items = [
        RfqItem(position=i, name=name, quantity=qty, unit="pcs", spec=spec)
        for i, (name, qty, spec) in enumerate(items)
    ]
    rfq.recipients = [RfqRecipient(group_id=g.id) for g in recipients]
    session.add(rfq)
    session.flush()
    return rfq


def make_rfq_attachment(session: Session, rfq: Rfq, *, storage_key: str | None = None):
    n = next(_seq)
    attachment = RfqAttachment(
        rfq_id=rfq.id,
        storage_key=storage_key or f"rfq-{n:08d}.pdf",
        filename="logo.pdf",
        content_type="application/pdf",
        size=1234,
    )
    session.add(attachment)
    session.flush()
    return attachment


def make_quote(
    session: Session,
    rfq: Rfq,
    group: ProducerGroup | None = None,
    *,
    status: str = states.QUOTE_SUBMITTED,
    unit_price: int = 150_000,
    quantity: int | None = None,
    lead_time_days: int = 14,
) -> Quote:
    """A group's quote for every item of `rfq` at `unit_price` (quantity: all, by default)."""
    group = group or make_group(session, sectors=(rfq.category,))
    if not any(r.group_id == group.id for r in rfq.recipients):
        session.add(RfqRecipient(rfq_id=rfq.id, group_id=group.id))
    quote = Quote(
        rfq_id=rfq.id,
        group_id=group.id,
        status=status,
        delivery_plan="Kirim bertahap tiap Senin",
        lead_time_days=lead_time_days,
        valid_until=date.today() + timedelta(days=14),
        submitted_at=utcnow() if status != states.QUOTE_DRAFT else None,
    )
    quote.lines = [
        QuoteLine(
            rfq_item_id=item.id,
            unit_price=unit_price,
            quantity_offered=item.quantity if quantity is None else quantity,
        )
        for item in rfq.items
    ]
    session.add(quote)
    session.flush()
    session.expire(rfq, ["recipients"])
    return quote


def make_po(
    session: Session,
    *,
    company: Company | None = None,
    group: ProducerGroup | None = None,
    quote: Quote | None = None,
    status: str = states.PO_ACCEPTED,
    lines: tuple[tuple[str, int, int], ...] = (("Wearpack navy", 150_000, 200),),
    terms: str = "net30",
    down_payment_percent: int = 30,
    ppn_percent: int = 11,
    logistics: dict | None = None,
) -> PurchaseOrder:
    """A PO (accepted by default) with `lines` (description, unit price, quantity); from
    `quote` when given (its company, group, request and lines)."""
    logistics = _logistics(session, logistics)
    if quote is not None:
        rfq = quote.rfq
        company = company or rfq.company
        group = group or quote.group
        lines = tuple((ln.item.name, ln.unit_price, ln.quantity_offered) for ln in quote.lines)
        items = [ln.item for ln in quote.lines]
    else:
        rfq, items = None, [None] * len(lines)
    company = company or make_company(session)
    group = group or make_group(session, sectors=("konveksi",))
    subtotal = sum(price * qty for _, price, qty in lines)
    ppn = subtotal * ppn_percent // 100
    po = PurchaseOrder(
        number=numbering.next_number(session, "PO"),
        company_id=company.id,
        rfq_id=rfq.id if rfq else None,
        quote_id=quote.id if quote else None,
        group_id=group.id,
        status=status,
        terms=terms,
        down_payment_percent=down_payment_percent,
        subtotal=subtotal,
        ppn=ppn,
        total=subtotal + ppn,
        point_id=logistics["points"][0].id,
        window_id=logistics["windows"]["siang"].id,
        requested_by_id=company.members[0].user_id,
        issued_at=utcnow()
        if status not in (states.PO_DRAFT, states.PO_AWAITING_APPROVAL)
        else None,
    )
    po.lines = [
        PoLine(
            position=i,
            rfq_item_id=item.id if item else None,
            description=desc,
            spec=dict(item.spec) if item else {},
            unit_price=price,
            quantity=qty,
        )
        for i, ((desc, price, qty), item) in enumerate(zip(lines, items, strict=True))
    ]
    session.add(po)
    session.flush()
    return po


def make_delivery(
    session: Session,
    po: PurchaseOrder,
    *,
    day: date | None = None,
    status: str = states.DELIVERY_SCHEDULED,
    quantities: dict[int, int] | None = None,
) -> Delivery:
    """The PO's next delivery, bringing `quantities` {po_line_id: qty} (all of each line)."""
    quantities = quantities or {line.id: line.quantity for line in po.lines}
    delivery = Delivery(
        po_id=po.id,
        seq=len(po.deliveries) + 1,
        day=day or date.today() + timedelta(days=7),
        window_id=po.window_id,
        point_id=po.point_id,
        status=status,
    )
    delivery.lines = [
        DeliveryLine(po_line_id=line_id, qty_planned=qty) for line_id, qty in quantities.items()
    ]
    session.add(delivery)
    session.flush()
    session.expire(po, ["deliveries"])
    return delivery


def make_bast(
    session: Session,
    delivery: Delivery,
    signer: User | None = None,
    *,
    rejected: dict[int, tuple[int, str]] | None = None,
    photos: int = 0,
) -> Bast:
    """Sign `delivery`: everything planned delivered; `rejected` {po_line_id: (qty, reason)}."""
    rejected = rejected or {}
    signer = signer or make_user(session)
    for line in delivery.lines:
        bad, reason = rejected.get(line.po_line_id, (0, ""))
        line.qty_delivered = line.qty_planned
        line.qty_rejected = bad
        line.qty_accepted = line.qty_planned - bad
        line.reject_reason = reason
    delivery.status = states.DELIVERY_RECEIVED
    delivery.received_at = utcnow()
    bast = Bast(
        delivery_id=delivery.id,
        number=numbering.next_number(session, "BAST"),
        signed_by_id=signer.id,
        signer_name=signer.name,
    )
    bast.photos = [
        BastPhoto(storage_key=f"bast-{next(_seq):08d}.jpg", content_type="image/jpeg", size=10)
        for _ in range(photos)
    ]
    session.add(bast)
    session.flush()
    return bast


def make_tax_profile(
    session: Session, group: ProducerGroup, *, npwp: str | None = None, is_pkp: bool = True
) -> GroupTaxProfile:
    profile = GroupTaxProfile(group_id=group.id, npwp=npwp or f"9{next(_seq):014d}", is_pkp=is_pkp)
    session.add(profile)
    session.flush()
    return profile


def make_invoice(
    session: Session,
    po: PurchaseOrder,
    *,
    kind: str = "delivery",
    delivery: Delivery | None = None,
    subtotal: int | None = None,
    ppn_percent: int = 11,
    status: str = states.INVOICE_ISSUED,
    due_date: date | None = None,
) -> Invoice:
    """An invoice for `po` (by default the whole PO's subtotal), due by the PO's terms."""
    subtotal = po.subtotal if subtotal is None else subtotal
    ppn = subtotal * ppn_percent // 100
    invoice = Invoice(
        number=numbering.next_number(session, "INV"),
        po_id=po.id,
        delivery_id=delivery.id if delivery else None,
        kind=kind,
        subtotal=subtotal,
        ppn=ppn,
        total=subtotal + ppn,
        seller_name=po.group.name,
        buyer_name=po.company.name,
        buyer_npwp=po.company.npwp,
        seller_is_pkp=ppn_percent > 0,
        due_date=due_date or date.today() + timedelta(days=TERMS_DAYS[po.terms]),
        status=status,
        paid_at=utcnow() if status == states.INVOICE_PAID else None,
    )
    session.add(invoice)
    session.flush()
    return invoice


def make_invoice_payment(
    session: Session, invoice: Invoice, *, status: str = "pending"
) -> InvoicePayment:
    payment = InvoicePayment(
        invoice_id=invoice.id,
        provider_order_id=f"{invoice.number}-a{next(_seq)}",
        gross_amount=invoice.total,
        status=status,
        expires_at=utcnow() + timedelta(hours=24),
    )
    session.add(payment)
    session.flush()
    return payment


def make_contract(
    session: Session,
    *,
    company: Company | None = None,
    group: ProducerGroup | None = None,
    status: str = states.CONTRACT_ACTIVE,
    count_per_day: int = 250,
    unit_price: int = 18_000,
    days_of_week: int = 0b0011111,
    starts_on: date | None = None,
    weeks: int = 4,
    cutoff_hour: int = 15,
    logistics: dict | None = None,
) -> CateringContract:
    """A catering contract (active, weekdays, 250 boxes at the siang window by default)."""
    logistics = _logistics(session, logistics)
    company = company or make_company(session, is_pkp=False)
    group = group or make_group(session, sectors=("makanan-minuman",))
    starts_on = starts_on or date.today() + timedelta(days=1)
    contract = CateringContract(
        company_id=company.id,
        group_id=group.id,
        menu="Nasi kotak ayam bakar, sayur, buah",
        unit_price=unit_price,
        count_per_day=count_per_day,
        days_of_week=days_of_week,
        point_id=logistics["points"][0].id,
        window_id=logistics["windows"]["siang"].id,
        starts_on=starts_on,
        ends_on=starts_on + timedelta(weeks=weeks) - timedelta(days=1),
        cutoff_hour=cutoff_hour,
        status=status,
        created_by_id=company.members[0].user_id,
    )
    session.add(contract)
    session.flush()
    return contract


def make_catering_day(
    session: Session, contract: CateringContract, day: date, *, count: int | None = None
) -> CateringDay:
    row = CateringDay(
        contract_id=contract.id,
        day=day,
        count=contract.count_per_day if count is None else count,
    )
    session.add(row)
    session.flush()
    return row
