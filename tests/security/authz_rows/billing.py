"""Invoices: company A's staff (finance) pay their invoices, group A confirms transfers,
officers see overdue invoices; everyone else finds nothing (`invoice_id` is company A's
invoice to group A, see world.py)."""

from __future__ import annotations

from tests.security.authz_table import COMPANY_STAFF, OFFICER, PRODUCER, PRODUCER_A, row

# Company A's staff only (company B's staff, groups and officers find nothing).
COMPANY_A = row("404", anon="login", company="ok")

ROWS = {
    "/pengadaan/tagihan": {"GET": COMPANY_STAFF},
    "/pengadaan/tagihan/<int:invoice_id>": {"GET": COMPANY_A},
    # Without Midtrans keys: the view's own redirect back with a message.
    "/pengadaan/tagihan/<int:invoice_id>/bayar": {"POST": COMPANY_A},
    "/pengadaan/tagihan/<int:invoice_id>/transfer": {"POST": COMPANY_A},  # empty form: 422
    # Buyer's staff, the selling group and officers read the PDF.
    "/pengadaan/tagihan/<int:invoice_id>/pdf": {
        "GET": row("404", anon="login", company="ok", prodA="ok", officer="ok")
    },
    "/pengadaan/kelompok/tagihan": {"GET": PRODUCER},
    "/pengadaan/kelompok/tagihan/<int:invoice_id>/konfirmasi": {"POST": PRODUCER_A},  # 422
    "/pengadaan/petugas/tagihan": {"GET": OFFICER},
}
