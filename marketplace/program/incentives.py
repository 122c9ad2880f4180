"""Incentive rounds: create with criteria and weights, rank at the cut-off (frozen), decide
per group with a reason, record awards given, close. Every officer step is audited.

Locking rule: each lifecycle move first claims the round with a conditional
`UPDATE … SET status = new WHERE id = … AND status = old`; a second (double-submitted or
concurrent) request finds no row to move and is refused with IllegalTransition (409), so a
ranking is computed and stored once. An award is marked given with
`UPDATE … SET given_on = … WHERE given_on IS NULL`: the second submission records nothing.
"""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from marketplace.accounts.models import User
from marketplace.catalog.constants import STATUS_VERIFIED, TIER_LANJUTAN
from marketplace.catalog.models import ProducerGroup
from marketplace.core import audit
from marketplace.core.formatting import long_date, rupiah
from marketplace.core.timeutil import utcnow
from marketplace.investors.summary import wib_today
from marketplace.program import incentive_figures as figures
from marketplace.program import incentive_states as states
from marketplace.program.incentive_models import (
    IncentiveCriterion,
    IncentiveDecision,
    IncentiveRound,
    IncentiveScore,
    IncentiveScoreValue,
)

IllegalTransition = states.IllegalTransition


class IncentiveError(ValueError):
    """Input the rules refuse (422); the message is for the officer."""


def _round_names(session: Session, ids: set[int]) -> dict[int, str]:
    rows = session.execute(
        select(IncentiveRound.id, IncentiveRound.name).where(IncentiveRound.id.in_(ids))
    )
    return {rid: name for rid, name in rows}


VERDICTS = {"award": _l("Menerima insentif"), "no_award": _l("Tidak menerima insentif")}


def _weights_text(details: str) -> str:
    """`revenue_12m=3, on_time_rate=1` as `Omzet 12 bulan × 3, …`."""
    parts = []
    for item in filter(None, details.split(", ")):
        key, _sep, weight = item.partition("=")
        label = figures.CRITERIA.get(key, (key,))[0]
        parts.append(f"{label} × {weight}")
    return ", ".join(parts)


def _verdict_text(details: str) -> str:
    """`award; 5000000; Round name` as `Round name: Menerima insentif Rp 5.000.000`."""
    verdict, _sep, rest = details.partition("; ")
    amount, _sep, name = rest.partition("; ")
    shown = VERDICTS.get(verdict, verdict)
    money = f" {rupiah(int(amount))}" if amount.isdigit() and int(amount) else ""
    return f"{name}: {shown}{money}"


def _given_text(details: str) -> str:
    """`5000000; 2026-07-01; Round name` as `Round name: Rp 5.000.000, 01/07/2026`."""
    amount, _sep, rest = details.partition("; ")
    day, _sep, name = rest.partition("; ")
    try:
        shown_day = long_date(date.fromisoformat(day))
    except ValueError:
        shown_day = day
    money = rupiah(int(amount)) if amount.isdigit() else amount
    return f"{name}: {money}, {shown_day}"


audit.register_subject("incentive_round", audit.Subject(_l("Putaran insentif"), _round_names))
audit.register_actions(
    {
        "incentive.create": audit.Action(_l("Putaran insentif dibuat"), details=_weights_text),
        "incentive.rank": audit.Action(
            _l("Peringkat insentif dihitung dan dibekukan"),
            details=lambda n: _("%(n)s kelompok", n=n),
        ),
        "incentive.decide": audit.Action(
            _l("Keputusan insentif untuk kelompok"), details=_verdict_text
        ),
        "incentive.decided": audit.Action(_l("Keputusan insentif lengkap")),
        "incentive.given": audit.Action(_l("Insentif diserahkan"), details=_given_text),
        "incentive.close": audit.Action(_l("Putaran insentif ditutup")),
    }
)


def _record(session, officer, action, subject_type, subject_id, reason="", details=""):
    audit.record(
        session,
        actor_id=officer.id,
        action=action,
        subject_type=subject_type,
        subject_id=subject_id,
        reason=reason,
        details=details,
    )


