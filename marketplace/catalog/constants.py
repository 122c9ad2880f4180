"""Catalog vocabulary: categories (also a group's business sectors) and tiers."""

from flask_babel import lazy_gettext as _l

CATEGORIES = {
    "makanan-minuman": _l("Makanan & Minuman"),
    "konveksi": _l("Konveksi"),
    "kerajinan": _l("Kerajinan"),
    "kreatif": _l("Kreatif"),
    "jasa-digital": _l("Jasa Digital"),
}

TIER_PEMULA = "pemula"
TIER_LANJUTAN = "lanjutan"
TIERS = {TIER_PEMULA: _l("Pemula"), TIER_LANJUTAN: _l("Lanjutan")}

STATUS_UNVERIFIED = "unverified"
STATUS_VERIFIED = "verified"
STATUS_REJECTED = "rejected"
STATUS_SUSPENDED = "suspended"
GROUP_STATUSES = {
    STATUS_UNVERIFIED: _l("Menunggu verifikasi"),
    STATUS_VERIFIED: _l("Terverifikasi"),
    STATUS_REJECTED: _l("Ditolak"),
    STATUS_SUSPENDED: _l("Dibekukan"),
}

MEMBER_CHAIR = "chair"
MEMBER_MEMBER = "member"
