"""Comparing more than three groups says which ones were left out (issue 13)."""

from __future__ import annotations

from tests.factories import make_user, make_vetted_group


def test_a_fourth_group_is_named_not_silently_dropped(client, db_session, login_as):
    names = ["Batik Satu", "Batik Dua", "Batik Tiga", "Batik Empat"]
    groups = [make_vetted_group(db_session, name=n) for n in names]
    login_as(make_user(db_session, role="investor"))
    page = client.get("/investor/bandingkan", query_string={"g": [g.slug for g in groups]})
    html = page.get_data(as_text=True)
    head = html.split('data-testid="compare-table"')[1].split("</thead>")[0]
    assert [n for n in names if n in head] == names[:3]
    warning = html.split('data-testid="compare-too-many"')[1].split("</div>")[0]
    assert "memilih 4 kelompok" in warning and "hanya 3" in warning
    assert "Batik Empat" in warning and "Batik Satu" not in warning
    # All four stay ticked, so the investor only has to untick one.
    assert html.count("checked>") >= 4

    three = client.get("/investor/bandingkan", query_string={"g": [g.slug for g in groups[:3]]})
    assert 'data-testid="compare-too-many"' not in three.get_data(as_text=True)
