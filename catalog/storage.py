"""Where uploaded files live, behind a small interface.

Views and services only call `get_storage()`; the backend is chosen by the STORAGE_BACKEND
setting ("local" for now), so an S3-compatible backend can be added later without touching
them. Keys are random and never reused, so stored files are served with long cache lifetimes.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
from pathlib import Path
from typing import BinaryIO, Protocol

from flask import current_app, url_for

KEY_RE = re.compile(r"^[a-f0-9]{32}-[a-z]+\.(?:jpg|webp|png)$")


def new_key(suffix: str, ext: str = "jpg") -> str:
    """A random, unguessable storage key such as `3f…a9-t.jpg`."""
    return f"{secrets.token_hex(16)}-{suffix}.{ext}"


def valid_key(key: str) -> bool:
    return bool(KEY_RE.fullmatch(key or ""))


class Storage(Protocol):
    """What the catalog needs from a file store."""

    def save(self, key: str, data: bytes, content_type: str) -> None: ...

    def open(self, key: str) -> BinaryIO | None: ...

    def url(self, key: str) -> str: ...

    def delete(self, key: str) -> None: ...


class LocalStorage:
    """Files in a folder on this server (UPLOAD_FOLDER), served by the /media/<key> route."""

    def __init__(self, root: str | os.PathLike) -> None:
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        if not valid_key(key):
            raise ValueError("invalid storage key")
        return self.root / key[:2] / key

    def save(self, key: str, data: bytes, content_type: str) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(path.suffix + ".tmp")
        tmp.write_bytes(data)
        tmp.replace(path)

    def open(self, key: str) -> BinaryIO | None:
        try:
            return self._path(key).open("rb")
        except (FileNotFoundError, ValueError):
            return None

    def url(self, key: str) -> str:
        return url_for("catalog.media", key=key)

    def delete(self, key: str) -> None:
        with contextlib.suppress(ValueError):
            self._path(key).unlink(missing_ok=True)


def get_storage() -> Storage:
    """The storage backend configured for the current app."""
    app = current_app
    storage = app.extensions.get("catalog_storage")
    if storage is None:
        backend = app.config.get("STORAGE_BACKEND", "local")
        if backend != "local":
            raise RuntimeError(f"Unknown STORAGE_BACKEND {backend!r}")
        storage = LocalStorage(app.config["UPLOAD_FOLDER"])
        app.extensions["catalog_storage"] = storage
    return storage


def media_url(key: str | None) -> str:
    """Jinja helper: the public URL of a stored file ('' when there is none)."""
    return get_storage().url(key) if key else ""
