"""Procurement's notification messages: invoices, purchase orders, requests for quotation,
quotes, deliveries and catering. Procurement writes these keys; their texts are folded into
`notification_messages.MESSAGES`, where checking and rendering find every message."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from marketplace.core.formatting import rupiah
from marketplace.orders.notification_format import WINDOW_DAY, Message, day_text

# Procurement invoices (procurement.invoicing, invoice_payments, reminders)
INVOICE_ISSUED = "invoice.issued"
INVOICE_DUE_SOON = "invoice.due_soon"
INVOICE_OVERDUE = "invoice.overdue"
INVOICE_OVERDUE_FLAG = "invoice.overdue_flag"
INVOICE_TRANSFER_REPORTED = "invoice.transfer_reported"
INVOICE_TRANSFER_REJECTED = "invoice.transfer_rejected"
INVOICE_PAID = "invoice.paid"
# Purchase orders of companies (procurement.po_services)
PO_ISSUED = "po.issued"
PO_APPROVAL_NEEDED = "po.approval_needed"
PO_ACCEPTED = "po.accepted"
PO_DECLINED = "po.declined"
PO_CANCELLED = "po.cancelled"
# A company's request for quotation was routed to the group (procurement.routing)
RFQ_NEW = "rfq.new"
# A group's quote passed its validity date unanswered (procurement.quote_expiry)
QUOTE_EXPIRED = "quote.expired"
# A delivery received with rejected items: the replacement (procurement.replacements)
DELIVERY_REPLACEMENT = "procurement.delivery_replacement"
# Recurring catering (procurement.catering): proposals, answers, and days a group cannot take
CATERING_PROPOSED = "catering.proposed"
CATERING_ACCEPTED = "catering.accepted"
CATERING_DECLINED = "catering.declined"
CATERING_DAY_FULL_COMPANY = "catering.day_full_company"
CATERING_DAY_FULL_GROUP = "catering.day_full_group"

_INVOICE = {"amount": rupiah, "due": day_text}

B2B_MESSAGES: dict[str, Message] = {
    INVOICE_ISSUED: Message(
        _l("Tagihan %(number)s untuk PO %(po)s sebesar %(amount)s, jatuh tempo %(due)s."),
        _INVOICE,
    ),
    INVOICE_DUE_SOON: Message(
        _l("Pengingat: tagihan %(number)s sebesar %(amount)s jatuh tempo %(due)s."), _INVOICE
    ),
    INVOICE_OVERDUE: Message(
        _l(
            "Tagihan %(number)s sebesar %(amount)s sudah lewat jatuh tempo (%(due)s). "
            "Mohon segera dibayar."
        ),
        _INVOICE,
    ),
    INVOICE_OVERDUE_FLAG: Message(
        _l("Tagihan %(number)s kepada %(company)s sebesar %(amount)s lewat jatuh tempo (%(due)s)."),
        _INVOICE,
    ),
    INVOICE_TRANSFER_REPORTED: Message(
        _l(
            "%(company)s melaporkan transfer untuk tagihan %(number)s (referensi %(ref)s). "
            "Mohon periksa rekening dan konfirmasi."
        )
    ),
    INVOICE_TRANSFER_REJECTED: Message(
        _l("Transfer untuk tagihan %(number)s belum diterima kelompok. Alasan: %(reason)s")
    ),
    INVOICE_PAID: Message(_l("Tagihan %(number)s sebesar %(amount)s lunas."), _INVOICE),
    PO_ISSUED: Message(_l("PO %(number)s dari %(company)s menunggu konfirmasi kelompok Anda.")),
    PO_APPROVAL_NEEDED: Message(
        _l("PO %(number)s senilai %(total)s menunggu persetujuan Anda."), {"total": rupiah}
    ),
    PO_ACCEPTED: Message(_l("%(group)s mengonfirmasi PO %(number)s.")),
    PO_DECLINED: Message(_l("%(group)s menolak PO %(number)s. Alasan: %(reason)s")),
    PO_CANCELLED: Message(_l("PO %(number)s dibatalkan. Alasan: %(reason)s")),
    RFQ_NEW: Message(
        _l(
            "Permintaan penawaran baru %(number)s dari %(company)s: “%(title)s”. "
            "Kirim penawaran Anda."
        )
    ),
    QUOTE_EXPIRED: Message(
        _l(
            "Penawaran Anda untuk %(number)s (%(company)s) kedaluwarsa: berlaku sampai "
            "%(day)s. Kirim penawaran baru bila masih ingin ikut."
        ),
        {"day": day_text},
    ),
    DELIVERY_REPLACEMENT: Message(
        _l(
            "%(n)s barang ditolak pada %(bast)s (PO %(po)s). Kirim penggantinya %(day)s, "
            "%(window)s di %(place)s."
        ),
        WINDOW_DAY,
    ),
    CATERING_PROPOSED: Message(
        _l("%(company)s menawarkan kontrak katering: %(count)s porsi %(menu)s per hari.")
    ),
    CATERING_ACCEPTED: Message(_l("%(group)s menerima kontrak katering “%(menu)s”.")),
    CATERING_DECLINED: Message(_l("%(group)s menolak kontrak katering “%(menu)s”.")),
    CATERING_DAY_FULL_COMPANY: Message(
        _l(
            "Katering “%(menu)s” untuk %(day)s belum terjadwal: kapasitas %(group)s hari itu "
            "penuh (masih bisa %(available)s dari %(count)s porsi). Hubungi kelompok atau "
            "ubah jumlahnya."
        ),
        {"day": day_text},
    ),
    CATERING_DAY_FULL_GROUP: Message(
        _l(
            "Katering %(company)s untuk %(day)s belum terjadwal: kapasitas produksi hari itu "
            "penuh (masih bisa %(available)s dari %(count)s porsi). Tambah kapasitas atau "
            "hubungi perusahaan."
        ),
        {"day": day_text},
    ),
}
