"""Two app processes on different ports behave as one site.

Sessions are signed cookies (SECRET_KEY shared), rate-limit counters live in Redis, photos in
S3-compatible storage and everything else in PostgreSQL, so a login, an upload or a checkout
through one process is seen by the other, and stock is never oversold across them.
"""

from __future__ import annotations

import re
import threading
from collections import Counter

import requests
from sqlalchemy import func, select

from marketplace.catalog.product_models import Product, ProductPhoto
from marketplace.extensions import db
from marketplace.orders.order_models import OrderLine
from tests.catalog.helpers import jpeg_bytes
from tests.factories import PASSWORD, make_user
from tests.multihost.conftest import BUYERS, STOCK, Cluster, csrf_token, log_in

MEDIA_RE = re.compile(r'/media/([a-f0-9]{32}-[a-z]+\.jpg)"')


def test_a_session_from_one_process_works_on_the_other(cluster: Cluster):
    http = requests.Session()
    email, name = cluster.data["buyers"][-1], cluster.data["buyer_names"][-1]
    assert log_in(http, cluster.a.url, email, PASSWORD).status_code == 302
    on_b = http.get(f"{cluster.b.url}/pesanan", allow_redirects=False, timeout=30)
    assert on_b.status_code == 200, on_b.status_code
    assert name in on_b.text
    # Logging out through B ends the session for A too.
    token = csrf_token(http, f"{cluster.b.url}/")
    http.post(f"{cluster.b.url}/akun/keluar", data={"csrf_token": token}, timeout=30)
    assert http.get(f"{cluster.a.url}/pesanan", allow_redirects=False).status_code == 302


def test_a_photo_uploaded_through_one_is_served_by_the_other(cluster: Cluster):
    http = requests.Session()
    assert log_in(http, cluster.a.url, cluster.data["chair"], PASSWORD).status_code == 302
    product_id = cluster.data["shirt_id"]
    edit = f"{cluster.a.url}/kelompok/saya/produk/{product_id}/ubah"
    response = http.post(
        f"{cluster.a.url}/kelompok/saya/produk/{product_id}/foto",
        data={"csrf_token": csrf_token(http, edit)},
        files={"photos": ("batik.jpg", jpeg_bytes(), "image/jpeg")},
        allow_redirects=False,
        timeout=30,
    )
    assert response.status_code == 302, response.text[:500]
    page = requests.get(f"{cluster.b.url}/products/{product_id}", timeout=30)
    assert page.status_code == 200
    keys = set(MEDIA_RE.findall(page.text))
    with cluster.app.app_context():
        stored = db.session.scalars(
            select(ProductPhoto).where(ProductPhoto.product_id == product_id)
        ).all()
        assert len(stored) == 1
    bucket = cluster.s3.client()
    for key in keys:
        served = requests.get(f"{cluster.b.url}/media/{key}", timeout=30)
        assert served.status_code == 200
        assert served.headers["Content-Type"] == "image/jpeg"
        assert "immutable" in served.headers["Cache-Control"]
        stored_bytes = bucket.get_object(Bucket=cluster.s3.bucket, Key=f"multihost/media/{key}")
        assert served.content == stored_bytes["Body"].read()
        assert served.content[:3] == b"\xff\xd8\xff"
    assert keys, "the product page shows no photo"


def test_concurrent_checkouts_through_both_never_oversell(cluster: Cluster):
    data = cluster.data
    outcomes: Counter[str] = Counter()
    statuses: Counter[int] = Counter()
    errors: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(BUYERS)

    def buyer(i: int) -> None:
        base = (cluster.a, cluster.b)[i % 2].url
        http = requests.Session()
        try:
            assert log_in(http, base, data["buyers"][i], PASSWORD).status_code == 302
            token = csrf_token(http, f"{base}/keranjang")
            barrier.wait(timeout=30)
            add = http.post(
                f"{base}/keranjang/tambah",
                data={"product_id": data["rice_id"], "quantity": 1, "csrf_token": token},
                allow_redirects=False,
                timeout=60,
            )
            codes = [add.status_code]
            if add.status_code == 302:
                form = data["pickup"] | {"payment": "cod", "csrf_token": token}
                done = http.post(f"{base}/checkout", data=form, allow_redirects=False, timeout=60)
                codes.append(done.status_code)
                result = {302: "sold", 409: "out_of_stock"}.get(done.status_code, "unexpected")
            else:
                result = "out_of_stock" if add.status_code == 422 else "unexpected"
            with lock:
                outcomes[result] += 1
                statuses.update(codes)
        except Exception as exc:  # reported by the assertion below
            with lock:
                errors.append(f"buyer {i}: {exc!r}")

    threads = [threading.Thread(target=buyer, args=(i,)) for i in range(BUYERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == [], errors
    assert not any(code >= 500 for code in statuses), statuses
    assert outcomes == {"sold": STOCK, "out_of_stock": BUYERS - STOCK}, outcomes
    with cluster.app.app_context():
        assert db.session.get(Product, data["rice_id"]).stock == 0
        sold = db.session.scalar(
            select(func.sum(OrderLine.quantity)).where(OrderLine.product_id == data["rice_id"])
        )
        assert sold == STOCK


def test_failed_logins_through_both_share_one_counter(cluster: Cluster):
    with cluster.app.app_context():
        user = make_user(db.session, name="Akun Dicoba")
        email = user.email
        db.session.commit()
    http = requests.Session()
    for base in (cluster.a.url, cluster.b.url, cluster.a.url, cluster.b.url, cluster.b.url):
        assert log_in(http, base, email, "salah-sekali").status_code == 401
    # Five failures in all (the limit), spread over two processes: both now refuse.
    assert log_in(http, cluster.a.url, email, "salah-sekali").status_code == 429
    blocked = log_in(http, cluster.b.url, email, PASSWORD)
    assert blocked.status_code == 429
    assert "Terlalu banyak percobaan" in blocked.text
    import redis

    client = redis.Redis.from_url(cluster.redis_url)
    keys = list(client.scan_iter(match=f"*{cluster.key_prefix}*"))
    client.close()
    assert keys, "no rate-limit counter in Redis"
