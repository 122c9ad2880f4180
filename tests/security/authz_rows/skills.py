"""Members' profiles, trainings and certificates (issue 16, skills).

The chair manages them (both world producers are chairs); the group comes from the login, so
group B's chair finds none of group A's records (404). Officers verify certificates; an empty
decision form is the view's 400.
"""

from __future__ import annotations

from tests.security.authz_table import OFFICER, OFFICER_400, PRODUCER, PRODUCER_A

ROWS = {
    "/kelompok/saya/anggota": {"GET": PRODUCER},
    "/kelompok/saya/anggota/baru": {"GET": PRODUCER, "POST": PRODUCER},
    "/kelompok/saya/anggota/<int:member_id>": {"GET": PRODUCER_A, "POST": PRODUCER_A},
    "/kelompok/saya/anggota/<int:member_id>/hapus": {"POST": PRODUCER_A},
    "/kelompok/saya/anggota/<int:member_id>/pelatihan": {"POST": PRODUCER_A},
    "/kelompok/saya/anggota/<int:member_id>/sertifikat": {"GET": PRODUCER_A, "POST": PRODUCER_A},
    "/kelompok/saya/pelatihan/<int:training_id>/hapus": {"POST": PRODUCER_A},
    "/kelompok/saya/sertifikat/<int:certificate_id>": {"GET": PRODUCER_A, "POST": PRODUCER_A},
    "/kelompok/saya/sertifikat/<int:certificate_id>/hapus": {"POST": PRODUCER_A},
    "/kelompok/saya/sertifikat/<int:certificate_id>/berkas": {"GET": PRODUCER_A},
    "/pendamping/sertifikat": {"GET": OFFICER},
    "/pendamping/sertifikat/kedaluwarsa": {"GET": OFFICER},
    "/pendamping/sertifikat/<int:certificate_id>": {"GET": OFFICER, "POST": OFFICER_400},
    "/pendamping/sertifikat/<int:certificate_id>/berkas": {"GET": OFFICER},
}
