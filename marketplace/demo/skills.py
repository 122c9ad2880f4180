"""Demo members, training and certificates: Pak Darto's konveksi group and Bu Sri's kitchen
get member profiles; some certificates are verified (counted on their shop pages), one waits
for Mas Fajar, and one ends within 60 days (on the officer's expiring list)."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.accounts.models import User
from marketplace.catalog import private_files, skill_states
from marketplace.catalog.member_models import GroupMember, MemberCertificate, MemberTraining
from marketplace.catalog.models import ProducerGroup
from marketplace.core.timeutil import utcnow, wib_today

# group -> [(name, role, age band, gender, trainings, certificates)]
# training: (title, provider, hours); certificate: (scheme, issuer, status, years valid, or
# None for "ends in 45 days")
PEOPLE = {
    "Konveksi Maju Jaya Gringsing": [
        (
            "Darto Wiyono",
            "chair",
            "40_49",
            "male",
            [("Manajemen usaha kecil", "Disnaker Batang", 24)],
            [("Menjahit Pakaian dengan Mesin", "LSP Garmen Jawa Tengah", "verified", 3)],
        ),
        (
            "Wati Lestari",
            "treasurer",
            "20_29",
            "female",
            [("Menjahit seragam kerja", "BLK Batang", 80)],
            [("Menjahit Pakaian dengan Mesin", "LSP Garmen Jawa Tengah", "verified", None)],
        ),
        (
            "Rina Safitri",
            "member",
            "under_20",
            "female",
            [("Bordir komputer", "BLK Semarang", 40)],
            [("Menjahit Pakaian dengan Mesin", "LSP Garmen Jawa Tengah", "pending", 3)],
        ),
        ("Slamet Riyadi", "secretary", None, None, [], []),
    ],
    "Dapur Bu Sri Kandeman": [
        (
            "Sri Wahyuni",
            "chair",
            "50_59",
            "female",
            [("Keamanan pangan industri rumah tangga", "Dinkes Batang", 16)],
            [
                ("Penyelia Halal", "LSP Halal Indonesia", "verified", 4),
                ("Pengolahan Makanan", "LSP Pariwisata Jateng", "verified", 3),
            ],
        ),
    ],
}


def _scan_pdf() -> private_files.CheckedFile:
    """A one-page blank PDF standing in for a scanned certificate."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return private_files.CheckedFile(out.getvalue(), private_files.PDF, "pdf", "sertifikat.pdf")


def load_skills(session: Session, echo: Callable[[str], None] = print) -> int:
    """Add the demo members to groups that have none yet; return how many were added."""
    officer = session.scalars(select(User).where(User.email == "fajar@demo.pasartkm.id")).first()
    today = wib_today()
    made = 0
    for group_name, people in PEOPLE.items():
        group = session.scalars(
            select(ProducerGroup).where(ProducerGroup.name == group_name)
        ).first()
        if group is None or session.scalar(
            select(GroupMember.id).where(GroupMember.group_id == group.id).limit(1)
        ):
            continue
        for n, (name, role, age, gender, trainings, certificates) in enumerate(people):
            member = GroupMember(
                group_id=group.id, name=name, role=role, age_band=age, gender=gender
            )
            session.add(member)
            for title, provider, hours in trainings:
                member.trainings.append(
                    MemberTraining(
                        group_id=group.id,
                        title=title,
                        provider=provider,
                        hours=hours,
                        completed_on=today - timedelta(days=300 + 30 * n),
                    )
                )
            for i, (scheme, issuer, status, years) in enumerate(certificates):
                member.certificates.append(
                    _certificate(group.id, scheme, issuer, status, years, today, n * 10 + i)
                )
                cert = member.certificates[-1]
                if status != skill_states.PENDING and officer is not None:
                    cert.decided_by, cert.decided_at = officer.id, utcnow()
            made += 1
        session.flush()
        echo(f"  anggota dan sertifikat: {group_name}")
    return made


def _certificate(group_id, scheme, issuer, status, years, today: date, n: int):
    issued = today - timedelta(days=400 + 20 * n)
    expires = today + timedelta(days=45) if years is None else issued + timedelta(days=365 * years)
    scan = _scan_pdf()
    return MemberCertificate(
        group_id=group_id,
        scheme=scheme,
        issuer=issuer,
        number=f"{issuer.split()[1][:3].upper()}.{1000 + n:04d}.{issued.year}",
        issued_on=issued,
        expires_on=expires,
        storage_key=private_files.save(scan),
        content_type=scan.content_type,
        original_name=scan.name,
        size=len(scan.data),
        status=status,
    )
