"""PDF documents: rendered through WeasyPrint in the page's language, never from the network,
and a clear 503 and disabled buttons where this server cannot make them."""

from __future__ import annotations

import io
import logging
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import pytest
from flask import render_template_string, request
from pypdf import PdfReader

from marketplace.core import pdf
from tests.conftest import make_app

NPWP = "01.234.567.8-901.000"
BUTTON = '{% from "_pdf.html" import pdf_button %}{{ pdf_button("/doc.pdf", "Unduh PDF") }}'
MESSAGE = "Unduhan PDF belum tersedia di server ini."


def sample_context(**overrides) -> dict:
    context = {
        "doc_title": "Pesanan Pembelian",
        "doc_number": "PO/2026/0001",
        "issued_on": date(2026, 11, 5),
        "due_on": date(2026, 12, 5),
        "seller": {
            "name": "Konveksi Maju Jaya",
            "address": "Desa Plelen, Gringsing\nBatang",
            "npwp": NPWP,
            "pkp": True,
        },
        "buyer": {"name": "PT Garmen Sejahtera", "address": "KITB Kav. 12", "pkp": False},
        "lines": [
            {
                "description": "Wearpack biru, bordir logo",
                "quantity": 50,
                "unit": "pcs",
                "unit_price": 25_000,
                "amount": 1_250_000,
            }
        ],
        "subtotal": 1_250_000,
        "ppn": 137_500,
        "ppn_rate": 11,
        "total": 1_387_500,
        "notes": "Kirim ke Gerbang 2, shift pagi",
        "signers": [
            {"party": "Penjual", "name": "Darto", "role": "Ketua", "signed_on": date(2026, 11, 6)},
            {"party": "Pembeli", "name": "Wulan", "role": "Pengadaan", "signed_on": None},
        ],
    }
    context.update(overrides)
    return context


@pytest.fixture
def pdf_app(tmp_path):
    """The app with a test-only PDF view, /_test/pdf (?img= puts an image in the document).

    PDFs read no table: an empty SQLite file is enough, on one backend.
    """
    application = make_app(f"sqlite:///{tmp_path / 'empty.sqlite3'}", tmp_path)

    def sample_pdf():
        context = sample_context(remote_image=request.args.get("img"))
        return pdf.pdf_response(pdf.render_pdf("pdf/sample.html", **context), "PO/2026/0001")

    application.add_url_rule("/_test/pdf", "test_pdf", sample_pdf)
    return application


