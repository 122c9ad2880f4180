"""The login-required message follows the visitor's language (issue 12)."""

from __future__ import annotations

import pytest

MESSAGES = {
    "id": ("Silakan masuk untuk melanjutkan.", "Please log in"),
    "en": ("Please log in to continue.", "Silakan masuk"),
}


@pytest.mark.parametrize("lang", ["id", "en"])
def test_login_required_flash_in_the_visitors_language(client, lang):
    client.get(f"/bahasa/{lang}")
    response = client.get("/kelompok/saya/saldo", follow_redirects=True)
    assert response.request.path == "/akun/masuk"
    shown, foreign = MESSAGES[lang]
    html = response.get_data(as_text=True)
    assert shown in html and foreign not in html
