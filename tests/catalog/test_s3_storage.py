"""The S3 storage backend against moto's S3 server: photos and private documents in a bucket."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest

from marketplace.catalog.s3storage import S3Storage, parse_url
from marketplace.catalog.storage import KEY_RE, LocalStorage, build_storage, new_key
from marketplace.investors.models import GroupDocument
from tests.catalog.helpers import PRODUCT_FORM, jpeg_bytes, pdf_bytes, stored_files, upload
from tests.factories import make_group
from tests.s3 import S3Server, moto_s3


@pytest.fixture(scope="module")
def s3() -> Iterator[S3Server]:
    """One moto S3 server for the module."""
    with moto_s3() as server:
        yield server


@pytest.fixture
def s3_app(app, s3, monkeypatch):
    """The test app with its storage switched to the bucket for one test (then switched back)."""
    names = ("catalog_storage", "catalog_storage_private")
    saved = {name: app.extensions.pop(name) for name in names if name in app.extensions}
    monkeypatch.setitem(app.config, "STORAGE_URL", s3.storage_url("shop"))
    yield app
    for name in names:
        app.extensions.pop(name, None)
    app.extensions.update(saved)


def _objects(s3: S3Server, prefix: str) -> dict[str, bytes]:
    client = s3.client()
    listing = client.list_objects_v2(Bucket=s3.bucket, Prefix=prefix).get("Contents", [])
    return {
        o["Key"]: client.get_object(Bucket=s3.bucket, Key=o["Key"])["Body"].read() for o in listing
    }


def test_parse_url_reads_bucket_prefix_and_options():
    options = parse_url("s3://foto-pasar/prod/v1/?endpoint_url=http://10.0.0.5:9000&region=id")
    assert options == {
        "bucket": "foto-pasar",
        "prefix": "prod/v1/",
        "endpoint_url": "http://10.0.0.5:9000",
        "region": "id",
    }
    assert parse_url("s3://foto-pasar")["prefix"] == ""
    with pytest.raises(RuntimeError, match="Unknown STORAGE_URL options"):
        parse_url("s3://foto-pasar?secret_key=bocor")
    with pytest.raises(RuntimeError):
        parse_url("s3:///tanpa-bucket")


def test_storage_url_picks_the_backend(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "STORAGE_URL", "")
    assert isinstance(build_storage(app), LocalStorage)
    private = build_storage(app, "private")
    assert isinstance(private, LocalStorage) and private.root.name == "private"
    monkeypatch.setitem(app.config, "STORAGE_URL", f"file://{tmp_path}")
    assert build_storage(app).root == tmp_path
    monkeypatch.setitem(app.config, "STORAGE_URL", "ftp://server/x")
    with pytest.raises(RuntimeError, match="Unknown STORAGE_URL"):
        build_storage(app)


def test_round_trip_missing_and_invalid_keys(s3):
    storage = S3Storage.from_url(s3.storage_url("unit"), area="media", key_re=KEY_RE)
    key = new_key("l")
    storage.save(key, b"\xff\xd8\xffisi foto", "image/jpeg")
    assert storage.open(key).read() == b"\xff\xd8\xffisi foto"
    head = s3.client().head_object(Bucket=s3.bucket, Key=f"unit/media/{key}")
    assert head["ContentType"] == "image/jpeg"
    assert storage.open(new_key("l")) is None
    assert storage.open("../../etc/passwd") is None
    with pytest.raises(ValueError):
        storage.save("../kunci-aneh.jpg", b"x", "image/jpeg")
    storage.delete(key)
    storage.delete(key)  # missing is fine
    storage.delete("bukan kunci")
    assert storage.open(key) is None


def test_photo_upload_lands_in_the_bucket_and_is_served(s3_app, s3, client, db_session, login_as):
    group = make_group(db_session)
    login_as(group.chair)
    before = stored_files(s3_app)
    response = client.post(
        "/kelompok/saya/produk/baru",
        data=PRODUCT_FORM | {"photos": [upload(jpeg_bytes(), "seragam.jpg")]},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    objects = _objects(s3, "shop/media/")
    assert len(objects) == 2  # thumbnail and large view
    assert stored_files(s3_app) == before  # nothing on the local disk
    for name, data in objects.items():
        served = client.get(f"/media/{name.rsplit('/', 1)[-1]}")
        assert served.status_code == 200 and served.data == data
        assert served.mimetype == "image/jpeg"
        assert "immutable" in served.headers["Cache-Control"]
        assert "max-age=31536000" in served.headers["Cache-Control"]
    assert client.get(f"/media/{new_key('l')}").status_code == 404


def test_private_documents_live_in_the_private_area(s3_app, s3, client, db_session, login_as):
    group = make_group(db_session)
    login_as(group.chair)
    pdf = pdf_bytes()
    response = client.post(
        "/produsen/investasi/dokumen",
        data={"kind": "nib", "file": (io.BytesIO(pdf), "nib.pdf")},
    )
    assert response.status_code == 302
    doc = db_session.query(GroupDocument).filter_by(group_id=group.id).one()
    assert _objects(s3, "shop/private/") == {f"shop/private/{doc.storage_key}": pdf}
    assert client.get(f"/media/{doc.storage_key}").status_code == 404  # never public
    served = client.get(f"/dokumen/{doc.id}")
    assert served.status_code == 200 and served.data == pdf
    assert served.headers["Cache-Control"] == "private, no-store"
