"""Demo procurement: Bu Wulan's garment factory buying wearpacks from the konveksi groups, and
Pak Yusuf's canteen contractor with daily boxed meals from Dapur Bu Sri.

Rows follow the states tables: an open request with three submitted quotes; an awarded request
split into two POs (Pak Darto's accepted and in delivery, its first delivery received with a
rejection and a BAST, invoiced and now overdue; Wearpack Tersono's waiting for the manager's
approval); a running catering contract whose next days are generated within capacity.
Idempotent: each company is made once (by NPWP), with everything it owns.
"""

from __future__ import annotations

from datetime import timedelta

import click
from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.accounts import services as accounts
from marketplace.accounts.models import User
from marketplace.catalog.models import ProducerGroup
from marketplace.core.timeutil import utcnow
from marketplace.demo.common import DEMO_PASSWORD
from marketplace.orders import capacity_settings
from marketplace.orders.capacity import capacity_for
from marketplace.orders.logistics import now_wib
from marketplace.orders.models import PickupPoint, ShiftWindow
from marketplace.procurement import catering_days, numbering, states
from marketplace.procurement.billing_models import GroupTaxProfile, Invoice
from marketplace.procurement.contract_models import WEEKDAYS_MON_FRI, CateringContract
from marketplace.procurement.models import Company, CompanyMember
from marketplace.procurement.po_models import (
    Bast,
    Delivery,
    DeliveryLine,
    PoLine,
    PurchaseOrder,
)
from marketplace.procurement.rfq_models import Quote, QuoteLine, Rfq, RfqItem, RfqRecipient

GARMENT_NPWP = "017384920511000"
CANTEEN_NPWP = "028473920512000"
# (email, name, phone, roles)
GARMENT_STAFF = [
    ("wulan@demo.pasartkm.id", "Wulan Pratiwi", "081234500011", ("requester",)),
    ("agus@demo.pasartkm.id", "Agus Prasetyo", "081234500012", ("approver",)),
    ("dewi@demo.pasartkm.id", "Dewi Anggraini", "081234500013", ("finance",)),
]
CANTEEN_STAFF = [
    (
        "yusuf@demo.pasartkm.id",
        "Yusuf Hidayat",
        "081234500014",
        ("requester", "approver", "finance"),
    ),
]
KONVEKSI = ("Konveksi Maju Jaya Gringsing", "Jahit Rapi Banyuputih", "Wearpack Tersono Mandiri")
KITCHEN = "Dapur Bu Sri Kandeman"
SIZES = {"S": 100, "M": 200, "L": 200, "XL": 100}


def _user(session: Session, email: str, name: str, phone: str) -> User:
    user = session.scalars(select(User).where(User.email == email)).first()
    return user or accounts.register(
        session,
        name=name,
        email=email,
        phone=phone,
        password=DEMO_PASSWORD,
        role="buyer",
        organization=None,
    )


def _company(session, npwp, name, address, is_pkp, staff, threshold, officer) -> Company | None:
    """The verified company with its staff, or None when it exists already."""
    if session.scalar(select(Company.id).where(Company.npwp == npwp)) is not None:
        return None
    people = [(_user(session, e, n, p), roles) for e, n, p, roles in staff]
    company = Company(
        name=name,
        npwp=npwp,
        address=address,
        is_pkp=is_pkp,
        status=states.COMPANY_VERIFIED,
        approval_threshold=threshold,
        created_by_id=people[0][0].id,
        verified_by_id=officer.id if officer else None,
        verified_at=utcnow() - timedelta(days=60),
    )
    company.members = [
        CompanyMember(user_id=u.id, role=r, added_by_id=people[0][0].id)
        for u, roles in people
        for r in roles
    ]
    session.add(company)
    session.flush()
    return company


def _groups(session: Session, names) -> list[ProducerGroup]:
    found = {
        g.name: g
        for g in session.scalars(select(ProducerGroup).where(ProducerGroup.name.in_(names)))
    }
    return [found[n] for n in names if n in found]


def _rfq(session, company, staff, title, qty, groups, status, logistics, *, days_ago) -> Rfq:
    rfq = Rfq(
        number=numbering.next_number(session, "RFQ"),
        company_id=company.id,
        created_by_id=staff.id,
        title=title,
        category="konveksi",
        needed_by=now_wib().date() + timedelta(days=45 - days_ago),
        sample_required=True,
        budget=110_000_000,
        point_id=logistics["gate"].id,
        window_id=logistics["window"].id,
        notes="Bordir logo perusahaan di dada kiri; bahan drill 100% katun.",
        status=status,
        sent_at=utcnow() - timedelta(days=days_ago),
        created_at=utcnow() - timedelta(days=days_ago + 1),
    )
    rfq.items = [RfqItem(position=0, name=title, quantity=qty, unit="pcs", spec={"sizes": SIZES})]
    rfq.recipients = [RfqRecipient(group_id=g.id) for g in groups]
    session.add(rfq)
    session.flush()
    return rfq


