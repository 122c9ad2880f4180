"""Where uploaded files live, behind a small interface.

Views and services only call `get_storage()` (public photos) or `get_storage("private")`
(group documents, pitch attachments). The backend is chosen by the STORAGE_URL setting: empty
(the default) keeps files in UPLOAD_FOLDER on this server; `s3://bucket/prefix?endpoint_url=…`
keeps them in S3-compatible object storage (see `marketplace/catalog/s3storage.py`), so several
app servers share them. Either way the app itself serves the files (`/media/<key>` for photos,
checked views for private files). Keys are random and never reused, so photos are served with long
cache lifetimes.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
from pathlib import Path
from typing import BinaryIO, Protocol

from flask import Flask, current_app, url_for

from marketplace.catalog.s3storage import S3Storage
from marketplace.core import render

KEY_RE = re.compile(r"^[a-f0-9]{32}-[a-z]+\.(?:jpg|webp|png)$")
PRIVATE_KEY_RE = re.compile(r"^[a-f0-9]{32}\.(?:pdf|jpg)$")
AREAS = {"media": KEY_RE, "private": PRIVATE_KEY_RE}


def new_key(suffix: str, ext: str = "jpg") -> str:
    """A random, unguessable storage key such as `3f…a9-t.jpg`."""
    return f"{secrets.token_hex(16)}-{suffix}.{ext}"


def valid_key(key: str) -> bool:
    """Whether `key` looks like a public media key."""
    return bool(KEY_RE.fullmatch(key or ""))


class Storage(Protocol):
    """What the catalog needs from a file store."""

    def save(self, key: str, data: bytes, content_type: str) -> None: ...

    def open(self, key: str) -> BinaryIO | None: ...

    def url(self, key: str) -> str: ...

    def delete(self, key: str) -> None: ...


class LocalStorage:
    """Files in a folder on this server (UPLOAD_FOLDER), served by the /media/<key> route."""

    def __init__(self, root: str | os.PathLike, key_re: re.Pattern[str] = KEY_RE) -> None:
        self.root = Path(root)
        self.key_re = key_re

    def _path(self, key: str) -> Path:
        if not self.key_re.fullmatch(key or ""):
            raise ValueError("invalid storage key")
        return self.root / key[:2] / key

    def save(self, key: str, data: bytes, content_type: str) -> None:
        """Write the file atomically (temporary name, then rename)."""
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(path.suffix + ".tmp")
        tmp.write_bytes(data)
        tmp.replace(path)

    def open(self, key: str) -> BinaryIO | None:
        """The file opened for reading, or None when missing."""
        try:
            return self._path(key).open("rb")
        except (FileNotFoundError, ValueError):
            return None

    def url(self, key: str) -> str:
        """The app's own URL for a public file."""
        return url_for("catalog.media", key=key)

    def delete(self, key: str) -> None:
        """Remove the file (missing is fine)."""
        with contextlib.suppress(ValueError):
            self._path(key).unlink(missing_ok=True)


def build_storage(app: Flask, area: str = "media") -> Storage:
    """Create the backend named by the app's STORAGE_URL for one area ("media" or "private")."""
    key_re = AREAS[area]
    url = (app.config.get("STORAGE_URL") or "").strip()
    if url.startswith("s3://"):
        return S3Storage.from_url(url, area=area, key_re=key_re)
    if url and not url.startswith("file://"):
        raise RuntimeError(f"Unknown STORAGE_URL scheme in {url!r}; use s3:// or leave it empty")
    root = Path(url.removeprefix("file://") or app.config["UPLOAD_FOLDER"])
    return LocalStorage(root if area == "media" else root / area, key_re)


def get_storage(area: str = "media") -> Storage:
    """The storage backend configured for the current app (one per area, made once)."""
    app = current_app
    name = "catalog_storage" if area == "media" else f"catalog_storage_{area}"
    storage = app.extensions.get(name)
    if storage is None:
        storage = build_storage(app, area)
        app.extensions[name] = storage
    return storage


SAMPLE_KEY = "0" * 32 + "-t.jpg"


def media_url(key: str | None) -> str:
    """Jinja helper: the public URL of a stored file ('' when there is none).

    A valid key needs no quoting, so when the backend's URLs are a prefix and the key (both
    backends serve photos at /media/<key>) the prefix is built once and the key appended.
    """
    if not key:
        return ""
    storage = get_storage()
    prefix = render.url_prefix("media", storage.url, SAMPLE_KEY) if KEY_RE.fullmatch(key) else None
    return prefix + key if prefix is not None else storage.url(key)
