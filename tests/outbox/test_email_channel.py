"""The email channel against a real SMTP server on 127.0.0.1 and the .eml file backend."""

from __future__ import annotations

import socket
from contextlib import contextmanager
from email import message_from_bytes, policy

import pytest
from flask import url_for
from flask_babel import force_locale

from marketplace.outbox.channels import email as email_channel
from marketplace.outbox.channels.base import (
    PermanentFailure,
    Recipient,
    Rendered,
    TemporaryFailure,
)
from marketplace.outbox.models import OutboxMessage
from marketplace.outbox.render import render
from tests.outbox.mailserver import free_port, running_smtp

SITE = "http://pasar.test"


@pytest.fixture
def smtp_server():
    """A real SMTP server on 127.0.0.1: (mailbox, port)."""
    with running_smtp() as server:
        yield server


@pytest.fixture
def in_locale(app):
    """`with in_locale("en"):` — the worker's app + request context in a language."""

    @contextmanager
    def _ctx(language: str = "id"):
        base = app.config["PUBLIC_BASE_URL"]
        with app.test_request_context(base_url=base), force_locale(language):
            yield

    return _ctx


SITI = Recipient(user_id=7, name="Siti Aminah", email="siti@example.id")


def smtp_channel(app, port: int, **overrides):
    """The channel from_config builds for a local server without TLS."""
    config = {
        **app.config,
        "MAIL_BACKEND": "smtp",
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": port,
        "MAIL_USE_TLS": False,
        "MAIL_SENDER": "Pasar TKM <noreply@pasartkm.id>",
        "MAIL_TIMEOUT": 2,
        **overrides,
    }
    channel = email_channel.from_config(config)
    assert isinstance(channel, email_channel.SmtpChannel)
    return channel


def digest(language: str = "id", url: str | None = f"{SITE}/kelompok/pesanan") -> Rendered:
    """A digest-like message with detail lines and a link."""
    return Rendered(
        category="digest",
        message="digest.morning",
        language=language,
        title="Ringkasan pagi kelompok" if language == "id" else "Group morning summary",
        text="3 pesanan diambil hari ini." if language == "id" else "3 orders picked up today.",
        lines=("Ani · 2 ikat kangkung", "Budi <b> · 1 kg tempe"),
        url=url,
    )


def received(box) -> object:
    """The one message the server received, parsed."""
    assert len(box.envelopes) == 1
    return message_from_bytes(box.envelopes[0].original_content, policy=policy.default)


def parts(mail) -> tuple[str, str]:
    """The plain-text and HTML bodies."""
    plain = mail.get_body(preferencelist=("plain",)).get_content()
    html = mail.get_body(preferencelist=("html",)).get_content()
    return plain, html


def test_indonesian_message_arrives_with_both_parts_and_headers(app, smtp_server, in_locale):
    box, port = smtp_server
    channel = smtp_channel(app, port)
    assert channel.reaches(SITI) and not channel.reaches(Recipient(user_id=8, name="Tanpa"))
    with in_locale("id"):
        provider_id = channel.send(digest("id"), SITI, "digest:2026-12-01:g5:7:email")

    assert box.envelopes[0].rcpt_tos == ["siti@example.id"]
    assert box.envelopes[0].mail_from == "noreply@pasartkm.id"
    mail = received(box)
    assert mail["Subject"] == "Pasar TKM: Ringkasan pagi kelompok"
    assert mail["To"] == "Siti Aminah <siti@example.id>"
    assert mail["From"] == "Pasar TKM <noreply@pasartkm.id>"
    assert mail["Message-ID"] == provider_id
    assert provider_id.endswith("@pasartkm.id>")
    assert mail["X-Pasar-Key"] == "digest:2026-12-01:g5:7:email"
    assert mail["Auto-Submitted"] == "auto-generated"
    assert mail["List-Unsubscribe"] == f"<{SITE}/akun/notifikasi>"
    plain, html = parts(mail)
    assert "Halo Siti Aminah," in plain
    assert "3 pesanan diambil hari ini." in plain
    assert "- Ani · 2 ikat kangkung" in plain
    assert "- Budi <b> · 1 kg tempe" in plain  # plain text is not HTML-escaped
    assert f"Buka di Pasar TKM: {SITE}/kelompok/pesanan" in plain
    assert f"pengaturan notifikasi: {SITE}/akun/notifikasi" in plain
    assert "Halo Siti Aminah," in html
    assert "<li>Budi &lt;b&gt; · 1 kg tempe</li>" in html  # escaped in HTML
    assert f'href="{SITE}/kelompok/pesanan"' in html
    assert f'href="{SITE}/akun/notifikasi"' in html
    assert "Ringkasan pagi kelompok" in html


