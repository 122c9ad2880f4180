"""Page weight: text responses and hashed assets go out compressed (Brotli or gzip)."""

from __future__ import annotations

import gzip
import re

import brotli
import pytest

DECODE = {"br": brotli.decompress, "gzip": gzip.decompress}


def _asset_urls(client) -> list[str]:
    return re.findall(r'(?:href|src)="(/assets/[^"]+)"', client.get("/").get_data(as_text=True))


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("gzip, deflate, br, zstd", "br"),  # what Chrome on Android sends
        ("gzip, br", "br"),
        ("gzip", "gzip"),
        ("br;q=0, gzip", "gzip"),
        ("deflate", None),
        ("", None),
    ],
)
def test_catalog_page_compressed_as_the_browser_accepts(client, accept, expected):
    plain = client.get("/products").get_data()
    response = client.get("/products", headers={"Accept-Encoding": accept})
    assert response.status_code == 200
    assert "Accept-Encoding" in response.headers["Vary"]
    assert response.headers.get("Content-Encoding") == expected
    body = response.get_data()
    if expected:
        assert len(body) < len(plain) / 2
        assert DECODE[expected](body) == plain
    else:
        assert body == plain


def test_small_responses_are_sent_as_they_are(client):
    response = client.get("/healthz", headers={"Accept-Encoding": "gzip, br"})
    assert "Content-Encoding" not in response.headers
    assert response.get_json()["status"] == "ok"


@pytest.mark.parametrize("accept", ["gzip, deflate, br, zstd", "gzip"])
def test_hashed_assets_cached_forever_and_precompressed(client, accept):
    urls = [u for u in _asset_urls(client) if u.endswith((".css", ".js"))]
    assert any("bootstrap" in u for u in urls)
    for url in urls:
        assert re.search(r"\.[0-9a-f]{12}\.(css|js)$", url), url
        plain = client.get(url)
        response = client.get(url, headers={"Accept-Encoding": accept})
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert "Accept-Encoding" in response.headers["Vary"]
        encoding = response.headers["Content-Encoding"]
        assert encoding == ("br" if "br" in accept else "gzip")
        assert DECODE[encoding](response.get_data()) == plain.get_data()
        again = client.get(url, headers={"If-None-Match": response.headers["ETag"]})
        assert again.status_code == 304 and not again.get_data()


def test_unknown_asset_is_404(client):
    assert client.get("/assets/css/nothing.0123456789ab.css").status_code == 404
