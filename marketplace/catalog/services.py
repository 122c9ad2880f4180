"""Product and photo rules. Functions take the session, flush and never commit.

A producer's group always comes from the caller (the logged-in member's own group); every
lookup here is scoped to it, so another group's product is simply "not found".
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from marketplace.catalog.constants import CATEGORIES
from marketplace.catalog.images import ImageRejected, ProcessedImage, process_image
from marketplace.catalog.models import ProducerGroup
from marketplace.catalog.product_models import MAX_PHOTOS, MAX_PRICE, UNITS, Product, ProductPhoto
from marketplace.catalog.storage import Storage, new_key

PRODUCT_FIELDS = (
    "name",
    "category",
    "description",
    "price",
    "unit",
    "stock",
    "min_order",
    "is_preorder",
    "lead_time_days",
)
MAX_LEAD_TIME_DAYS = 90
LOW_STOCK = 5


class ProductError(ValueError):
    """A product rule refused the request; the message is shown to the producer."""


def _check(data: dict) -> dict:
    name = (data.get("name") or "").strip()
    if not 3 <= len(name) <= 120:
        raise ProductError(_("Nama produk 3 sampai 120 huruf."))
    if data.get("category") not in CATEGORIES:
        raise ProductError(_("Pilih kategori yang dikenal."))
    price = data.get("price")
    if not isinstance(price, int) or not 0 < price <= MAX_PRICE:
        raise ProductError(
            _("Harga harus bilangan bulat Rupiah, di atas 0 dan paling banyak Rp 100.000.000.")
        )
    if data.get("unit") not in UNITS:
        raise ProductError(_("Pilih satuan yang dikenal."))
    stock, min_order = data.get("stock"), data.get("min_order")
    if not isinstance(stock, int) or stock < 0:
        raise ProductError(_("Stok tidak boleh kurang dari 0."))
    if not isinstance(min_order, int) or min_order < 1:
        raise ProductError(_("Minimal pesan paling sedikit 1."))
    is_preorder = bool(data.get("is_preorder"))
    lead = data.get("lead_time_days") or 0
    if is_preorder and not 1 <= lead <= MAX_LEAD_TIME_DAYS:
        raise ProductError(
            _(
                "Produk pre-order perlu lama pengerjaan 1 sampai %(n)s hari.",
                n=MAX_LEAD_TIME_DAYS,
            )
        )
    return {
        "name": name,
        "category": data["category"],
        "description": (data.get("description") or "").strip(),
        "price": price,
        "unit": data["unit"],
        "stock": stock,
        "min_order": min_order,
        "is_preorder": is_preorder,
        "lead_time_days": lead if is_preorder else 0,
    }


def prepare_photos(files: list[bytes]) -> list[ProcessedImage]:
    """Check and re-encode uploads before anything is stored (raises ImageRejected)."""
    if len(files) > MAX_PHOTOS:
        raise ImageRejected(_("Paling banyak %(n)s foto per produk.", n=MAX_PHOTOS))
    return [process_image(data) for data in files]


def create_product(
    session: Session,
    group: ProducerGroup,
    data: dict,
    storage: Storage,
    photos: list[ProcessedImage] = (),
) -> Product:
    """Create a product of `group`, with already processed photos (first one is main)."""
    product = Product(group_id=group.id, **_check(data))
    session.add(product)
    session.flush()
    for image in photos:
        add_photo(session, product, image, storage)
    return product


def update_product(session: Session, product: Product, data: dict) -> Product:
    """Change a product's details (not its photos or group)."""
    for key, value in _check(data).items():
        setattr(product, key, value)
    session.flush()
    return product


def own_product(session: Session, group: ProducerGroup, product_id: int) -> Product | None:
    """A product of `group` by id, or None (also when it belongs to another group)."""
    stmt = select(Product).where(Product.id == product_id, Product.group_id == group.id)
    return session.scalars(stmt).first()


def own_photo(session: Session, product: Product, photo_id: int) -> ProductPhoto | None:
    stmt = select(ProductPhoto).where(
        ProductPhoto.id == photo_id, ProductPhoto.product_id == product.id
    )
    return session.scalars(stmt).first()


def _sync_main(product: Product) -> None:
    photos = sorted(product.photos, key=lambda p: (p.position, p.id or 0))
    for i, photo in enumerate(photos):
        photo.position = i
    product.main_thumb_key = photos[0].thumb_key if photos else None


def add_photo(
    session: Session, product: Product, image: ProcessedImage, storage: Storage
) -> ProductPhoto:
    """Store a processed photo as the product's last photo (the first one becomes main)."""
    count = session.scalar(
        select(func.count()).select_from(ProductPhoto).where(ProductPhoto.product_id == product.id)
    )
    if count >= MAX_PHOTOS:
        raise ImageRejected(_("Paling banyak %(n)s foto per produk.", n=MAX_PHOTOS))
    thumb_key, large_key = new_key("t"), new_key("l")
    storage.save(thumb_key, image.thumb, "image/jpeg")
    storage.save(large_key, image.large, "image/jpeg")
    try:
        photo = ProductPhoto(
            thumb_key=thumb_key,
            large_key=large_key,
            width=image.width,
            height=image.height,
            position=count,
        )
        product.photos.append(photo)
        _sync_main(product)
        session.flush()
    except Exception:
        storage.delete(thumb_key)
        storage.delete(large_key)
        raise
    return photo


def remove_photo(session: Session, product: Product, photo: ProductPhoto, storage: Storage) -> None:
    """Delete a photo and its files; the next photo becomes main if needed."""
    keys = (photo.thumb_key, photo.large_key)
    product.photos.remove(photo)
    _sync_main(product)
    session.flush()
    for key in keys:
        storage.delete(key)


def make_main(session: Session, product: Product, photo: ProductPhoto) -> None:
    """Make `photo` the main photo (first); the others keep their order."""
    photo.position = -1
    _sync_main(product)
    session.flush()


def move_photo(session: Session, product: Product, photo: ProductPhoto, step: int) -> None:
    """Move a photo one place earlier (step -1) or later (+1)."""
    photos = sorted(product.photos, key=lambda p: p.position)
    i = photos.index(photo)
    j = min(max(i + step, 0), len(photos) - 1)
    photos[i], photos[j] = photos[j], photos[i]
    for pos, p in enumerate(photos):
        p.position = pos
    _sync_main(product)
    session.flush()


def set_active(session: Session, product: Product, active: bool) -> None:
    """Deactivate (hide from buyers) or reactivate a product."""
    product.is_active = active
    session.flush()


def delete_product(session: Session, product: Product, storage: Storage) -> None:
    """Delete a never-ordered product and its photo files; ordered products are only deactivated."""
    if product.ever_ordered:
        raise ProductError(
            _(
                "Produk ini pernah dipesan sehingga tidak dapat dihapus (riwayat pesanan tetap "
                "menyimpannya). Nonaktifkan saja agar tidak tampil."
            )
        )
    keys = [k for p in product.photos for k in (p.thumb_key, p.large_key)]
    session.delete(product)
    session.flush()
    for key in keys:
        storage.delete(key)


def is_low_stock(product: Product) -> bool:
    """Ready-stock products with few items left (highlighted in the producer's list)."""
    return not product.is_preorder and product.stock <= max(LOW_STOCK, product.min_order)
