"""Deal rules: one side proposes terms, the other agrees or counters, an officer confirms.

Every move goes through `deal_states.check` (illegal → IllegalTransition → 409). The officer's
decisions (confirm, cancel, complete, verify an update) go to the audit log. Services flush,
never commit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.accounts.models import User
from marketplace.catalog.models import ProducerGroup
from marketplace.core import audit
from marketplace.core.formatting import rupiah
from marketplace.core.timeutil import utcnow
from marketplace.investors import deal_notices as notices
from marketplace.investors import deal_states as states
from marketplace.investors import documents
from marketplace.investors.deal_models import (
    MAX_DEAL_AMOUNT,
    Deal,
    DealFile,
    DealTranche,
    DealUpdate,
    DealUpdatePhoto,
)
from marketplace.investors.pitch_models import Interest
from marketplace.investors.repayments import (
    INSTRUMENTS,
    LOAN,
    REVENUE_SHARE,
    WITH_SCHEDULE,
    write_schedule,
)

MAX_TRANCHES = 6
MAX_TERM = 120
MAX_RATE_BPS = 5_000  # 50 % a year, flat
MAX_SHARE_BPS = 5_000  # half of a month's sales


class DealError(ValueError):
    """A deal rule refused the request; the message is shown to the user."""


@dataclass
class Terms:
    instrument: str
    amount: int
    tranches: list[tuple[int, date]] = field(default_factory=list)
    term_months: int = 0
    rate_bps: int = 0
    share_bps: int = 0
    first_due_on: date | None = None
    notes: str = ""


def check_terms(t: Terms) -> None:
    """Refuse terms that do not add up or do not fit the instrument."""
    if t.instrument not in INSTRUMENTS:
        raise DealError(_("Pilih bentuk pendanaan."))
    if not (0 < (t.amount or 0) <= MAX_DEAL_AMOUNT):
        raise DealError(_("Jumlah dana tidak masuk akal."))
    if not t.tranches:
        raise DealError(_("Isi minimal satu tahap pencairan (jumlah dan tanggal rencana)."))
    if len(t.tranches) > MAX_TRANCHES:
        raise DealError(_("Paling banyak %(n)s tahap pencairan.", n=MAX_TRANCHES))
    if any(amount <= 0 or day is None for amount, day in t.tranches):
        raise DealError(_("Setiap tahap perlu jumlah di atas nol dan tanggal rencana."))
    total = sum(amount for amount, _day in t.tranches)
    if total != t.amount:
        raise DealError(
            _(
                "Jumlah tahap pencairan (%(total)s) tidak sama dengan jumlah dana (%(amount)s).",
                total=rupiah(total),
                amount=rupiah(t.amount),
            )
        )
    if t.instrument in WITH_SCHEDULE:
        if not (1 <= (t.term_months or 0) <= MAX_TERM):
            raise DealError(_("Jangka waktu 1 sampai %(n)s bulan.", n=MAX_TERM))
        if t.first_due_on is None:
            raise DealError(_("Isi tanggal jatuh tempo pertama."))
        if t.first_due_on <= min(day for _a, day in t.tranches):
            raise DealError(_("Jatuh tempo pertama harus setelah tahap pencairan pertama."))
    if t.instrument == LOAN and not (0 <= t.rate_bps <= MAX_RATE_BPS):
        raise DealError(_("Bunga flat per tahun 0 sampai 50%."))
    if t.instrument == REVENUE_SHARE and not (1 <= t.share_bps <= MAX_SHARE_BPS):
        raise DealError(_("Bagian omzet di atas 0 sampai 50%."))


def _apply(deal: Deal, t: Terms) -> None:
    scheduled = t.instrument in WITH_SCHEDULE
    deal.instrument = t.instrument
    deal.amount = t.amount
    deal.term_months = t.term_months if scheduled else max(t.term_months or 0, 0)
    deal.rate_bps = t.rate_bps if t.instrument == LOAN else 0
    deal.share_bps = t.share_bps if t.instrument == REVENUE_SHARE else 0
    deal.first_due_on = t.first_due_on if scheduled else None
    deal.notes = (t.notes or "").strip()[:4000]
    deal.tranches = [
        DealTranche(position=i, amount=amount, planned_on=day)
        for i, (amount, day) in enumerate(sorted(t.tranches, key=lambda x: x[1]))
    ]


def open_deal(session: Session, interest_id: int) -> Deal | None:
    """The interest's deal that is not cancelled, if any (at most one at a time)."""
    stmt = select(Deal).where(Deal.interest_id == interest_id, Deal.status != states.CANCELLED)
    return session.scalars(stmt.order_by(Deal.id.desc())).first()


