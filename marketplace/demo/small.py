"""The small demo set: the personas' accounts and groups, created only where missing."""

from __future__ import annotations

import click
from sqlalchemy import select

from marketplace.accounts import services as accounts
from marketplace.accounts.models import INVESTOR_APPROVED, ROLE_OFFICER, User
from marketplace.catalog import groups
from marketplace.catalog.constants import MEMBER_MEMBER, STATUS_UNVERIFIED, TIER_LANJUTAN
from marketplace.catalog.models import GroupMembership, ProducerGroup
from marketplace.core.timeutil import utcnow
from marketplace.demo.common import DEMO_PASSWORD

# (email, name, phone, role, organization)
ACCOUNTS = [
    ("siti@demo.pasartkm.id", "Siti Rahayu", "081234500001", "buyer", None),
    ("darto@demo.pasartkm.id", "Darto Wiyono", "081234500002", "buyer", None),
    ("ratna@demo.pasartkm.id", "Ratna Kusuma", "081234500003", "investor", "CSR PT Kaca Batang"),
    (
        "hendra@demo.pasartkm.id",
        "Hendra Saputra",
        "081234500004",
        "investor",
        "Bank Jateng UMKM (menunggu persetujuan)",
    ),
    ("fajar@demo.pasartkm.id", "Fajar Nugroho", "081234500005", "officer", None),
]

# (name, sectors, tier, kecamatan, village, status, chair email or None, description)
GROUPS = [
    (
        "Konveksi Maju Jaya Gringsing",
        ["konveksi"],
        "lanjutan",
        "Gringsing",
        "Plelen",
        "verified",
        "darto@demo.pasartkm.id",
        "Seragam kerja, baju sekolah dan kaos sablon untuk pabrik di KITB.",
    ),
    (
        "Dapur Bu Sri Kandeman",
        ["makanan-minuman"],
        "lanjutan",
        "Kandeman",
        "Ujungnegoro",
        "verified",
        None,
        "Nasi kotak, nasi bungkus dan lauk harian untuk pekerja shift.",
    ),
    (
        "Batik Rifaiyah Kalipucang",
        ["kerajinan"],
        "lanjutan",
        "Batang",
        "Kalipucang Wetan",
        "verified",
        None,
        "Batik tulis Rifaiyah khas Batang: kain, kemeja dan selendang.",
    ),
    (
        "Keripik Sukun Tulis",
        ["makanan-minuman"],
        "pemula",
        "Tulis",
        "Simbangdesa",
        "verified",
        None,
        "Keripik sukun, keripik pisang dan peyek kacang kemasan.",
    ),
    (
        "Anyaman Bambu Blado",
        ["kerajinan"],
        "pemula",
        "Blado",
        "Kambangan",
        "verified",
        None,
        "Besek, tampah dan keranjang bambu untuk hajatan dan oleh-oleh.",
    ),
    (
        "Kreasi Muda Subah",
        ["kreatif", "jasa-digital"],
        "pemula",
        "Subah",
        "Kumejing",
        "verified",
        None,
        "Desain kaos, stiker, undangan dan pengelolaan media sosial UMKM.",
    ),
    (
        "Jahit Rapi Banyuputih",
        ["konveksi"],
        "pemula",
        "Banyuputih",
        "Banyuputih",
        "verified",
        None,
        "Permak, jahit celana kerja dan wearpack untuk pekerja pabrik.",
    ),
    (
        "Kopi Bawang Asri",
        ["makanan-minuman"],
        "lanjutan",
        "Bawang",
        "Pranten",
        "verified",
        None,
        "Kopi robusta dan arabika dataran tinggi Dieng sisi Batang, bubuk dan biji sangrai.",
    ),
    (
        "Digital Limpung Kreatif",
        ["jasa-digital"],
        "pemula",
        "Limpung",
        "Limpung",
        "unverified",
        None,
        "Foto produk, katalog digital dan iklan daring untuk UMKM.",
    ),
    (
        "Camilan Warungasem",
        ["makanan-minuman"],
        "pemula",
        "Warungasem",
        "Pejambon",
        "unverified",
        None,
        "Rempeyek, kacang bawang dan camilan kiloan.",
    ),
    (
        "Souvenir Pecalungan",
        ["kerajinan", "kreatif"],
        "pemula",
        "Pecalungan",
        "Gemuh",
        "unverified",
        None,
        "Gantungan kunci, tas kain perca dan suvenir acara perusahaan.",
    ),
    (
        "Wearpack Tersono Mandiri",
        ["konveksi"],
        "lanjutan",
        "Tersono",
        "Tersono",
        "verified",
        None,
        "Wearpack, rompi safety dan seragam bordir untuk perusahaan.",
    ),
]


def _account(session, email, name, phone, role, org) -> User:
    user = session.scalars(select(User).where(User.email == email)).first()
    if user is not None:
        return user
    if role == ROLE_OFFICER:
        return accounts.create_officer(
            session, name=name, email=email, phone=phone, password=DEMO_PASSWORD
        )
    user = accounts.register(
        session,
        name=name,
        email=email,
        phone=phone,
        password=DEMO_PASSWORD,
        role=role,
        organization=org,
    )
    if email.startswith("ratna"):
        user.investor_status = INVESTOR_APPROVED
    return user


def load_basic(session) -> dict[str, int]:
    """Create demo accounts and groups that do not exist yet; return what was created."""
    created = {"accounts": 0, "groups": 0}
    users = {}
    for i, row in enumerate(ACCOUNTS):
        existed = session.scalar(select(User.id).where(User.email == row[0]))
        users[row[0]] = _account(session, *row)
        created["accounts"] += 0 if existed else 1
        click.echo(f"  akun {i + 1}/{len(ACCOUNTS)}: {row[0]}")
    for i, (name, sectors, tier, kec, village, status, chair_email, desc) in enumerate(GROUPS):
        if session.scalar(select(ProducerGroup.id).where(ProducerGroup.name == name)):
            continue
        if chair_email:
            chair = users[chair_email]
        else:
            email = f"ketua{i + 1}@demo.pasartkm.id"
            chair = _account(session, email, f"Ketua {name}", f"0813456{i + 1:05d}", "buyer", None)
        data = {
            "name": name,
            "kecamatan": kec,
            "village": village,
            "address": f"Jl. Raya {village} No. {i + 3}, {kec}, Batang",
            "member_count": 10 + (i * 3) % 11,
            "nib": f"{9120000000000 + i * 7919:013d}",
            "pirt_number": f"P-IRT 20633250{i:02d}-29" if "makanan-minuman" in sectors else "",
            "halal_number": f"ID33110000{i:04d}0124" if "makanan-minuman" in sectors else "",
            "whatsapp": f"08574000{i:04d}",
            "description": desc,
        }
        group = groups.register_group(session, chair, data, sectors)
        group.tier = tier if tier == TIER_LANJUTAN else "pemula"
        if status != STATUS_UNVERIFIED:
            group.status = status
            group.verified_at = utcnow()
        session.flush()
        created["groups"] += 1
        click.echo(f"  kelompok {i + 1}/{len(GROUPS)}: {name}")
    # A second member for the demo konveksi group, so "members" is not just the chair.
    darto_group = users["darto@demo.pasartkm.id"].group_membership
    if darto_group is not None:
        member = _account(
            session, "wati@demo.pasartkm.id", "Wati Lestari", "081234500006", "buyer", None
        )
        if member.group_membership is None:
            session.add(
                GroupMembership(
                    group_id=darto_group.group_id, user_id=member.id, role=MEMBER_MEMBER
                )
            )
            session.flush()
    return created