def test_english_message_and_no_link(app, smtp_server, in_locale):
    box, port = smtp_server
    with in_locale("en"):
        smtp_channel(app, port).send(digest("en", url=None), SITI, "k-en")
    mail = received(box)
    assert mail["Subject"] == "Pasar TKM: Group morning summary"
    plain, html = parts(mail)
    for body in (plain, html):
        assert "Hello Siti Aminah," in body
        assert "3 orders picked up today." in body
        assert "notification settings" in body
        assert "Halo" not in body and "Buka di Pasar TKM" not in body
    assert "Open in Pasar TKM" not in plain  # no link, no button


def test_message_without_lines_has_no_list(app, smtp_server, in_locale):
    box, port = smtp_server
    message = Rendered("payment", "payment.late", "id", "Pembayaran", "Bayar pesanan #12.")
    with in_locale("id"):
        smtp_channel(app, port).send(message, SITI, "k-plain")
    plain, html = parts(received(box))
    assert "<ul" not in html and "\n- " not in plain
    assert "Bayar pesanan #12." in plain


def test_same_key_gives_the_same_message_id(app, smtp_server, in_locale):
    box, port = smtp_server
    channel = smtp_channel(app, port)
    with in_locale("id"):
        first = channel.send(digest(), SITI, "same-key")
        again = channel.send(digest(), SITI, "same-key")
        other = channel.send(digest(), SITI, "other-key")
    assert first == again != other
    ids = [
        message_from_bytes(e.original_content, policy=policy.default)["Message-ID"]
        for e in box.envelopes
    ]
    assert ids == [first, first, other]


def test_login_when_username_is_set(app, smtp_server, in_locale):
    box, port = smtp_server
    channel = smtp_channel(app, port, MAIL_USERNAME="pasar", MAIL_PASSWORD="rahasia")
    with in_locale("id"):
        channel.send(digest(), SITI, "k-login")
    assert box.logins == [("pasar", "rahasia")]
    assert len(box.envelopes) == 1


def test_wrong_password_is_temporary(app, smtp_server, in_locale):
    box, port = smtp_server
    channel = smtp_channel(app, port, MAIL_USERNAME="pasar", MAIL_PASSWORD="salah")
    with in_locale("id"), pytest.raises(TemporaryFailure, match="535"):
        channel.send(digest(), SITI, "k-auth")
    assert box.envelopes == []


def test_tls_required_but_not_offered_is_temporary(app, smtp_server, in_locale):
    box, port = smtp_server
    channel = smtp_channel(app, port, MAIL_USE_TLS=True, MAIL_USERNAME="pasar")
    with in_locale("id"), pytest.raises(TemporaryFailure, match="STARTTLS"):
        channel.send(digest(), SITI, "k-tls")
    assert box.envelopes == [] and box.logins == []  # no password sent in clear


@pytest.mark.parametrize(
    ("where", "reply"),
    [("rcpt_reply", "451 4.3.0 Coba lagi nanti"), ("data_reply", "451 4.3.0 Coba lagi nanti")],
)
def test_451_is_temporary(app, smtp_server, in_locale, where, reply):
    box, port = smtp_server
    setattr(box, where, reply)
    with in_locale("id"), pytest.raises(TemporaryFailure, match="451"):
        smtp_channel(app, port).send(digest(), SITI, "k-451")


