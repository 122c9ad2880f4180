"""Demo products for `flask demo load`, with photos drawn by Pillow. Idempotent."""

from __future__ import annotations

import io
import textwrap

from PIL import Image, ImageDraw, ImageFont
from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.catalog import services
from marketplace.catalog.images import process_image
from marketplace.catalog.models import ProducerGroup
from marketplace.catalog.product_models import Product
from marketplace.catalog.storage import get_storage

COLOURS = {
    "makanan-minuman": ((231, 111, 81), (244, 162, 97)),
    "konveksi": ((38, 70, 83), (42, 157, 143)),
    "kerajinan": ((121, 85, 61), (200, 150, 90)),
    "kreatif": ((106, 76, 147), (255, 202, 58)),
    "jasa-digital": ((25, 130, 196), (138, 201, 38)),
}

# group name -> lines of: name | category | price | unit | stock | min order | pre-order days |
# description (pre-order days 0 means ready stock)
PRODUCTS: dict[str, list[str]] = {
    "Konveksi Maju Jaya Gringsing": [
        "Seragam kerja pabrik (kemeja + celana) | konveksi | 185000 | set | 40 | 10 | 0 "
        "| Seragam kerja bahan American drill, bordir logo perusahaan. Cocok untuk pabrik KITB.",
        "Kaos polo bordir logo | konveksi | 75000 | pcs | 120 | 12 | 0 "
        "| Kaos polo lacoste, bordir logo di dada. Minimal 1 lusin.",
        "Baju sekolah SD putih | konveksi | 65000 | pcs | 3 | 1 | 0 "
        "| Kemeja seragam SD lengan pendek, ukuran 6–12.",
        "Jaket kerja custom | konveksi | 210000 | pcs | 0 | 10 | 14 "
        "| Jaket taslan bordir nama dan logo, dibuat sesuai pesanan.",
    ],
    "Dapur Bu Sri Kandeman": [
        "Nasi kotak ayam bakar | makanan-minuman | 25000 | kotak | 80 | 1 | 0 "
        "| Nasi, ayam bakar, sayur, sambal dan kerupuk. Bisa diambil di gerbang pabrik.",
        "Nasi bungkus telur balado | makanan-minuman | 12000 | bungkus | 50 | 1 | 0 "
        "| Menu hemat untuk istirahat shift: nasi, telur balado, tempe orek.",
        "Snack box rapat | makanan-minuman | 15000 | kotak | 0 | 20 | 1 "
        "| Tiga kue tradisional dan air mineral, pesan H-1 untuk rapat kantor.",
    ],
    "Batik Rifaiyah Kalipucang": [
        "Kain batik tulis Rifaiyah | kerajinan | 850000 | lembar | 6 | 1 | 0 "
        "| Batik tulis Rifaiyah khas Batang, motif Pelo Ati, 2 x 1,15 m.",
        "Kemeja batik Rifaiyah pria | kerajinan | 325000 | pcs | 12 | 1 | 0 "
        "| Kemeja lengan panjang batik tulis Rifaiyah, ukuran M–XXL.",
        "Selendang batik Rifaiyah | kerajinan | 275000 | lembar | 0 | 1 | 21 "
        "| Selendang sutra batik tulis, dibuat sesuai pesanan.",
    ],
    "Keripik Sukun Tulis": [
        "Keripik sukun original 250 g | makanan-minuman | 18000 | bungkus | 60 | 1 | 0 "
        "| Keripik sukun renyah, tanpa pengawet. Oleh-oleh khas Batang.",
        "Keripik pisang coklat 200 g | makanan-minuman | 15000 | bungkus | 4 | 1 | 0 "
        "| Keripik pisang kepok balut coklat.",
        "Peyek kacang | makanan-minuman | 20000 | bungkus | 35 | 1 | 0 "
        "| Rempeyek kacang tanah gurih, isi 15 keping.",
    ],
    "Anyaman Bambu Blado": [
        "Besek bambu isi 10 | kerajinan | 25000 | paket | 50 | 1 | 0 "
        "| Besek anyaman bambu untuk nasi berkat dan hampers.",
        "Tampah bambu 50 cm | kerajinan | 30000 | pcs | 20 | 1 | 0 "
        "| Tampah anyaman bambu untuk tumpeng dan dapur.",
        "Keranjang parsel bambu | kerajinan | 45000 | pcs | 0 | 10 | 7 "
        "| Keranjang parsel untuk hadiah perusahaan, pesan minimal 10.",
    ],
    "Kreasi Muda Subah": [
        "Stiker label produk UMKM | kreatif | 50000 | paket | 30 | 1 | 0 "
        "| 100 stiker label vinyl, desain gratis untuk kemasan produk.",
        "Desain kaos komunitas | kreatif | 150000 | proyek | 0 | 1 | 3 "
        "| Desain sablon kaos komunitas atau acara perusahaan, 2 kali revisi.",
        "Kelola Instagram UMKM per bulan | jasa-digital | 500000 | paket | 0 | 1 | 2 "
        "| 12 konten feed, caption dan jadwal unggah selama sebulan.",
    ],
    "Jahit Rapi Banyuputih": [
        "Permak celana kerja | konveksi | 15000 | pcs | 0 | 1 | 1 "
        "| Potong, kecilkan atau ganti resleting celana kerja. Selesai 1 hari.",
        "Celana kerja cargo | konveksi | 120000 | pcs | 25 | 1 | 0 "
        "| Celana cargo bahan drill, banyak saku, untuk pekerja pabrik.",
    ],
    "Kopi Bawang Asri": [
        "Kopi robusta bubuk 200 g | makanan-minuman | 30000 | bungkus | 45 | 1 | 0 "
        "| Robusta Pranten sangrai medium, digiling halus.",
        "Kopi arabika biji sangrai 250 g | makanan-minuman | 65000 | bungkus | 2 | 1 | 0 "
        "| Arabika dataran tinggi Bawang, sangrai light-medium.",
    ],
    "Digital Limpung Kreatif": [
        "Foto produk UMKM 10 foto | jasa-digital | 250000 | paket | 0 | 1 | 5 "
        "| Foto produk latar putih dan gaya hidup, siap untuk marketplace.",
    ],
    "Camilan Warungasem": [
        "Kacang bawang kiloan | makanan-minuman | 55000 | kg | 20 | 1 | 0 "
        "| Kacang bawang gurih kiloan untuk warung dan acara.",
    ],
    "Souvenir Pecalungan": [
        "Gantungan kunci batik | kerajinan | 60000 | lusin | 15 | 1 | 0 "
        "| Gantungan kunci kain perca batik, suvenir acara perusahaan.",
    ],
    "Wearpack Tersono Mandiri": [
        "Wearpack K3 terusan | konveksi | 195000 | pcs | 0 | 10 | 10 "
        "| Wearpack terusan dengan scotchlight, bordir nama dan logo perusahaan.",
        "Rompi safety scotchlight | konveksi | 45000 | pcs | 80 | 12 | 0 "
        "| Rompi safety hijau stabilo dengan scotchlight, tersedia ukuran L dan XL.",
    ],
}


