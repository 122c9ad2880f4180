"""Benchmark reference: bare Flask serving the catalog's first page as a constant.

`make bench` saves the HTML of `/products` (as the real app rendered it) to the file named by
BENCH_BARE_HTML and serves this module under the same gunicorn settings: one route, no
database, no template, no session, compressed per request with Flask-Compress at the app's own
settings (`marketplace/core/assets.py`). Its requests/s is what the framework, the server and
compression allow on this machine; every page of the benchmark is reported as a share of it.
"""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask, Response
from flask_compress import Compress

from marketplace.core.assets import BROTLI_LEVEL, COMPRESSIBLE, ENCODINGS, GZIP_LEVEL, MIN_SIZE

HTML = Path(os.environ["BENCH_BARE_HTML"]).read_bytes()

app = Flask(__name__)
app.config.update(
    COMPRESS_MIMETYPES=list(COMPRESSIBLE),
    COMPRESS_ALGORITHM=list(ENCODINGS),
    COMPRESS_BR_LEVEL=BROTLI_LEVEL,
    COMPRESS_LEVEL=GZIP_LEVEL,
    COMPRESS_MIN_SIZE=MIN_SIZE,
    COMPRESS_STREAMS=False,
)
Compress(app)


@app.get("/")
def constant() -> Response:
    """The catalog's first page, byte for byte, compressed on the way out."""
    return Response(HTML, mimetype="text/html")


@app.get("/healthz")
def healthz() -> str:
    """Ready check for the benchmark's start-up loop."""
    return "ok"
