"""The WhatsApp channel against a fake Cloud API on 127.0.0.1 (pytest-httpserver)."""

from __future__ import annotations

import json
import time

import pytest
from werkzeug import Request, Response

from marketplace.outbox.channels import whatsapp
from marketplace.outbox.channels.base import (
    PermanentFailure,
    Recipient,
    Rendered,
    TemporaryFailure,
)
from marketplace.outbox.events import CATEGORIES
from tests.outbox.mailserver import free_port

PHONE_ID = "109876543210"
TOKEN = "EAAG-test-token"
SITE = "http://pasar.test"
SITI = Recipient(user_id=7, name="Siti", phone="6281234567890")


def channel_for(base: str, **overrides) -> whatsapp.WhatsAppChannel:
    """The channel from_config builds for the fake API at `base`."""
    config = {
        "WHATSAPP_TOKEN": TOKEN,
        "WHATSAPP_PHONE_NUMBER_ID": PHONE_ID,
        "WHATSAPP_API_BASE": base,
        "WHATSAPP_TIMEOUT": 2,
        "PUBLIC_BASE_URL": SITE,
        **overrides,
    }
    channel = whatsapp.from_config(config)
    assert isinstance(channel, whatsapp.WhatsAppChannel)
    return channel


@pytest.fixture
def api(httpserver):
    """A fake Cloud API: `api.answer(status, body)`; `api.requests` what it received."""

    class Api:
        requests: list[tuple[Request, dict]] = []
        reply: tuple[int, dict | str] = (200, {"messages": [{"id": "wamid.HBgM123"}]})
        delay = 0.0
        base = httpserver.url_for("/").rstrip("/")
        channel = None

        def answer(self, status: int, body: dict | str) -> None:
            self.reply = (status, body)

        def handle(self, request: Request) -> Response:
            if self.delay:
                time.sleep(self.delay)  # a slow API is what the timeout test is about
            self.requests.append((request, json.loads(request.data)))
            status, body = self.reply
            text = body if isinstance(body, str) else json.dumps(body)
            return Response(text, status=status, content_type="application/json")

    fake = Api()
    fake.requests = []
    httpserver.expect_request(f"/{PHONE_ID}/messages", method="POST").respond_with_handler(
        fake.handle
    )
    fake.channel = channel_for(fake.base)
    return fake


def message(category: str = "digest", language: str = "id", **kw) -> Rendered:
    """A rendered message; detail lines and link by default."""
    fields = {
        "title": "Ringkasan pagi kelompok",
        "text": "3 pesanan diambil hari ini.",
        "lines": ("Ani · 2 ikat kangkung", "Budi · 1 kg tempe"),
        "url": f"{SITE}/kelompok/pesanan",
    }
    fields.update(kw)
    return Rendered(category=category, message="digest.morning", language=language, **fields)


def meta_error(code: int, text: str = "error") -> dict:
    """An error body as the Graph API sends it."""
    return {
        "error": {
            "message": text,
            "type": "OAuthException",
            "code": code,
            "error_data": {"messaging_product": "whatsapp", "details": f"details {code}"},
            "fbtrace_id": "Abc",
        }
    }


def test_sends_the_category_template_and_returns_the_wamid(api):
    assert api.channel.reaches(SITI) and not api.channel.reaches(Recipient(1, "Tanpa HP"))
    wamid = api.channel.send(message(), SITI, "digest:2026-12-01:g5:7:whatsapp")

    assert wamid == "wamid.HBgM123"
    request, body = api.requests[0]
    assert request.path == f"/{PHONE_ID}/messages"
    assert request.headers["Authorization"] == f"Bearer {TOKEN}"
    assert body == {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": "6281234567890",
        "type": "template",
        "template": {
            "name": "pasartkm_ringkasan_pagi",
            "language": {"code": "id"},
            "components": [
                {
                    "type": "body",
                    "parameters": [
                        {"type": "text", "text": "3 pesanan diambil hari ini."},
                        {"type": "text", "text": "Ani · 2 ikat kangkung · Budi · 1 kg tempe"},
                        {"type": "text", "text": f"{SITE}/kelompok/pesanan"},
                    ],
                }
            ],
        },
        "biz_opaque_callback_data": "digest:2026-12-01:g5:7:whatsapp",
    }


def test_every_category_has_its_own_template_in_both_languages(api):
    assert set(whatsapp.TEMPLATES) == set(CATEGORIES)
    for code in CATEGORIES:
        api.channel.send(message(code, "en"), SITI, f"k-{code}")
    names = [body["template"]["name"] for _r, body in api.requests]
    assert len(set(names)) == len(CATEGORIES)
    assert all(name.startswith("pasartkm_") for name in names)
    assert names[0] == whatsapp.TEMPLATES[next(iter(CATEGORIES))]
    assert {body["template"]["language"]["code"] for _r, body in api.requests} == {"en"}


