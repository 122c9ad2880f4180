"""Jobs (issue 16): the chair keeps the group's workforce records (the group comes from the
login; group B's chair finds none of group A's records); officers read a group's records and
compare cohorts."""

from __future__ import annotations

from tests.security.authz_table import OFFICER, PRODUCER, PRODUCER_A

ROWS = {
    "/kelompok/saya/tenaga-kerja": {"GET": PRODUCER},
    "/kelompok/saya/tenaga-kerja/baru": {"GET": PRODUCER, "POST": PRODUCER},
    "/kelompok/saya/tenaga-kerja/<int:worker_id>/ubah": {"GET": PRODUCER_A, "POST": PRODUCER_A},
    "/kelompok/saya/tenaga-kerja/<int:worker_id>/hapus": {"POST": PRODUCER_A},
    "/pendamping/kelompok/<int:group_id>/tenaga-kerja": {"GET": OFFICER},
    "/pendamping/dampak/kohort": {"GET": OFFICER},
}
