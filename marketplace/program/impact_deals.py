"""The impact dashboard's deal tables: funds mobilised, and jobs promised in pitches vs recorded.

Jobs recorded are each group's jobs in this month's workforce records
(`catalog.workforce.jobs_or_typed`); a group that keeps no workforce records yet counts the
member count typed in its profile, and its row says so (the table's title states the rule).
"""

from __future__ import annotations

from collections import defaultdict

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from marketplace.catalog import workforce
from marketplace.catalog.models import ProducerGroup
from marketplace.investors import deal_states
from marketplace.investors.deal_models import Deal, DealTranche, DealUpdate
from marketplace.investors.pitch_models import CLOSED, PUBLISHED, Pitch
from marketplace.investors.repayments import INSTRUMENTS
from marketplace.program.impact import Table


def funds_mobilised(session: Session) -> Table:
    """Per instrument: deals confirmed by an officer, their amount, and what was disbursed."""
    live = tuple(deal_states.LIVE)
    agreed = dict(
        session.execute(
            select(Deal.instrument, func.count(Deal.id))
            .where(Deal.status.in_(live))
            .group_by(Deal.instrument)
        ).all()
    )
    committed = dict(
        session.execute(
            select(Deal.instrument, func.sum(Deal.amount))
            .where(Deal.status.in_(live))
            .group_by(Deal.instrument)
        ).all()
    )
    disbursed = dict(
        session.execute(
            select(Deal.instrument, func.sum(DealTranche.amount))
            .join(DealTranche, DealTranche.deal_id == Deal.id)
            .where(Deal.status.in_(live), DealTranche.disbursed_on.is_not(None))
            .group_by(Deal.instrument)
        ).all()
    )
    rows = []
    for key, label in INSTRUMENTS.items():
        rows.append(
            [
                str(label),
                int(agreed.get(key, 0)),
                int(committed.get(key) or 0),
                int(disbursed.get(key) or 0),
            ]
        )
    rows.append([_("Jumlah"), *[sum(r[i] for r in rows) for i in (1, 2, 3)]])
    return Table(
        "dana",
        _(
            "Dana yang digerakkan (kesepakatan yang dikonfirmasi pendamping; dana tidak "
            "melewati platform)"
        ),
        [_("Bentuk"), _("Kesepakatan"), _("Disepakati (Rp)"), _("Sudah dicairkan (Rp)")],
        rows,
        money_columns=(2, 3),
    )


def jobs_promised(session: Session) -> Table:
    """Per group with a published pitch: jobs it promised, jobs recorded this month (or its
    typed member count, said so), jobs in its updates. Four queries at most."""
    promised: dict[int, int] = defaultdict(int)
    for gid, jobs in session.execute(
        select(Pitch.group_id, Pitch.new_jobs).where(Pitch.status.in_((PUBLISHED, CLOSED)))
    ):
        promised[gid] += jobs
    reported = dict(
        session.execute(
            select(Deal.group_id, func.sum(DealUpdate.jobs_added))
            .join(DealUpdate, DealUpdate.deal_id == Deal.id)
            .group_by(Deal.group_id)
        ).all()
    )
    groups = (
        session.execute(
            select(ProducerGroup.id, ProducerGroup.name, ProducerGroup.member_count)
            .where(ProducerGroup.id.in_(list(promised)))
            .order_by(ProducerGroup.name)
        ).all()
        if promised
        else []
    )
    recorded = workforce.jobs_or_typed(session, {gid: members for gid, _n, members in groups})
    basis = {True: _("catatan tenaga kerja"), False: _("anggota di profil (belum ada catatan)")}
    rows = [
        [name, promised[gid], *_recorded(recorded[gid], basis), int(reported.get(gid) or 0)]
        for gid, name, _members in groups
    ]
    return Table(
        "kerja-dijanjikan",
        _(
            "Lapangan kerja dijanjikan di proposal dan yang tercatat (tercatat: catatan tenaga "
            "kerja kelompok bulan ini; kelompok yang belum mencatat tenaga kerja memakai jumlah "
            "anggota di profilnya)"
        ),
        [
            _("Kelompok"),
            _("Dijanjikan di proposal"),
            _("Tercatat bulan ini"),
            _("Dasar angka tercatat"),
            _("Tambahan dilaporkan di kabar"),
        ],
        rows,
    )


def _recorded(jobs: tuple[int, bool], basis: dict[bool, str]) -> list:
    count, from_records = jobs
    return [count, basis[from_records]]


def tables(session: Session) -> list[Table]:
    """The deal tables, appended to the impact dashboard's."""
    return [funds_mobilised(session), jobs_promised(session)]
