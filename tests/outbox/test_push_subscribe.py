"""The browser's subscribe/unsubscribe calls over HTTP, as push.js makes them."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from marketplace.outbox.models import PushSubscription
from tests.conftest import csrf_token_in, login
from tests.factories import make_user
from tests.outbox.factories import subscription_json

URL = "/akun/notifikasi/push"
PHONE = "Mozilla/5.0 (Linux; Android 13) AppleWebKit/537.36 Chrome/120.0 Mobile Safari/537.36"


def _devices(db_session, user=None):
    db_session.expire_all()
    stmt = select(PushSubscription).order_by(PushSubscription.id)
    if user is not None:
        stmt = stmt.where(PushSubscription.user_id == user.id)
    return list(db_session.scalars(stmt))


def test_a_phone_subscribes_and_is_listed(client, db_session, login_as):
    user = make_user(db_session)
    client.environ_base["HTTP_USER_AGENT"] = PHONE  # the same phone logs in and subscribes
    login_as(user)
    sub = subscription_json()
    response = client.post(URL, json=sub)
    assert response.status_code == 201
    assert response.json["ok"] is True
    [device] = _devices(db_session, user)
    assert device.endpoint == sub["endpoint"]
    assert device.p256dh == sub["keys"]["p256dh"] and device.auth == sub["keys"]["auth"]
    page = client.get("/akun/notifikasi").get_data(as_text=True)
    assert "Chrome di Android" in page


def test_subscribing_again_updates_the_same_device(client, db_session, login_as):
    user = make_user(db_session)
    login_as(user)
    first = subscription_json()
    client.post(URL, json=first)
    renewed = subscription_json(endpoint=first["endpoint"])  # new keys, same endpoint
    assert client.post(URL, json=renewed).status_code == 201
    [device] = _devices(db_session, user)
    assert device.p256dh == renewed["keys"]["p256dh"]


def test_a_phone_that_changed_hands_moves_to_the_new_account(client, db_session, login_as):
    before, after = make_user(db_session), make_user(db_session)
    sub = subscription_json()
    login_as(before)
    client.post(URL, json=sub)
    client.post("/akun/keluar")
    login_as(after)
    assert client.post(URL, json=sub).status_code == 201
    assert _devices(db_session, before) == []
    assert [d.endpoint for d in _devices(db_session, after)] == [sub["endpoint"]]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda s: s["keys"].update(p256dh=s["keys"]["p256dh"][:40]), "Kunci langganan"),
        (lambda s: s["keys"].update(auth="AAAA"), "Kunci langganan"),
        (lambda s: s["keys"].update(auth="!!!!not+base64url/"), "Kunci langganan"),
        (lambda s: s["keys"].update(p256dh="BA" + "A" * 85), "Kunci langganan"),  # not a point
        (lambda s: s.pop("keys"), "Kunci langganan"),
        (lambda s: s.update(endpoint="javascript:alert(1)"), "Alamat layanan"),
        (lambda s: s.update(endpoint="https://push.example/" + "x" * 1000), "Alamat layanan"),
        (lambda s: s.update(endpoint=12), "Alamat layanan"),
    ],
)
def test_bad_subscriptions_are_refused_in_indonesian(client, db_session, login_as, change, message):
    login_as(make_user(db_session))
    sub = subscription_json()
    change(sub)
    response = client.post(URL, json=sub)
    assert response.status_code == 400
    assert message in response.json["error"]
    assert _devices(db_session) == []


def test_a_body_that_is_not_json_is_refused(client, db_session, login_as):
    login_as(make_user(db_session))
    for body in ("not json", "[1, 2]", '"text"'):
        response = client.post(URL, data=body, content_type="application/json")
        assert response.status_code == 400
        assert "tidak terbaca" in response.json["error"]


def test_production_accepts_only_public_https_push_services(client, app, db_session, login_as,
                                                            monkeypatch):  # fmt: skip
    monkeypatch.setitem(app.config, "ENV_NAME", "production")
    login_as(make_user(db_session))
    for endpoint in ("http://push.example/x", "https://127.0.0.1/x", "https://10.0.0.5/x",
                     "https://localhost/x"):  # fmt: skip
        assert client.post(URL, json=subscription_json(endpoint)).status_code == 400, endpoint
    assert client.post(URL, json=subscription_json("https://fcm.googleapis.com/fcm/send/abc"))
    assert len(_devices(db_session)) == 1


def test_anonymous_visitors_are_sent_to_log_in(client, db_session):
    response = client.post(URL, json=subscription_json())
    assert response.status_code == 302 and "/akun/masuk" in response.headers["Location"]
    assert _devices(db_session) == []


def test_the_csrf_token_is_required_in_the_header(client, app, db_session, monkeypatch):
    user = make_user(db_session)
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    token = csrf_token_in(client.get("/akun/masuk").get_data(as_text=True))
    client.post("/akun/masuk", data={"identifier": user.email, "password": "rahasia123",
                                     "csrf_token": token})  # fmt: skip
    page = client.get("/akun/notifikasi").get_data(as_text=True)
    token = csrf_token_in(page)
    refused = client.post(URL, json=subscription_json(), headers={"Accept": "application/json"})
    assert refused.status_code == 400
    assert _devices(db_session) == []
    accepted = client.post(URL, json=subscription_json(), headers={"X-CSRFToken": token})
    assert accepted.status_code == 201
    assert len(_devices(db_session, user)) == 1


def test_unsubscribe_removes_only_this_persons_device(client, db_session, login_as):
    owner, other = make_user(db_session), make_user(db_session)
    sub = subscription_json()
    login_as(owner)
    client.post(URL, json=sub)
    client.post("/akun/keluar")
    login(client, other.email)
    gone = client.post(URL + "/hapus", json={"endpoint": sub["endpoint"]})
    assert gone.status_code == 200 and gone.json["removed"] is False
    assert len(_devices(db_session, owner)) == 1
    client.post("/akun/keluar")
    login(client, owner.email)
    gone = client.post(URL + "/hapus", json={"endpoint": sub["endpoint"]})
    assert gone.json["removed"] is True
    assert _devices(db_session) == []
    assert client.post(URL + "/hapus", json={"endpoint": 5}).status_code == 400
    assert client.post(URL + "/hapus", data="x", content_type="application/json").status_code == 400


def test_a_person_keeps_at_most_ten_devices(client, db_session, login_as):
    user = make_user(db_session)
    login_as(user)
    endpoints = [subscription_json()["endpoint"] for _ in range(11)]
    for endpoint in endpoints:
        client.post(URL, json=subscription_json(endpoint))
    kept = {d.endpoint for d in _devices(db_session, user)}
    assert len(kept) == 10 and endpoints[-1] in kept
