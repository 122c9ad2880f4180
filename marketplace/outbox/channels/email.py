"""The email channel: one message per notification, by SMTP or into .eml files (development).

The message is built with the standard library: a plain-text part and an HTML alternative
from templates/outbox/email.txt and .html, rendered in the worker's app and request context
inside `force_locale(message.language)`, so the templates use `_()` as usual. The
Message-ID comes from the row's idempotency key: a resend of the same row carries the same
Message-ID, which lets receiving servers and mail clients drop the duplicate."""

from __future__ import annotations

import hashlib
import os
import smtplib
import ssl
import tempfile
from collections.abc import Mapping
from email.errors import HeaderParseError
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, parseaddr
from pathlib import Path
from typing import Any

from flask import render_template

from marketplace.outbox.channels.base import (
    Channel,
    PermanentFailure,
    Recipient,
    Rendered,
    TemporaryFailure,
)

SUBJECT_PREFIX = "Pasar TKM: "
SUBJECT_MAX = 78  # one header line; a longer subject is cut in mail clients anyway
SETTINGS_PATH = "/akun/notifikasi"
SMTPS_PORT = 465  # implicit TLS (SMTP over SSL) instead of STARTTLS


def message_id(key: str, sender: str) -> str:
    """A Message-ID that depends only on the idempotency key and the sender's domain."""
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    domain = parseaddr(sender)[1].rpartition("@")[2] or "pasartkm.id"
    return f"<{digest}@{domain}>"


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class EmailChannel:
    """Builds the message; subclasses deliver it (`_deliver`)."""

    name = "email"

    def __init__(self, sender: str, public_base_url: str) -> None:
        self.sender = sender
        self.settings_url = public_base_url.rstrip("/") + SETTINGS_PATH

    def reaches(self, recipient: Recipient) -> bool:
        """Whoever has an email address."""
        return bool(recipient.email)

    def build(self, message: Rendered, recipient: Recipient, key: str) -> EmailMessage:
        """The complete message (needs an app and request context, in the message's locale)."""
        if not recipient.email:
            raise PermanentFailure("recipient has no email address")
        try:
            to = Address(display_name=recipient.name or "", addr_spec=recipient.email)
        except (HeaderParseError, ValueError, IndexError) as exc:
            raise PermanentFailure(f"invalid email address {recipient.email!r}: {exc}") from exc
        subject = SUBJECT_PREFIX + (message.title or message.text)
        context = {"message": message, "recipient": recipient, "settings_url": self.settings_url}
        mail = EmailMessage()
        mail["From"] = self.sender
        mail["To"] = to
        mail["Subject"] = _shorten(str(subject), SUBJECT_MAX)
        mail["Date"] = formatdate(usegmt=True)
        mail["Message-ID"] = message_id(key, self.sender)
        mail["Auto-Submitted"] = "auto-generated"
        mail["X-Pasar-Key"] = key
        mail["List-Unsubscribe"] = f"<{self.settings_url}>"
        mail.set_content(render_template("outbox/email.txt", **context))
        mail.add_alternative(render_template("outbox/email.html", **context), subtype="html")
        mail["Content-Language"] = message.language  # after set_content, which clears Content-*
        return mail

    def send(self, message: Rendered, recipient: Recipient, key: str) -> str | None:
        """Build and deliver the message; the Message-ID is the provider id."""
        mail = self.build(message, recipient, key)
        self._deliver(mail)
        return str(mail["Message-ID"])

    def _deliver(self, mail: EmailMessage) -> None:
        raise NotImplementedError