def _claim(session: Session, rnd: IncentiveRound, to_status: str) -> None:
    """Move the round with a conditional UPDATE (see the module's locking rule)."""
    states.check(rnd.status, to_status)
    moved = session.execute(
        update(IncentiveRound)
        .where(IncentiveRound.id == rnd.id, IncentiveRound.status == rnd.status)
        .values(status=to_status)
        .execution_options(synchronize_session=False)
    ).rowcount
    if moved != 1:
        session.refresh(rnd)
        states.check(rnd.status, to_status)  # raises: someone else moved it first
    session.refresh(rnd, ["status"])


def create_round(
    session: Session,
    officer: User,
    name: str,
    cutoff: date,
    budget: int | None,
    weights: dict[str, int],
) -> IncentiveRound:
    """A draft round ranking lanjutan groups by `weights` ({criterion key: 1–100})."""
    name = (name or "").strip()
    if not name:
        raise IncentiveError(_("Nama putaran wajib diisi."))
    chosen = {k: int(w) for k, w in weights.items() if w}
    if not chosen:
        raise IncentiveError(_("Pilih minimal satu kriteria dengan bobot."))
    if set(chosen) - set(figures.CRITERIA) or any(not 1 <= w <= 100 for w in chosen.values()):
        raise IncentiveError(_("Bobot kriteria harus angka bulat 1 sampai 100."))
    if budget is not None and budget < 0:
        raise IncentiveError(_("Anggaran tidak boleh negatif."))
    rnd = IncentiveRound(name=name, cutoff=cutoff, budget=budget, created_by=officer.id)
    rnd.criteria = [IncentiveCriterion(key=k, weight=w) for k, w in chosen.items()]
    session.add(rnd)
    session.flush()
    detail = ", ".join(f"{k}={w}" for k, w in chosen.items())
    _record(session, officer, "incentive.create", "incentive_round", rnd.id, details=detail)
    return rnd


def eligible_groups(session: Session) -> list[ProducerGroup]:
    """Groups a round ranks: verified lanjutan groups."""
    stmt = select(ProducerGroup).where(
        ProducerGroup.tier == TIER_LANJUTAN, ProducerGroup.status == STATUS_VERIFIED
    )
    return list(session.scalars(stmt.order_by(ProducerGroup.name, ProducerGroup.id)))


def compute_ranking(session: Session, officer: User, rnd: IncentiveRound) -> list[IncentiveScore]:
    """Score every eligible group at the cut-off and store it, once (draft → ranked)."""
    if rnd.status == states.DRAFT and rnd.cutoff > wib_today():
        raise IncentiveError(_("Tanggal batas belum lewat; peringkat dihitung setelahnya."))
    _claim(session, rnd, states.RANKED)
    weights = {c.key: c.weight for c in rnd.criteria}
    groups = eligible_groups(session)
    values = {g.id: figures.figures_at(session, g, rnd.cutoff) for g in groups}
    ranked = figures.rank(values, weights, {g.id: g.name for g in groups})
    rows = []
    for r in ranked:
        row = IncentiveScore(round_id=rnd.id, group_id=r.group_id, score=r.score, rank=r.rank)
        row.values = [
            IncentiveScoreValue(key=k, value=r.values[k], normalized=r.normalized[k], weight=w)
            for k, w in weights.items()
        ]
        session.add(row)
        rows.append(row)
    rnd.ranked_at = utcnow()
    rnd.period_start, rnd.period_end = figures.period(rnd.cutoff)
    session.flush()
    _record(session, officer, "incentive.rank", "incentive_round", rnd.id, details=f"{len(rows)}")
    return rows


def ranking(session: Session, round_id: int) -> list[IncentiveScore]:
    """The round's frozen ranking, best first."""
    stmt = select(IncentiveScore).where(IncentiveScore.round_id == round_id)
    return list(session.scalars(stmt.order_by(IncentiveScore.rank, IncentiveScore.id)))


