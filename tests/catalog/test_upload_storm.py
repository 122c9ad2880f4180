"""Big photos cannot tie the site up: reduced decoding, one upload at a time per user.

A 36-megapixel JPEG is decoded at a reduced scale; a producer's second upload while the
first is processed answers 429 with a clear message; during a storm of large uploads against
a live server, /healthz keeps answering.
"""

from __future__ import annotations

import io
import threading
import time

import pytest
import requests
from flask_migrate import upgrade
from PIL import Image, ImageFile
from werkzeug.serving import make_server

from marketplace.catalog import images
from marketplace.extensions import db, limiter
from tests.conftest import make_app
from tests.factories import make_product, make_vetted_group

STORM = 16


def big_jpeg(size=(7200, 5000)) -> bytes:
    """A 36-megapixel photo-like JPEG (about 4 MB: within the upload limit)."""
    small = Image.effect_noise((size[0] // 8, size[1] // 8), 60).convert("RGB")
    out = io.BytesIO()
    small.resize(size, Image.Resampling.BILINEAR).save(out, "JPEG", quality=70)
    return out.getvalue()


@pytest.fixture(scope="module")
def photo() -> bytes:
    return big_jpeg()


def test_a_36_megapixel_jpeg_is_decoded_at_reduced_size(monkeypatch, photo):
    sizes = []
    real_load = ImageFile.ImageFile.load

    def spy_load(image):
        sizes.append(image.size)  # the size libjpeg is about to decode at
        return real_load(image)

    monkeypatch.setattr(ImageFile.ImageFile, "load", spy_load)
    processed = images.process_image(photo)
    assert max(processed.width, processed.height) == 1024
    # The first full decode happened at a quarter of the photo's width, never at 7200 px.
    assert sizes and sizes[0][0] <= 7200 // 4


def test_large_photos_are_box_reduced_before_the_expensive_steps():
    reduced = images._shrink(Image.new("RGB", (6000, 4000), (200, 10, 10)))
    assert reduced.width <= 3000 and min(reduced.size) >= 1024
    png = io.BytesIO()
    Image.new("RGB", (6000, 4000), (200, 10, 10)).save(png, "PNG")
    assert images.process_image(png.getvalue()).width == 1024


def test_a_second_upload_while_the_first_is_processed_is_told_to_wait(client, db_session, login_as):
    group = make_vetted_group(db_session)
    product = make_product(db_session, group)
    login_as(group.chair)
    key = f"slot:image-work:{group.chair.id}"
    limiter.storage.incr(key, 60)  # the first upload is still being processed
    files = {"photos": (io.BytesIO(big_jpeg((800, 600))), "a.jpg")}
    busy = client.post(
        f"/kelompok/saya/produk/{product.id}/foto", data=files, content_type="multipart/form-data"
    )
    assert busy.status_code == 429
    assert "masih diproses" in busy.get_data(as_text=True)
    limiter.storage.clear(key)  # the first one finished
    files = {"photos": (io.BytesIO(big_jpeg((800, 600))), "a.jpg")}
    done = client.post(
        f"/kelompok/saya/produk/{product.id}/foto", data=files, content_type="multipart/form-data"
    )
    assert done.status_code == 302


@pytest.fixture
def live_server(tmp_path):
    """The app on a real threaded HTTP server (its own SQLite file), with a producer."""
    app = make_app(f"sqlite:///{tmp_path / 'storm.sqlite3'}", tmp_path)
    with app.app_context():
        upgrade()
        group = make_vetted_group(db.session)
        product = make_product(db.session, group)
        db.session.commit()
        email, product_id = group.chair.email, product.id
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", email, product_id
    server.shutdown()
    thread.join(10)
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_healthz_answers_during_an_upload_storm(live_server, photo):
    base, email, product_id = live_server
    http = requests.Session()
    answer = http.post(
        f"{base}/akun/masuk",
        data={"identifier": email, "password": "rahasia123"},
        allow_redirects=False,
        timeout=30,
    )
    assert answer.status_code == 302
    cookies = http.cookies.get_dict()
    start = threading.Barrier(STORM + 1)
    statuses: list[int] = []

    def upload() -> None:
        start.wait()
        response = requests.post(
            f"{base}/kelompok/saya/produk/{product_id}/foto",
            files={"photos": ("besar.jpg", photo, "image/jpeg")},
            cookies=cookies,
            allow_redirects=False,
            timeout=120,
        )
        statuses.append(response.status_code)

    threads = [threading.Thread(target=upload) for _ in range(STORM)]
    for thread in threads:
        thread.start()
    start.wait()
    timings = []
    while any(thread.is_alive() for thread in threads):
        began = time.monotonic()
        health = requests.get(f"{base}/healthz", timeout=30)
        timings.append(time.monotonic() - began)
        assert health.status_code == 200
        time.sleep(0.05)
    for thread in threads:
        thread.join()
    assert timings, "the storm ended before /healthz was asked"
    assert max(timings) < 5, timings  # generous: a frozen site takes many seconds
    assert len(statuses) == STORM and set(statuses) <= {302, 422, 429}, statuses
    assert statuses.count(429) >= STORM // 2, statuses  # one upload at a time per producer
