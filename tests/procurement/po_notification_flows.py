"""The purchase-order flows that write every `po.*` notification through the real pages
(used by tests/payments/test_notification_links.py, which checks every message key)."""

from __future__ import annotations

from sqlalchemy import select

from marketplace.procurement.po_models import PurchaseOrder
from tests.procurement.po_helpers import award_setup, form_for


def _award(client, db_session, login_as, setup, quantities) -> list[PurchaseOrder]:
    login_as(setup["staff"])
    url = f"/pengadaan/permintaan/{setup['rfq'].id}/pemenang"
    assert client.post(url, data=form_for(setup, quantities)).status_code == 303
    client.post("/akun/keluar")
    return list(
        db_session.scalars(
            select(PurchaseOrder)
            .where(PurchaseOrder.rfq_id == setup["rfq"].id)
            .order_by(PurchaseOrder.id)
        )
    )


def po_flows(client, db_session, login_as) -> None:
    """Approval asked and given (po.approval_needed, po.issued), accepted (po.accepted),
    declined (po.declined), cancelled by the approver (po.cancelled)."""
    setup = award_setup(
        db_session, ((100_000, 300, None), (100_000, 300, None)), approval_threshold=1_000_000
    )
    db_session.commit()
    first, second = _award(client, db_session, login_as, setup, {0: 300, 1: 300})
    login_as(setup["staff"])
    for po in (first, second):
        assert client.post(f"/pengadaan/po/{po.id}/setujui").status_code == 303
    client.post("/akun/keluar")
    login_as(setup["groups"][0].memberships[0].user)
    assert (
        client.post(f"/pengadaan/kelompok/po/{first.id}", data={"action": "accept"}).status_code
        == 303
    )
    client.post("/akun/keluar")
    login_as(setup["groups"][1].memberships[0].user)
    declined = {"action": "decline", "reason": "Mesin rusak"}
    assert client.post(f"/pengadaan/kelompok/po/{second.id}", data=declined).status_code == 303
    client.post("/akun/keluar")
    login_as(setup["staff"])
    cancel = {"action": "cancel", "reason": "Lini produksi ditunda"}
    assert client.post(f"/pengadaan/po/{first.id}/batal", data=cancel).status_code == 303
    client.post("/akun/keluar")
