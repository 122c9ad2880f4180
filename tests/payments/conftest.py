"""A fake Midtrans HTTP server on 127.0.0.1 for the real `midtransclient` code path."""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field

import pytest
from werkzeug import Request, Response

SERVER_KEY = "SB-Mid-server-test-key"


@dataclass
class FakeMidtrans:
    """What the fake Midtrans knows: transactions by order_id, and the requests it received."""

    statuses: dict[str, dict] = field(default_factory=dict)
    snap_requests: list[dict] = field(default_factory=list)
    refund_requests: list[tuple[str, dict]] = field(default_factory=list)
    delay: float = 0.0
    fail_refunds: bool = False
    busy: int = 0  # requests being answered right now

    def set_status(self, order_id: str, status: str, gross: int, fraud: str | None = None):
        body = {
            "order_id": order_id,
            "transaction_status": status,
            "status_code": "200",
            "gross_amount": f"{gross}.00",
        }
        if fraud:
            body["fraud_status"] = fraud
        self.statuses[order_id] = body

    def handle(self, request: Request) -> Response:
        self.busy += 1
        try:
            return self._answer(request)
        finally:
            self.busy -= 1

    def _answer(self, request: Request) -> Response:
        if self.delay:
            time.sleep(self.delay)  # a slow provider is what the timeout tests are about
        path = request.path
        if path == "/snap/v1/transactions" and request.method == "POST":
            body = json.loads(request.data)
            self.snap_requests.append(body)
            oid = body["transaction_details"]["order_id"]
            return _json(
                201,
                {"token": f"tok-{oid}", "redirect_url": f"https://app.sandbox.example/snap/{oid}"},
            )
        match = re.fullmatch(r"/v2/([^/]+)/(status|refund)", path)
        if match:
            oid, action = match.groups()
            if oid not in self.statuses:
                return _json(
                    404, {"status_code": "404", "status_message": "Transaction doesn't exist."}
                )
            if action == "refund":
                self.refund_requests.append((oid, json.loads(request.data)))
                if self.fail_refunds:
                    return _json(500, {"status_code": "500", "status_message": "error"})
                return _json(200, {"status_code": "200", "transaction_status": "refund"})
            return _json(200, self.statuses[oid])
        return _json(404, {"status_code": "404"})


def _json(status: int, body: dict) -> Response:
    return Response(json.dumps(body), status=status, content_type="application/json")


@pytest.fixture
def fake_midtrans(app, httpserver, monkeypatch) -> FakeMidtrans:
    """Point the app's Midtrans client at a fake server on 127.0.0.1."""
    fake = FakeMidtrans()
    httpserver.expect_request(re.compile(r"/.*")).respond_with_handler(fake.handle)
    base = httpserver.url_for("/").rstrip("/")
    monkeypatch.setitem(app.config, "MIDTRANS_SERVER_KEY", SERVER_KEY)
    monkeypatch.setitem(app.config, "MIDTRANS_CLIENT_KEY", "SB-Mid-client-test")
    monkeypatch.setitem(app.config, "MIDTRANS_API_BASE_URL", base)
    monkeypatch.setitem(app.config, "MIDTRANS_SNAP_BASE_URL", base + "/snap/v1")
    monkeypatch.setitem(app.config, "MIDTRANS_TIMEOUT", 2)
    return fake


@pytest.fixture
def online_checkout(app, db_session):
    """Build an online checkout inside an app context: `online_checkout(**kwargs)`."""
    from tests.factories import make_online_checkout

    def _make(**kwargs):
        with app.test_request_context():
            return make_online_checkout(db_session, **kwargs)

    return _make
