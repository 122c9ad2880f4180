"""Aid a group received (equipment, working capital, training…), one record per grant.

Officers enter them (program/aid.py, audited); the group, its shop page and investors read
them. They replace the single `aid_year` the group once typed at registration (migration
0019 turned every old value into a record of kind `other` without an amount).

This module imports nothing of the catalog's models, so `catalog/models.py` can build the
group's `aid_since` (its first aid year) from it.
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from marketplace.core.timeutil import utcnow
from marketplace.extensions import db

AID_KINDS = {
    "equipment": _l("Peralatan"),
    "working_capital": _l("Modal kerja"),
    "training": _l("Pelatihan"),
    "other": _l("Lainnya"),
}
AID_SOURCES = {
    "ministry": _l("Kementerian Ketenagakerjaan"),
    "regency": _l("Pemerintah Kabupaten Batang"),
    "csr": _l("CSR perusahaan"),
    "other": _l("Sumber lain"),
}


class AidRecord(db.Model):
    """One grant of aid to a group. `amount` is None only for records migrated from the old
    year field (the amount was never asked); `recorded_by` is None for those too."""

    __tablename__ = "aid_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("producer_groups.id", ondelete="CASCADE"))
    year: Mapped[int] = mapped_column()
    kind: Mapped[str] = mapped_column(String(16))
    amount: Mapped[int | None] = mapped_column(sa.BigInteger)
    source: Mapped[str] = mapped_column(String(16))
    source_name: Mapped[str] = mapped_column(String(120), default="")
    received_on: Mapped[date | None] = mapped_column()
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (sa.Index("ix_aid_records_group_year", "group_id", "year"),)