def propose(session: Session, interest: Interest, user: User, side: str, terms: Terms) -> Deal:
    """The group or the investor of an interest proposes a deal's terms."""
    check_terms(terms)
    if open_deal(session, interest.id) is not None:
        raise DealError(_("Sudah ada kesepakatan untuk minat ini; lanjutkan di sana."))
    deal = Deal(
        interest_id=interest.id,
        group_id=interest.pitch.group_id,
        investor_id=interest.investor_id,
        status=states.proposed_by(side),
        proposed_by=user.id,
    )
    _apply(deal, terms)
    session.add(deal)
    session.flush()
    notices.proposed(session, deal, side)
    return deal


def counter(session: Session, deal: Deal, user: User, side: str, terms: Terms) -> None:
    """The side a proposal waits for changes its terms: the proposal changes hands."""
    states.check(deal.status, states.proposed_by(side), side)
    check_terms(terms)
    _apply(deal, terms)
    deal.status = states.proposed_by(side)
    deal.proposed_by = user.id
    session.flush()
    notices.proposed(session, deal, side)


def agree(session: Session, deal: Deal, user: User, side: str) -> None:
    """The side a proposal waits for accepts it as written; then an officer confirms."""
    states.check(deal.status, states.AGREED, side)
    deal.status = states.AGREED
    deal.agreed_by = user.id
    deal.agreed_at = utcnow()
    session.flush()
    notices.agreed(session, deal, side)


def cancel(session: Session, deal: Deal, user: User, side: str, reason: str = "") -> None:
    """The group, the investor or an officer withdraws the deal (an officer's is audited)."""
    reason = (reason or "").strip()
    before = deal.status
    states.check(before, states.CANCELLED, side, reason)
    deal.status = states.CANCELLED
    deal.closed_reason = reason[:2000]
    if side == states.OFFICER:
        _audit(session, user, "deal.cancel", deal, reason, f"{before} -> {states.CANCELLED}")
    session.flush()
    notices.cancelled(session, deal, side, reason)


def confirm(session: Session, officer: User, deal: Deal, note: str = "") -> None:
    """The officer confirms an agreed deal: the schedule is written, the decision audited."""
    states.check(deal.status, states.CONFIRMED, states.OFFICER)
    deal.status = states.CONFIRMED
    deal.confirmed_by = officer.id
    deal.confirmed_at = utcnow()
    write_schedule(session, deal)
    details = f"{states.AGREED} -> {states.CONFIRMED}"
    _audit(session, officer, "deal.confirm", deal, (note or "").strip(), details)
    notices.confirmed(session, deal)


def complete(session: Session, officer: User, deal: Deal, note: str = "") -> None:
    """The officer closes a running deal as completed (audited)."""
    states.check(deal.status, states.COMPLETED, states.OFFICER)
    deal.status = states.COMPLETED
    details = f"{states.CONFIRMED} -> {states.COMPLETED}"
    _audit(session, officer, "deal.complete", deal, (note or "").strip(), details)
    notices.completed(session, deal)


def _audit(session: Session, user: User, action: str, deal: Deal, reason: str, details: str):
    audit.record(
        session,
        actor_id=user.id,
        action=action,
        subject_type="deal",
        subject_id=deal.id,
        reason=reason,
        details=details,
    )


# --- files and the group's updates -------------------------------------------------------------


def add_file(session: Session, deal: Deal, checked: documents.CheckedFile, user: User) -> DealFile:
    """Store a checked proof or photo privately as one of the deal's files (flush)."""
    row = DealFile(
        deal_id=deal.id,
        storage_key=documents.save(checked),
        content_type=checked.content_type,
        original_name=checked.name,
        size=len(checked.data),
        uploaded_by=user.id,
    )
    session.add(row)
    session.flush()
    return row