class SmtpChannel(EmailChannel):
    """Delivers through an SMTP server (STARTTLS, or implicit TLS on port 465)."""

    def __init__(
        self,
        sender: str,
        public_base_url: str,
        *,
        server: str,
        port: int = 587,
        username: str = "",
        password: str = "",
        use_tls: bool = True,
        timeout: float = 10.0,
    ) -> None:
        super().__init__(sender, public_base_url)
        self.server = server
        self.port = port
        self.username = username
        self.password = password
        self.use_tls = use_tls
        self.timeout = timeout

    def _connect(self) -> smtplib.SMTP:
        if self.port == SMTPS_PORT:
            return smtplib.SMTP_SSL(
                self.server, self.port, timeout=self.timeout, context=ssl.create_default_context()
            )
        smtp = smtplib.SMTP(self.server, self.port, timeout=self.timeout)
        try:
            smtp.ehlo()
            if self.use_tls:
                # Without STARTTLS the password and the message would cross the network in
                # clear text; a server (or someone in between) that hides it is refused.
                if not smtp.has_extn("starttls"):
                    raise TemporaryFailure(
                        f"SMTP {self.server}:{self.port} does not offer STARTTLS "
                        "(set MAIL_USE_TLS=0 for a local relay without TLS)"
                    )
                smtp.starttls(context=ssl.create_default_context())
                smtp.ehlo()
        except BaseException:
            smtp.close()
            raise
        return smtp

    def _deliver(self, mail: EmailMessage) -> None:
        try:
            smtp = self._connect()
            try:
                if self.username:
                    smtp.login(self.username, self.password)
                smtp.send_message(mail)
            finally:
                _quit(smtp)
        except smtplib.SMTPRecipientsRefused as exc:
            codes = [code for code, _msg in exc.recipients.values()]
            detail = "; ".join(
                f"{c} {m.decode(errors='replace')}" for c, m in exc.recipients.values()
            )
            if codes and all(code >= 500 for code in codes):
                raise PermanentFailure(f"recipient refused: {detail}") from exc
            raise TemporaryFailure(f"recipient deferred: {detail}") from exc
        except smtplib.SMTPDataError as exc:
            text = f"message refused: {exc.smtp_code} {_text(exc.smtp_error)}"
            if exc.smtp_code >= 500:
                raise PermanentFailure(text) from exc
            raise TemporaryFailure(text) from exc
        except smtplib.SMTPResponseException as exc:
            # Sender refused, authentication failed, 4xx anywhere: our settings or the
            # server's state, not this message; retrying after the fix delivers it.
            raise TemporaryFailure(f"SMTP error {exc.smtp_code} {_text(exc.smtp_error)}") from exc
        except OSError as exc:  # refused, timeouts, disconnects, TLS errors, other SMTP errors
            raise TemporaryFailure(f"SMTP {self.server}:{self.port}: {exc!r}") from exc


def _quit(smtp: smtplib.SMTP) -> None:
    # A message the server accepted is sent, whatever it answers to QUIT: failing here
    # would only make the worker send it again.
    try:
        smtp.quit()
    except OSError:
        smtp.close()


def _text(value: bytes | str) -> str:
    return value.decode(errors="replace") if isinstance(value, bytes) else str(value)


class FileChannel(EmailChannel):
    """Writes each message as a .eml file into a directory (development: no mail server)."""

    def __init__(self, sender: str, public_base_url: str, directory: str | os.PathLike) -> None:
        super().__init__(sender, public_base_url)
        self.directory = Path(directory)

    def path_for(self, mail: EmailMessage) -> Path:
        """Where the message goes: named after its Message-ID, so a resend overwrites it."""
        return self.directory / (str(mail["Message-ID"]).strip("<>").split("@")[0] + ".eml")

    def _deliver(self, mail: EmailMessage) -> None:
        target = self.path_for(mail)
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            # Written aside and renamed: a reader never sees half a message.
            fd, tmp = tempfile.mkstemp(dir=self.directory, suffix=".tmp")
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(mail.as_bytes())
                os.replace(tmp, target)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError as exc:
            raise TemporaryFailure(f"cannot write {target}: {exc}") from exc


def from_config(config: Mapping[str, Any]) -> Channel | None:
    """The channel MAIL_BACKEND names ("smtp" needs MAIL_SERVER), or None when off."""
    backend = (config.get("MAIL_BACKEND") or "").strip().lower()
    sender = config.get("MAIL_SENDER") or "Pasar TKM <noreply@pasartkm.id>"
    base = config.get("PUBLIC_BASE_URL") or ""
    if backend == "file":
        return FileChannel(sender, base, config.get("MAIL_FILE_DIR") or "instance/mail")
    if backend == "smtp" and config.get("MAIL_SERVER"):
        return SmtpChannel(
            sender,
            base,
            server=config["MAIL_SERVER"],
            port=int(config.get("MAIL_PORT") or 587),
            username=config.get("MAIL_USERNAME") or "",
            password=config.get("MAIL_PASSWORD") or "",
            use_tls=bool(config.get("MAIL_USE_TLS", True)),
            timeout=float(config.get("MAIL_TIMEOUT") or 10),
        )
    return None
