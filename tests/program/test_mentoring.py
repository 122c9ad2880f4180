"""Mentoring pages: the officer builds a plan, goals, a session linked to goals with a photo,
and follow-ups; only officers change anything; the group reads its own plan; English pages."""

from __future__ import annotations

import io
from datetime import date, timedelta

from marketplace.core.audit import AuditEntry
from marketplace.core.timeutil import utcnow, wib_today
from marketplace.investors import interest
from marketplace.program.mentoring_models import (
    FollowUp,
    MentoringGoal,
    MentoringPlan,
    MentoringSession,
)
from tests.catalog.helpers import png_bytes
from tests.factories import make_group, make_sold_order, make_user
from tests.program.factories import make_goal, make_plan


def _errors(response) -> list[str]:
    lines = response.get_data(as_text=True).splitlines()
    return [line for line in lines if "invalid-feedback" in line or "alert-danger" in line]


def _plan_url(group):
    return f"/pendamping/kelompok/{group.id}/pendampingan"


def test_officer_builds_a_plan_with_goals_sessions_and_follow_ups(client, db_session, login_as):
    officer = make_user(db_session, role="officer", name="Fajar")
    group = make_group(db_session, pirt_number=None)
    make_sold_order(db_session, group, make_user(db_session), 120_000, completed_at=utcnow())
    login_as(officer)
    url = _plan_url(group)
    page = client.get(url)
    assert page.status_code == 200
    assert "belum punya rencana" in page.get_data(as_text=True)

    today = wib_today()
    response = client.post(
        url, data={"title": "Naik kelas 2026", "start_date": today.replace(day=1).isoformat()}
    )
    assert response.status_code == 303
    plan = db_session.query(MentoringPlan).filter_by(group_id=group.id).one()
    deadline = (today + timedelta(days=60)).isoformat()
    for data in (
        {"kind": "orders", "target": "20", "title": "20 pesanan daring pertama"},
        {"kind": "revenue_month", "target": "Rp 5.000.000"},
        {"kind": "rating", "target": "4,5"},
        {"kind": "permit", "permit": "pirt"},
        {"kind": "manual", "title": "Label kemasan baru"},
    ):
        response = client.post(f"{url}/target", data={"deadline": deadline, **data})
        assert response.status_code == 303, response.get_data(as_text=True)[:300]
    goals = {g.kind: g for g in db_session.query(MentoringGoal).filter_by(plan_id=plan.id)}
    assert goals["revenue_month"].target == 5_000_000
    assert goals["rating"].target == 450
    assert goals["permit"].target is None and goals["permit"].permit == "pirt"

    photo = (io.BytesIO(png_bytes((120, 90), mode="RGB")), "sesi.png")
    response = client.post(
        f"{url}/sesi",
        data={
            "session_date": today.isoformat(),
            "topic": "Foto produk untuk toko daring",
            "attendees_count": "8",
            "attendee_names": "Darto, Sri",
            "notes": "Belajar memotret produk dengan cahaya jendela",
            "goals": [str(goals["orders"].id), str(goals["manual"].id)],
            "photos": photo,
        },
    )
    assert response.status_code == 303, _errors(response)
    session = db_session.query(MentoringSession).filter_by(group_id=group.id).one()
    assert {g.kind for g in session.goals} == {"orders", "manual"}
    assert session.attendees_count == 8 and len(session.photos) == 1
    photo_url = f"/pendampingan/foto/{session.photos[0].id}"
    assert client.get(photo_url).headers["Content-Type"] == "image/jpeg"

    response = client.post(
        f"{url}/tindak-lanjut",
        data={"action": "Unggah 5 foto produk", "due_date": deadline, "session_id": session.id},
    )
    assert response.status_code == 303
    followup = db_session.query(FollowUp).filter_by(group_id=group.id).one()
    assert followup.session_id == session.id
    assert (
        client.post(f"/pendamping/pendampingan/tindak-lanjut/{followup.id}/selesai").status_code
        == 303
    )
    client.post(f"/pendamping/pendampingan/tindak-lanjut/{followup.id}/selesai")  # twice: no change
    db_session.refresh(followup)
    assert followup.done_at is not None

    # a measured goal is never ticked by hand; the manual one is, once, audited
    assert (
        client.post(f"/pendamping/pendampingan/target/{goals['orders'].id}/tercapai").status_code
        == 409
    )
    client.post(
        f"/pendamping/pendampingan/target/{goals['manual'].id}/tercapai", data={"note": "ok"}
    )
    db_session.refresh(goals["manual"])
    assert goals["manual"].done_by == officer.id

    page = client.get(url).get_data(as_text=True)
    assert "1 dari 20 pesanan selesai" in page  # computed from the one completed order
    assert "P-IRT belum tercatat di profil kelompok" in page
    assert "Foto produk untuk toko daring" in page and "Fajar" in page
    actions = [e.action for e in db_session.query(AuditEntry).filter_by(subject_id=group.id)]
    assert "mentoring.plan_create" in actions and "mentoring.goal_done" in actions

    response = client.post(f"{url}/status", data={"status": "completed"})
    assert response.status_code == 303
    assert client.post(f"{url}/status", data={"status": "paused"}).status_code == 409
    response = client.post(
        f"{url}/target", data={"deadline": deadline, "kind": "orders", "target": "5"}
    )
    assert response.status_code == 409  # a closed plan takes no new goals
    audit_page = client.get("/pendamping/audit").get_data(as_text=True)
    assert "Status rencana pendampingan: Berjalan → Selesai" in audit_page


