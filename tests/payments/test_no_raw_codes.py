"""No stored code (status, ledger kind, payment method, audit action, `user #4`) reaches a page.

The pages that show them, in Indonesian and in English: the buyer's orders and an order, the
payment page, the producer's inbox and order, the group ledger, the officer's payments, the
audit log and a group's decisions. Lives with the payments tests for the fake Midtrans.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from sqlalchemy import select

from marketplace.orders import services as orders
from marketplace.orders import states
from marketplace.program import decisions as program
from marketplace.program import promotion
from tests.factories import (
    make_group,
    make_logistics,
    make_order,
    make_product,
    make_service,
    make_user,
)
from tests.payments.test_ledger import _complete, _order, _pay
from tests.payments.test_midtrans import _pay_after_expiry, _start

# Codes that are never words of either language's interface text.
NEVER = [
    "awaiting_payment",
    "partial_refund",
    "earning",
    "midtrans",
    "cod",
    "unverified",
    "lanjutan",
    "pemula",
    "->",
    "months=",
    "(ok)",
    "user #",
    "group #",
    "pitch #",
]
# English words that are codes too: wrong only on an Indonesian page.
ENGLISH_CODES = [
    "placed",
    "accepted",
    "ready",
    "completed",
    "cancelled",
    "expired",
    "expire",
    "pending",
    "capture",
    "settlement",
    "deny",
    "refund",
    "fee",
    "payout",
    "verified",
    "none",
]
ACTION = re.compile(r"\b(group|investor|pitch|ledger)\.[a-z_]+\b")


class _Text(HTMLParser):
    """The text a reader sees (no tags, attributes, scripts or styles)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def _visible(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def _leaks(text: str, lang: str) -> list[str]:
    found = [code for code in NEVER if re.search(rf"(?<![\w.]){re.escape(code)}(?![\w])", text)]
    if lang == "id":
        found += [code for code in ENGLISH_CODES if re.search(rf"\b{code}\b", text)]
    found += ACTION.findall(text)
    return found


@pytest.fixture
def world(app, client, db_session, login_as, online_checkout, fake_midtrans):
    """Orders in every status, an online payment in each state, ledger entries, audit entries."""
    officer = make_user(db_session, role="officer", name="Bu Pendamping")
    group = make_group(db_session, name="Dapur Sari", tier="lanjutan")
    logistics = make_logistics(db_session)
    make_service(db_session, group, logistics)
    product = make_product(db_session, group, name="Nasi Kotak", stock=100)
    buyer = make_user(db_session, name="Siti Rahayu")
    chair = group.chair
    with app.test_request_context():
        cod = [make_order(db_session, buyer, {product: 1}, logistics).orders[0] for _ in range(4)]
        orders.transition(db_session, cod[1], states.ACCEPTED, chair)
        orders.transition(db_session, cod[2], states.CANCELLED, chair, "Kompor rusak")
        orders.transition(db_session, cod[3], states.ACCEPTED, chair)
        orders.transition(db_session, cod[3], states.READY, chair)

    login_as(buyer)
    paid, _b, _p = online_checkout(group=group, buyer=buyer, price=40000)
    _pay(client, db_session, fake_midtrans, paid)
    with app.test_request_context():
        _complete(db_session, _order(db_session, paid))
    waiting, _b, _p = online_checkout(group=group, buyer=buyer)
    _start(client, db_session, waiting)
    late, _b, _p = online_checkout(group=group, buyer=buyer)
    _r, attempt = _start(client, db_session, late)
    _pay_after_expiry(client, fake_midtrans, attempt)
    client.post("/akun/keluar")

    investor = make_user(db_session, role="investor", name="Ratna Investor", approved=False)
    pending_group = make_group(db_session, status="unverified", name="Jahit Mekar")
    with app.test_request_context():
        program.decide_group(db_session, officer, pending_group, "verify", "Dokumen lengkap")
        program.decide_investor(db_session, officer, investor, True, "")
        promotion.change_tier(db_session, officer, group, False, "Belum stabil")
    login_as(officer)
    payout = {"group_id": group.id, "amount": 10000, "reference": "TRF-9", "note": "Transfer"}
    assert client.post("/pendamping/pembayaran", data=payout).status_code == 302
    client.post("/akun/keluar")
    return {
        "officer": officer,
        "chair": chair,
        "buyer": buyer,
        "group": group,
        "cod": cod,
        "paid": paid,
        "waiting": waiting,
        "late": late,
        "other_group": pending_group,
    }


@pytest.mark.parametrize("lang", ["id", "en"])
def test_no_raw_codes_on_any_page(client, db_session, login_as, world, lang):
    pages = {
        world["buyer"]: [
            "/pesanan",
            *[f"/pesanan/{o.id}" for o in world["cod"]],
            *[f"/pembayaran/{c.id}" for c in (world["paid"], world["waiting"], world["late"])],
            "/notifikasi",
        ],
        world["chair"]: [
            "/produsen/pesanan",
            *[f"/produsen/pesanan/{o.id}" for o in world["cod"]],
            f"/produsen/pesanan/{world['paid'].orders[0].id}",
            "/kelompok/saya/saldo",
        ],
        world["officer"]: [
            "/pendamping/pembayaran",
            "/pendamping/audit",
            f"/pendamping/kelompok/{world['other_group'].id}",
            f"/pendamping/kelompok/{world['group'].id}",
        ],
    }
    leaks = {}
    seen = ""
    for user, paths in pages.items():
        login_as(user)
        client.get(f"/bahasa/{lang}")
        for path in paths:
            response = client.get(path)
            assert response.status_code == 200, path
            text = _visible(response.get_data(as_text=True))
            seen += text
            if found := _leaks(text, lang):
                leaks[path] = found
        client.post("/akun/keluar")
    assert leaks == {}
    expected = {
        "id": [
            "Menunggu pembayaran",
            "Kedaluwarsa",
            "Pendapatan pesanan",
            "tunai (COD)",
            "Verifikasi kelompok: Menunggu verifikasi → Terverifikasi",
            "Pengguna: Ratna Investor",
            "Penurunan tingkat kelompok: Lanjutan → Pemula",
            "Pembayaran ke kelompok: Rp 10.000, referensi TRF-9",
        ],
        "en": [
            "Awaiting payment",
            "Order earnings",
            "cash (COD)",
            "Group verification:",
            "User: Ratna Investor",
            "Payout to the group: Rp 10.000, reference TRF-9",
        ],
    }[lang]
    assert [label for label in expected if label not in seen] == []


def test_every_recorded_audit_action_has_a_label(db_session, world):
    from marketplace.core.audit import ACTIONS, AuditEntry

    recorded = set(db_session.scalars(select(AuditEntry.action)))
    assert recorded and recorded <= set(ACTIONS)