def post_update(
    session: Session,
    deal: Deal,
    user: User,
    body: str,
    jobs_added: int | None,
    photos: list[documents.CheckedFile],
) -> DealUpdate:
    """The group tells its investor what the money bought and the jobs it added."""
    body = (body or "").strip()
    if deal.status not in states.LIVE:
        raise states.IllegalTransition(
            _("Kabar hanya bisa dikirim untuk kesepakatan yang dikonfirmasi pendamping.")
        )
    if not body:
        raise DealError(_("Tulis kabarnya."))
    if jobs_added is not None and not (0 <= jobs_added <= 10_000):
        raise DealError(_("Jumlah lapangan kerja tidak masuk akal."))
    if any(p.content_type != documents.JPEG for p in photos):
        raise DealError(_("Foto kabar harus berupa gambar (JPEG, PNG atau WebP)."))
    update = DealUpdate(deal_id=deal.id, body=body[:4000], jobs_added=jobs_added or 0)
    update.created_by = user.id
    session.add(update)
    session.flush()
    for checked in photos[:4]:
        update.photos.append(DealUpdatePhoto(file_id=add_file(session, deal, checked, user).id))
    session.flush()
    notices.update_posted(session, deal)
    return update


def verify_update(session: Session, officer: User, update: DealUpdate) -> bool:
    """The officer marks an update as seen on a visit (audited once). False if it already was."""
    if update.verified_at is not None:
        return False
    update.verified_by = officer.id
    update.verified_at = utcnow()
    audit.record(
        session,
        actor_id=officer.id,
        action="deal.update_verify",
        subject_type="deal",
        subject_id=update.deal_id,
        details=f"update {update.id}",
    )
    return True


# --- reads -------------------------------------------------------------------------------------


def for_group(session: Session, group_id: int) -> list[Deal]:
    stmt = select(Deal).where(Deal.group_id == group_id).order_by(Deal.id.desc())
    return list(session.scalars(stmt))


def for_investor(session: Session, investor_id: int) -> list[Deal]:
    stmt = select(Deal).where(Deal.investor_id == investor_id).order_by(Deal.id.desc())
    return list(session.scalars(stmt))


def by_status(session: Session, statuses) -> list[Deal]:
    stmt = select(Deal).where(Deal.status.in_(tuple(statuses))).order_by(Deal.id)
    return list(session.scalars(stmt))


def investor_has_deal(session: Session, investor_id: int, group_id: int) -> bool:
    """Whether the investor has a deal with the group that is not cancelled."""
    stmt = select(Deal.id).where(
        Deal.investor_id == investor_id,
        Deal.group_id == group_id,
        Deal.status != states.CANCELLED,
    )
    return session.scalars(stmt.limit(1)).first() is not None


def _deal_names(session: Session, ids: set[int]) -> dict[int, str]:
    stmt = (
        select(Deal.id, ProducerGroup.name, User.organization, User.name)
        .join(ProducerGroup, ProducerGroup.id == Deal.group_id)
        .join(User, User.id == Deal.investor_id)
        .where(Deal.id.in_(ids))
    )
    return {did: f"#{did} {group} – {org or who}" for did, group, org, who in session.execute(stmt)}


def _update_details(details: str) -> str:
    return _("kabar #%(id)s", id=details.removeprefix("update "))


audit.register_actions(
    {
        "deal.confirm": audit.Action(_l("Kesepakatan dikonfirmasi"), states.STATUSES),
        "deal.cancel": audit.Action(_l("Kesepakatan dibatalkan pendamping"), states.STATUSES),
        "deal.complete": audit.Action(_l("Kesepakatan ditutup selesai"), states.STATUSES),
        "deal.update_verify": audit.Action(
            _l("Kabar kelompok diverifikasi saat kunjungan"), details=_update_details
        ),
    }
)
audit.register_subject("deal", audit.Subject(_l("Kesepakatan pendanaan"), _deal_names))
