"""Aid records: officers record the aid a group received (audited); the group sees them."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.accounts.models import User
from marketplace.catalog.aid_models import AID_KINDS, AID_SOURCES, AidRecord
from marketplace.catalog.models import ProducerGroup
from marketplace.core import audit
from marketplace.core.formatting import rupiah
from marketplace.investors.summary import wib_today

FIRST_YEAR = 2000  # the TKM program's aid predates the platform; nothing before this year


class AidError(ValueError):
    """Input the rules refuse (422); the message is for the officer."""


def _aid_text(details: str) -> str:
    """`equipment; ministry; 25000000; 2024` as `Peralatan, Kementerian…, Rp 25.000.000, 2024`."""
    parts = details.split("; ")
    if len(parts) != 4:
        return details
    kind, source, amount, year = parts
    money = rupiah(int(amount)) if amount.isdigit() else "-"
    return f"{AID_KINDS.get(kind, kind)}, {AID_SOURCES.get(source, source)}, {money}, {year}"


audit.register_actions(
    {
        "aid.add": audit.Action(_l("Bantuan dicatat"), details=_aid_text),
        "aid.remove": audit.Action(_l("Catatan bantuan dihapus"), details=_aid_text),
    }
)


def group_aid(session: Session, group_id: int) -> list[AidRecord]:
    """A group's aid records, newest first."""
    stmt = select(AidRecord).where(AidRecord.group_id == group_id)
    return list(session.scalars(stmt.order_by(AidRecord.year.desc(), AidRecord.id.desc())))


def total_amount(records: list[AidRecord]) -> int:
    """The Rupiah total of records with an amount."""
    return sum(r.amount or 0 for r in records)


def _details(record: AidRecord) -> str:
    amount = "" if record.amount is None else str(record.amount)
    return f"{record.kind}; {record.source}; {amount}; {record.year}"


def add_aid(
    session: Session,
    officer: User,
    group: ProducerGroup,
    *,
    year: int,
    kind: str,
    amount: int,
    source: str,
    source_name: str = "",
    received_on: date | None = None,
    note: str = "",
) -> AidRecord:
    """Record aid a group received, with an audit entry."""
    today = wib_today()
    if kind not in AID_KINDS:
        raise AidError(_("Pilih jenis bantuan."))
    if source not in AID_SOURCES:
        raise AidError(_("Pilih sumber bantuan."))
    if amount is None or amount < 0:
        raise AidError(_("Isi nilai bantuan dalam Rupiah."))
    if not FIRST_YEAR <= year <= today.year:
        raise AidError(_("Tahun tidak masuk akal."))
    if received_on is not None and (received_on > today or received_on.year != year):
        raise AidError(_("Tanggal diterima harus pada tahun bantuan dan tidak di masa depan."))
    record = AidRecord(
        group_id=group.id,
        year=year,
        kind=kind,
        amount=amount,
        source=source,
        source_name=(source_name or "").strip()[:120],
        received_on=received_on,
        note=(note or "").strip(),
        recorded_by=officer.id,
    )
    session.add(record)
    session.flush()
    audit.record(
        session,
        actor_id=officer.id,
        action="aid.add",
        subject_type="group",
        subject_id=group.id,
        reason=record.note,
        details=_details(record),
    )
    return record


def remove_aid(session: Session, officer: User, record: AidRecord, reason: str) -> None:
    """Delete a mistaken record, with the reason in the audit log."""
    reason = (reason or "").strip()
    if not reason:
        raise AidError(_("Alasan wajib diisi."))
    audit.record(
        session,
        actor_id=officer.id,
        action="aid.remove",
        subject_type="group",
        subject_id=record.group_id,
        reason=reason,
        details=_details(record),
    )
    session.delete(record)
    session.flush()
