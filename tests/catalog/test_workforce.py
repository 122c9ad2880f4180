"""Jobs counted from workforce records: month edges, young people, the chair's pages."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from marketplace.catalog import workforce
from marketplace.catalog.workforce_models import WorkforceRecord
from tests.catalog.workforce_factories import make_worker
from tests.conftest import csrf_token_in
from tests.factories import add_member, make_group, make_user

MAR, MAY = date(2026, 3, 1), date(2026, 5, 1)


def _total(session, month, group) -> int:
    counted = workforce.jobs_at(session, month, [group.id]).get(group.id)
    return counted.total if counted else 0


def test_jobs_count_from_start_month_to_end_month_both_included(app, db_session):
    group = make_group(db_session)
    make_worker(db_session, group, MAR, MAY)
    make_worker(db_session, group, MAY, label="Terbuka")  # still working
    with app.app_context():
        assert _total(db_session, date(2026, 2, 1), group) == 0  # month before the start
        assert _total(db_session, MAR, group) == 1  # the start month counts
        assert _total(db_session, date(2026, 4, 1), group) == 1
        assert _total(db_session, MAY, group) == 2  # the end month counts, and the new start
        assert _total(db_session, date(2026, 6, 1), group) == 1  # the month after the end
        assert _total(db_session, date(2030, 1, 1), group) == 1  # open-ended goes on


def test_young_counted_separately_by_birth_year_else_age_band(app, db_session):
    group = make_group(db_session)
    # 2026 - 1997 = 29: young all of 2026; from January 2027 (turning 30 that year) not.
    make_worker(db_session, group, MAR, birth_year=1997)
    make_worker(db_session, group, MAR, kind="hired", hours="part", age_band="25-29")
    make_worker(db_session, group, MAR, kind="hired", age_band="30-44")
    make_worker(db_session, group, MAR, hours="part")  # no age given: not counted as young
    with app.app_context():
        dec = workforce.jobs_at(db_session, date(2026, 12, 1), [group.id])[group.id]
        jan = workforce.jobs_at(db_session, date(2027, 1, 1), [group.id])[group.id]
    assert (dec.total, dec.member, dec.hired, dec.full_time, dec.part_time) == (4, 2, 2, 2, 2)
    assert dec.young == 2
    assert jan.total == 4 and jan.young == 1  # the 1997 birth year is 30 in 2027


def test_jobs_by_tier_sector_and_kecamatan_count_verified_groups(app, db_session):
    a = make_group(
        db_session, tier="lanjutan", sectors=("konveksi", "kerajinan"), kecamatan="Subah"
    )
    b = make_group(db_session, kecamatan="Subah")
    hidden = make_group(db_session, status="unverified", kecamatan="Subah")
    for g, n in ((a, 2), (b, 3), (hidden, 5)):
        for _ in range(n):
            make_worker(db_session, g, MAR, age_band="lt25")
    with app.app_context():
        tiers = workforce.jobs_by(db_session, MAY, "tier")
        sectors = workforce.jobs_by(db_session, MAY, "sector")
        kec = workforce.jobs_by(db_session, MAY, "kecamatan")
    assert {k: v.total for k, v in tiers.items()} == {"lanjutan": 2, "pemula": 3}
    assert {k: v.total for k, v in sectors.items()} == {
        "konveksi": 2,
        "kerajinan": 2,
        "makanan-minuman": 3,
    }
    assert kec["Subah"].total == 5 and kec["Subah"].young == 5


def test_save_record_checks_and_birth_year_wins(app, db_session):
    group = make_group(db_session)
    good = {"label": " Bu  Sri ", "kind": "hired", "hours": "part", "start_month": MAR}
    with app.test_request_context():
        record = workforce.save_record(
            db_session, group, good | {"birth_year": 1990, "age_band": "lt25"}
        )
        assert (record.label, record.birth_year, record.age_band) == ("Bu Sri", 1990, None)
        for bad in (
            {"end_month": date(2026, 2, 1)},
            {"kind": "boss"},
            {"label": ""},
            {"birth_year": 1800},
            {"age_band": "99"},
            {"start_month": date(2099, 1, 1)},
        ):
            with pytest.raises(workforce.WorkforceError):
                workforce.save_record(db_session, group, good | bad)
        with pytest.raises(workforce.WorkforceError):
            workforce.parse_month("2026-13")
    assert workforce.parse_month("2026-03") == MAR


def _form(client, url):
    return csrf_token_in(client.get(url).get_data(as_text=True))


def test_chair_adds_ends_and_deletes_records(client, db_session, login_as):
    chair = make_user(db_session)
    group = make_group(db_session, chair=chair)
    login_as(chair)
    page = client.get("/kelompok/saya")
    assert 'data-testid="workforce-link"' in page.get_data(as_text=True)
    token = _form(client, "/kelompok/saya/tenaga-kerja/baru")
    data = {
        "csrf_token": token,
        "label": "Mbak Rina",
        "kind": "hired",
        "hours": "full",
        "start_month": "2026-03",
        "end_month": "",
        "birth_year": "2001",
        "age_band": "",
    }
    response = client.post("/kelompok/saya/tenaga-kerja/baru", data=data)
    assert response.status_code == 302
    html = client.get("/kelompok/saya/tenaga-kerja").get_data(as_text=True)
    assert "Mbak Rina" in html and 'data-testid="jobs-young">1<' in html
    record = db_session.scalars(
        select(WorkforceRecord).where(WorkforceRecord.group_id == group.id)
    ).one()

    bad = data | {"end_month": "2026-01"}
    response = client.post(f"/kelompok/saya/tenaga-kerja/{record.id}/ubah", data=bad)
    assert response.status_code == 422
    assert "Bulan selesai tidak boleh sebelum bulan mulai." in response.get_data(as_text=True)
    response = client.post(
        f"/kelompok/saya/tenaga-kerja/{record.id}/ubah", data=data | {"start_month": "bulan"}
    )
    assert response.status_code == 422
    db_session.expire_all()
    assert db_session.get(WorkforceRecord, record.id).end_month is None  # nothing half-written

    edit = client.get(f"/kelompok/saya/tenaga-kerja/{record.id}/ubah").get_data(as_text=True)
    assert 'value="2026-03"' in edit  # the month picker shows the stored month
    response = client.post(
        f"/kelompok/saya/tenaga-kerja/{record.id}/ubah", data=data | {"end_month": "2026-04"}
    )
    assert response.status_code == 302
    db_session.expire_all()
    assert db_session.get(WorkforceRecord, record.id).end_month == date(2026, 4, 1)

    response = client.post(
        f"/kelompok/saya/tenaga-kerja/{record.id}/hapus", data={"csrf_token": token}
    )
    assert response.status_code == 302
    assert db_session.scalar(select(func.count()).select_from(WorkforceRecord)) == 0


def test_only_the_chair_of_the_group_reaches_its_records(client, db_session, login_as):
    group = make_group(db_session)
    other = make_group(db_session)
    theirs = make_worker(db_session, other, MAR, label="Orang Lain")
    member = add_member(db_session, group)
    login_as(member)
    assert client.get("/kelompok/saya/tenaga-kerja").status_code == 403
    assert client.get("/kelompok/saya/tenaga-kerja/baru").status_code == 403
    client.post("/akun/keluar")
    login_as(group.chair)
    assert client.get(f"/kelompok/saya/tenaga-kerja/{theirs.id}/ubah").status_code == 404
    token = _form(client, "/kelompok/saya/tenaga-kerja/baru")
    response = client.post(
        f"/kelompok/saya/tenaga-kerja/{theirs.id}/hapus", data={"csrf_token": token}
    )
    assert response.status_code == 404
    assert db_session.get(WorkforceRecord, theirs.id) is not None


@pytest.mark.parametrize("lang", ["id", "en"])
def test_chair_pages_in_both_languages(client, db_session, login_as, lang):
    chair = make_user(db_session)
    group = make_group(db_session, chair=chair)
    make_worker(db_session, group, MAR, kind="hired", hours="part", age_band="lt25")
    login_as(chair)
    client.get(f"/bahasa/{lang}")
    html = client.get("/kelompok/saya/tenaga-kerja").get_data(as_text=True)
    form = client.get("/kelompok/saya/tenaga-kerja/baru").get_data(as_text=True)
    if lang == "en":
        assert "Hired worker" in html and "Part-time" in html and "Start month" in form
    else:
        assert "Pekerja upahan" in html and "Paruh waktu" in html and "Bulan mulai" in form
    assert "· hired" not in html and "· part" not in html  # codes shown through labels
