"""The push channel against a local fake push service: the real pywebpush code encrypts and
signs; the test decrypts like the browser would and checks what the person would see."""

from __future__ import annotations

import json

import http_ece
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from py_vapid import Vapid02
from werkzeug.wrappers import Response

from marketplace.outbox.channels import push
from marketplace.outbox.channels.base import (
    Device,
    PermanentFailure,
    Recipient,
    Rendered,
    TemporaryFailure,
)
from tests.outbox.factories import browser_keys

CONFIG = {
    "VAPID_SUBJECT": "mailto:admin@pasartkm.id",
    "PUSH_TTL_SECONDS": 3600,
    "PUSH_TIMEOUT": 5,
}

MESSAGE = Rendered(
    category="pickup",
    message="order_status",
    language="id",
    title="Pesanan siap diambil",
    text="Pesanan #12 siap diambil di Gerbang 2.",
    lines=("Keripik tempe ×2", "Kopi ×1", "Sambal ×1", "Baris keempat"),
    url="http://pasar.test/pesanan/12",
)


def _pem() -> str:
    return (
        ec.generate_private_key(ec.SECP256R1())
        .private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        .decode()
    )


@pytest.fixture
def channel():
    return push.from_config({**CONFIG, "VAPID_PRIVATE_KEY": _pem()})


def _device(httpserver, path: str, keys, device_id: int = 1) -> Device:
    return Device(device_id, httpserver.url_for(path), keys.p256dh, keys.auth)


def _recipient(*devices: Device, forgotten: list | None = None) -> Recipient:
    sink = forgotten if forgotten is not None else []
    return Recipient(1, "Siti", devices=devices, forget_device=sink.append)


def test_the_device_decrypts_the_notification_and_the_request_is_signed(channel, httpserver):
    keys = browser_keys()
    received = []

    def handler(request):
        received.append(request)
        return Response(status=201, headers={"Location": "https://push.example/m/abc"})

    httpserver.expect_request("/push/1", method="POST").respond_with_handler(handler)
    got = channel.send(MESSAGE, _recipient(_device(httpserver, "/push/1", keys)), "m:abc:push")

    assert got == "https://push.example/m/abc"
    request = received[0]
    plain = http_ece.decrypt(
        request.get_data(), private_key=keys.private, auth_secret=keys.auth_secret,
        version="aes128gcm",
    )  # fmt: skip
    shown = json.loads(plain)
    assert shown == {
        "title": "Pesanan siap diambil",
        "body": "Pesanan #12 siap diambil di Gerbang 2.\nKeripik tempe ×2\nKopi ×1\nSambal ×1",
        "url": "http://pasar.test/pesanan/12",
        "tag": "pickup",
    }
    assert request.headers["Content-Encoding"] == "aes128gcm"
    assert request.headers["TTL"] == "3600"
    assert request.headers["Urgency"] == "normal"
    topic = request.headers["Topic"]
    assert len(topic) <= 32 and topic == push.topic("m:abc:push")
    auth = request.headers["Authorization"]
    assert auth.startswith("vapid t=") and ",k=" + channel.application_server_key in auth
    assert Vapid02.verify(auth)  # signed with the key the browser subscribed with


def test_a_gone_subscription_is_forgotten_and_fails_for_good(channel, httpserver):
    keys = browser_keys()
    httpserver.expect_request("/push/gone").respond_with_data("", status=410)
    forgotten: list[int] = []
    recipient = _recipient(_device(httpserver, "/push/gone", keys, 7), forgotten=forgotten)
    with pytest.raises(PermanentFailure, match="no device left"):
        channel.send(MESSAGE, recipient, "k1")
    assert forgotten == [7]


def test_a_server_error_is_retried_later(channel, httpserver):
    httpserver.expect_request("/push/busy").respond_with_data("down", status=500)
    with pytest.raises(TemporaryFailure):
        channel.send(MESSAGE, _recipient(_device(httpserver, "/push/busy", browser_keys())), "k")


