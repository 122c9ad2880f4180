"""Pitch, interest and document refusals come out in the reader's language (issue 12)."""

from __future__ import annotations

import io

import pytest

from marketplace.investors import interest, pitches
from tests.factories import make_user, make_vetted_group
from tests.investors.test_pitches import PITCH


def _check(response, lang: str, texts: dict) -> None:
    shown, foreign = texts[lang]
    html = response.get_data(as_text=True)
    assert shown in html, html[:2000]
    assert foreign not in html


@pytest.mark.parametrize("lang", ["id", "en"])
def test_fund_lines_that_do_not_add_up(client, db_session, login_as, lang):
    group = make_vetted_group(db_session)
    login_as(group.chair)
    client.get(f"/bahasa/{lang}")
    data = PITCH | {"lines-1-amount": "9000000"}
    response = client.post("/produsen/investasi/proposal/baru", data=data)
    assert response.status_code == 422
    # Only the words: how the amounts are written is the number formatting's business.
    texts = {
        "id": ("tidak sama dengan dana yang dicari", "add up to"),
        "en": ("The use-of-funds lines add up to", "tidak sama dengan"),
    }
    _check(response, lang, texts)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_interest_expressed_twice(app, client, db_session, login_as, lang):
    officer = make_user(db_session, role="officer")
    group = make_vetted_group(db_session, officer)
    investor = make_user(db_session, role="investor")
    lines = [("5 mesin jahit industri", 50_000_000)]
    data = {k: PITCH[k] for k in ("title", "partnership", "timeline", "description")}
    data |= {"amount": 50_000_000, "new_jobs": 4}
    with app.test_request_context():
        pitch = pitches.save_draft(db_session, group, group.chair, data, lines)
        pitches.submit(db_session, pitch)
        pitches.review(db_session, officer, pitch, True, "")
        interest.express(db_session, investor, pitch, None, "Kami tertarik.")
    login_as(investor)
    client.get(f"/bahasa/{lang}")
    response = client.post(f"/investor/proposal/{pitch.id}", data={"message": "Lagi"})
    texts = {
        "id": ("Anda sudah menyatakan minat pada proposal ini", "already expressed"),
        "en": ("You have already expressed interest in this proposal", "sudah menyatakan"),
    }
    _check(response, lang, texts)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_document_that_is_not_a_pdf(client, db_session, login_as, lang):
    group = make_vetted_group(db_session)
    login_as(group.chair)
    client.get(f"/bahasa/{lang}")
    fake = (io.BytesIO(b"%PDF-1.4 rusak"), "nib.pdf")
    response = client.post("/produsen/investasi/dokumen", data={"kind": "nib", "file": fake})
    assert response.status_code == 422
    texts = {
        "id": ("PDF rusak atau tidak dapat dibaca", "damaged or unreadable"),
        "en": ("The PDF is damaged or unreadable", "PDF rusak"),
    }
    _check(response, lang, texts)
