"""Requests for quotation and quotes (procurement, issue 15).

URL parameters: `rfq_id` is company A's request sent to group A; `file_id` its attachment.
"""

from __future__ import annotations

from tests.security.authz_table import COMPANY_STAFF, PRODUCER, PRODUCER_A, row

# Company A's request: only its staff (a 404 for everyone else, company B included).
COMPANY_A = row("404", anon="login", company="ok")

ROWS = {
    # The company comes from the login; non-staff are sent to the registration form.
    "/pengadaan/permintaan": {"GET": COMPANY_STAFF},
    "/pengadaan/permintaan/baru": {"GET": COMPANY_STAFF, "POST": COMPANY_STAFF},
    "/pengadaan/permintaan/<int:rfq_id>": {"GET": COMPANY_A},
    # Already sent: the requester's send is the view's own 409.
    "/pengadaan/permintaan/<int:rfq_id>/kirim": {"POST": COMPANY_A},
    # A sent request without a reason: the view's own 422.
    "/pengadaan/permintaan/<int:rfq_id>/batal": {"POST": COMPANY_A},
    "/pengadaan/permintaan/<int:rfq_id>/lampiran/<int:file_id>": {"GET": COMPANY_A},
    # Group side: only groups the request was sent to (group B finds nothing).
    "/pengadaan/kelompok/permintaan": {"GET": PRODUCER},
    "/pengadaan/kelompok/permintaan/<int:rfq_id>": {"GET": PRODUCER_A, "POST": PRODUCER_A},
    "/pengadaan/kelompok/permintaan/<int:rfq_id>/tarik": {"POST": PRODUCER_A},
    "/pengadaan/kelompok/permintaan/<int:rfq_id>/lampiran/<int:file_id>": {"GET": PRODUCER_A},
}
