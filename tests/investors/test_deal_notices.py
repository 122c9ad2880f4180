"""Each side of a deal hears of the other's moves, the officers of what waits for them; a
repeated report tells no one twice."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import select

from marketplace.orders import notification_messages as m
from marketplace.orders.models import Notification
from tests.factories import make_user
from tests.investors.deal_notice_flows import deal_moves


def _received(db_session, user) -> Counter:
    stmt = select(Notification.message).where(Notification.user_id == user.id)
    return Counter(db_session.scalars(stmt))


def test_each_move_reaches_the_other_side_and_the_officers(app, client, db_session, login_as):
    officer = make_user(db_session, role="officer")
    moves = deal_moves(client, db_session, login_as, officer)
    assert _received(db_session, moves.investor) == Counter(
        {
            m.DEAL_PROPOSED: 2,  # the first deal, and the third one
            m.DEAL_AGREED: 1,
            m.DEAL_CONFIRMED: 1,
            m.DEAL_REPAID: 1,
            m.DEAL_UPDATE_POSTED: 1,
            m.DEAL_COMPLETED: 1,
            m.DEAL_CANCELLED: 1,  # the group withdrew the second deal
            m.DEAL_CANCELLED_REASON: 1,  # the officer refused the third
        }
    )
    assert _received(db_session, moves.chair) == Counter(
        {
            m.DEAL_PROPOSED: 2,  # the investor's counter, and the second deal
            m.DEAL_CONFIRMED: 1,
            m.DEAL_DISBURSED: 1,
            m.DEAL_COMPLETED: 1,
            m.DEAL_AGREED: 1,  # the investor agreed to the third
            m.DEAL_CANCELLED_REASON: 1,
        }
    )
    # The officers are asked to confirm what both sides agreed; their own moves are not news.
    assert _received(db_session, officer) == Counter({m.DEAL_TO_CONFIRM: 2})


def test_the_notices_read_well_in_both_languages(app, client, db_session, login_as):
    officer = make_user(db_session, role="officer")
    moves = deal_moves(client, db_session, login_as, officer)
    login_as(moves.chair)
    page = client.get("/notifikasi").get_data(as_text=True)
    assert "Ratna Ayu mencatat pencairan Rp\u00a012.000.000 pada 2 Desember 2025." in page
    assert "dibatalkan. Alasan: Dokumen jaminan tidak lengkap" in page
    client.post("/akun/keluar")
    login_as(moves.investor)
    client.get("/bahasa/en")
    page = client.get("/notifikasi").get_data(as_text=True)
    assert "Konveksi Gringsing Jaya recorded a repayment of Rp\u00a01.100.000" in page
    assert "mencatat" not in page
