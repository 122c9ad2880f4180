"""Procurement lifecycles: every status and every legal move, one table per lifecycle.

Like `orders/states.py`: `Lifecycle.transitions[(from, to)]` names who may make the move and
whether a reason is required. Actors are a company's roles (requester, approver, finance), the
producer group (`group`), an officer, or the system (payments, scheduled jobs). Anything not in
a table is illegal: `check_transition` raises `IllegalTransition` (the views answer HTTP 409).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from marketplace.orders.states import IllegalTransition

__all__ = ["IllegalTransition", "LIFECYCLES", "check_transition"]

REQUESTER = "requester"
APPROVER = "approver"
FINANCE = "finance"
GROUP = "group"
OFFICER = "officer"
SYSTEM = "system"
ACTORS = frozenset({REQUESTER, APPROVER, FINANCE, GROUP, OFFICER, SYSTEM})
STAFF = frozenset({REQUESTER, APPROVER, FINANCE})

Rule = tuple[frozenset[str], bool]  # (who may, a reason is required)


def _who(*actors: str) -> frozenset[str]:
    return frozenset(actors)


@dataclass(frozen=True)
class Lifecycle:
    kind: str
    initial: str
    statuses: dict  # status -> lazy label
    transitions: dict[tuple[str, str], Rule]
    final: frozenset[str]


# --- company ----------------------------------------------------------------------------------
COMPANY_PENDING = "pending"
COMPANY_VERIFIED = "verified"
COMPANY_REJECTED = "rejected"
COMPANY_SUSPENDED = "suspended"
COMPANY = Lifecycle(
    "company",
    COMPANY_PENDING,
    {
        COMPANY_PENDING: _l("Menunggu verifikasi"),
        COMPANY_VERIFIED: _l("Terverifikasi"),
        COMPANY_REJECTED: _l("Ditolak"),
        COMPANY_SUSPENDED: _l("Dibekukan"),
    },
    {
        (COMPANY_PENDING, COMPANY_VERIFIED): (_who(OFFICER), False),
        (COMPANY_PENDING, COMPANY_REJECTED): (_who(OFFICER), True),
        (COMPANY_REJECTED, COMPANY_PENDING): (_who(APPROVER), False),  # resubmitted
        (COMPANY_VERIFIED, COMPANY_SUSPENDED): (_who(OFFICER), True),
        (COMPANY_SUSPENDED, COMPANY_VERIFIED): (_who(OFFICER), False),
    },
    frozenset(),
)

# --- request for quotation ---------------------------------------------------------------------
RFQ_DRAFT = "draft"
RFQ_SENT = "sent"
RFQ_AWARDED = "awarded"
RFQ_CLOSED = "closed"
RFQ_CANCELLED = "cancelled"
RFQ = Lifecycle(
    "rfq",
    RFQ_DRAFT,
    {
        RFQ_DRAFT: _l("Draf"),
        RFQ_SENT: _l("Terkirim, menunggu penawaran"),
        RFQ_AWARDED: _l("Sudah dipilih pemenangnya"),
        RFQ_CLOSED: _l("Ditutup tanpa pemenang"),
        RFQ_CANCELLED: _l("Dibatalkan"),
    },
    {
        (RFQ_DRAFT, RFQ_SENT): (_who(REQUESTER), False),
        (RFQ_DRAFT, RFQ_CANCELLED): (_who(REQUESTER), False),
        (RFQ_SENT, RFQ_AWARDED): (_who(REQUESTER, APPROVER), False),
        (RFQ_SENT, RFQ_CLOSED): (_who(REQUESTER, APPROVER, SYSTEM), False),
        (RFQ_SENT, RFQ_CANCELLED): (_who(REQUESTER, APPROVER), True),
    },
    frozenset({RFQ_AWARDED, RFQ_CLOSED, RFQ_CANCELLED}),
)

# --- quote -------------------------------------------------------------------------------------
QUOTE_DRAFT = "draft"
QUOTE_SUBMITTED = "submitted"
QUOTE_WITHDRAWN = "withdrawn"
QUOTE_ACCEPTED = "accepted"
QUOTE_DECLINED = "declined"
QUOTE_EXPIRED = "expired"
QUOTE = Lifecycle(
    "quote",
    QUOTE_DRAFT,
    {
        QUOTE_DRAFT: _l("Draf"),
        QUOTE_SUBMITTED: _l("Terkirim"),
        QUOTE_WITHDRAWN: _l("Ditarik"),
        QUOTE_ACCEPTED: _l("Diterima"),
        QUOTE_DECLINED: _l("Tidak dipilih"),
        QUOTE_EXPIRED: _l("Kedaluwarsa"),
    },
    {
        (QUOTE_DRAFT, QUOTE_SUBMITTED): (_who(GROUP), False),
        (QUOTE_DRAFT, QUOTE_WITHDRAWN): (_who(GROUP), False),
        (QUOTE_SUBMITTED, QUOTE_WITHDRAWN): (_who(GROUP), False),
        (QUOTE_SUBMITTED, QUOTE_ACCEPTED): (_who(REQUESTER, APPROVER), False),
        (QUOTE_SUBMITTED, QUOTE_DECLINED): (_who(REQUESTER, APPROVER, SYSTEM), False),
        (QUOTE_SUBMITTED, QUOTE_EXPIRED): (_who(SYSTEM), False),
    },
    frozenset({QUOTE_WITHDRAWN, QUOTE_ACCEPTED, QUOTE_DECLINED, QUOTE_EXPIRED}),
)
# A group has at most one quote in these per request (partial unique index on quotes).
QUOTE_LIVE = frozenset({QUOTE_DRAFT, QUOTE_SUBMITTED, QUOTE_ACCEPTED})

# --- purchase order ----------------------------------------------------------------------------
PO_DRAFT = "draft"
PO_AWAITING_APPROVAL = "awaiting_approval"
PO_ISSUED = "issued"
PO_ACCEPTED = "accepted"
PO_DECLINED = "declined"
PO_IN_DELIVERY = "in_delivery"
PO_DELIVERED = "delivered"
PO_COMPLETED = "completed"
PO_CANCELLED = "cancelled"
PO = Lifecycle(
    "po",
    PO_DRAFT,
    {
        PO_DRAFT: _l("Draf"),
        PO_AWAITING_APPROVAL: _l("Menunggu persetujuan"),
        PO_ISSUED: _l("Terbit, menunggu konfirmasi kelompok"),
        PO_ACCEPTED: _l("Dikonfirmasi kelompok"),
        PO_DECLINED: _l("Ditolak kelompok"),
        PO_IN_DELIVERY: _l("Dalam pengiriman"),
        PO_DELIVERED: _l("Semua barang diterima"),
        PO_COMPLETED: _l("Selesai dan lunas"),
        PO_CANCELLED: _l("Dibatalkan"),
    },
    {
        # Above the company's approval threshold the requester asks an approver first.
        (PO_DRAFT, PO_AWAITING_APPROVAL): (_who(REQUESTER), False),
        (PO_DRAFT, PO_ISSUED): (_who(REQUESTER, APPROVER), False),
        (PO_DRAFT, PO_CANCELLED): (_who(REQUESTER, APPROVER), False),
        (PO_AWAITING_APPROVAL, PO_ISSUED): (_who(APPROVER), False),
        (PO_AWAITING_APPROVAL, PO_DRAFT): (_who(APPROVER), True),  # sent back to change
        (PO_AWAITING_APPROVAL, PO_CANCELLED): (_who(REQUESTER, APPROVER), True),
        (PO_ISSUED, PO_ACCEPTED): (_who(GROUP), False),
        (PO_ISSUED, PO_DECLINED): (_who(GROUP), True),
        (PO_ISSUED, PO_CANCELLED): (_who(APPROVER, OFFICER), True),
        (PO_ACCEPTED, PO_IN_DELIVERY): (_who(GROUP, SYSTEM), False),
        (PO_ACCEPTED, PO_CANCELLED): (_who(APPROVER, OFFICER), True),
        (PO_IN_DELIVERY, PO_DELIVERED): (_who(SYSTEM), False),
        (PO_IN_DELIVERY, PO_CANCELLED): (_who(OFFICER), True),
        (PO_DELIVERED, PO_COMPLETED): (_who(SYSTEM), False),
    },
    frozenset({PO_DECLINED, PO_COMPLETED, PO_CANCELLED}),
)
# POs whose quantities hold a group's daily capacity.
PO_HOLDS_CAPACITY = frozenset({PO_AWAITING_APPROVAL, PO_ISSUED, PO_ACCEPTED, PO_IN_DELIVERY})

# --- delivery (one drop at a gate in a shift window, ending with a BAST) ----------------------
DELIVERY_SCHEDULED = "scheduled"
DELIVERY_DISPATCHED = "dispatched"
DELIVERY_RECEIVED = "received"
DELIVERY_CANCELLED = "cancelled"
DELIVERY = Lifecycle(
    "delivery",
    DELIVERY_SCHEDULED,
    {
        DELIVERY_SCHEDULED: _l("Terjadwal"),
        DELIVERY_DISPATCHED: _l("Dalam perjalanan"),
        DELIVERY_RECEIVED: _l("Diterima (BAST ditandatangani)"),
        DELIVERY_CANCELLED: _l("Dibatalkan"),
    },
    {
        (DELIVERY_SCHEDULED, DELIVERY_DISPATCHED): (_who(GROUP), False),
        (DELIVERY_SCHEDULED, DELIVERY_CANCELLED): (_who(GROUP, REQUESTER, SYSTEM), True),
        # Signing the BAST: any of the company's staff may receive goods at the gate.
        (DELIVERY_DISPATCHED, DELIVERY_RECEIVED): (_who(REQUESTER, APPROVER, FINANCE), False),
        (DELIVERY_DISPATCHED, DELIVERY_CANCELLED): (_who(GROUP, OFFICER), True),
    },
    frozenset({DELIVERY_RECEIVED, DELIVERY_CANCELLED}),
)

# --- invoice -----------------------------------------------------------------------------------
INVOICE_ISSUED = "issued"
INVOICE_TRANSFER_REPORTED = "transfer_reported"
INVOICE_OVERDUE = "overdue"
INVOICE_PAID = "paid"
INVOICE_CANCELLED = "cancelled"
INVOICE = Lifecycle(
    "invoice",
    INVOICE_ISSUED,
    {
        INVOICE_ISSUED: _l("Belum dibayar"),
        INVOICE_TRANSFER_REPORTED: _l("Transfer dilaporkan, menunggu konfirmasi"),
        INVOICE_OVERDUE: _l("Lewat jatuh tempo"),
        INVOICE_PAID: _l("Lunas"),
        INVOICE_CANCELLED: _l("Dibatalkan"),
    },
    {
        (INVOICE_ISSUED, INVOICE_PAID): (_who(SYSTEM), False),  # Midtrans settlement
        (INVOICE_ISSUED, INVOICE_TRANSFER_REPORTED): (_who(FINANCE), False),
        (INVOICE_ISSUED, INVOICE_OVERDUE): (_who(SYSTEM), False),
        # The system cancels an open invoice when its PO is cancelled (po_cancelled).
        (INVOICE_ISSUED, INVOICE_CANCELLED): (_who(OFFICER, SYSTEM), True),
        (INVOICE_OVERDUE, INVOICE_PAID): (_who(SYSTEM), False),
        (INVOICE_OVERDUE, INVOICE_TRANSFER_REPORTED): (_who(FINANCE), False),
        (INVOICE_OVERDUE, INVOICE_CANCELLED): (_who(OFFICER, SYSTEM), True),
        (INVOICE_TRANSFER_REPORTED, INVOICE_PAID): (_who(GROUP, SYSTEM), False),
        # The group did not find the transfer: back to unpaid (or overdue, by its due date).
        (INVOICE_TRANSFER_REPORTED, INVOICE_ISSUED): (_who(GROUP), True),
        (INVOICE_TRANSFER_REPORTED, INVOICE_OVERDUE): (_who(GROUP, SYSTEM), True),
    },
    frozenset({INVOICE_PAID, INVOICE_CANCELLED}),
)
INVOICE_OPEN = frozenset({INVOICE_ISSUED, INVOICE_TRANSFER_REPORTED, INVOICE_OVERDUE})

# --- recurring catering contract ---------------------------------------------------------------
CONTRACT_PROPOSED = "proposed"
CONTRACT_ACTIVE = "active"
CONTRACT_PAUSED = "paused"
CONTRACT_ENDED = "ended"
CONTRACT_CANCELLED = "cancelled"
CONTRACT = Lifecycle(
    "contract",
    CONTRACT_PROPOSED,
    {
        CONTRACT_PROPOSED: _l("Menunggu konfirmasi kelompok"),
        CONTRACT_ACTIVE: _l("Berjalan"),
        CONTRACT_PAUSED: _l("Dijeda"),
        CONTRACT_ENDED: _l("Selesai"),
        CONTRACT_CANCELLED: _l("Dibatalkan"),
    },
    {
        (CONTRACT_PROPOSED, CONTRACT_ACTIVE): (_who(GROUP), False),
        (CONTRACT_PROPOSED, CONTRACT_CANCELLED): (_who(REQUESTER, APPROVER, GROUP), False),
        (CONTRACT_ACTIVE, CONTRACT_PAUSED): (_who(REQUESTER, APPROVER), False),
        (CONTRACT_PAUSED, CONTRACT_ACTIVE): (_who(REQUESTER, APPROVER), False),
        (CONTRACT_ACTIVE, CONTRACT_ENDED): (_who(SYSTEM, APPROVER), False),
        (CONTRACT_PAUSED, CONTRACT_ENDED): (_who(SYSTEM, APPROVER), False),
        (CONTRACT_ACTIVE, CONTRACT_CANCELLED): (_who(APPROVER, GROUP, OFFICER), True),
        (CONTRACT_PAUSED, CONTRACT_CANCELLED): (_who(APPROVER, GROUP, OFFICER), True),
    },
    frozenset({CONTRACT_ENDED, CONTRACT_CANCELLED}),
)

LIFECYCLES: dict[str, Lifecycle] = {
    lc.kind: lc for lc in (COMPANY, RFQ, QUOTE, PO, DELIVERY, INVOICE, CONTRACT)
}


def allowed(kind: str, from_status: str, to_status: str, actor: str) -> bool:
    rule = LIFECYCLES[kind].transitions.get((from_status, to_status))
    return rule is not None and actor in rule[0]


def reason_required(kind: str, from_status: str, to_status: str, actor: str) -> bool:
    """Whether `actor` must give a reason for this move (the system never does)."""
    rule = LIFECYCLES[kind].transitions.get((from_status, to_status))
    return rule is not None and rule[1] and actor != SYSTEM


def check_transition(
    kind: str, from_status: str, to_status: str, actor: str, reason: str = ""
) -> None:
    """Raise `IllegalTransition` (HTTP 409) unless `actor` may move `kind` from → to now.

    Only moves that need a reason check `reason`; pass the user's text, already stripped.
    """
    if not allowed(kind, from_status, to_status, actor):
        raise IllegalTransition(
            _(
                "Tidak bisa mengubah status dari %(from)s ke %(to)s.",
                **{"from": label(kind, from_status), "to": label(kind, to_status)},
            )
        )
    if reason_required(kind, from_status, to_status, actor) and not reason.strip():
        raise IllegalTransition(_("Alasan wajib diisi untuk perubahan ini."))


def next_for(kind: str, from_status: str, actor: str) -> list[str]:
    """Statuses `actor` may move `kind` to from `from_status` (for showing buttons)."""
    return [
        to
        for (frm, to), (who, _req) in LIFECYCLES[kind].transitions.items()
        if frm == from_status and actor in who
    ]


def label(kind: str, status: str) -> str:
    """A status as the reader should see it."""
    return str(LIFECYCLES[kind].statuses.get(status, status))


def labels(kind: str) -> dict:
    """status -> lazy label, for templates and select fields."""
    return dict(LIFECYCLES[kind].statuses)
