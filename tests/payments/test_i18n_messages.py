"""Payout refusals and ledger descriptions in the reader's language (issue 12)."""

from __future__ import annotations

import pytest

from marketplace.payments.models import LEDGER_EARNING, LEDGER_FEE, LEDGER_PAYOUT, LedgerEntry
from tests.factories import make_group, make_sold_order, make_user

PAYOUT_REFUSED = {
    "id": ("Saldo kelompok hanya Rp\u00a00; pembayaran tidak boleh melebihi saldo.", "balance"),
    "en": (
        "balance is only Rp\u00a00; a payout cannot exceed the balance.",
        "Saldo kelompok hanya",
    ),
}


@pytest.mark.parametrize("lang", ["id", "en"])
def test_payout_beyond_the_balance_is_refused_in_the_officers_language(
    client, db_session, login_as, lang
):
    group = make_group(db_session)
    login_as(make_user(db_session, role="officer"))
    client.get(f"/bahasa/{lang}")
    data = {"group_id": group.id, "amount": 10_000, "reference": "TRF-9", "note": ""}
    response = client.post("/pendamping/pembayaran", data=data, follow_redirects=True)
    shown, foreign = PAYOUT_REFUSED[lang]
    html = response.get_data(as_text=True)
    assert shown in html and foreign not in html


@pytest.mark.parametrize("lang", ["id", "en"])
def test_ledger_descriptions_follow_the_reader_not_the_stored_note(
    client, db_session, login_as, lang
):
    group = make_group(db_session)
    order = make_sold_order(db_session, group, make_user(db_session), 50_000)
    db_session.add_all(
        [
            LedgerEntry(
                group_id=group.id,
                kind=LEDGER_EARNING,
                amount=50_000,
                order_id=order.id,
                note=f"Pesanan #{order.id} selesai",
            ),
            LedgerEntry(
                group_id=group.id,
                kind=LEDGER_FEE,
                amount=-1_000,
                order_id=order.id,
                note="Biaya platform",
            ),
            LedgerEntry(
                group_id=group.id,
                kind=LEDGER_PAYOUT,
                amount=-20_000,
                reference="TRF-1",
                note="Transfer Juni",
            ),
        ]
    )
    db_session.flush()
    login_as(group.chair)
    client.get(f"/bahasa/{lang}")
    html = client.get("/kelompok/saya/saldo").get_data(as_text=True)
    expected = {
        "id": [f"Pesanan #{order.id} selesai", "Biaya platform"],
        "en": [f"Order #{order.id} completed", "Platform fee"],
    }
    for text in expected[lang]:
        assert text in html
    for text in expected["en" if lang == "id" else "id"]:
        assert text not in html
    assert "Transfer Juni TRF-1" in html  # a payout shows the officer's own note
