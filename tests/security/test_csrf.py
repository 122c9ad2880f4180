"""Every state-changing route refuses a request without a CSRF token (400), changing nothing.

The Midtrans webhook is the one exemption: it carries no session and is authenticated by its
SHA-512 signature instead (403 when wrong).
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from marketplace.extensions import csrf, db
from tests.conftest import csrf_token_in, make_app
from tests.security.authz_table import TABLE
from tests.security.world import USERS, post_data, url_for_rule

WEBHOOK = "/payments/midtrans/notification"
STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}


@pytest.fixture(scope="session")
def csrf_app(database_url, tmp_path_factory):
    """The app with CSRF protection on (as in production), on the session's database."""
    application = make_app(
        database_url,
        tmp_path_factory.mktemp("csrf"),
        WTF_CSRF_ENABLED=True,
        MIDTRANS_SIMULATOR=True,
    )
    yield application
    with application.app_context():
        db.engine.dispose()


def _login(client, user) -> None:
    page = client.get("/akun/masuk").get_data(as_text=True)
    token = csrf_token_in(page)
    response = client.post(
        "/akun/masuk",
        data={"identifier": user.email, "password": "rahasia123", "csrf_token": token},
    )
    assert response.status_code == 302


def _snapshot(session) -> dict[str, list]:
    """Every row of every table: nothing may change."""
    session.expire_all()
    out = {}
    for table in db.metadata.sorted_tables:
        rows = session.execute(sa.select(table).order_by(*table.primary_key.columns)).all()
        out[table.name] = [tuple(r) for r in rows]
    return out


def _actor(rule: str, method: str) -> str:
    """A kind of user who may use the route (so only the missing token stops them)."""
    row = TABLE[rule][method]
    for kind in ("buyer", "prodA", "officer", "inv", "anon"):
        if row[kind] == "ok":
            return kind
    return next(k for k in USERS if row[k] not in ("login", "403", "404"))


def test_webhook_is_the_only_csrf_exemption(csrf_app):
    assert csrf._exempt_views == {"marketplace.payments.views.midtrans_notification"}
    assert not csrf._exempt_blueprints
    client = csrf_app.test_client()
    forged = {
        "order_id": "TKM-1-abcd",
        "status_code": "200",
        "gross_amount": "1000.00",
        "transaction_status": "settlement",
        "signature_key": "0" * 128,
    }
    # No token, no session: refused for its signature (403), not for CSRF.
    assert client.post(WEBHOOK, json=forged).status_code == 403


def test_every_state_changing_route_needs_a_token(csrf_app, db_session, security_world):
    world, _ = security_world
    clients = {}
    for kind, user in world.users.items():
        clients[kind] = csrf_app.test_client()
        if user is not None:
            _login(clients[kind], user)
    before = _snapshot(db_session)
    checked = []
    for rule in sorted(csrf_app.url_map.iter_rules(), key=lambda r: r.rule):
        for method in sorted(rule.methods & STATE_CHANGING):
            if rule.rule == WEBHOOK:
                continue
            kind = _actor(rule.rule, method)
            url = url_for_rule(rule.rule, world)
            response = clients[kind].open(url, method=method, data=post_data(rule.rule, world))
            body = response.get_data(as_text=True)
            assert response.status_code == 400, (method, rule.rule, kind, response.status_code)
            assert "Sesi formulir kedaluwarsa" in body, (method, rule.rule)
            checked.append(rule.rule)
    assert len(checked) == sum(1 for methods in TABLE.values() if "POST" in methods) - 1
    assert _snapshot(db_session) == before
    # Control: with the token the same client gets through.
    page = clients["buyer"].get("/akun/kata-sandi").get_data(as_text=True)
    token = csrf_token_in(page)
    assert clients["buyer"].post("/notifikasi/baca", data={"csrf_token": token}).status_code == 302
