"""The group's tax identity page: every producer reads their own group's profile; the chair
saves it (an empty form is the view's own 422). The group comes from the login, never the URL,
so group B's chair only ever sees group B's profile."""

from __future__ import annotations

from tests.security.authz_table import PRODUCER

ROWS = {
    "/pengadaan/kelompok/pajak": {"GET": PRODUCER, "POST": PRODUCER},
}
