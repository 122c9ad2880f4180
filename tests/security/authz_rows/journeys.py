"""The lists of deliveries (journeys helper): the company's receiving list and the group's.
Both take their company or group from the login; non-staff are sent to the registration form."""

from __future__ import annotations

from tests.security.authz_table import COMPANY_STAFF, PRODUCER

ROWS = {
    "/pengadaan/pengiriman": {"GET": COMPANY_STAFF},
    "/pengadaan/kelompok/pengiriman": {"GET": PRODUCER},
}