def test_too_many_requests_is_retried_later(channel, httpserver):
    httpserver.expect_request("/push/slow").respond_with_data("", status=429)
    with pytest.raises(TemporaryFailure):
        channel.send(MESSAGE, _recipient(_device(httpserver, "/push/slow", browser_keys())), "k")


def test_an_unreachable_service_is_retried_later(channel):
    keys = browser_keys()
    dead = Device(1, "http://127.0.0.1:9/push", keys.p256dh, keys.auth)  # discard port
    with pytest.raises(TemporaryFailure):
        channel.send(MESSAGE, _recipient(dead), "k")


def test_a_refusal_fails_for_good_without_forgetting(channel, httpserver):
    httpserver.expect_request("/push/bad").respond_with_data("bad jwt", status=403)
    forgotten: list[int] = []
    device = _device(httpserver, "/push/bad", browser_keys())
    with pytest.raises(PermanentFailure):
        channel.send(MESSAGE, _recipient(device, forgotten=forgotten), "k")
    assert forgotten == []


def test_one_device_gone_one_reached_is_a_success(channel, httpserver):
    httpserver.expect_request("/push/old").respond_with_data("", status=404)
    httpserver.expect_request("/push/new").respond_with_data("", status=201)
    forgotten: list[int] = []
    recipient = _recipient(
        _device(httpserver, "/push/old", browser_keys(), 1),
        _device(httpserver, "/push/new", browser_keys(), 2),
        forgotten=forgotten,
    )
    assert channel.send(MESSAGE, recipient, "k") is None  # no Location: no provider id
    assert forgotten == [1]


def test_temporary_and_gone_devices_retry_later(channel, httpserver):
    httpserver.expect_request("/push/old").respond_with_data("", status=410)
    httpserver.expect_request("/push/busy").respond_with_data("", status=503)
    recipient = _recipient(
        _device(httpserver, "/push/old", browser_keys(), 1),
        _device(httpserver, "/push/busy", browser_keys(), 2),
    )
    with pytest.raises(TemporaryFailure):
        channel.send(MESSAGE, recipient, "k")


def test_reaches_only_people_with_a_device(channel):
    keys = browser_keys()
    assert not channel.reaches(Recipient(1, "A"))
    assert channel.reaches(_recipient(Device(1, "https://p.example/x", keys.p256dh, keys.auth)))


def test_a_long_message_is_cut_to_fit_a_push_payload():
    long = Rendered("digest", "m", "id", "Ringkasan", "x" * 5000)
    assert len(json.loads(push.payload(long))["body"]) == push.MAX_BODY_CHARS


def test_no_key_no_channel_outside_development(tmp_path):
    assert push.from_config({**CONFIG, "VAPID_PRIVATE_KEY": "", "ENV_NAME": "production"},
                            tmp_path) is None  # fmt: skip
    assert push.from_config({**CONFIG, "ENV_NAME": "testing"}, tmp_path) is None
    assert not (tmp_path / push.DEV_KEY_FILE).exists()


def test_development_generates_one_key_and_keeps_it(tmp_path):
    first = push.from_config({**CONFIG, "ENV_NAME": "development"}, tmp_path)
    second = push.from_config({**CONFIG, "ENV_NAME": "development"}, tmp_path)
    assert first.application_server_key == second.application_server_key
    assert (tmp_path / push.DEV_KEY_FILE).stat().st_mode & 0o777 == 0o600
    assert push.public_key({"ENV_NAME": "development"}, tmp_path) == first.application_server_key


def test_a_raw_base64url_key_works_like_its_pem():
    private = ec.generate_private_key(ec.SECP256R1())
    raw = push.b64url(private.private_numbers().private_value.to_bytes(32, "big"))
    pem = private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()  # fmt: skip
    from_raw = push.public_key({"VAPID_PRIVATE_KEY": raw})
    assert from_raw == push.public_key({"VAPID_PRIVATE_KEY": pem})
    assert len(push.b64decode_padded(from_raw)) == 65


def test_a_wrong_key_stops_the_app_with_a_clear_message():
    with pytest.raises(RuntimeError, match="VAPID_PRIVATE_KEY"):
        push.from_config({**CONFIG, "VAPID_PRIVATE_KEY": "not-a-key"})
