"""Quotes past their validity date expire (SYSTEM move), once, by `flask pengadaan penawaran`;
the award page never offers them."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from marketplace.orders.models import Notification
from marketplace.procurement import quote_expiry, states
from marketplace.procurement.rfq_models import Quote
from tests.factories import add_member
from tests.procurement.factories import make_quote, make_rfq
from tests.procurement.po_helpers import award_setup, today


def _status(db_session, quote) -> str:
    db_session.expire_all()
    return db_session.get(Quote, quote.id).status


def _notices(db_session) -> list[Notification]:
    stmt = select(Notification).where(Notification.message == "quote.expired")
    return list(db_session.scalars(stmt))


def test_only_submitted_quotes_past_their_date_expire_once(db_session):
    rfq = make_rfq(db_session)
    day = today()
    past = make_quote(db_session, rfq)
    add_member(db_session, past.group)
    last_day = make_quote(db_session, rfq)
    withdrawn = make_quote(db_session, rfq, status=states.QUOTE_WITHDRAWN)
    accepted = make_quote(db_session, make_rfq(db_session), status=states.QUOTE_ACCEPTED)
    no_date = make_quote(db_session, rfq)
    for quote in (past, withdrawn, accepted):
        quote.valid_until = day - timedelta(days=1)
    last_day.valid_until = day  # valid through today
    no_date.valid_until = None
    db_session.flush()

    assert quote_expiry.due(db_session, day) == [past.id]
    assert quote_expiry.run(db_session, day) == 1
    assert _status(db_session, past) == states.QUOTE_EXPIRED
    assert _status(db_session, last_day) == states.QUOTE_SUBMITTED
    assert _status(db_session, withdrawn) == states.QUOTE_WITHDRAWN
    assert _status(db_session, accepted) == states.QUOTE_ACCEPTED
    assert _status(db_session, no_date) == states.QUOTE_SUBMITTED
    notices = _notices(db_session)
    assert len(notices) == 2  # the chair and the member of the quoting group
    assert {n.link_params["rfq_id"] for n in notices} == {rfq.id}

    assert quote_expiry.run(db_session, day) == 0  # idempotent: nothing more, no new notice
    assert len(_notices(db_session)) == 2
    # the next day the last-day quote goes too
    assert quote_expiry.run(db_session, day + timedelta(days=1)) == 1
    assert _status(db_session, last_day) == states.QUOTE_EXPIRED


def test_a_quote_accepted_meanwhile_is_left_alone(db_session):
    quote = make_quote(db_session, make_rfq(db_session))
    quote.valid_until = today() - timedelta(days=2)
    db_session.flush()
    ids = quote_expiry.due(db_session, today())
    quote.status = states.QUOTE_ACCEPTED  # the company awarded between listing and moving
    db_session.flush()
    assert [quote_expiry.expire_one(db_session, i, today()) for i in ids] == [False]
    assert _status(db_session, quote) == states.QUOTE_ACCEPTED


def test_cli_shows_progress_and_is_safe_to_run_twice(runner, db_session):
    quote = make_quote(db_session, make_rfq(db_session))
    quote.valid_until = today() - timedelta(days=1)
    db_session.commit()
    first = runner.invoke(args=["pengadaan", "penawaran", "--tanggal", today().isoformat()])
    assert first.exit_code == 0, first.output
    assert "Penawaran kedaluwarsa" in first.output and "Selesai: 1 penawaran" in first.output
    assert _status(db_session, quote) == states.QUOTE_EXPIRED
    second = runner.invoke(args=["pengadaan", "penawaran"])
    assert second.exit_code == 0, second.output
    assert "Selesai: 0 penawaran" in second.output


def test_award_page_does_not_offer_expired_quotes(client, db_session, login_as):
    setup = award_setup(db_session, ((150_000, 600, None), (155_000, 600, None)))
    stale = setup["quotes"][1]
    stale.valid_until = today() - timedelta(days=1)
    db_session.commit()
    login_as(setup["staff"])
    url = f"/pengadaan/permintaan/{setup['rfq'].id}/pemenang"
    item = setup["item"].id
    stale_field = f'name="q-{stale.group_id}-{item}"'
    assert stale_field not in client.get(url).get_data(as_text=True)  # before the job runs
    quote_expiry.run(db_session, today())
    db_session.commit()
    page = client.get(url).get_data(as_text=True)
    assert page.count('data-testid="award-group"') == 1 and stale_field not in page
    # an award naming the expired group's quote is refused, nothing written
    data = {"terms": "net30", "down_payment_percent": "0", stale_field[6:-1]: "600"}
    data[f"q-{setup['groups'][0].id}-{item}"] = "0"
    assert client.post(url, data=data).status_code in (409, 422)
    assert _status(db_session, stale) == states.QUOTE_EXPIRED