def _quote(session, rfq, group, price, qty, status, chair_id) -> Quote:
    quote = Quote(
        rfq_id=rfq.id,
        group_id=group.id,
        status=status,
        delivery_plan="Dikirim bertahap 2–3 kali ke gerbang antar shift.",
        lead_time_days=14,
        valid_until=now_wib().date() + timedelta(days=21),
        submitted_by_id=chair_id,
        submitted_at=rfq.sent_at + timedelta(days=2),
    )
    quote.lines = [QuoteLine(rfq_item_id=rfq.items[0].id, unit_price=price, quantity_offered=qty)]
    session.add(quote)
    session.flush()
    return quote


def _po(session, company, rfq, quote, group, qty, price, status, staff, logistics, is_pkp):
    subtotal = qty * price
    ppn = subtotal * 11 // 100 if is_pkp else 0
    po = PurchaseOrder(
        number=numbering.next_number(session, "PO"),
        company_id=company.id,
        rfq_id=rfq.id,
        quote_id=quote.id,
        group_id=group.id,
        status=status,
        terms="net30",
        down_payment_percent=30,
        subtotal=subtotal,
        ppn=ppn,
        total=subtotal + ppn,
        point_id=logistics["gate"].id,
        window_id=logistics["window"].id,
        requested_by_id=staff["requester"].id,
        created_at=utcnow() - timedelta(days=45),
    )
    if status != states.PO_AWAITING_APPROVAL:
        po.approved_by_id = staff["approver"].id
        po.approved_at = po.issued_at = utcnow() - timedelta(days=45)
        po.accepted_at = utcnow() - timedelta(days=44)
    spec = {"sizes": {k: v * qty // 600 for k, v in SIZES.items()}}
    po.lines = [
        PoLine(
            position=0,
            rfq_item_id=rfq.items[0].id,
            description=rfq.title,
            spec=spec,
            unit_price=price,
            quantity=qty,
        )
    ]
    session.add(po)
    session.flush()
    return po


def _garment(session: Session, officer, logistics, echo) -> bool:
    groups = _groups(session, KONVEKSI)
    if len(groups) < 3:
        return False
    company = _company(
        session,
        GARMENT_NPWP,
        "PT Batang Garmen Sejahtera",
        "Kawasan Industri Terpadu Batang, Blok C-7, Ketanggan, Gringsing, Batang",
        True,
        GARMENT_STAFF,
        50_000_000,
        officer,
    )
    if company is None:
        return False
    staff = {roles[0]: _user(session, e, n, p) for e, n, p, roles in GARMENT_STAFF}
    chairs = {g.id: (g.chair.id if g.chair else staff["requester"].id) for g in groups}
    # An open request, three konveksi groups answered.
    rfq = _rfq(session, company, staff["requester"], "Wearpack navy bordir logo", 600, groups,
               states.RFQ_SENT, logistics, days_ago=5)  # fmt: skip
    for group, price in zip(groups, (165_000, 158_000, 172_000), strict=True):
        _quote(session, rfq, group, price, 600 if price != 158_000 else 300,
               states.QUOTE_SUBMITTED, chairs[group.id])  # fmt: skip
    # An earlier request awarded to two groups: a split PO.
    darto, tersono = groups[0], groups[2]
    done = _rfq(session, company, staff["requester"], "Wearpack abu-abu lini produksi 2", 600,
                [darto, tersono], states.RFQ_AWARDED, logistics, days_ago=50)  # fmt: skip
    q1 = _quote(session, done, darto, 160_000, 300, states.QUOTE_ACCEPTED, chairs[darto.id])
    q2 = _quote(session, done, tersono, 168_000, 300, states.QUOTE_ACCEPTED, chairs[tersono.id])
    tax = session.get(GroupTaxProfile, tersono.id)
    if tax is None:
        session.add(GroupTaxProfile(group_id=tersono.id, npwp="039182736451000", is_pkp=True))
    po1 = _po(session, company, done, q1, darto, 300, 160_000, states.PO_IN_DELIVERY, staff,
              logistics, False)  # fmt: skip
    _po(session, company, done, q2, tersono, 300, 168_000, states.PO_AWAITING_APPROVAL, staff,
        logistics, True)  # fmt: skip
    # Pak Darto's first delivery: 150 brought, 6 refused (stitching), signed by Bu Wulan.
    day = now_wib().date() - timedelta(days=40)
    delivery = Delivery(
        po_id=po1.id, seq=1, day=day, window_id=logistics["window"].id,
        point_id=logistics["gate"].id, status=states.DELIVERY_RECEIVED,
        dispatched_at=utcnow() - timedelta(days=40, hours=2),
        received_at=utcnow() - timedelta(days=40),
    )  # fmt: skip
    delivery.lines = [
        DeliveryLine(po_line_id=po1.lines[0].id, qty_planned=150, qty_delivered=150,
                     qty_accepted=144, qty_rejected=6,
                     reject_reason="Jahitan bahu lepas dan bordir logo miring.")
    ]  # fmt: skip
    session.add(delivery)
    session.flush()
    session.add(
        Bast(
            delivery_id=delivery.id,
            number=numbering.next_number(session, "BAST"),
            signed_by_id=staff["requester"].id,
            signer_name=staff["requester"].name,
            notes="6 pcs ditolak, diganti pada pengiriman berikutnya.",
            signed_at=utcnow() - timedelta(days=40),
        )
    )
    session.add(
        Delivery(po_id=po1.id, seq=2, day=now_wib().date() + timedelta(days=5),
                 window_id=logistics["window"].id, point_id=logistics["gate"].id,
                 lines=[DeliveryLine(po_line_id=po1.lines[0].id, qty_planned=156)])
    )  # fmt: skip
    # Down payment paid; the invoice for the accepted 144 is overdue.
    common = {"po_id": po1.id, "seller_name": darto.name, "seller_is_pkp": False,
              "buyer_name": company.name, "buyer_npwp": company.npwp, "ppn": 0}  # fmt: skip
    down = po1.subtotal * 30 // 100
    session.add(
        Invoice(number=numbering.next_number(session, "INV"), kind="down_payment",
                subtotal=down, total=down, issued_at=utcnow() - timedelta(days=44),
                due_date=day - timedelta(days=4), status=states.INVOICE_PAID,
                paid_at=utcnow() - timedelta(days=43), paid_via="transfer",
                payment_ref="TRF-BGS-0412", **common)
    )  # fmt: skip
    accepted = 144 * 160_000
    session.add(
        Invoice(number=numbering.next_number(session, "INV"), kind="delivery",
                delivery_id=delivery.id, subtotal=accepted, total=accepted,
                issued_at=utcnow() - timedelta(days=39), due_date=day + timedelta(days=31),
                status=states.INVOICE_OVERDUE, overdue_flagged_at=utcnow() - timedelta(days=8),
                **common)
    )  # fmt: skip
    session.flush()
    echo("  pengadaan: PT Batang Garmen Sejahtera (permintaan, 3 penawaran, PO terbagi)")
    for email, _name, _phone, roles in GARMENT_STAFF:
        echo(f"    akun perusahaan: {email} ({roles[0]})")
    return True


def _canteen(session: Session, officer, logistics, echo) -> bool:
    kitchen = _groups(session, (KITCHEN,))
    if not kitchen:
        return False
    company = _company(
        session,
        CANTEEN_NPWP,
        "CV Kantin Sehat Batang",
        "Jl. Raya Plelen No. 21, Gringsing, Batang (kantin pabrik di KITB)",
        False,
        CANTEEN_STAFF,
        None,
        officer,
    )
    if company is None:
        return False
    kitchen = kitchen[0]
    if capacity_for(session, kitchen.id, None, "makanan-minuman") is None:
        capacity_settings.add_capacity(
            session, kitchen.id, category="makanan-minuman", units_per_day=400, lead_time_days=1
        )
    today = now_wib().date()
    contract = CateringContract(
        company_id=company.id,
        group_id=kitchen.id,
        menu="Nasi kotak ayam bakar, sayur, sambal, buah, air mineral",
        unit_price=18_000,
        count_per_day=250,
        days_of_week=WEEKDAYS_MON_FRI,
        point_id=logistics["gate"].id,
        window_id=logistics["window"].id,
        starts_on=today - timedelta(days=14),
        ends_on=today + timedelta(days=76),
        cutoff_hour=15,
        status=states.CONTRACT_ACTIVE,
        created_by_id=company.members[0].user_id,
    )
    session.add(contract)
    session.flush()
    catering_days.generate_for(session, contract, today)
    echo("  pengadaan: CV Kantin Sehat Batang (katering 250 nasi kotak tiap hari kerja)")
    echo(f"    akun perusahaan: {CANTEEN_STAFF[0][0]} (semua peran)")
    return True


def load_procurement(session: Session, echo=click.echo) -> int:
    """Create the two demo companies and their procurement rows (once); how many were made."""
    gate = session.scalars(select(PickupPoint).where(PickupPoint.name == "Gerbang 2 KITB")).first()
    window = session.scalars(select(ShiftWindow).where(ShiftWindow.code == "siang")).first()
    if gate is None or window is None:
        return 0
    officer = session.scalars(select(User).where(User.email == "fajar@demo.pasartkm.id")).first()
    logistics = {"gate": gate, "window": window}
    made = int(_garment(session, officer, logistics, echo))
    made += int(_canteen(session, officer, logistics, echo))
    return made
