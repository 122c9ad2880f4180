"""Mentoring (pendampingan teknis): officers alone see and change a group's plan, goals,
sessions and follow-ups (group A's, from the URL); the group reads its own plan from its
login (never the URL); a session photo reaches officers and group A's members only."""

from __future__ import annotations

from tests.security.authz_table import OFFICER, OFFICER_400, PRODUCER, row

ROWS = {
    "/pendamping/kelompok/<int:group_id>/pendampingan": {"GET": OFFICER, "POST": OFFICER},
    "/pendamping/kelompok/<int:group_id>/pendampingan/status": {"POST": OFFICER_400},
    "/pendamping/kelompok/<int:group_id>/pendampingan/target": {"POST": OFFICER},
    "/pendamping/pendampingan/target/<int:goal_id>/tercapai": {"POST": OFFICER},
    "/pendamping/kelompok/<int:group_id>/pendampingan/sesi": {"POST": OFFICER},
    "/pendamping/kelompok/<int:group_id>/pendampingan/tindak-lanjut": {"POST": OFFICER},
    "/pendamping/pendampingan/tindak-lanjut/<int:followup_id>/selesai": {"POST": OFFICER},
    "/kelompok/saya/pendampingan": {"GET": PRODUCER},
    "/pendampingan/foto/<int:mentoring_photo_id>": {
        "GET": row("404", anon="login", officer="ok", prodA="ok")
    },
}
