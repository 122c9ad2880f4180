"""The lists of deliveries and the procurement navigation: the company's receiving list links
each delivery that arrived to its BAST page, the group's list to its dispatch page, both with a
fixed number of statements; every company and group procurement page has its sub-navigation."""

from __future__ import annotations

from marketplace.procurement import states
from tests.factories import make_group
from tests.procurement.factories import (
    add_company_member,
    make_bast,
    make_company,
    make_delivery,
    make_po,
    make_quote,
    make_rfq,
)
from tests.querycount import count_queries


def _world(db_session, n_pos: int = 1, *, company=None, group=None):
    company = company or make_company(db_session)
    group = group or make_group(db_session, sectors=("konveksi",))
    made = []
    for _ in range(n_pos):
        po = make_po(db_session, company=company, group=group, status=states.PO_IN_DELIVERY)
        arrived = make_delivery(db_session, po, status=states.DELIVERY_DISPATCHED)
        for line in arrived.lines:
            line.qty_delivered = line.qty_planned
        coming = make_delivery(db_session, po)
        done = make_delivery(db_session, po)
        make_bast(db_session, done, rejected={po.lines[0].id: (2, "Jahitan lepas")})
        made.append((po, arrived, coming, done))
    db_session.commit()
    return company, group, made


def test_company_sees_what_arrived_with_a_link_to_sign_the_bast(client, db_session, login_as):
    company, group, [(po, arrived, coming, done)] = _world(db_session)
    login_as(company.members[0].user)
    page = client.get("/pengadaan/pengiriman")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert page.headers["Cache-Control"] == "no-store"
    assert 'data-testid="company-tabs"' in html and 'aria-current="page"' in html
    assert f'href="/pengadaan/pengiriman/{arrived.id}"' in html
    assert "Periksa dan tandatangani BAST" in html
    assert f'href="/pengadaan/pengiriman/{coming.id}"' in html
    assert "ditolak 2" in html and done.bast.number in html
    assert html.count('data-testid="delivery-row"') == 3
    assert group.name in html and "Dalam perjalanan" in html  # the label, never the code
    assert ">dispatched<" not in html


def test_group_sees_what_to_send(client, db_session, login_as):
    company, group, [(po, arrived, coming, done)] = _world(db_session)
    login_as(group.chair)
    html = client.get("/pengadaan/kelompok/pengiriman").get_data(as_text=True)
    assert 'data-testid="group-tabs"' in html
    assert f'href="/pengadaan/kelompok/pengiriman/{coming.id}"' in html
    assert "Buka dan kirim" in html and company.name in html
    other = make_group(db_session, sectors=("konveksi",))
    db_session.commit()
    client.post("/akun/keluar")
    login_as(other.chair)
    html = client.get("/pengadaan/kelompok/pengiriman").get_data(as_text=True)
    assert 'data-testid="delivery-row"' not in html


def test_lists_take_a_fixed_number_of_statements(app, client, db_session, login_as):
    company, group, _made = _world(db_session, 1)
    login_as(company.members[0].user)
    with count_queries(app) as few:
        assert client.get("/pengadaan/pengiriman").status_code == 200
    _world(db_session, 4, company=company, group=group)
    with count_queries(app) as many:
        html = client.get("/pengadaan/pengiriman").get_data(as_text=True)
    assert html.count('data-testid="delivery-row"') == 15
    assert len(few) == len(many)
    client.post("/akun/keluar")
    login_as(group.chair)
    with count_queries(app) as group_many:
        assert client.get("/pengadaan/kelompok/pengiriman").status_code == 200
    assert len(group_many) <= len(many) + 4


def test_po_pages_link_their_deliveries(client, db_session, login_as):
    company, group, [(po, arrived, coming, done)] = _world(db_session)
    login_as(company.members[0].user)
    html = client.get(f"/pengadaan/po/{po.id}").get_data(as_text=True)
    assert f'href="/pengadaan/pengiriman/{arrived.id}"' in html
    client.post("/akun/keluar")
    login_as(group.chair)
    html = client.get(f"/pengadaan/kelompok/po/{po.id}").get_data(as_text=True)
    assert f'href="/pengadaan/kelompok/pengiriman/{coming.id}"' in html
    assert 'data-testid="group-tabs"' in html


def test_navigation_reaches_the_procurement_pages(client, db_session, login_as):
    company = make_company(db_session)
    group = make_group(db_session, sectors=("konveksi",))
    db_session.commit()
    login_as(company.members[0].user)
    html = client.get("/pengadaan/po").get_data(as_text=True)
    assert 'href="/pengadaan/permintaan" data-testid="nav-procurement"' in html
    for url in ("/pengadaan/perusahaan", "/pengadaan/permintaan", "/pengadaan/pengiriman",
                "/pengadaan/tagihan", "/pengadaan/katering"):  # fmt: skip
        assert f'href="{url}"' in html, url
    client.post("/akun/keluar")
    login_as(group.chair)
    html = client.get("/pengadaan/kelompok/permintaan").get_data(as_text=True)
    assert 'href="/pengadaan/kelompok/permintaan" data-testid="nav-company-orders"' in html
    for url in ("/pengadaan/kelompok/po", "/pengadaan/kelompok/pengiriman",
                "/pengadaan/kelompok/tagihan", "/pengadaan/kelompok/katering"):  # fmt: skip
        assert f'href="{url}"' in html, url


def test_english_lists(client, db_session, login_as):
    company, group, _made = _world(db_session)
    login_as(company.members[0].user)
    client.get("/bahasa/en")
    html = client.get("/pengadaan/pengiriman").get_data(as_text=True)
    assert "Goods receipt" in html and "Penerimaan barang" not in html
    client.post("/akun/keluar")
    login_as(group.chair)
    client.get("/bahasa/en")
    html = client.get("/pengadaan/kelompok/pengiriman").get_data(as_text=True)
    assert "To send" in html and "Harus dikirim" not in html


def test_request_page_leads_the_requester_to_the_award(client, db_session, login_as):
    company = make_company(db_session)
    group = make_group(db_session, sectors=("konveksi",))
    rfq = make_rfq(db_session, company, recipients=(group,))
    db_session.commit()
    login_as(company.members[0].user)
    award = f'href="/pengadaan/permintaan/{rfq.id}/pemenang"'
    assert award not in client.get(f"/pengadaan/permintaan/{rfq.id}").get_data(as_text=True)
    make_quote(db_session, rfq, group)
    db_session.commit()
    html = client.get(f"/pengadaan/permintaan/{rfq.id}").get_data(as_text=True)
    assert award in html and "Pilih pemenang dan bagi pesanan" in html
    finance = add_company_member(db_session, company, "finance")
    db_session.commit()
    client.post("/akun/keluar")
    login_as(finance)
    assert award not in client.get(f"/pengadaan/permintaan/{rfq.id}").get_data(as_text=True)
