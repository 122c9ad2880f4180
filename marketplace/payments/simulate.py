"""The simulator page's buttons: move a simulated transaction, then tell the app as Midtrans would.

Apart from `simulator.py` because it calls the webhook's handler, which uses the Midtrans
client, which uses the simulator's transport: kept here, the three import in one direction.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from marketplace.payments import midtrans, services
from marketplace.payments.simulator import set_status, status_body


def apply_action(session: Session, order_id: str, status: str) -> None:
    """The simulator page's button: move the transaction, then notify the app as Midtrans would
    (a signed notification through the real webhook's handler)."""
    txn = set_status(session, order_id, status)
    if txn is None:
        return
    payload = status_body(txn)
    payload["signature_key"] = midtrans.signature(
        payload["order_id"],
        payload["status_code"],
        payload["gross_amount"],
        midtrans.server_key(),
    )
    services.handle_notification(session, payload, "simulator")
