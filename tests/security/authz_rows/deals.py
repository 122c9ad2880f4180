"""Deals after an introduction (issue 16): the group's side, the investor's side, the officer's.

URL parameters name the confirmed deal between `inv` and group A (see world.py). Group B's chair
finds nothing of it (404); the investor pages are for approved investors, and only the deal's own
investor finds it. The empty POSTs are the views' own refusals: agreeing to a running deal is
409, an empty repayment/disbursement/update form is 422, an empty officer decision is 400.
"""

from __future__ import annotations

from tests.security.authz_table import INVESTOR, OFFICER, OFFICER_400, PRODUCER, PRODUCER_A

BASE = "/produsen/investasi"

ROWS = {
    # --- the group -----------------------------------------------------------------------------
    f"{BASE}/minat/<int:interest_id>/kesepakatan": {"GET": PRODUCER_A, "POST": PRODUCER_A},
    f"{BASE}/kesepakatan": {"GET": PRODUCER},
    f"{BASE}/kesepakatan/<int:deal_id>": {"GET": PRODUCER_A},
    f"{BASE}/kesepakatan/<int:deal_id>/<action>": {"POST": PRODUCER_A},
    f"{BASE}/kesepakatan/<int:deal_id>/bayar": {"POST": PRODUCER_A},
    f"{BASE}/kesepakatan/<int:deal_id>/kabar": {"POST": PRODUCER_A},
    f"{BASE}/kesepakatan/<int:deal_id>/berkas/<int:file_id>": {"GET": PRODUCER_A},
    # group B's chair downloads group B's own credit file: the group comes from the login
    f"{BASE}/berkas-kredit.pdf": {"GET": PRODUCER},
    # --- the investor --------------------------------------------------------------------------
    "/investor/minat/<int:interest_id>/kesepakatan": {"GET": INVESTOR, "POST": INVESTOR},
    "/investor/kesepakatan/<int:deal_id>": {"GET": INVESTOR},
    "/investor/kesepakatan/<int:deal_id>/<action>": {"POST": INVESTOR},
    "/investor/kesepakatan/<int:deal_id>/pencairan/<int:tranche_id>": {"POST": INVESTOR},
    "/investor/kesepakatan/<int:deal_id>/berkas/<int:file_id>": {"GET": INVESTOR},
    "/investor/portofolio": {"GET": INVESTOR},
    "/investor/kelompok/<slug>/berkas-kredit.pdf": {"GET": INVESTOR},
    # --- the officer ---------------------------------------------------------------------------
    "/pendamping/kesepakatan": {"GET": OFFICER},
    "/pendamping/kesepakatan/<int:deal_id>": {"GET": OFFICER, "POST": OFFICER_400},
    "/pendamping/kesepakatan/<int:deal_id>/kabar/<int:update_id>/verifikasi": {"POST": OFFICER},
    "/pendamping/kesepakatan/<int:deal_id>/berkas/<int:file_id>": {"GET": OFFICER},
}
