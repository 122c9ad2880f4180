"""Notification settings and push devices (issue 17): every signed-in person has their own;
`device_id` is buyer1's device, which nobody else finds."""

from __future__ import annotations

from tests.security.authz_table import LOGGED_IN, row

# JSON calls of push.js: the matrix's empty form is no subscription JSON, so 400.
JSON_CALL = row("400", anon="login")

ROWS = {
    "/akun/notifikasi": {"GET": LOGGED_IN, "POST": LOGGED_IN},  # empty form: the view's 422
    "/akun/notifikasi/push": {"POST": JSON_CALL},
    "/akun/notifikasi/push/hapus": {"POST": JSON_CALL},
    "/akun/notifikasi/perangkat/<int:device_id>/hapus": {
        "POST": row("404", anon="login", buyer="ok")
    },
}
