"""A producer's product refusals come out in the reader's language (issue 12)."""

from __future__ import annotations

import pytest

from tests.factories import make_group, make_product

REFUSALS = {
    "id": ("Produk ini pernah dipesan sehingga tidak dapat dihapus", "has been ordered"),
    "en": ("This product has been ordered, so it cannot be deleted", "pernah dipesan"),
}


@pytest.mark.parametrize("lang", ["id", "en"])
def test_deleting_an_ordered_product_is_refused_in_the_readers_language(
    client, db_session, login_as, lang
):
    group = make_group(db_session)
    ordered = make_product(db_session, group, ever_ordered=True)
    login_as(group.chair)
    client.get(f"/bahasa/{lang}")
    response = client.post(f"/kelompok/saya/produk/{ordered.id}/hapus")
    assert response.status_code == 409
    shown, foreign = REFUSALS[lang]
    html = response.get_data(as_text=True)
    assert shown in html and foreign not in html
