"""Every notification message: its key, its msgid with `%(param)s` placeholders, its parameters.

A notification row stores the key and the parameters (JSON) and a link as endpoint and
arguments; the text and the link are made when the reader opens the list, in the reader's
language (`render`, `link`). Parameters that are codes (an order status) or dates are stored
as codes and ISO dates and shown through their label or formatter here, never raw.
Rows written before migration 0009 that could not be mapped to a key keep their stored text.
Procurement's keys and texts live in `notification_b2b` and are folded into MESSAGES here.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import time
from typing import Any

from flask import url_for
from flask_babel import lazy_gettext as _l
from werkzeug.routing import BuildError

from marketplace.core.formatting import clock, rupiah
from marketplace.orders import states
from marketplace.orders.notification_b2b import B2B_MESSAGES
from marketplace.orders.notification_format import WINDOW_DAY, Message, day_text

log = logging.getLogger(__name__)


ORDER_NEW = "order.new"
ORDER_STATUS = "order.status"
ORDER_STATUS_REASON = "order.status_reason"
ORDER_CANCELLED_BY_BUYER = "order.cancelled_by_buyer"
PAYMENT_LATE = "payment.late"
PAYMENT_LATE_BUYER = "payment.late_buyer"
PAYMENT_RECEIVED = "payment.received"
GROUP_VERIFIED = "group.verified"
GROUP_REJECTED = "group.rejected"
GROUP_SUSPENDED = "group.suspended"
GROUP_REINSTATED = "group.reinstated"
GROUP_PROMOTED = "group.promoted"
GROUP_DEMOTED = "group.demoted"
DEAL_PROPOSED = "deal.proposed"
DEAL_AGREED = "deal.agreed"
DEAL_TO_CONFIRM = "deal.to_confirm"
DEAL_CONFIRMED = "deal.confirmed"
DEAL_COMPLETED = "deal.completed"
DEAL_CANCELLED = "deal.cancelled"
DEAL_CANCELLED_REASON = "deal.cancelled_reason"
DEAL_DISBURSED = "deal.disbursed"
DEAL_REPAID = "deal.repaid"
DEAL_UPDATE_POSTED = "deal.update_posted"
INTEREST_NEW = "interest.new"
INTEREST_NEW_OFFICER = "interest.new_officer"
INTEREST_REPLY_FROM_GROUP = "interest.reply_from_group"
INTEREST_REPLY_FROM_INVESTOR = "interest.reply_from_investor"
# An officer changed a shared window, point or zone that open orders use (orders.logistics_changes)
WINDOW_MOVED_BUYER = "logistics.window_moved"
WINDOW_MOVED_GROUP = "logistics.window_moved_group"
WINDOW_CLOSED_BUYER = "logistics.window_closed"
WINDOW_CLOSED_GROUP = "logistics.window_closed_group"
POINT_CLOSED_BUYER = "logistics.point_closed"
POINT_CLOSED_GROUP = "logistics.point_closed_group"
ZONE_CLOSED_BUYER = "logistics.zone_closed"
ZONE_CLOSED_GROUP = "logistics.zone_closed_group"
INVESTOR_APPROVED = "investor.approved"
INVESTOR_REJECTED = "investor.rejected"
INVESTOR_REJECTED_REASON = "investor.rejected_reason"
# Scheduled messages to producers, queued straight into the outbox (outbox.digest, .cutoff)
DIGEST = "outbox.digest"
CUTOFF_SOON = "outbox.cutoff_soon"

_STATUS = {"status": states.label}

MESSAGES: dict[str, Message] = {
    ORDER_NEW: Message(_l("Pesanan baru #%(id)s dari %(buyer)s untuk %(day)s."), {"day": day_text}),
    ORDER_STATUS: Message(_l("Pesanan #%(id)s: %(status)s."), _STATUS),
    ORDER_STATUS_REASON: Message(_l("Pesanan #%(id)s: %(status)s. Alasan: %(reason)s"), _STATUS),
    ORDER_CANCELLED_BY_BUYER: Message(_l("Pesanan #%(id)s dibatalkan oleh pembeli.")),
    PAYMENT_LATE: Message(
        _l(
            "Pembayaran %(ref)s masuk setelah pesanan kedaluwarsa; "
            "dana perlu dikembalikan ke pembeli."
        )
    ),
    PAYMENT_LATE_BUYER: Message(
        _l(
            "Pembayaran Anda sebesar %(amount)s masuk setelah batas waktu, saat pesanan sudah "
            "kedaluwarsa. Dana dikembalikan lewat Midtrans ke metode pembayaran asal."
        ),
        {"amount": rupiah},
    ),
    PAYMENT_RECEIVED: Message(
        _l("Pembayaran %(amount)s diterima. Pesanan Anda diteruskan ke kelompok."),
        {"amount": rupiah},
    ),
    GROUP_VERIFIED: Message(
        _l("Kelompok %(group)s diverifikasi pendamping dan kini dapat berjualan di pasar.")
    ),
    GROUP_REJECTED: Message(
        _l("Pendaftaran kelompok %(group)s tidak disetujui pendamping. Alasan: %(reason)s")
    ),
    GROUP_SUSPENDED: Message(
        _l(
            "Kelompok %(group)s dibekukan pendamping: produknya tidak tampil di pasar. "
            "Alasan: %(reason)s"
        )
    ),
    GROUP_REINSTATED: Message(
        _l("Kelompok %(group)s dipulihkan pendamping dan dapat berjualan lagi.")
    ),
    GROUP_PROMOTED: Message(
        _l("Selamat! Kelompok %(group)s naik ke tingkat lanjutan dan dapat dinilai untuk investor.")
    ),
    GROUP_DEMOTED: Message(_l("Kelompok %(group)s kembali ke tingkat pemula. Alasan: %(reason)s")),
    DEAL_PROPOSED: Message(
        _l("%(who)s mengusulkan syarat kesepakatan. Tinjau, lalu setujui atau ubah.")
    ),
    DEAL_AGREED: Message(
        _l("%(who)s menyetujui syarat kesepakatan; kini menunggu konfirmasi pendamping.")
    ),
    DEAL_TO_CONFIRM: Message(
        _l(
            "Kesepakatan %(group)s dengan %(investor)s sudah disetujui kedua pihak "
            "dan menunggu konfirmasi Anda."
        )
    ),
    DEAL_CONFIRMED: Message(
        _l(
            "Kesepakatan %(group)s dengan %(investor)s dikonfirmasi pendamping; "
            "jadwalnya kini berjalan."
        )
    ),
    DEAL_COMPLETED: Message(
        _l("Kesepakatan %(group)s dengan %(investor)s ditutup pendamping sebagai selesai.")
    ),
    DEAL_CANCELLED: Message(_l("Kesepakatan %(group)s dengan %(investor)s dibatalkan.")),
    DEAL_CANCELLED_REASON: Message(
        _l("Kesepakatan %(group)s dengan %(investor)s dibatalkan. Alasan: %(reason)s")
    ),
    DEAL_DISBURSED: Message(
        _l("%(investor)s mencatat pencairan %(amount)s pada %(day)s. Periksa rekening kelompok."),
        {"amount": rupiah, "day": day_text},
    ),
    DEAL_REPAID: Message(
        _l("%(group)s mencatat pembayaran %(amount)s pada %(day)s. Periksa rekening Anda."),
        {"amount": rupiah, "day": day_text},
    ),
    DEAL_UPDATE_POSTED: Message(_l("%(group)s mengirim kabar tentang penggunaan dana.")),
    INTEREST_NEW: Message(_l("%(who)s berminat pada proposal “%(title)s”.")),
    INTEREST_NEW_OFFICER: Message(_l("%(who)s berminat pada proposal %(group)s: “%(title)s”.")),
    INTEREST_REPLY_FROM_GROUP: Message(_l("%(group)s membalas tentang “%(title)s”.")),
    INTEREST_REPLY_FROM_INVESTOR: Message(_l("Pesan baru dari investor tentang “%(title)s”.")),
    WINDOW_MOVED_BUYER: Message(
        _l(
            "Jam ambil %(window)s diubah menjadi %(span)s WIB untuk pesanan baru. Pesanan "
            "#%(id)s untuk %(day)s tetap pada jam yang disepakati, %(agreed)s WIB; hubungi "
            "kelompok bila perlu mengatur ulang."
        ),
        WINDOW_DAY,
    ),
    WINDOW_MOVED_GROUP: Message(
        _l(
            "Jam ambil %(window)s diubah menjadi %(span)s WIB untuk pesanan baru. %(n)s "
            "pesanan terbuka tetap pada jam yang disepakati; hubungi pembeli bila perlu "
            "mengatur ulang."
        ),
        WINDOW_DAY,
    ),
    WINDOW_CLOSED_BUYER: Message(
        _l(
            "Jam ambil %(window)s ditutup untuk pesanan baru. Pesanan #%(id)s untuk %(day)s "
            "tetap pada jam yang disepakati, %(agreed)s WIB; hubungi kelompok bila perlu "
            "mengatur ulang."
        ),
        WINDOW_DAY,
    ),
    WINDOW_CLOSED_GROUP: Message(
        _l(
            "Jam ambil %(window)s ditutup untuk pesanan baru. %(n)s pesanan terbuka tetap "
            "pada jam yang disepakati; hubungi pembeli bila perlu mengatur ulang."
        ),
        WINDOW_DAY,
    ),
    POINT_CLOSED_BUYER: Message(
        _l(
            "Titik ambil %(place)s ditutup untuk pesanan baru. Pesanan #%(id)s untuk %(day)s "
            "tetap diambil di sana seperti yang disepakati; hubungi kelompok bila perlu "
            "mengatur ulang."
        ),
        WINDOW_DAY,
    ),
    POINT_CLOSED_GROUP: Message(
        _l(
            "Titik ambil %(place)s ditutup untuk pesanan baru. %(n)s pesanan terbuka tetap "
            "diambil di sana seperti yang disepakati; hubungi pembeli bila perlu mengatur ulang."
        )
    ),
    ZONE_CLOSED_BUYER: Message(
        _l(
            "Zona antar %(place)s ditutup untuk pesanan baru. Pesanan #%(id)s untuk %(day)s "
            "tetap diantar ke sana seperti yang disepakati; hubungi kelompok bila perlu "
            "mengatur ulang."
        ),
        WINDOW_DAY,
    ),
    ZONE_CLOSED_GROUP: Message(
        _l(
            "Zona antar %(place)s ditutup untuk pesanan baru. %(n)s pesanan terbuka tetap "
            "diantar ke sana seperti yang disepakati; hubungi pembeli bila perlu mengatur ulang."
        )
    ),
    INVESTOR_APPROVED: Message(
        _l("Akun investor Anda disetujui pendamping. Kelompok dan proposal kini dapat Anda lihat.")
    ),
    INVESTOR_REJECTED: Message(_l("Akun investor Anda tidak disetujui pendamping.")),
    INVESTOR_REJECTED_REASON: Message(
        _l("Akun investor Anda tidak disetujui pendamping. Alasan: %(reason)s")
    ),
    **B2B_MESSAGES,
    DIGEST: Message(
        _l("Ringkasan %(day)s: %(orders)s pesanan untuk diambil/diantar hari ini."),
        {"day": day_text},
    ),
    CUTOFF_SOON: Message(
        _l(
            "Batas pesan %(window)s untuk %(day)s pukul %(time)s WIB: %(orders)s pesanan "
            "masuk sejauh ini."
        ),
        WINDOW_DAY | {"time": lambda v: clock(time.fromisoformat(v))},
    ),
}


def check(key: str, params: Mapping[str, Any]) -> None:
    """Refuse an unknown key or missing parameters when the notification is written."""
    message = MESSAGES[key]  # KeyError: a programming error, caught by the tests
    str(message.msgid) % dict.fromkeys(params, "")  # KeyError: a placeholder without a value


def render(message_key: str | None, params: Mapping[str, Any] | None, fallback: str = "") -> str:
    """The notification's text in the current locale (the stored text for unmapped old rows)."""
    message = MESSAGES.get(message_key or "")
    if message is None:
        return fallback
    values = dict(params or {})
    try:
        for name, show in message.formatters.items():
            if name in values:
                values[name] = show(values[name])
        return str(message.msgid) % values
    except (KeyError, TypeError, ValueError):  # a row whose parameters no longer fit
        log.warning("notification %s does not render with %r", message_key, params)
        return fallback or message_key or ""


def link(endpoint: str | None, params: Mapping[str, Any] | None) -> str | None:
    """The notification's link, built with url_for at display time (None if it has none)."""
    if not endpoint:
        return None
    try:
        return url_for(endpoint, **(params or {}))
    except BuildError:  # an endpoint removed since the row was written
        log.warning("notification link %s %r no longer builds", endpoint, params)
        return None