@pytest.mark.parametrize(
    ("where", "reply"),
    [("rcpt_reply", "550 5.1.1 No such user"), ("data_reply", "554 5.7.1 Rejected as spam")],
)
def test_5xx_refusal_is_permanent(app, smtp_server, in_locale, where, reply):
    box, port = smtp_server
    setattr(box, where, reply)
    with in_locale("id"), pytest.raises(PermanentFailure, match=reply[:3]):
        smtp_channel(app, port).send(digest(), SITI, "k-550")


def test_nothing_listening_is_temporary(app, in_locale):
    channel = smtp_channel(app, free_port())
    with in_locale("id"), pytest.raises(TemporaryFailure):
        channel.send(digest(), SITI, "k-refused")


def test_silent_server_times_out_as_temporary(app, in_locale):
    with socket.socket() as silent:  # accepts connections (backlog) but never greets
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        channel = smtp_channel(app, silent.getsockname()[1], MAIL_TIMEOUT=0.3)
        with in_locale("id"), pytest.raises(TemporaryFailure, match="timed out"):
            channel.send(digest(), SITI, "k-timeout")


def test_invalid_address_is_permanent(app, in_locale):
    channel = smtp_channel(app, free_port())
    bad = Recipient(user_id=9, name="X", email="bukan email@@")
    with in_locale("id"), pytest.raises(PermanentFailure):
        channel.send(digest(), bad, "k-bad")


def test_file_backend_writes_a_readable_eml(app, tmp_path, in_locale):
    channel = email_channel.from_config(
        {**app.config, "MAIL_BACKEND": "file", "MAIL_FILE_DIR": str(tmp_path / "mail")}
    )
    assert isinstance(channel, email_channel.FileChannel)
    with in_locale("id"):
        provider_id = channel.send(digest(), SITI, "k-file")
        channel.send(digest(), SITI, "k-file")  # a resend replaces the same file
    files = list((tmp_path / "mail").iterdir())
    assert len(files) == 1 and files[0].suffix == ".eml"
    mail = message_from_bytes(files[0].read_bytes(), policy=policy.default)
    assert mail["Message-ID"] == provider_id
    assert mail["Subject"] == "Pasar TKM: Ringkasan pagi kelompok"
    plain, html = parts(mail)
    assert "Halo Siti Aminah," in plain and "Halo Siti Aminah," in html


def test_from_config_off_without_settings(app):
    assert email_channel.from_config(app.config) is None  # testing: MAIL_BACKEND ""
    assert email_channel.from_config({**app.config, "MAIL_BACKEND": "smtp"}) is None  # no server


def test_a_real_notification_row_renders_into_the_email(app, tmp_path, in_locale):
    """The renderer's output (category label, absolute link) as the worker passes it."""
    row = OutboxMessage(
        user_id=7,
        channel="email",
        category="order_new",
        message="order.new",
        params={"id": 12, "buyer": "Budi", "day": "2026-12-01"},
        link_endpoint="orders.producer_order",
        link_params={"order_id": 12},
    )
    channel = email_channel.from_config(
        {**app.config, "MAIL_BACKEND": "file", "MAIL_FILE_DIR": str(tmp_path)}
    )
    with in_locale("id"):
        channel.send(render(row, "id"), SITI, "order.new:12:7:email")
    mail = message_from_bytes(next(tmp_path.glob("*.eml")).read_bytes(), policy=policy.default)
    assert mail["Subject"] == "Pasar TKM: Pesanan baru untuk kelompok"
    plain, html = parts(mail)
    assert "Pesanan baru #12 dari Budi" in plain
    with in_locale("id"):
        link = SITE + url_for("orders.producer_order", order_id=12)
    assert f"Buka di Pasar TKM: {link}" in plain and f'href="{link}"' in html
