"""The WhatsApp channel: message templates through the WhatsApp Business Cloud API.

A business may only start a conversation with a template Meta has approved, so every
category has one template (TEMPLATES below; registered in Meta Business Manager in Indonesian
"id" and English "en", see docs/notifications.md) with three body parameters:
{{1}} the notification text, {{2}} the detail lines, {{3}} the link."""

from __future__ import annotations

import re
import threading
from collections.abc import Mapping
from typing import Any

import requests

from marketplace.outbox.channels.base import (
    Channel,
    PermanentFailure,
    Recipient,
    Rendered,
    TemporaryFailure,
)

# Category code -> template name. The one place the names live: docs/notifications.md lists
# the same table with suggested body texts for registering them.
TEMPLATES: dict[str, str] = {
    "order_new": "pasartkm_pesanan_baru",
    "cutoff": "pasartkm_batas_pesan",
    "digest": "pasartkm_ringkasan_pagi",
    "pickup": "pasartkm_siap_diambil",
    "order_update": "pasartkm_perubahan_pesanan",
    "payment": "pasartkm_pembayaran",
    "approval": "pasartkm_persetujuan",
    "invoice": "pasartkm_tagihan",
    "procurement": "pasartkm_pengadaan",
    "investor": "pasartkm_investor",
    "program": "pasartkm_program",
}
LANGUAGES = {"id": "id", "en": "en"}  # our language -> the template's language code
LINE_SEPARATOR = " · "
EMPTY = "-"  # WhatsApp refuses an empty parameter
PARAM_MAX = 1024
# Meta also refuses a template whose body, parameters filled in, exceeds 1024 characters;
# the fixed text of ours is under 120, so the parameters together get the rest.
PARAMS_BUDGET = 900

# Meta error codes that mean "not now": rate limits, outages. Retried by the worker.
RETRY_CODES = frozenset(
    {
        1,  # API unknown
        2,  # API service temporarily unavailable
        4,  # application request limit
        80007,  # WhatsApp Business Account rate limit
        130429,  # throughput rate limit
        131000,  # something went wrong
        131016,  # service unavailable
        131048,  # spam rate limit
        131056,  # business/consumer pair rate limit
        131057,  # account in maintenance mode
        133004,  # server temporarily unavailable
    }
)
# The operator's to fix, not the message's: token invalid or expired (0, 190), permission
# missing (10, 200-299), account blocked for a while, locked, or unpaid (368, 131031, 131042).
# Retried, so messages still fresh when the settings are repaired arrive.
OPERATOR_CODES = frozenset({0, 10, 190, 368, 131031, 131042, *range(200, 300)})


def clean(value: str, limit: int = PARAM_MAX) -> str:
    """A parameter WhatsApp accepts: one line, single spaces, not empty, at most `limit`."""
    text = re.sub(r"\s+", " ", value or "").strip()
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text or EMPTY


def body_parameters(message: Rendered, fallback_url: str) -> list[str]:
    """{{1}} text, {{2}} detail lines, {{3}} link; shortened to fit the template's limit."""
    link = clean(message.url or fallback_url)
    text = clean(message.text)
    lines = clean(LINE_SEPARATOR.join(clean(line) for line in message.lines if line.strip()))
    room = max(PARAMS_BUDGET - len(link), 200)
    if len(text) + len(lines) > room:
        # The detail lines give way first: the text says what happened, the link the rest.
        lines = clean(lines, max(room - len(text), 40))
        text = clean(text, max(room - len(lines), 40))
    return [text, lines, link]


class WhatsAppChannel:
    """Sends a category's template to the recipient's phone through the Cloud API."""

    name = "whatsapp"

    def __init__(
        self,
        token: str,
        phone_number_id: str,
        *,
        api_base: str = "https://graph.facebook.com/v21.0",
        timeout: float = 10.0,
        public_base_url: str = "",
    ) -> None:
        self.token = token
        self.url = f"{api_base.rstrip('/')}/{phone_number_id}/messages"
        self.timeout = timeout
        self.public_base_url = public_base_url
        self._local = threading.local()  # one Session per worker thread: keeps connections

    @property
    def http(self) -> requests.Session:
        """This thread's HTTP session (a Session is not safe to share between threads)."""
        session = getattr(self._local, "session", None)
        if session is None:
            session = self._local.session = requests.Session()
        return session

    def reaches(self, recipient: Recipient) -> bool:
        """Whoever has a phone number."""
        return bool(recipient.phone)

    def payload(self, message: Rendered, recipient: Recipient, key: str) -> dict:
        """The JSON body of the Cloud API request."""
        to = re.sub(r"\D", "", recipient.phone or "")
        if not to:
            raise PermanentFailure("recipient has no phone number")
        try:
            template = TEMPLATES[message.category]
        except KeyError:
            raise PermanentFailure(f"no WhatsApp template for {message.category!r}") from None
        params = body_parameters(message, self.public_base_url)
        return {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": to,
            "type": "template",
            "template": {
                "name": template,
                "language": {"code": LANGUAGES.get(message.language, "id")},
                "components": [
                    {
                        "type": "body",
                        "parameters": [{"type": "text", "text": p} for p in params],
                    }
                ],
            },
            # Comes back in the delivery status webhooks: ties them to the outbox row.
            "biz_opaque_callback_data": key,
        }

    def send(self, message: Rendered, recipient: Recipient, key: str) -> str | None:
        """POST the template message; return the wamid."""
        body = self.payload(message, recipient, key)
        try:
            response = self.http.post(
                self.url,
                json=body,
                headers={"Authorization": f"Bearer {self.token}"},
                timeout=self.timeout,
            )
        except requests.RequestException as exc:  # refused, timeouts, DNS, TLS
            raise TemporaryFailure(f"WhatsApp API unreachable: {exc!r}") from exc
        try:
            data = response.json()
        except ValueError:
            data = {}
        if response.ok:
            messages = data.get("messages") if isinstance(data, dict) else None
            return str(messages[0].get("id")) if messages else None
        raise _failure(response.status_code, data)


def _failure(status: int, data: Any) -> Exception:
    """The exception for an error answer: Temporary when waiting or an operator's fix helps."""
    error = data.get("error") if isinstance(data, dict) else None
    error = error if isinstance(error, dict) else {}
    code = error.get("code") if isinstance(error.get("code"), int) else None
    error_data = error.get("error_data")
    details = error_data.get("details") if isinstance(error_data, dict) else None
    text = f"WhatsApp API {status}: code {code}: {error.get('message', '')}"
    if details:
        text += f" ({details})"
    # Subcode 33: the phone number ID does not exist (WHATSAPP_PHONE_NUMBER_ID is wrong).
    operator = code in OPERATOR_CODES or error.get("error_subcode") == 33
    if status in (401, 403, 429) or status >= 500 or code in RETRY_CODES or operator:
        return TemporaryFailure(text)
    return PermanentFailure(text)


def from_config(config: Mapping[str, Any]) -> Channel | None:
    """The channel when WHATSAPP_TOKEN and WHATSAPP_PHONE_NUMBER_ID are set, else None."""
    token = config.get("WHATSAPP_TOKEN") or ""
    phone_number_id = config.get("WHATSAPP_PHONE_NUMBER_ID") or ""
    if not (token and phone_number_id):
        return None
    return WhatsAppChannel(
        token,
        str(phone_number_id),
        api_base=config.get("WHATSAPP_API_BASE") or "https://graph.facebook.com/v21.0",
        timeout=float(config.get("WHATSAPP_TIMEOUT") or 10),
        public_base_url=config.get("PUBLIC_BASE_URL") or "",
    )
