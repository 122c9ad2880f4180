"""Categories of messages that leave the site, their labels and default channels.

`category_for` maps a notification message key (orders.notification_messages) to its
category; a key with no category stays on the site. A person may change each category's
channels in the settings page; without a choice the default here applies (push only reaches
subscribed devices, WhatsApp only phones when the Cloud API is configured)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l

from marketplace.orders import notification_b2b as b2b
from marketplace.orders import notification_messages as m

EMAIL = "email"
PUSH = "push"
WHATSAPP = "whatsapp"
CHANNELS = (PUSH, WHATSAPP, EMAIL)
CHANNEL_LABELS = {
    EMAIL: _l("Email"),
    PUSH: _l("Notifikasi di ponsel (push)"),
    WHATSAPP: _l("WhatsApp"),
}
# Channels that make a phone buzz: quiet hours hold them back (email waits in the inbox).
INTRUSIVE = frozenset({PUSH, WHATSAPP})


@dataclass(frozen=True)
class Category:
    code: str
    label: object  # lazy gettext
    defaults: frozenset[str]
    roles: frozenset[str]  # who sees the category in the settings page


_PRODUCER = frozenset({"producer"})
_BUYER = frozenset({"buyer", "producer"})  # producers also buy
_INVESTOR = frozenset({"investor"})
_COMPANY = frozenset({"company"})
_OFFICER = frozenset({"officer"})
_ALL = frozenset({"buyer", "producer", "investor", "company", "officer"})

CATEGORIES: dict[str, Category] = {
    c.code: c
    for c in (
        Category(
            "order_new", _l("Pesanan baru untuk kelompok"), frozenset({PUSH, WHATSAPP}), _PRODUCER
        ),
        Category("cutoff", _l("Batas pesan satu jam lagi"), frozenset({PUSH, WHATSAPP}), _PRODUCER),
        Category("digest", _l("Ringkasan pagi kelompok"), frozenset({WHATSAPP, EMAIL}), _PRODUCER),
        Category("pickup", _l("Pesanan siap diambil"), frozenset({PUSH, WHATSAPP}), _BUYER),
        Category("order_update", _l("Perubahan pesanan"), frozenset({PUSH}), _BUYER | _PRODUCER),
        Category("payment", _l("Pembayaran"), frozenset({PUSH, EMAIL}), _ALL),
        Category("approval", _l("Persetujuan dan keputusan"), frozenset({EMAIL, PUSH}), _ALL),
        Category(
            "invoice", _l("Tagihan dan jatuh tempo"), frozenset({EMAIL}), _COMPANY | _PRODUCER
        ),
        Category(
            "procurement",
            _l("Pengadaan perusahaan"),
            frozenset({EMAIL}),
            _COMPANY | _PRODUCER | _OFFICER,
        ),
        Category(
            "investor",
            _l("Investor dan pendanaan"),
            frozenset({EMAIL}),
            _INVESTOR | _PRODUCER | _OFFICER,
        ),
        Category(
            "program", _l("Program dan pendampingan"), frozenset({EMAIL}), _PRODUCER | _OFFICER
        ),
    )
}


def category(code: str) -> Category:
    """The category named `code` (KeyError for an unknown one: a programming error)."""
    return CATEGORIES[code]


# Message keys that leave the site, by category. Keys not listed stay on the site only.
KEY_CATEGORIES: dict[str, str] = {
    m.ORDER_NEW: "order_new",
    m.ORDER_STATUS_REASON: "order_update",
    m.ORDER_CANCELLED_BY_BUYER: "order_update",
    m.PAYMENT_LATE: "payment",
    m.PAYMENT_LATE_BUYER: "payment",
    m.PAYMENT_RECEIVED: "payment",
    m.GROUP_VERIFIED: "approval",
    m.GROUP_REJECTED: "approval",
    m.GROUP_SUSPENDED: "approval",
    m.GROUP_REINSTATED: "approval",
    m.GROUP_PROMOTED: "program",
    m.GROUP_DEMOTED: "program",
    m.WINDOW_MOVED_BUYER: "order_update",
    m.WINDOW_CLOSED_BUYER: "order_update",
    m.POINT_CLOSED_BUYER: "order_update",
    m.ZONE_CLOSED_BUYER: "order_update",
    m.WINDOW_MOVED_GROUP: "order_update",
    m.WINDOW_CLOSED_GROUP: "order_update",
    m.POINT_CLOSED_GROUP: "order_update",
    m.ZONE_CLOSED_GROUP: "order_update",
    m.INVESTOR_APPROVED: "approval",
    m.INVESTOR_REJECTED: "approval",
    m.INVESTOR_REJECTED_REASON: "approval",
    m.INTEREST_NEW: "investor",
    m.DEAL_PROPOSED: "investor",
    m.DEAL_AGREED: "investor",
    m.DEAL_TO_CONFIRM: "approval",
    m.DEAL_CONFIRMED: "investor",
    m.DEAL_COMPLETED: "investor",
    m.DEAL_CANCELLED: "investor",
    m.DEAL_CANCELLED_REASON: "investor",
    m.DEAL_DISBURSED: "payment",
    m.DEAL_REPAID: "payment",
    m.DEAL_UPDATE_POSTED: "investor",
    m.INTEREST_NEW_OFFICER: "investor",
    m.INTEREST_REPLY_FROM_GROUP: "investor",
    m.INTEREST_REPLY_FROM_INVESTOR: "investor",
    b2b.INVOICE_ISSUED: "invoice",
    b2b.INVOICE_DUE_SOON: "invoice",
    b2b.INVOICE_OVERDUE: "invoice",
    b2b.INVOICE_OVERDUE_FLAG: "invoice",
    b2b.INVOICE_TRANSFER_REPORTED: "payment",
    b2b.INVOICE_TRANSFER_REJECTED: "payment",
    b2b.INVOICE_PAID: "payment",
    b2b.PO_ISSUED: "procurement",
    b2b.PO_APPROVAL_NEEDED: "approval",
    b2b.PO_ACCEPTED: "procurement",
    b2b.PO_DECLINED: "procurement",
    b2b.PO_CANCELLED: "procurement",
    b2b.RFQ_NEW: "procurement",
    b2b.QUOTE_EXPIRED: "procurement",
    b2b.DELIVERY_REPLACEMENT: "procurement",
    b2b.CATERING_PROPOSED: "procurement",
    b2b.CATERING_ACCEPTED: "procurement",
    b2b.CATERING_DECLINED: "procurement",
    b2b.CATERING_DAY_FULL_COMPANY: "procurement",
    b2b.CATERING_DAY_FULL_GROUP: "procurement",
}


def category_for(message_key: str, params: dict) -> str | None:
    """The category of a notification, or None when it stays on the site.

    An order's status change is a pickup notice when the order became ready; otherwise an
    order update (accepted, completed, cancelled)."""
    if message_key == m.ORDER_STATUS:
        return "pickup" if params.get("status") == "ready" else "order_update"
    return KEY_CATEGORIES.get(message_key)


# Who sees which categories in the settings page: features above the outbox (procurement's
# company staff) tell it through these functions, since the outbox may not import them.
Audience = Callable[[Any, Any], set[str]]  # (session, user) -> roles such as {"company"}
_AUDIENCES: list[Audience] = []


def register_audience(fn: Audience) -> Audience:
    """Register `fn(session, user) -> set of roles` (once; usable as a decorator)."""
    if fn not in _AUDIENCES:
        _AUDIENCES.append(fn)
    return fn


def registered_roles(session: Any, user: Any) -> set[str]:
    """The roles the registered audience functions give `user`."""
    roles: set[str] = set()
    for fn in _AUDIENCES:
        roles |= fn(session, user)
    return roles