def test_bad_input_is_refused_with_a_message_and_nothing_written(client, db_session, login_as):
    officer = make_user(db_session, role="officer")
    group = make_group(db_session)
    other = make_group(db_session)
    plan = make_plan(db_session, group, officer, start=wib_today().replace(day=1))
    foreign = make_goal(db_session, make_plan(db_session, other, officer), "orders", target=5)
    login_as(officer)
    url = _plan_url(group)
    response = client.post(
        f"{url}/target", data={"kind": "rating", "target": "6", "deadline": "2026-12-31"}
    )
    assert response.status_code == 422
    assert "Tulis bintang 1 sampai 5" in response.get_data(as_text=True)
    response = client.post(
        f"{url}/target", data={"kind": "revenue_month", "target": "1,5", "deadline": "2026-12-31"}
    )
    assert response.status_code == 422
    response = client.post(
        f"{url}/sesi",
        data={
            "session_date": (wib_today() + timedelta(days=1)).isoformat(),
            "topic": "x",
            "notes": "y",
        },
    )
    assert response.status_code == 422
    assert "tidak boleh di masa depan" in response.get_data(as_text=True)
    response = client.post(
        f"{url}/sesi",
        data={
            "session_date": wib_today().isoformat(),
            "topic": "x",
            "notes": "y",
            "goals": [str(foreign.id)],
        },
    )
    assert response.status_code == 422  # another group's goal is not a choice
    assert db_session.query(MentoringSession).count() == 0
    assert db_session.query(MentoringGoal).filter_by(plan_id=plan.id).count() == 0


def test_only_officers_edit_and_the_group_sees_only_its_own_plan(client, db_session, login_as):
    officer = make_user(db_session, role="officer")
    group = make_group(db_session)
    other = make_group(db_session)
    plan = make_plan(db_session, group, officer, title="Rencana kelompok A")
    make_goal(db_session, plan, "orders", target=20, deadline=date(2030, 1, 31))
    make_plan(db_session, other, officer, title="Rencana kelompok B")
    login_as(group.chair)
    url = _plan_url(group)
    assert client.get(url).status_code == 403
    assert client.post(url, data={"title": "x", "start_date": "2026-01-01"}).status_code == 403
    assert client.post(f"{url}/status", data={"status": "cancelled"}).status_code == 403
    page = client.get("/kelompok/saya/pendampingan")
    body = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Rencana kelompok A" in body and "Rencana kelompok B" not in body
    assert "0 dari 20 pesanan selesai" in body
    work = client.get("/kelompok/saya").get_data(as_text=True)
    assert 'data-testid="work-mentoring"' in work and "0 dari 1 target tercapai" in work
    db_session.refresh(plan)
    assert plan.status == "active"


def test_session_photos_reach_only_officers_and_the_group(client, db_session, login_as, app):
    from marketplace.program import mentoring

    officer = make_user(db_session, role="officer")
    group = make_group(db_session)
    other = make_group(db_session)
    with app.test_request_context():
        images = mentoring.prepare_photos([png_bytes((80, 60), mode="RGB")])
        record = mentoring.record_session(
            db_session, officer, group, wib_today(), "Kebersihan dapur", "Dapur rapi", images=images
        )
    db_session.commit()
    url = f"/pendampingan/foto/{record.photos[0].id}"
    login_as(other.chair)
    assert client.get(url).status_code == 404
    client.post("/akun/keluar")
    login_as(group.chair)
    assert client.get(url).status_code == 200


def test_investor_interest_reaches_the_officers_who_held_sessions(app, db_session):
    from marketplace.program import mentoring

    officer = make_user(db_session, role="officer")
    make_user(db_session, role="officer")  # another officer, not this group's
    group = make_group(db_session)
    assert len(interest.group_officer_ids(db_session, group.id)) >= 2  # nobody yet: all
    with app.test_request_context():
        mentoring.record_session(db_session, officer, group, wib_today(), "Topik", "Catatan")
    assert interest.group_officer_ids(db_session, group.id) == [officer.id]


def test_pages_in_english(client, db_session, login_as):
    officer = make_user(db_session, role="officer")
    group = make_group(db_session, pirt_number="P-IRT 2063325001-29")
    plan = make_plan(db_session, group, officer, title="Plan A")
    make_goal(db_session, plan, "permit", permit="pirt", deadline=date(2030, 1, 31))
    make_goal(db_session, plan, "revenue_month", target=5_000_000, deadline=date(2030, 1, 31))
    login_as(officer)
    client.get("/bahasa/en")
    body = client.get(_plan_url(group)).get_data(as_text=True)
    assert "Technical mentoring" in body and "Add goal" in body
    assert "P-IRT number 2063325001-29" in body and "Achieved" in body
    assert "Rencana" not in body and "Tambah target" not in body
    client.post("/akun/keluar")
    login_as(group.chair)
    client.get("/bahasa/en")
    body = client.get("/kelompok/saya/pendampingan").get_data(as_text=True)
    assert "Technical mentoring" in body and "Monthly revenue" in body
    assert "Target" not in body.replace("Targets", "")
