"""Deliveries and the BAST (delivery helper): group A's dispatch page, company A's receive
page, the BAST PDF and photos. The world's `delivery_id` is dispatched (the group's POST meets
the states table's 409, the company's empty form a 422); `bast_id` is signed."""

from __future__ import annotations

from tests.security.authz_table import row

GROUP_A = row("403", anon="login", prodA="ok", prodB="404")
COMPANY_A = row("404", anon="login", company="ok")
COMPANY_OR_GROUP_A = row("404", anon="login", company="ok", prodA="ok")

ROWS = {
    "/pengadaan/kelompok/pengiriman/<int:delivery_id>": {"GET": GROUP_A, "POST": GROUP_A},
    "/pengadaan/pengiriman/<int:delivery_id>": {"GET": COMPANY_A, "POST": COMPANY_A},
    "/pengadaan/bast/<int:bast_id>/pdf": {"GET": COMPANY_OR_GROUP_A},
    "/pengadaan/bast/<int:bast_id>/foto/<int:bast_photo_id>": {"GET": COMPANY_OR_GROUP_A},
}
