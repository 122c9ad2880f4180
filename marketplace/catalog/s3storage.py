"""Uploads in S3-compatible object storage (AWS S3, MinIO, Ceph, moto in tests), via boto3.

Chosen with STORAGE_URL=`s3://bucket/prefix?endpoint_url=http://host:9000&region=ap-southeast-3`.
Credentials come from boto3's usual places (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, an
instance role, ~/.aws). Public photos live under `<prefix>media/`, private documents under
`<prefix>private/`; the bucket itself stays private and the app streams every file, so the
/media/<key> URLs, their cache headers and the documents' access checks do not change.
"""

from __future__ import annotations

import io
import re
from typing import Any, BinaryIO
from urllib.parse import parse_qs, urlsplit

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError
from flask import url_for

MISSING = ("NoSuchKey", "404", "NotFound")
OPTIONS = ("endpoint_url", "region", "addressing_style", "connect_timeout", "read_timeout")


def parse_url(url: str) -> dict[str, Any]:
    """Split `s3://bucket/prefix?opt=value` into bucket, prefix and client options."""
    parts = urlsplit(url)
    if parts.scheme != "s3" or not parts.netloc:
        raise RuntimeError("STORAGE_URL must look like s3://bucket/prefix?endpoint_url=…")
    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    unknown = set(query) - set(OPTIONS)
    if unknown:
        raise RuntimeError(f"Unknown STORAGE_URL options: {', '.join(sorted(unknown))}")
    prefix = parts.path.strip("/")
    return {"bucket": parts.netloc, "prefix": f"{prefix}/" if prefix else "", **query}


def make_client(options: dict[str, Any]) -> Any:
    """A boto3 S3 client with short timeouts and a few retries (thread-safe, kept per app)."""
    endpoint = options.get("endpoint_url") or None
    style = options.get("addressing_style") or ("path" if endpoint else "auto")
    config = Config(
        connect_timeout=float(options.get("connect_timeout") or 5),
        read_timeout=float(options.get("read_timeout") or 30),
        retries={"max_attempts": 3, "mode": "standard"},
        s3={"addressing_style": style},
    )
    return boto3.session.Session().client(
        "s3", endpoint_url=endpoint, region_name=options.get("region") or None, config=config
    )


class S3Storage:
    """One area (public media or private documents) of an S3 bucket."""

    def __init__(self, client: Any, bucket: str, prefix: str, key_re: re.Pattern[str]) -> None:
        self.client = client
        self.bucket = bucket
        self.prefix = prefix
        self.key_re = key_re

    @classmethod
    def from_url(cls, url: str, *, area: str, key_re: re.Pattern[str]) -> S3Storage:
        """Build the storage for `area` from a STORAGE_URL."""
        options = parse_url(url)
        prefix = f"{options['prefix']}{area}/"
        return cls(make_client(options), options["bucket"], prefix, key_re)

    def _object_key(self, key: str) -> str:
        if not self.key_re.fullmatch(key or ""):
            raise ValueError("invalid storage key")
        return f"{self.prefix}{key}"

    def save(self, key: str, data: bytes, content_type: str) -> None:
        """Upload the bytes (one PUT: readers see the whole object or none)."""
        self.client.put_object(
            Bucket=self.bucket,
            Key=self._object_key(key),
            Body=data,
            ContentType=content_type,
            CacheControl="private, max-age=31536000, immutable",
        )

    def open(self, key: str) -> BinaryIO | None:
        """The object's bytes as a file, or None when missing (or the key is invalid)."""
        try:
            name = self._object_key(key)
        except ValueError:
            return None
        try:
            response = self.client.get_object(Bucket=self.bucket, Key=name)
        except ClientError as exc:  # some S3-compatible servers answer a bare 404
            if exc.response.get("Error", {}).get("Code") in MISSING:
                return None
            raise
        with response["Body"] as body:
            return io.BytesIO(body.read())

    def url(self, key: str) -> str:
        """The app's own URL for a public file (the app streams it)."""
        return url_for("catalog.media", key=key)

    def delete(self, key: str) -> None:
        """Delete the object (missing is fine)."""
        try:
            name = self._object_key(key)
        except ValueError:
            return
        self.client.delete_object(Bucket=self.bucket, Key=name)
