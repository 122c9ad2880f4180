"""Recording money that moved outside the platform: disbursed tranches and repayments.

The group and the investor report transfers with a reference (and a proof); the platform
never holds or moves the money. Both reports are idempotent under double submission.
"""

from __future__ import annotations

from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from marketplace.accounts.models import User
from marketplace.core.timeutil import utcnow, wib_today
from marketplace.investors import deal_notices as notices
from marketplace.investors import deal_states as states
from marketplace.investors.deal_models import (
    MAX_DEAL_AMOUNT,
    Deal,
    DealFile,
    DealInstalment,
    DealRepayment,
    DealTranche,
)


class RepaymentError(ValueError):
    """A repayment or disbursement rule refused the request; the message is for the user."""


def _check_running(deal: Deal) -> None:
    if deal.status != states.CONFIRMED:
        raise states.IllegalTransition(
            _("Hanya kesepakatan yang sudah dikonfirmasi pendamping dapat dicatat pembayarannya.")
        )


def _check_date(day: date | None) -> date:
    if day is None:
        raise RepaymentError(_("Isi tanggal transfer."))
    today = wib_today()
    if day > today:
        raise RepaymentError(_("Tanggal transfer tidak boleh di masa depan."))
    if day < today - timedelta(days=3660):
        raise RepaymentError(_("Tanggal transfer terlalu lama."))
    return day


def _reference(text: str | None) -> str:
    ref = " ".join((text or "").split())
    if not ref:
        raise RepaymentError(_("Isi nomor referensi transfer."))
    if len(ref) > 64:
        raise RepaymentError(_("Nomor referensi terlalu panjang (maks. 64 karakter)."))
    return ref


def record_disbursement(
    session: Session,
    deal: Deal,
    tranche: DealTranche,
    user: User,
    disbursed_on: date | None,
    reference: str | None,
    proof: DealFile | None,
) -> bool:
    """The investor reports a tranche sent, with the transfer's reference and proof.

    Idempotent: a conditional UPDATE … WHERE disbursed_on IS NULL records a tranche once; a
    repeated submission with the same reference answers False (already recorded), another one
    is refused. Returns True when this call recorded it.
    """
    _check_running(deal)
    if tranche.deal_id != deal.id:
        raise RepaymentError(_("Tahap ini bukan bagian dari kesepakatan ini."))
    ref = _reference(reference)
    day = _check_date(disbursed_on)
    if proof is None:
        raise RepaymentError(_("Unggah bukti transfer (foto atau PDF)."))
    result = session.execute(
        DealTranche.__table__.update()
        .where(DealTranche.id == tranche.id, DealTranche.disbursed_on.is_(None))
        .values(
            disbursed_on=day,
            reference=ref,
            proof_id=proof.id,
            recorded_by=user.id,
            recorded_at=utcnow(),
        )
    )
    session.expire(tranche)
    if result.rowcount == 1:
        notices.disbursed(session, deal, tranche.amount, day)
        return True
    if tranche.reference == ref:
        return False
    raise RepaymentError(_("Pencairan tahap ini sudah dicatat."))


def record_repayment(
    session: Session,
    deal: Deal,
    instalment: DealInstalment,
    user: User,
    amount: int | None,
    paid_on: date | None,
    reference: str | None,
    proof: DealFile | None = None,
) -> tuple[DealRepayment, bool]:
    """The group reports a repayment against one instalment: (row, whether it is new).

    A transfer reference is recorded once per deal (unique index): the same report submitted
    twice finds the first row; the same reference with other figures is refused.
    """
    _check_running(deal)
    if instalment.deal_id != deal.id:
        raise RepaymentError(_("Angsuran ini bukan bagian dari kesepakatan ini."))
    if amount is None or not (0 < amount <= MAX_DEAL_AMOUNT):
        raise RepaymentError(_("Jumlah pembayaran tidak masuk akal."))
    ref = _reference(reference)
    day = _check_date(paid_on)

    def existing() -> DealRepayment | None:
        return session.scalars(
            select(DealRepayment).where(
                DealRepayment.deal_id == deal.id, DealRepayment.reference == ref
            )
        ).first()

    def same_or_refuse(row: DealRepayment) -> tuple[DealRepayment, bool]:
        if row.amount == amount and row.instalment_id == instalment.id:
            return row, False
        raise RepaymentError(_("Nomor referensi ini sudah dipakai untuk pembayaran lain."))

    found = existing()
    if found is not None:
        return same_or_refuse(found)
    row = DealRepayment(
        deal_id=deal.id,
        instalment_id=instalment.id,
        amount=amount,
        paid_on=day,
        reference=ref,
        proof_id=proof.id if proof else None,
        recorded_by=user.id,
    )
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError:  # a parallel submission of the same transfer won
        found = existing()
        if found is None:
            raise
        return same_or_refuse(found)
    session.refresh(deal, ["repayments"])
    notices.repaid(session, deal, amount, day)
    return row, True
