"""A deal through every move that someone is told of: proposed, countered, agreed, confirmed,
a tranche sent, a repayment, an update, completed; two more deals withdrawn (with and without
a reason). Used by the notices' tests and by the test that every notification link opens."""

from __future__ import annotations

import io
from datetime import date
from types import SimpleNamespace

from marketplace.investors import deal_states as states
from marketplace.investors import deals, transfers
from tests.catalog.helpers import pdf_bytes
from tests.factories import make_interest, make_user, make_vetted_group

TERMS = deals.Terms(
    instrument="loan",
    amount=12_000_000,
    tranches=[(12_000_000, date(2025, 12, 1))],
    term_months=12,
    rate_bps=1200,
    first_due_on=date(2026, 1, 31),
)


def deal_moves(client, db_session, login_as, officer) -> SimpleNamespace:
    """Every move of a deal between a new vetted group and a new investor; who was involved."""
    group = make_vetted_group(db_session, officer, name="Konveksi Gringsing Jaya")
    investor = make_user(db_session, role="investor", name="Ratna Ayu")
    chair = group.chair
    deal = deals.propose(db_session, make_interest(db_session, group, investor), chair,
                         states.GROUP, TERMS)  # fmt: skip
    deals.counter(db_session, deal, investor, states.INVESTOR, TERMS)
    deals.agree(db_session, deal, chair, states.GROUP)
    deals.confirm(db_session, officer, deal)
    db_session.commit()
    login_as(investor)  # the transfer's proof is an upload: over HTTP
    form = {"disbursed_on": "2025-12-02", "reference": "BRI 0099",
            "proof": (io.BytesIO(pdf_bytes()), "bukti.pdf")}  # fmt: skip
    url = f"/investor/kesepakatan/{deal.id}/pencairan/{deal.tranches[0].id}"
    assert client.post(url, data=form, content_type="multipart/form-data").status_code == 302
    client.post("/akun/keluar")
    db_session.expire_all()
    instalment = deal.instalments[0]
    transfers.record_repayment(db_session, deal, instalment, chair, 1_100_000,
                               date(2026, 1, 30), "TRF 1")  # fmt: skip
    deals.post_update(db_session, deal, chair, "Dua mesin obras sudah dibeli.", 2, [])
    deals.complete(db_session, officer, deal)
    withdrawn = deals.propose(db_session, make_interest(db_session, group, investor),
                              investor, states.INVESTOR, TERMS)  # fmt: skip
    deals.cancel(db_session, withdrawn, chair, states.GROUP)
    refused = deals.propose(db_session, make_interest(db_session, group, investor), chair,
                            states.GROUP, TERMS)  # fmt: skip
    deals.agree(db_session, refused, investor, states.INVESTOR)
    deals.cancel(db_session, refused, officer, states.OFFICER, "Dokumen jaminan tidak lengkap")
    db_session.commit()
    return SimpleNamespace(group=group, investor=investor, chair=chair, deal=deal)
