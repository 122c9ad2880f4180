"""Aid records and incentive rounds: officers only (empty forms are the views' own 4xx), and
the group's own aid and ranking page for any producer (the group comes from the login)."""

from __future__ import annotations

from tests.security.authz_table import OFFICER, PRODUCER

ROWS = {
    "/pendamping/kelompok/<int:group_id>/bantuan": {"POST": OFFICER},
    "/pendamping/kelompok/<int:group_id>/bantuan/<int:aid_id>/hapus": {"POST": OFFICER},
    "/pendamping/insentif": {"GET": OFFICER, "POST": OFFICER},
    "/pendamping/insentif/<int:round_id>": {"GET": OFFICER},
    "/pendamping/insentif/<int:round_id>/hitung": {"POST": OFFICER},
    "/pendamping/insentif/<int:round_id>/keputusan": {"POST": OFFICER},
    "/pendamping/insentif/<int:round_id>/selesai-keputusan": {"POST": OFFICER},
    "/pendamping/insentif/<int:round_id>/diserahkan": {"POST": OFFICER},
    "/pendamping/insentif/<int:round_id>/tutup": {"POST": OFFICER},
    "/pendamping/kelompok-saya/bantuan-insentif": {"GET": PRODUCER},
}
