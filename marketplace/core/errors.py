"""Error pages in Indonesian, and 503 when the database is unreachable."""

from __future__ import annotations

import contextlib

from flask import Flask, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import InterfaceError, OperationalError

from marketplace.core.pdf import PdfUnavailable
from marketplace.core.security import Busy
from marketplace.extensions import db


def _page(code: int, title: str, message: str):
    if request.accept_mimetypes.best == "application/json" or request.path.startswith("/api/"):
        return {"error": title, "message": message}, code
    return render_template("errors/error.html", code=code, title=title, message=message), code


def register_error_handlers(app: Flask) -> None:
    """Attach handlers for the HTTP errors users can meet."""

    @app.errorhandler(400)
    def bad_request(_e):
        return _page(
            400,
            _("Permintaan tidak valid"),
            _("Data yang dikirim tidak dapat diproses. Periksa isian lalu coba lagi."),
        )

    @app.errorhandler(CSRFError)
    def csrf_error(_e):
        return _page(
            400,
            _("Sesi formulir kedaluwarsa"),
            _("Formulir ini sudah tidak berlaku. Muat ulang halaman lalu kirim lagi."),
        )

    @app.errorhandler(403)
    def forbidden(_e):
        return _page(
            403, _("Akses ditolak"), _("Anda tidak memiliki izin untuk membuka halaman ini.")
        )

    @app.errorhandler(404)
    def not_found(_e):
        return _page(
            404,
            _("Halaman tidak ditemukan"),
            _("Halaman yang Anda cari tidak ada atau sudah dipindahkan."),
        )

    @app.errorhandler(405)
    def method_not_allowed(_e):
        return _page(
            405,
            _("Metode tidak diizinkan"),
            _("Halaman ini tidak menerima permintaan seperti itu."),
        )

    @app.errorhandler(409)
    def conflict(e):
        return _page(
            409,
            _("Tidak dapat diproses"),
            e.description or _("Permintaan bertentangan dengan keadaan data saat ini."),
        )

    @app.errorhandler(413)
    def too_large(_e):
        mb = app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024)
        return _page(
            413,
            _("Berkas terlalu besar"),
            _("Ukuran kiriman melebihi batas %(mb)s MB. Perkecil foto lalu coba lagi.", mb=mb),
        )

    @app.errorhandler(Busy)
    def busy(e):
        return _page(429, _("Tunggu sebentar"), e.description)

    @app.errorhandler(429)
    def too_many(_e):
        return _page(
            429,
            _("Terlalu banyak percobaan"),
            _(
                "Terlalu banyak percobaan dalam waktu singkat. Tunggu beberapa menit "
                "lalu coba lagi."
            ),
        )

    @app.errorhandler(PdfUnavailable)
    def pdf_unavailable(_e):
        return _page(
            503,
            _("PDF belum tersedia"),
            _(
                "Unduhan PDF belum tersedia di server ini. Dokumen tetap dapat dilihat di "
                "aplikasi; hubungi pengelola server untuk mengaktifkan PDF."
            ),
        )

    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    def database_down(_e):
        app.logger.exception("database error")
        # The connection may be gone already; the 503 page must still go out.
        with contextlib.suppress(Exception):
            db.session.rollback()
        return _page(
            503,
            _("Layanan sedang terganggu"),
            _("Basis data sedang tidak dapat dihubungi. Coba lagi sebentar lagi."),
        )

    @app.errorhandler(500)
    def server_error(_e):
        return _page(
            500,
            _("Terjadi kesalahan"),
            _("Maaf, terjadi kesalahan di server. Tim kami sudah dicatat; coba lagi."),
        )
