"""A local stand-in for Midtrans, for development and tests only (never in production).

`SimulatorTransport` replaces the HTTP transport inside `midtransclient`, so the app runs the
real client code (request bodies, responses, errors) while the "Midtrans side" lives in the
`midtrans_simulator` table. The simulator page's buttons change that side and send correctly
signed notifications through the same handler as the real webhook.
"""

from __future__ import annotations

import json
import re
import secrets
from datetime import datetime
from typing import Any

from flask import url_for
from sqlalchemy import String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from marketplace.core.timeutil import utcnow
from marketplace.extensions import db


class SimulatedTransaction(db.Model):
    """What Midtrans would know about one transaction (simulator only)."""

    __tablename__ = "midtrans_simulator"

    order_id: Mapped[str] = mapped_column(String(50), primary_key=True)
    gross_amount: Mapped[int] = mapped_column()
    status: Mapped[str] = mapped_column(String(20), default="pending")
    token: Mapped[str] = mapped_column(String(64))
    refunded_amount: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class _Response:
    """The slice of `requests.Response` that midtransclient reads."""

    def __init__(self, status_code: int, body: dict) -> None:
        self.status_code = status_code
        self._body = body
        self.text = json.dumps(body)

    def json(self) -> dict:
        return self._body


STATUS_CODES = {
    "settlement": "200",
    "capture": "200",
    "pending": "201",
    "deny": "202",
    "cancel": "200",
    "expire": "407",
    "refund": "200",
    "partial_refund": "200",
}


def status_body(txn: SimulatedTransaction) -> dict:
    """A status response / notification body as Midtrans shapes it (without signature)."""
    return {
        "status_code": STATUS_CODES.get(txn.status, "200"),
        "transaction_status": txn.status,
        "order_id": txn.order_id,
        "gross_amount": f"{txn.gross_amount}.00",
        "fraud_status": "accept",
        "payment_type": "qris",
        "transaction_id": f"sim-{txn.token[:12]}",
        "transaction_time": utcnow().strftime("%Y-%m-%d %H:%M:%S"),
    }


class SimulatorTransport:
    """Answers midtransclient's HTTP calls in-process."""

    def request(self, method: str, url: str, **kwargs: Any) -> _Response:
        data = json.loads(kwargs.get("data") or "{}") if method != "get" else {}
        session = db.session
        if method == "post" and url.endswith("/transactions"):
            order_id = data["transaction_details"]["order_id"]
            txn = SimulatedTransaction(
                order_id=order_id,
                gross_amount=int(data["transaction_details"]["gross_amount"]),
                token=secrets.token_hex(16),
            )
            session.add(txn)
            session.flush()
            return _Response(
                201,
                {
                    "token": txn.token,
                    "redirect_url": url_for(
                        "payments.simulator_page", order_id=order_id, _external=False
                    ),
                },
            )
        match = re.search(r"/v2/([^/]+)/(status|refund|cancel|expire)$", url)
        if not match:
            return _Response(404, {"status_code": "404", "status_message": "Not found"})
        txn = session.get(SimulatedTransaction, match.group(1))
        if txn is None:
            return _Response(
                404, {"status_code": "404", "status_message": "Transaction doesn't exist."}
            )
        action = match.group(2)
        if action == "refund":
            if txn.status not in ("settlement", "partial_refund"):
                return _Response(
                    412,
                    {
                        "status_code": "412",
                        "status_message": "Transaction status cannot be updated.",
                    },
                )
            txn.refunded_amount += int(data.get("amount") or txn.gross_amount)
            txn.status = "refund" if txn.refunded_amount >= txn.gross_amount else "partial_refund"
        elif action in ("cancel", "expire") and txn.status == "pending":
            txn.status = action
        session.flush()
        return _Response(200, status_body(txn))


def set_status(session: Session, order_id: str, status: str) -> SimulatedTransaction | None:
    """Move a simulated transaction (the buyer paid, it expired, the bank denied)."""
    txn = session.scalars(
        select(SimulatedTransaction).where(SimulatedTransaction.order_id == order_id)
    ).first()
    if txn is None:
        return None
    if txn.status == "pending":
        txn.status = status
        session.flush()
    return txn