def decisions(session: Session, round_id: int) -> dict[int, IncentiveDecision]:
    """The round's decisions by group id."""
    stmt = select(IncentiveDecision).where(IncentiveDecision.round_id == round_id)
    return {d.group_id: d for d in session.scalars(stmt)}


def decide(
    session: Session,
    officer: User,
    rnd: IncentiveRound,
    group_id: int,
    award: bool,
    amount: int | None,
    reason: str,
) -> IncentiveDecision:
    """Record (or change, while the round is ranked) the decision for one ranked group."""
    if rnd.status != states.RANKED:
        states.check(rnd.status, states.DECIDED)  # raises for every other status
    reason = (reason or "").strip()
    if not reason:
        raise IncentiveError(_("Alasan keputusan wajib diisi."))
    ranked_ids = {s.group_id for s in ranking(session, rnd.id)}
    if group_id not in ranked_ids:
        raise IncentiveError(_("Kelompok ini tidak ada dalam peringkat putaran."))
    amount = int(amount or 0)
    if award and amount <= 0:
        raise IncentiveError(_("Isi jumlah insentif untuk kelompok yang menerima."))
    if not award:
        amount = 0
    existing = decisions(session, rnd.id)
    if rnd.budget is not None:
        others = sum(d.amount for g, d in existing.items() if g != group_id and d.award)
        if others + amount > rnd.budget:
            raise IncentiveError(
                _("Jumlah insentif melebihi anggaran %(budget)s.", budget=rupiah(rnd.budget))
            )
    decision = existing.get(group_id) or IncentiveDecision(round_id=rnd.id, group_id=group_id)
    decision.award, decision.amount, decision.reason = award, amount, reason
    decision.decided_by, decision.decided_at = officer.id, utcnow()
    session.add(decision)
    session.flush()
    verdict = "award" if award else "no_award"
    _record(
        session,
        officer,
        "incentive.decide",
        "group",
        group_id,
        reason=reason,
        details=f"{verdict}; {amount}; {rnd.name}",
    )
    return decision


def finish_decisions(session: Session, officer: User, rnd: IncentiveRound) -> None:
    """ranked → decided, once every ranked group has a decision."""
    states.check(rnd.status, states.DECIDED)
    if len(decisions(session, rnd.id)) < len(ranking(session, rnd.id)):
        raise IncentiveError(_("Masih ada kelompok dalam peringkat yang belum diputuskan."))
    _claim(session, rnd, states.DECIDED)
    _record(session, officer, "incentive.decided", "incentive_round", rnd.id)


def mark_given(
    session: Session, officer: User, rnd: IncentiveRound, group_id: int, given_on: date
) -> bool:
    """Record that an awarded incentive was handed over; False if it already was."""
    if rnd.status != states.DECIDED:
        states.check(rnd.status, states.CLOSED)  # raises: only a decided round gives awards
    decision = decisions(session, rnd.id).get(group_id)
    if decision is None or not decision.award:
        raise IncentiveError(_("Kelompok ini tidak diputuskan menerima insentif."))
    if given_on > wib_today():
        raise IncentiveError(_("Tanggal penyerahan tidak boleh di masa depan."))
    moved = session.execute(
        update(IncentiveDecision)
        .where(IncentiveDecision.id == decision.id, IncentiveDecision.given_on.is_(None))
        .values(given_on=given_on, given_by=officer.id)
        .execution_options(synchronize_session=False)
    ).rowcount
    session.refresh(decision)
    if moved != 1:
        return False
    _record(
        session,
        officer,
        "incentive.given",
        "group",
        group_id,
        details=f"{decision.amount}; {given_on.isoformat()}; {rnd.name}",
    )
    return True


def close_round(session: Session, officer: User, rnd: IncentiveRound) -> None:
    """decided → closed, once every award is recorded as given."""
    states.check(rnd.status, states.CLOSED)
    if any(d.award and d.given_on is None for d in decisions(session, rnd.id).values()):
        raise IncentiveError(_("Masih ada insentif yang belum dicatat diserahkan."))
    _claim(session, rnd, states.CLOSED)
    _record(session, officer, "incentive.close", "incentive_round", rnd.id)
