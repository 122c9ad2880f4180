"""Purchase orders: the award (split), the company's PO pages and PDF, the group's PO pages.

`po_id` is an issued PO of company A to group A; `rfq_id` a sent request of company A.
"""

from __future__ import annotations

from tests.security.authz_table import COMPANY_STAFF, PRODUCER, PRODUCER_A, row

# Company A's staff only (company B's staff, producers, officers: nothing there).
COMPANY_A = row("404", anon="login", company="ok")

ROWS = {
    # An empty award form is the view's own 422 refusal.
    "/pengadaan/permintaan/<int:rfq_id>/pemenang": {"GET": COMPANY_A, "POST": COMPANY_A},
    "/pengadaan/po": {"GET": COMPANY_STAFF},  # non-staff are sent to the registration form
    "/pengadaan/po/<int:po_id>": {"GET": COMPANY_A},
    # The PO is issued already: approving again is the view's 409.
    "/pengadaan/po/<int:po_id>/setujui": {"POST": COMPANY_A},
    # No reason given: the view's 422.
    "/pengadaan/po/<int:po_id>/batal": {"POST": COMPANY_A},
    # Both parties of the PO, nobody else.
    "/pengadaan/po/<int:po_id>/pdf": {"GET": row("404", anon="login", company="ok", prodA="ok")},
    "/pengadaan/kelompok/po": {"GET": PRODUCER},
    # An empty answer (no action) is the view's 422.
    "/pengadaan/kelompok/po/<int:po_id>": {"GET": PRODUCER_A, "POST": PRODUCER_A},
}