def demo_photo(name: str, group_name: str, category: str) -> bytes:
    """An 800 x 800 JPEG: coloured background, a band, the product and group names."""
    bg, accent = COLOURS.get(category, ((80, 80, 80), (160, 160, 160)))
    image = Image.new("RGB", (800, 800), bg)
    draw = ImageDraw.Draw(image)
    draw.ellipse((480, -160, 960, 320), fill=accent)
    draw.rectangle((0, 520, 800, 800), fill=(255, 255, 255))
    title = ImageFont.load_default(size=64)
    small = ImageFont.load_default(size=34)
    y = 120
    for line in textwrap.wrap(name, width=18)[:4]:
        draw.text((48, y), line, font=title, fill=(255, 255, 255))
        y += 80
    draw.text((48, 580), group_name, font=small, fill=bg)
    draw.text((48, 640), "Pasar TKM · Batang", font=small, fill=(90, 90, 90))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def load_products(session: Session, echo=None) -> int:
    """Add the demo products (with a generated photo) that do not exist yet; return how many."""
    storage = get_storage()
    created = 0
    for group_name, rows in PRODUCTS.items():
        group = session.scalars(
            select(ProducerGroup).where(ProducerGroup.name == group_name)
        ).first()
        if group is None:
            continue
        existing = set(session.scalars(select(Product.name).where(Product.group_id == group.id)))
        for row in rows:
            name, category, price, unit, stock, min_order, lead, desc = (
                part.strip() for part in row.split("|", 7)
            )
            if name in existing:
                continue
            data = {
                "name": name,
                "category": category,
                "description": desc,
                "price": int(price),
                "unit": unit,
                "stock": int(stock),
                "min_order": int(min_order),
                "is_preorder": int(lead) > 0,
                "lead_time_days": int(lead),
            }
            photo = process_image(demo_photo(name, group_name, category))
            services.create_product(session, group, data, storage, [photo])
            created += 1
            if echo:
                echo(f"  produk: {name}")
    return created
