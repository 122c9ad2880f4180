"""Batang regency's 15 districts (kecamatan)."""

KECAMATAN = (
    "Bandar",
    "Bawang",
    "Banyuputih",
    "Batang",
    "Blado",
    "Gringsing",
    "Kandeman",
    "Limpung",
    "Pecalungan",
    "Reban",
    "Subah",
    "Tersono",
    "Tulis",
    "Warungasem",
    "Wonotunggal",
)
