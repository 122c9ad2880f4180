"""The large data set's procurement part: one company with 200 requests and 100 POs, for the
benchmark's request list and PO page (`scripts/bench.py`).

Bulk inserts like the rest of `large.py` (explicit ids, PostgreSQL COPY or SQLite
executemany); made once, marked by the company's NPWP, so `flask demo load --scale large` adds
it to a data set built before it existed.
"""

from __future__ import annotations

import json
from datetime import timedelta

import click
from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.accounts import services as accounts
from marketplace.accounts.models import User
from marketplace.catalog.models import GroupSector, ProducerGroup
from marketplace.core.timeutil import utcnow
from marketplace.demo.bulk import insert_rows, next_id, reset_sequences
from marketplace.demo.common import DEMO_PASSWORD
from marketplace.orders.models import PickupPoint, ShiftWindow
from marketplace.procurement import states
from marketplace.procurement.models import COMPANY_ROLES, Company, CompanyMember

BENCH_NPWP = "099000000000001"
BENCH_STAFF = "bench-pengadaan@demo.pasartkm.id"  # not @bench: the large test counts those
RFQS = 200
POS = 100
RFQ_STATUSES = (states.RFQ_SENT, states.RFQ_AWARDED, states.RFQ_DRAFT, states.RFQ_CLOSED)
PO_STATUSES = (
    states.PO_ACCEPTED,
    states.PO_IN_DELIVERY,
    states.PO_ISSUED,
    states.PO_AWAITING_APPROVAL,
    states.PO_COMPLETED,
)
SIZES = json.dumps({"sizes": {"S": 50, "M": 100, "L": 100, "XL": 50}})


def load_large_procurement(session: Session, echo=click.echo) -> int:
    """Create the benchmark company's requests and POs unless present; how many POs."""
    if session.scalar(select(Company.id).where(Company.npwp == BENCH_NPWP)) is not None:
        return 0
    point = session.scalars(select(PickupPoint).order_by(PickupPoint.id)).first()
    window = session.scalars(select(ShiftWindow).where(ShiftWindow.code == "siang")).first()
    groups = list(
        session.scalars(
            select(ProducerGroup.id)
            .join(GroupSector, GroupSector.group_id == ProducerGroup.id)
            .where(GroupSector.sector == "konveksi", ProducerGroup.status == "verified")
            .order_by(ProducerGroup.id)
            .limit(100)
        )
    )
    if point is None or window is None or not groups:
        return 0
    staff = session.scalars(select(User).where(User.email == BENCH_STAFF)).first()
    staff = staff or accounts.register(
        session,
        name="Staf Pengadaan Bench",
        email=BENCH_STAFF,
        phone="089900000001",
        password=DEMO_PASSWORD,
        organization=None,
    )
    now = utcnow().replace(microsecond=0)
    company = Company(
        name="PT Bench Industri Batang",
        npwp=BENCH_NPWP,
        address="Kawasan Industri Terpadu Batang, Blok Z",
        is_pkp=True,
        status=states.COMPANY_VERIFIED,
        created_by_id=staff.id,
        verified_at=now,
    )
    company.members = [CompanyMember(user_id=staff.id, role=r) for r in COMPANY_ROLES]
    session.add(company)
    session.flush()
    rfq0, item0 = next_id(session, "rfqs"), next_id(session, "rfq_items")
    rec0, po0, line0 = (
        next_id(session, "rfq_recipients"),
        next_id(session, "purchase_orders"),
        next_id(session, "po_lines"),
    )
    today = now.date()
    rfqs, items, recipients = [], [], []
    for i in range(RFQS):
        rid, made = rfq0 + i, now - timedelta(hours=6 * (RFQS - i))
        status = RFQ_STATUSES[i % len(RFQ_STATUSES)]
        title = f"Seragam kerja lini {i + 1}"
        rfqs.append(
            (rid, f"RFQ-BENCH-{i + 1:05d}", company.id, staff.id, title, "konveksi",
             today + timedelta(days=30 + i % 20), False, 50_000_000, point.id, window.id, False,
             "", status, "", None if status == states.RFQ_DRAFT else made, made)
        )  # fmt: skip
        items.append((item0 + i, rid, 0, title, 300, "pcs", SIZES))
        for k in range(min(3, len(groups))):  # three distinct groups when there are three
            recipients.append((rec0 + len(recipients), rid, groups[(i + k) % len(groups)], made))
    insert_rows(session, "rfqs", ("id", "number", "company_id", "created_by_id", "title",
                "category", "needed_by", "sample_required", "budget", "point_id", "window_id",
                "recurring", "notes", "status", "status_reason", "sent_at", "created_at"),
                rfqs)  # fmt: skip
    item_cols = ("id", "rfq_id", "position", "name", "quantity", "unit", "spec")
    insert_rows(session, "rfq_items", item_cols, items)
    insert_rows(session, "rfq_recipients", ("id", "rfq_id", "group_id", "sent_at"), recipients)
    pos, lines = [], []
    for i in range(POS):
        pid, rid, made = po0 + i, rfq0 + (i * 2) % RFQS, now - timedelta(hours=12 * (POS - i))
        status = PO_STATUSES[i % len(PO_STATUSES)]
        issued = None if status == states.PO_AWAITING_APPROVAL else made
        subtotal = 150 * 155_000
        pos.append(
            (pid, f"PO-BENCH-{i + 1:05d}", company.id, rid, groups[i % len(groups)], status, "",
             "net30", 30, subtotal, subtotal * 11 // 100, subtotal + subtotal * 11 // 100,
             point.id, window.id, "", staff.id, issued and staff.id, issued, issued,
             issued if status != states.PO_ISSUED else None, made)
        )  # fmt: skip
        lines.append(
            (line0 + i, pid, item0 + (i * 2) % RFQS, 0, "Seragam kerja", "pcs", SIZES, 155_000, 150)
        )
    insert_rows(session, "purchase_orders", ("id", "number", "company_id", "rfq_id", "group_id",
                "status", "status_reason", "terms", "down_payment_percent", "subtotal", "ppn",
                "total", "point_id", "window_id", "notes", "requested_by_id", "approved_by_id",
                "approved_at", "issued_at", "accepted_at", "created_at"), pos)  # fmt: skip
    insert_rows(session, "po_lines", ("id", "po_id", "rfq_item_id", "position", "description",
                "unit", "spec", "unit_price", "quantity"), lines)  # fmt: skip
    reset_sequences(session, ("rfqs", "rfq_items", "rfq_recipients", "purchase_orders", "po_lines"))
    echo(f"  pengadaan: {RFQS} permintaan, {POS} PO untuk {BENCH_STAFF}")
    return POS
