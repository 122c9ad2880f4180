"""More flows for the notification links test: an officer's decisions on groups (status and
tier) and a payment that arrived in time."""

from __future__ import annotations

from datetime import date

from tests.factories import make_group, make_product, make_review, make_sold_order, make_user
from tests.investors.helpers import wib_moment
from tests.payments.test_midtrans import _notification, _post, _start


def group_decisions(client, db_session, login_as, officer) -> None:
    """Verify one group, reject another, suspend and reinstate a third."""
    fresh, refused, verified = (
        make_group(db_session, status="unverified"),
        make_group(db_session, status="unverified"),
        make_group(db_session),
    )
    login_as(officer)
    for group, action, reason in (
        (fresh, "verify", "Dokumen lengkap"),
        (refused, "reject", "NIB tidak cocok"),
        (verified, "suspend", "Keluhan pembeli"),
        (verified, "reinstate", "Sudah dibina"),
    ):
        response = client.post(
            f"/pendamping/kelompok/{group.id}", data={"action": action, "reason": reason}
        )
        assert response.status_code == 302, (action, response.status_code)
    client.post("/akun/keluar")


def tier_changes(app, client, db_session, login_as, officer) -> None:
    """Promote an eligible pemula group; demote a lanjutan one."""
    eligible, lanjutan = make_group(db_session), make_group(db_session, tier="lanjutan")
    order = make_sold_order(
        db_session,
        eligible,
        make_user(db_session),
        10_000,
        completed_at=wib_moment(date(2026, 1, 5)),
    )
    make_review(db_session, order, make_product(db_session, eligible), 5)
    saved = {k: app.config[k] for k in ("PROMOTION_MIN_MONTHS", "PROMOTION_MIN_COMPLETED_ORDERS")}
    app.config.update(PROMOTION_MIN_MONTHS=0, PROMOTION_MIN_COMPLETED_ORDERS=1)
    try:
        login_as(officer)
        for group, action in ((eligible, "promote"), (lanjutan, "demote")):
            url = f"/pendamping/kelompok/{group.id}/tingkat"
            client.post(url, data={"action": action, "reason": "Sesuai kriteria"})
        client.post("/akun/keluar")
    finally:
        app.config.update(saved)


def paid_in_time(client, db_session, login_as, online_checkout, fake_midtrans) -> None:
    """An online payment that arrives before the orders expire."""
    checkout, buyer, _ = online_checkout()
    login_as(buyer)
    _r, attempt = _start(client, db_session, checkout)
    fake_midtrans.set_status(attempt.provider_order_id, "settlement", attempt.gross_amount)
    assert _post(client, _notification(attempt)).status_code == 200
    client.post("/akun/keluar")