def text_of(data: bytes) -> str:
    assert data.startswith(b"%PDF-")
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_purchase_order_pdf_shows_number_npwp_and_rupiah(pdf_app):
    response = pdf_app.test_client().get("/_test/pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == 'attachment; filename="PO-2026-0001.pdf"'
    assert response.headers["Cache-Control"] == "no-store"
    text = text_of(response.data)
    assert "PO/2026/0001" in text
    assert NPWP in text
    assert "Rp\u00a01.250.000" in text  # the rupiah filter's no-break space
    assert "Rp\u00a0137.500" in text and "PPN 11 %" in text and "Rp\u00a01.387.500" in text
    assert "Harga satuan" in text and "5 November 2026" in text and "Bukan PKP" in text


def test_english_page_gives_english_labels(pdf_app):
    client = pdf_app.test_client()
    with client.session_transaction() as session:
        session["lang"] = "en"
    text = text_of(client.get("/_test/pdf").data)
    assert "Unit price" in text and "Quantity" in text and "Due date" in text
    assert "Not VAT-registered" in text and "VAT (PPN) 11%" in text
    assert "Harga satuan" not in text
    assert "Rp\u00a01.250.000" in text


def test_remote_urls_are_never_fetched(pdf_app, httpserver, caplog):
    httpserver.expect_request("/x.png").respond_with_data(b"not fetched", content_type="image/png")
    url = httpserver.url_for("/x.png")
    with caplog.at_level(logging.WARNING, logger="marketplace.core.pdf"):
        response = pdf_app.test_client().get("/_test/pdf", query_string={"img": url})
    assert response.status_code == 200 and "PO/2026/0001" in text_of(response.data)
    assert httpserver.log == []  # no request reached the server
    assert f"refused to fetch {url}" in caplog.text


@pytest.mark.parametrize(
    ("name", "served"),
    [
        ("favicon.svg", True),  # relative URLs are the static folder's files
        ("css/../favicon.svg", True),
        ("../pyproject.toml", False),  # out of static/
        ("file:///etc/passwd", False),
        ("file://example.com/static/favicon.svg", False),
        ("missing.png", False),
    ],
)
def test_only_files_of_the_static_folder_are_read(pdf_app, name, served):
    static = Path(pdf_app.static_folder).resolve()
    url = name if name.startswith("file:") else (static.as_uri() + "/" + name)
    assert (pdf._local_file(url, static) is not None) is served


def test_data_uris_are_allowed(pdf_app, caplog):
    pixel = (
        "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR4nGNgYAAA"
        "AAMAASsJTYQAAAAASUVORK5CYII="
    )
    with caplog.at_level(logging.WARNING, logger="marketplace.core.pdf"):
        response = pdf_app.test_client().get("/_test/pdf", query_string={"img": pixel})
    assert response.status_code == 200
    assert "refused" not in caplog.text


def test_disabled_pdfs_disable_the_button_and_answer_503(pdf_app, monkeypatch):
    with pdf_app.test_request_context():
        enabled = render_template_string(BUTTON)
    assert 'href="/doc.pdf"' in enabled and MESSAGE not in enabled

    monkeypatch.setitem(pdf_app.config, "PDF_ENABLED", False)
    with pdf_app.test_request_context():
        html = render_template_string(BUTTON)
    assert "disabled" in html and MESSAGE in html and "/doc.pdf" not in html

    response = pdf_app.test_client().get("/_test/pdf")
    assert response.status_code == 503
    assert MESSAGE in response.get_data(as_text=True)


def test_failed_import_makes_pdfs_unavailable(pdf_app, monkeypatch):
    """WeasyPrint present but unloadable (a library missing): 503, then disabled for good."""
    monkeypatch.setattr(pdf, "_import_failed", [])
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # `import weasyprint` fails
    client = pdf_app.test_client()
    assert client.get("/_test/pdf").status_code == 503
    with pdf_app.app_context():
        assert pdf.pdf_available() is False


@pytest.mark.parametrize(
    ("given", "safe"),
    [
        ("PO/2026/0001", "PO-2026-0001.pdf"),
        ("BAST 12 Gerbang 2.pdf", "BAST-12-Gerbang-2.pdf"),
        ('faktur"; x=1', "faktur-x-1.pdf"),
        ("Kuitansi Énergi", "Kuitansi-Energi.pdf"),
        ("///", "dokumen.pdf"),
    ],
)
def test_download_names_are_safe(given, safe):
    assert pdf.safe_filename(given) == safe


def test_pages_without_pdfs_never_import_weasyprint(tmp_path):
    """Worker memory: only rendering a PDF imports WeasyPrint (and uploads import pypdf)."""
    script = textwrap.dedent(
        f"""
        import sys
        from flask import render_template_string
        from marketplace import create_app
        app = create_app({{"APP_ENV": "testing", "SQLALCHEMY_DATABASE_URI": "sqlite://"}})
        with app.test_request_context():
            assert "href" in render_template_string({BUTTON!r})
        print(sorted(m for m in ("weasyprint", "pypdf") if m in sys.modules))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        env={"INSTANCE_PATH": str(tmp_path), "PATH": "/usr/bin:/bin"},
        cwd=Path(__file__).resolve().parents[2],
    )
    assert result.stdout.strip() == "[]"


def test_rendering_a_pdf_leaves_truncated_uploads_refused(pdf_app):
    """WeasyPrint's import turns on Pillow's LOAD_TRUNCATED_IMAGES for the whole process."""
    from PIL import ImageFile

    from marketplace.catalog.images import ImageRejected, process_image

    assert pdf_app.test_client().get("/_test/pdf").status_code == 200
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False
    buffer = io.BytesIO()
    from PIL import Image

    Image.new("RGB", (64, 64), "red").save(buffer, "JPEG")
    with pdf_app.app_context(), pytest.raises(ImageRejected):
        process_image(buffer.getvalue()[:-200])
