"""Demo mentoring: a visit to each vetted group, and a plan for a pemula food group with goals
measured from its sales (orders, monthly revenue, P-IRT), a hand-checked goal, a session
linked to goals and a follow-up. Loading again adds nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.accounts.models import User
from marketplace.catalog.models import ProducerGroup
from marketplace.core.timeutil import wib_today
from marketplace.investors.summary import add_months
from marketplace.program import mentoring
from marketplace.program import mentoring_states as ms
from marketplace.program.mentoring_models import MentoringSession

VISITED = (
    "Konveksi Maju Jaya Gringsing",
    "Dapur Bu Sri Kandeman",
    "Batik Rifaiyah Kalipucang",
    "Kopi Bawang Asri",
)
PLANNED = "Keripik Sukun Tulis"


def _plan(session: Session, officer: User, group: ProducerGroup) -> None:
    today = wib_today()
    start = add_months(today.replace(day=1), -2)
    plan = mentoring.save_plan(
        session,
        officer,
        group,
        "Keripik sukun masuk kantin pabrik",
        "Produksi rutin, kemasan berlabel, izin P-IRT, dan pesanan daring yang stabil.",
        start,
        add_months(start, 6) - timedelta(days=1),
    )
    deadline = add_months(start, 4) - timedelta(days=1)
    orders = mentoring.add_goal(
        session, plan, ms.ORDERS, "20 pesanan daring pertama", deadline, target=20
    )
    mentoring.add_goal(session, plan, ms.REVENUE_MONTH, "", deadline, target=5_000_000)
    mentoring.add_goal(session, plan, ms.PERMIT, "", deadline, permit="pirt")
    label = mentoring.add_goal(
        session, plan, ms.MANUAL, "Label kemasan dengan tanggal kedaluwarsa", deadline
    )
    visit = mentoring.record_session(
        session,
        officer,
        group,
        today - timedelta(days=10),
        "Foto produk dan label kemasan",
        "Anggota memotret produk dengan cahaya jendela; contoh label dibuat bersama.",
        advice="Unggah foto baru untuk setiap varian rasa.",
        attendees_count=9,
        goal_ids=[orders.id, label.id],
    )
    mentoring.add_followup(
        session,
        officer,
        group,
        "Urus berkas P-IRT ke Dinas Kesehatan",
        today + timedelta(14),
        visit.id,
    )


def load_mentoring(session: Session, echo: Callable[[str], None] = print) -> int:
    """Add the demo's mentoring rows once; return how many groups got something new."""
    officer = session.scalars(select(User).where(User.email == "fajar@demo.pasartkm.id")).first()
    if officer is None:
        return 0
    groups = {
        g.name: g
        for g in session.scalars(
            select(ProducerGroup).where(ProducerGroup.name.in_((*VISITED, PLANNED)))
        )
    }
    visited = set(
        session.scalars(
            select(MentoringSession.group_id).where(
                MentoringSession.group_id.in_([g.id for g in groups.values()])
            )
        )
    )
    made = 0
    for name, group in groups.items():
        if group.id in visited:
            continue
        if name == PLANNED:
            _plan(session, officer, group)
        else:
            mentoring.record_session(
                session,
                officer,
                group,
                wib_today() - timedelta(days=14),
                "",
                "Tempat produksi rapi, pesanan dari pabrik rutin.",
                advice="Catat stok bahan baku setiap minggu.",
            )
        made += 1
    session.flush()
    echo(f"  pendampingan: {made} kelompok")
    return made
