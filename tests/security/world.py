"""One world for the security tests: two groups, their shops, orders, a payment, a pitch.

Everything URL parameters point at belongs to group A or to `buyer` (buyer1); group B's chair
and `buyer2` are the "other" users who must never reach it. `clients()` gives one logged-in
test client per kind of user.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.accounts import services as account_services
from marketplace.accounts.models import User
from marketplace.catalog import services as catalog_services
from marketplace.catalog.images import process_image
from marketplace.catalog.storage import get_storage
from marketplace.core.timeutil import utcnow
from marketplace.investors import documents, interest, summary
from marketplace.investors.models import GroupDocument
from marketplace.investors.pitch_models import Pitch, PitchAttachment, PitchFundLine
from marketplace.payments.models import PaymentAttempt
from tests.catalog.helpers import pdf_bytes
from tests.catalog.helpers import png_bytes as any_png
from tests.conftest import login
from tests.factories import (
    make_capacity,
    make_logistics,
    make_online_checkout,
    make_order,
    make_product,
    make_service,
    make_sold_order,
    make_user,
    make_vetted_group,
)
from tests.procurement.factories import make_company

USERS = (
    "anon",
    "buyer",
    "buyer2",
    "prodA",
    "prodB",
    "inv_pending",
    "inv",
    "officer",
    "company",  # requester, approver and finance of company A
    "compB",  # the same at company B: must never reach company A's rows
)


def png_bytes(size=(64, 48)) -> bytes:
    """A small opaque PNG."""
    return any_png(size, mode="RGB")


@dataclass
class World:
    users: dict[str, User | None]
    ids: dict[str, Any] = field(default_factory=dict)


def build_world(app: Flask, db_session: Session) -> World:
    """Build the world in `db_session` and commit it (to the test's rolled-back connection)."""
    officer = make_user(db_session, role="officer")
    users: dict[str, User | None] = {
        "anon": None,
        "buyer": make_user(db_session),
        "buyer2": make_user(db_session),
        "prodA": make_user(db_session),
        "prodB": make_user(db_session),
        "inv_pending": make_user(db_session, role="investor", approved=False),
        "inv": make_user(db_session, role="investor"),
        "officer": officer,
        "company": make_user(db_session),
        "compB": make_user(db_session),
    }
    company_a = make_company(db_session, staff=users["company"])
    make_company(db_session, staff=users["compB"])
    group_a = make_vetted_group(db_session, officer, chair=users["prodA"])
    group_b = make_vetted_group(db_session, officer, chair=users["prodB"])
    logistics = make_logistics(db_session)
    for group in (group_a, group_b):
        make_service(db_session, group, logistics)
    product_a = make_product(db_session, group_a)
    make_product(db_session, group_b)
    capacity_a = make_capacity(db_session, group_a, product=product_a, units_per_day=1000)
    buyer = users["buyer"]
    cod = make_order(db_session, buyer, {product_a: 1}, logistics)
    make_order(db_session, users["buyer2"], {product_a: 1}, logistics)
    done = make_sold_order(db_session, group_a, buyer, 30_000, logistics=logistics)
    with app.test_request_context():
        photo = catalog_services.add_photo(
            db_session, product_a, process_image(png_bytes()), get_storage()
        )
        online, _, _ = make_online_checkout(db_session, group=group_a, buyer=buyer)
        doc_key = documents.save(documents.check_upload(pdf_bytes(), "nib.pdf"))
        att_key = documents.save(documents.check_upload(pdf_bytes(), "rab.pdf"))
        token = account_services.make_reset_token(buyer)
        doc = GroupDocument(
            group_id=group_a.id,
            kind="nib",
            storage_key=doc_key,
            content_type=documents.PDF,
            original_name="nib.pdf",
            size=10,
            uploaded_by=users["prodA"].id,
        )
        db_session.add(doc)
        pitch = Pitch(
            group_id=group_a.id,
            title="Tambah mesin jahit",
            amount=10_000_000,
            partnership="bagi_hasil",
            status="published",
            created_by=users["prodA"].id,
            published_at=utcnow(),
            snapshot=summary.compute(db_session, group_a).to_json(),
            snapshot_at=utcnow(),
        )
        pitch.lines.append(PitchFundLine(description="Mesin", amount=10_000_000))
        attachment = PitchAttachment(
            storage_key=att_key, content_type=documents.PDF, original_name="rab.pdf", size=10
        )
        pitch.attachments.append(attachment)
        db_session.add(pitch)
        db_session.flush()
        thread = interest.express(db_session, users["inv"], pitch, None, "Kami tertarik.")
        deliveries = _procurement_world(db_session, company_a, group_a, logistics)
    rfq_a, rfq_file = _rfq_of_company_a(app, db_session, company_a, group_a, logistics)
    db_session.commit()
    world = World(users)
    world.ids.update(
        group_a=group_a,
        group_b=group_b,
        product=product_a,
        photo=photo,
        cod_checkout=cod,
        order=cod.orders[0],
        completed_order=done,
        online_checkout=online,
        doc=doc,
        pitch=pitch,
        attachment=attachment,
        interest=thread,
        point=logistics["points"][0],
        capacity=capacity_a,
        token=token,
        company_a=company_a,
        rfq=rfq_a,
        rfq_file=rfq_file,
        **deliveries,
    )
    return world


def clients(app: Flask, world: World) -> dict[str, FlaskClient]:
    """A test client per kind of user, logged in through the real form."""
    out = {}
    for kind, user in world.users.items():
        client = app.test_client()
        if user is not None:
            relogin(client, user)
        out[kind] = client
    return out


def relogin(client: FlaskClient, user: User) -> None:
    response = login(client, user.email)
    assert response.status_code == 302, response.get_data(as_text=True)[:300]


def start_payment(client: FlaskClient, db_session: Session, world: World) -> str:
    """buyer1 starts the simulator payment of the online checkout; return its order_id."""
    checkout = world.ids["online_checkout"]
    response = client.post(f"/pembayaran/{checkout.id}/bayar")
    assert response.status_code == 303, response.status_code
    db_session.expire_all()
    return db_session.scalars(
        select(PaymentAttempt.provider_order_id).where(PaymentAttempt.checkout_id == checkout.id)
    ).one()


def resolve(rule: str, name: str, world: World) -> Any:
    """The value of URL parameter `name` in `rule`: always group A's / buyer1's object."""
    ids = world.ids
    if name == "order_id":
        return ids["provider_order_id"] if rule.startswith("/payments/") else ids["order"].id
    if name == "checkout_id":
        key = "online_checkout" if rule.startswith("/pembayaran") else "cod_checkout"
        return ids[key].id
    if name == "key":
        return ids["photo"].thumb_key if rule.startswith("/media") else "omzet"
    if name == "name":  # a fingerprinted static asset
        return ids["asset"]
    if name == "action":
        return "utama" if "/foto/" in rule else "kirim"
    simple = {
        "product_id": lambda: ids["product"].id,
        "photo_id": lambda: ids["photo"].id,
        "slug": lambda: ids["group_a"].slug,
        "group_id": lambda: ids["group_a"].id,
        "doc_id": lambda: ids["doc"].id,
        "pitch_id": lambda: ids["pitch"].id,
        "attachment_id": lambda: ids["attachment"].id,
        "interest_id": lambda: ids["interest"].id,
        "capacity_id": lambda: ids["capacity"].id,
        "user_id": lambda: world.users["inv_pending"].id,
        "item_id": lambda: ids["point"].id,
        "kind": lambda: "titik-ambil",
        "token": lambda: ids["token"],
        "code": lambda: "en",
        "company_id": lambda: ids["company_a"].id,
        "rfq_id": lambda: ids["rfq"].id,
        "file_id": lambda: ids["rfq_file"].id,
        "delivery_id": lambda: ids["delivery"].id,
        "bast_id": lambda: ids["bast"].id,
        "bast_photo_id": lambda: ids["bast"].photos[0].id,
    }
    return simple[name]()


def url_for_rule(rule: str, world: World) -> str:
    """The rule's path with each parameter filled with group A's / buyer1's object."""
    return re.sub(
        r"<(?:[^:<>]+:)?([^<>]+)>", lambda m: quote(str(resolve(rule, m.group(1), world))), rule
    )


def post_data(rule: str, world: World) -> dict:
    """Form data a POST needs to reach its view's authorization-relevant code."""
    if rule == "/keranjang/tambah":
        return {"product_id": str(world.ids["product"].id), "quantity": "1"}
    if rule.startswith("/pesanan/") and rule.endswith("/ulasan"):
        return {"product_id": str(world.ids["product"].id), "rating": "5"}
    return {}


# --- billing (invoices): appended so each procurement area extends the world on its own ------
_build_world_before_billing = build_world
_resolve_before_billing = resolve


def build_world(app: Flask, db_session: Session) -> World:  # noqa: F811 - extends the above
    """The world above plus an invoice of company A to group A (`invoice`)."""
    from tests.procurement.factories import make_invoice, make_po

    world = _build_world_before_billing(app, db_session)
    po = make_po(db_session, company=world.ids["company_a"], group=world.ids["group_a"])
    world.ids["invoice"] = make_invoice(db_session, po, kind="down_payment")
    db_session.commit()
    return world


def resolve(rule: str, name: str, world: World) -> Any:  # noqa: F811 - extends the above
    if name == "invoice_id":
        return world.ids["invoice"].id
    return _resolve_before_billing(rule, name, world)


# --- purchase orders (po helper): `po_id` is an issued PO of company A to group A, made from
# a sent request (`rfq_id`, unless the request pages resolve it already) and group A's quote.
_build_world_before_po = build_world
_resolve_before_po = resolve


def build_world(app: Flask, db_session: Session) -> World:  # noqa: F811 - extends the above
    from marketplace.procurement import states as proc_states
    from tests.procurement.factories import make_delivery, make_po, make_quote, make_rfq

    world = _build_world_before_po(app, db_session)
    ids = world.ids
    logistics = make_logistics(db_session)
    rfq = make_rfq(db_session, ids["company_a"], recipients=(ids["group_a"],), logistics=logistics)
    quote = make_quote(db_session, rfq, ids["group_a"], lead_time_days=0)
    po = make_po(db_session, quote=quote, status=proc_states.PO_ISSUED, logistics=logistics)
    make_delivery(db_session, po)
    db_session.commit()
    ids.update(po=po, po_rfq=rfq)
    return world


def resolve(rule: str, name: str, world: World) -> Any:  # noqa: F811 - extends the above
    if name == "po_id":
        return world.ids["po"].id
    try:
        return _resolve_before_po(rule, name, world)
    except KeyError:
        if name == "rfq_id":
            return world.ids["po_rfq"].id
        raise


def _rfq_of_company_a(app: Flask, db_session: Session, company, group, logistics):
    """A sent request of company A to group A, with a stored PDF attachment."""
    from marketplace.procurement.rfq_models import RfqAttachment
    from tests.procurement.factories import make_rfq

    rfq = make_rfq(
        db_session,
        company,
        category="makanan-minuman",
        items=(("Nasi kotak ayam", 250, {"menu": "Nasi kotak ayam", "per_day": 250, "days": [0]}),),
        recipients=(group,),
        logistics=logistics,
    )
    with app.test_request_context():
        checked = documents.check_upload(pdf_bytes(), "menu.pdf")
        key = documents.save(checked)
    attachment = RfqAttachment(
        rfq_id=rfq.id,
        storage_key=key,
        filename="menu.pdf",
        content_type=documents.PDF,
        size=len(checked.data),
    )
    db_session.add(attachment)
    db_session.flush()
    return rfq, attachment


def _procurement_world(db_session: Session, company, group, logistics) -> dict[str, Any]:
    """Company A's accepted PO to group A: a dispatched delivery (`delivery_id`) and a
    received one with a signed BAST and a photo (`bast_id`, `bast_photo_id`)."""
    from marketplace.procurement import states
    from tests.procurement.factories import make_bast, make_delivery, make_po

    po = make_po(db_session, company=company, group=group, logistics=logistics)
    po.status = states.PO_IN_DELIVERY
    received = make_delivery(db_session, po, quantities={po.lines[0].id: 50})
    bast = make_bast(db_session, received, photos=1)
    key = f"{'b' * 32}.jpg"
    get_storage("private").save(key, process_image(png_bytes()).large, "image/jpeg")
    bast.photos[0].storage_key = key
    delivery = make_delivery(db_session, po, quantities={po.lines[0].id: 50})
    delivery.status = states.DELIVERY_DISPATCHED
    delivery.lines[0].qty_delivered = 50
    db_session.flush()
    return {"delivery": delivery, "bast": bast}


# --- recurring catering (appended): `contract_id` is company A's contract with group A -------
_build_world_before_catering = build_world
_resolve_before_catering = resolve


def build_world(app: Flask, db_session: Session) -> World:  # noqa: F811 - extends the above
    from tests.procurement.factories import make_contract

    world = _build_world_before_catering(app, db_session)
    world.ids["contract"] = make_contract(
        db_session, company=world.ids["company_a"], group=world.ids["group_a"]
    )
    db_session.commit()
    return world


def resolve(rule: str, name: str, world: World) -> Any:  # noqa: F811 - extends the above
    if name == "contract_id":
        return world.ids["contract"].id
    return _resolve_before_catering(rule, name, world)


# --- aid and incentives (appended): `aid_id` is group A's aid record, `round_id` a draft round --
_build_world_before_incentives = build_world
_resolve_before_incentives = resolve


def build_world(app: Flask, db_session: Session) -> World:  # noqa: F811 - extends the above
    from datetime import date

    from marketplace.catalog.aid_models import AidRecord
    from marketplace.program.incentive_models import IncentiveCriterion, IncentiveRound

    world = _build_world_before_incentives(app, db_session)
    group = world.ids["group_a"]
    officer = world.users["officer"]
    record = AidRecord(group_id=group.id, year=2023, kind="equipment", amount=1, source="ministry")
    rnd = IncentiveRound(name="Putaran uji", cutoff=date(2025, 1, 1), created_by=officer.id)
    rnd.criteria = [IncentiveCriterion(key="revenue_12m", weight=1)]
    db_session.add_all([record, rnd])
    db_session.flush()
    world.ids["aid"], world.ids["incentive_round"] = record, rnd
    db_session.commit()
    return world


def resolve(rule: str, name: str, world: World) -> Any:  # noqa: F811 - extends the above
    if name == "aid_id":
        return world.ids["aid"].id
    if name == "round_id":
        return world.ids["incentive_round"].id
    return _resolve_before_incentives(rule, name, world)


# --- skills (members' profiles and certificates): `member_id`, `training_id` and
# `certificate_id` are group A's; the member's personal data is in MEMBER_PRIVATE, which no
# public or investor page may show (tests/security/test_personal_data.py).
_build_world_before_skills = build_world
_resolve_before_skills = resolve

MEMBER_PRIVATE = {
    "name": "Wulandari Kusumastuti",
    "number": "LSP-KNV.0731.2025",
    "scan": "scan-wulandari.pdf",
    "training": "Pelatihan Bordir Komputer Semarang",
}


def build_world(app: Flask, db_session: Session) -> World:  # noqa: F811 - extends the above
    from tests.factories import make_certificate, make_member, make_training

    world = _build_world_before_skills(app, db_session)
    member = make_member(
        db_session,
        world.ids["group_a"],
        name=MEMBER_PRIVATE["name"],
        age_band="under_20",
        gender="female",
    )
    training = make_training(db_session, member, title=MEMBER_PRIVATE["training"])
    pending = make_certificate(
        db_session, member, status="pending", number=MEMBER_PRIVATE["number"], app=app
    )
    pending.original_name = MEMBER_PRIVATE["scan"]
    make_certificate(db_session, member, scheme="Barista", status="verified")
    db_session.commit()
    world.ids.update(member=member, training=training, certificate=pending)
    return world


def resolve(rule: str, name: str, world: World) -> Any:  # noqa: F811 - extends the above
    ids = {"member_id": "member", "training_id": "training", "certificate_id": "certificate"}
    if name in ids:
        return world.ids[ids[name]].id
    return _resolve_before_skills(rule, name, world)


# --- mentoring (appended): group A's plan with a hand-checked goal (`goal_id`), a session
# with a photo (`mentoring_photo_id`) and a follow-up (`followup_id`) ----------------------
_build_world_before_mentoring = build_world
_resolve_before_mentoring = resolve


def build_world(app: Flask, db_session: Session) -> World:  # noqa: F811 - extends the above
    from marketplace.core.timeutil import wib_today
    from marketplace.program import mentoring

    world = _build_world_before_mentoring(app, db_session)
    group, officer = world.ids["group_a"], world.users["officer"]
    with app.test_request_context():
        plan = mentoring.save_plan(db_session, officer, group, "Rencana", "", wib_today(), None)
        goal = mentoring.add_goal(db_session, plan, "manual", "Label kemasan", wib_today())
        images = mentoring.prepare_photos([png_bytes()])
        record = mentoring.record_session(
            db_session, officer, group, wib_today(), "Topik", "Catatan", images=images
        )
        followup = mentoring.add_followup(db_session, officer, group, "Foto produk", wib_today())
    db_session.commit()
    world.ids.update(
        mentoring_goal=goal, mentoring_photo=record.photos[0], mentoring_followup=followup
    )
    return world


def resolve(rule: str, name: str, world: World) -> Any:  # noqa: F811 - extends the above
    ids = world.ids
    if name == "goal_id":
        return ids["mentoring_goal"].id
    if name == "mentoring_photo_id":
        return ids["mentoring_photo"].id
    if name == "followup_id":
        return ids["mentoring_followup"].id
    return _resolve_before_mentoring(rule, name, world)


# --- jobs (issue 16, appended): `worker_id` is a workforce record of group A -----------------
_build_world_before_jobs = build_world
_resolve_before_jobs = resolve


def build_world(app: Flask, db_session: Session) -> World:  # noqa: F811 - extends the above
    from datetime import date

    from tests.catalog.workforce_factories import make_worker

    world = _build_world_before_jobs(app, db_session)
    world.ids["worker"] = make_worker(db_session, world.ids["group_a"], date(2026, 1, 1))
    db_session.commit()
    return world


def resolve(rule: str, name: str, world: World) -> Any:  # noqa: F811 - extends the above
    if name == "worker_id":
        return world.ids["worker"].id
    return _resolve_before_jobs(rule, name, world)


# --- deals (issue 16, appended): `deal_id` is a confirmed loan between `inv` and group A, made
# from inv's interest in group A's pitch; `tranche_id`, `update_id` and (on deal rules)
# `file_id` are its tranche, its group update and the tranche's proof.
_build_world_before_deals = build_world
_resolve_before_deals = resolve


def build_world(app: Flask, db_session: Session) -> World:  # noqa: F811 - extends the above
    from datetime import date

    from marketplace.investors import deals as deal_services
    from marketplace.investors.deal_models import DealFile
    from tests.investors.deal_factories import make_deal

    world = _build_world_before_deals(app, db_session)
    ids, users = world.ids, world.users
    with app.test_request_context():
        deal = make_deal(
            db_session, ids["group_a"], users["inv"], users["officer"], interest=ids["interest"]
        )
        key = f"{'d' * 32}.pdf"
        get_storage("private").save(key, pdf_bytes(), documents.PDF)
        proof = DealFile(
            deal_id=deal.id, storage_key=key, content_type=documents.PDF,
            original_name="bukti.pdf", size=10, uploaded_by=users["inv"].id,
        )  # fmt: skip
        db_session.add(proof)
        db_session.flush()
        deal.tranches[0].proof_id = proof.id
        update = deal_services.post_update(db_session, deal, users["prodA"], "Mesin dibeli", 1, [])
        deal.tranches[0].planned_on = date(2025, 12, 1)
    db_session.commit()
    ids.update(deal=deal, deal_file=proof, deal_update=update)
    return world


def resolve(rule: str, name: str, world: World) -> Any:  # noqa: F811 - extends the above
    ids = world.ids
    if "kesepakatan" in rule:
        if name == "file_id":
            return ids["deal_file"].id
        if name == "action":
            return "setuju"
    simple = {
        "deal_id": lambda: ids["deal"].id,
        "tranche_id": lambda: ids["deal"].tranches[0].id,
        "update_id": lambda: ids["deal_update"].id,
    }
    if name in simple:
        return simple[name]()
    return _resolve_before_deals(rule, name, world)


# --- push devices (issue 17, appended): `device_id` is buyer1's push subscription ---------
_build_world_before_push = build_world
_resolve_before_push = resolve


def build_world(app: Flask, db_session: Session) -> World:  # noqa: F811 - extends the above
    from tests.outbox.factories import make_device

    world = _build_world_before_push(app, db_session)
    world.ids["device"] = make_device(db_session, world.users["buyer"])
    db_session.commit()
    return world


def resolve(rule: str, name: str, world: World) -> Any:  # noqa: F811 - extends the above
    if name == "device_id":
        return world.ids["device"].id
    return _resolve_before_push(rule, name, world)
