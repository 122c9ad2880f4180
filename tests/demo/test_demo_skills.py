"""`flask demo load` adds member profiles and certificates once: the konveksi group's shop
counts its verified certificates, Mas Fajar has one to check and one expiring soon."""

from __future__ import annotations

from sqlalchemy import func, select

from marketplace.catalog.member_models import GroupMember, MemberCertificate
from marketplace.catalog.models import ProducerGroup
from tests.conftest import login


def test_demo_load_adds_members_and_certificates_once(runner, db_session, client):
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    members = db_session.scalar(select(func.count()).select_from(GroupMember))
    certificates = db_session.scalar(select(func.count()).select_from(MemberCertificate))
    assert members == 5 and certificates == 5
    group = db_session.scalars(
        select(ProducerGroup).where(ProducerGroup.name == "Konveksi Maju Jaya Gringsing")
    ).one()
    shop = client.get(f"/groups/{group.slug}").get_data(as_text=True)
    assert "Menjahit Pakaian dengan Mesin: 2 sertifikat" in shop and "Wati" not in shop
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    assert db_session.scalar(select(func.count()).select_from(GroupMember)) == members
    assert login(client, "fajar@demo.pasartkm.id", "demo12345").status_code == 302
    queue = client.get("/pendamping/sertifikat").get_data(as_text=True)
    assert "Rina Safitri" in queue and "1 sertifikat berakhir dalam 60 hari" in queue
    darto = client.get("/pendamping/sertifikat/kedaluwarsa").get_data(as_text=True)
    assert "Wati Lestari" in darto
