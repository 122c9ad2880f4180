"""Builders for members' profiles, trainings and certificates (imported by tests/factories.py)."""

from __future__ import annotations

import itertools
import secrets
from datetime import date

from flask import Flask
from sqlalchemy.orm import Session

from marketplace.catalog import private_files
from marketplace.catalog.member_models import GroupMember, MemberCertificate, MemberTraining
from marketplace.catalog.models import ProducerGroup
from marketplace.catalog.skill_states import VERIFIED

_seq = itertools.count(1)


def make_member(
    session: Session,
    group: ProducerGroup,
    *,
    name: str | None = None,
    role: str = "member",
    age_band: str | None = "20_29",
    gender: str | None = "female",
) -> GroupMember:
    """A member's profile in `group`."""
    member = GroupMember(
        group_id=group.id,
        name=name or f"Anggota {next(_seq)}",
        role=role,
        age_band=age_band,
        gender=gender,
    )
    session.add(member)
    session.flush()
    return member


def make_training(session: Session, member: GroupMember, title: str = "Menjahit dasar"):
    training = MemberTraining(group_id=member.group_id, title=title, provider="BLK Batang")
    member.trainings.append(training)
    session.flush()
    return training


def make_certificate(
    session: Session,
    member: GroupMember,
    *,
    scheme: str = "Menjahit Pakaian dengan Mesin",
    status: str = VERIFIED,
    issued_on: date = date(2025, 3, 1),
    expires_on: date | None = None,
    number: str | None = None,
    app: Flask | None = None,
) -> MemberCertificate:
    """A certificate of `member`; with `app`, its scan is a real PDF in the private storage."""
    if app is not None:
        from tests.catalog.helpers import pdf_bytes

        with app.test_request_context():
            key = private_files.save(private_files.check_upload(pdf_bytes(), "sertifikat.pdf"))
    else:
        key = f"{secrets.token_hex(16)}.pdf"
    cert = MemberCertificate(
        group_id=member.group_id,
        scheme=scheme,
        issuer="LSP Garmen Jawa Tengah",
        number=number or f"GRM.{next(_seq):05d}.2025",
        issued_on=issued_on,
        expires_on=expires_on,
        storage_key=key,
        content_type=private_files.PDF,
        original_name="sertifikat.pdf",
        size=100,
        status=status,
    )
    member.certificates.append(cert)
    session.flush()
    return cert
