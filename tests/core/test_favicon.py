"""Every page links an icon, and /favicon.ico answers for browsers that ask for it (issue 13)."""

from __future__ import annotations

from pathlib import Path

STATIC = Path(__file__).resolve().parents[2] / "static"


def test_favicon_is_served_and_linked(client):
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200
    assert icon.mimetype in ("image/vnd.microsoft.icon", "image/x-icon")
    assert icon.data == (STATIC / "favicon.ico").read_bytes()
    html = client.get("/").get_data(as_text=True)
    head = html.split("</head>")[0]
    assert 'rel="icon"' in head and ".svg" in head
    for line in head.splitlines():
        if 'rel="icon"' in line:
            href = line.split('href="')[1].split('"')[0]
            assert client.get(href).status_code == 200, href


def test_app_css_does_not_hide_sideways_overflow():
    css = (STATIC / "css" / "app.css").read_text(encoding="utf-8")
    assert "overflow-x: hidden" not in css