def test_parameters_are_sanitized(api):
    ugly = message(
        text="Pesanan\tbaru:\n\n2 ikat      kangkung  ",
        lines=(),
        url=None,
    )
    api.channel.send(ugly, Recipient(7, "Siti", phone="+62 812-3456-7890"), "k-ugly")
    body = api.requests[0][1]
    params = [p["text"] for p in body["template"]["components"][0]["parameters"]]
    assert params == ["Pesanan baru: 2 ikat kangkung", "-", SITE]  # no empty parameter
    assert body["to"] == "6281234567890"


def test_long_parameters_are_cut_to_fit_the_template(api):
    lines = tuple(f"Pembeli {i} · 2 ikat kangkung" for i in range(200))
    api.channel.send(message(text="x" * 2000, lines=lines), SITI, "k-long")
    params = [p["text"] for p in api.requests[0][1]["template"]["components"][0]["parameters"]]
    assert all(len(p) <= whatsapp.PARAM_MAX for p in params)
    assert sum(len(p) for p in params) <= whatsapp.PARAMS_BUDGET
    assert params[1].startswith("Pembeli 0 · 2 ikat kangkung") and params[1].endswith("…")
    assert params[2] == f"{SITE}/kelompok/pesanan"  # the link is never cut


@pytest.mark.parametrize(
    ("status", "body"),
    [
        (429, meta_error(130429, "Rate limit hit")),
        (500, meta_error(131000, "Something went wrong")),
        (503, "<html>Service Unavailable</html>"),
        (400, meta_error(131048, "Spam rate limit hit")),
        (400, meta_error(131056, "Pair rate limit hit")),
        (401, meta_error(190, "Error validating access token")),
        (
            400,
            {"error": {**meta_error(100, "Object does not exist")["error"], "error_subcode": 33}},
        ),
    ],
)
def test_try_later_answers_are_temporary(api, status, body):
    api.answer(status, body)
    with pytest.raises(TemporaryFailure) as raised:
        api.channel.send(message(), SITI, "k-temp")
    assert str(status) in str(raised.value)
    if isinstance(body, dict):
        assert str(body["error"]["code"]) in str(raised.value)
        assert body["error"]["message"] in str(raised.value)


@pytest.mark.parametrize(
    ("code", "text"),
    [
        (131026, "Message undeliverable"),
        (131047, "Re-engagement message"),
        (132001, "Template name does not exist in the translation"),
        (132000, "Number of parameters does not match"),
    ],
)
def test_refusals_are_permanent_with_the_meta_code(api, code, text):
    api.answer(400, meta_error(code, text))
    with pytest.raises(PermanentFailure, match=f"code {code}: {text}"):
        api.channel.send(message(), SITI, "k-perm")


def test_nothing_listening_is_temporary():
    channel = channel_for(f"http://127.0.0.1:{free_port()}")
    with pytest.raises(TemporaryFailure, match="unreachable"):
        channel.send(message(), SITI, "k-refused")


def test_slow_api_times_out_as_temporary(api):
    api.delay = 0.6
    channel = channel_for(api.base, WHATSAPP_TIMEOUT=0.2)
    with pytest.raises(TemporaryFailure, match="unreachable"):
        channel.send(message(), SITI, "k-slow")


def test_recipient_without_phone_or_unknown_category_is_permanent(api):
    with pytest.raises(PermanentFailure):
        api.channel.send(message(), Recipient(7, "Siti"), "k-nophone")
    with pytest.raises(PermanentFailure, match="template"):
        api.channel.send(message("unknown"), SITI, "k-unknown")
    assert api.requests == []


def test_from_config_needs_token_and_phone_number_id():
    assert whatsapp.from_config({}) is None
    assert whatsapp.from_config({"WHATSAPP_TOKEN": TOKEN, "WHATSAPP_PHONE_NUMBER_ID": ""}) is None
    assert (
        whatsapp.from_config({"WHATSAPP_TOKEN": "", "WHATSAPP_PHONE_NUMBER_ID": PHONE_ID}) is None
    )
    channel = whatsapp.from_config({"WHATSAPP_TOKEN": TOKEN, "WHATSAPP_PHONE_NUMBER_ID": PHONE_ID})
    assert channel.url == f"https://graph.facebook.com/v21.0/{PHONE_ID}/messages"
