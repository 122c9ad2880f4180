"""Recurring catering: company staff reach only their company's contracts, a group only its
own (everyone else finds nothing: 404). Empty forms are the views' own 422 refusals."""

from __future__ import annotations

from tests.security.authz_table import COMPANY_STAFF, PRODUCER, PRODUCER_A, row

# The company's own contract: company B's staff and everyone else find nothing.
COMPANY_A = row("404", anon="login", company="ok")

ROWS = {
    "/pengadaan/katering": {"GET": COMPANY_STAFF},
    # Non-staff are sent to the registration form; staff of company B propose their own.
    "/pengadaan/katering/baru": {"GET": COMPANY_STAFF, "POST": COMPANY_STAFF},
    "/pengadaan/katering/<int:contract_id>": {"GET": COMPANY_A},
    "/pengadaan/katering/<int:contract_id>/jumlah": {"POST": COMPANY_A},
    "/pengadaan/katering/<int:contract_id>/status": {"POST": COMPANY_A},
    "/pengadaan/kelompok/katering": {"GET": PRODUCER},
    "/pengadaan/kelompok/katering/<int:contract_id>": {"GET": PRODUCER_A, "POST": PRODUCER_A},
}
