"""Full-text search: the same behaviour on SQLite (FTS5) and PostgreSQL (tsvector)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marketplace.catalog import queries, search
from marketplace.catalog.search import fts5_query, tokens, tsquery_text
from tests.factories import make_group, make_product

ODD_QUERIES = [
    '"',
    "'",
    '"batik',
    "batik'",
    "*",
    "batik*",
    "-",
    "-batik",
    "batik -tulis",
    "😀",
    "batik 😀🔥",
    "AND",
    "OR NOT",
    "NEAR(batik keripik)",
    "name:batik",
    "a & b | !c",
    "tulis:*",
    "()",
    "\\",
    "%_",
    "'; DROP TABLE products; --",
    "ß ç é ñ",
    "²³",
    "ـ",
    " ",
    "x" * 500,
]


def test_tokens_keep_only_words():
    assert tokens('Batik "tulis"* -Rifaiyah 😀') == ["batik", "tulis", "rifaiyah"]
    assert tokens("nasi_kotak") == ["nasi", "kotak"]
    assert tokens("*-'\"😀") == []
    assert tokens(None) == []
    assert fts5_query(["batik", "tulis"]) == '"batik"* AND "tulis"*'
    assert tsquery_text(["batik", "tulis"]) == "batik:* & tulis:*"


@pytest.fixture
def searchable(db_session) -> dict:
    """Products whose words are in their names, descriptions or group names, by short key."""
    batik = make_group(db_session, name="Batik Rifaiyah Kalipucang", sectors=("kerajinan",))
    snacks = make_group(db_session, name="Keripik Sukun Tulis")
    sewing = make_group(db_session, name="Konveksi Maju Jaya", sectors=("konveksi",))
    items = {
        "kain": make_product(
            db_session,
            batik,
            name="Kain batik tulis",
            category="kerajinan",
            description="Motif Pelo Ati, dua meter.",
        ),
        "kemeja": make_product(
            db_session,
            batik,
            name="Kemeja pria lengan panjang",
            category="kerajinan",
            description="Kemeja bermotif khas Batang.",
        ),
        "keripik": make_product(db_session, snacks, name="Keripik sukun original"),
        "peyek": make_product(
            db_session, snacks, name="Peyek kacang", description="Gurih, cocok dengan keripik."
        ),
        "seragam": make_product(
            db_session,
            sewing,
            name="Seragam kerja pabrik",
            category="konveksi",
            price=185000,
            description="Kemeja dan celana drill.",
        ),
        "kaos": make_product(
            db_session,
            sewing,
            name="Kaos polo",
            category="konveksi",
            price=75000,
            description="Bisa untuk seragam komunitas.",
        ),
    }
    return items


def _names(session, q: str, **kw) -> list[str]:
    page = queries.catalog_page(session, queries.CatalogFilters(q=q, **kw))
    return [row.name for row in page.items]


def test_search_finds_products_by_name_description_and_group(db_session, searchable):
    # "batik": two products of the Batik group; the one with batik in its name ranks first.
    assert _names(db_session, "batik") == ["Kain batik tulis", "Kemeja pria lengan panjang"]
    # "keripik": name match first, then the description match.
    assert _names(db_session, "keripik") == ["Keripik sukun original", "Peyek kacang"]
    assert _names(db_session, "seragam") == ["Seragam kerja pabrik", "Kaos polo"]
    assert _names(db_session, "SERAGAM pabrik") == ["Seragam kerja pabrik"]
    assert _names(db_session, "kerip") == ["Keripik sukun original", "Peyek kacang"]  # prefix
    assert sorted(_names(db_session, "kalipucang")) == [
        "Kain batik tulis",
        "Kemeja pria lengan panjang",
    ]
    assert _names(db_session, "tidakadaapa") == []


def test_search_combines_with_filters_and_sort(db_session, searchable):
    assert _names(db_session, "seragam", category="konveksi", sort="cheapest") == [
        "Kaos polo",
        "Seragam kerja pabrik",
    ]
    assert _names(db_session, "kemeja", category="kerajinan") == ["Kemeja pria lengan panjang"]


def test_renamed_group_is_found_by_its_new_name(db_session, searchable):
    group = searchable["keripik"].group
    group.name = "Camilan Simbangdesa"
    db_session.flush()
    assert sorted(_names(db_session, "simbangdesa")) == ["Keripik sukun original", "Peyek kacang"]
    assert _names(db_session, "keripik sukun tulis") == []


def test_edited_product_is_found_by_new_words(db_session, searchable):
    searchable["kaos"].description = "Kaos wearpack hijau"
    db_session.flush()
    assert _names(db_session, "wearpack") == ["Kaos polo"]


@pytest.mark.parametrize("q", ODD_QUERIES)
def test_odd_queries_never_error(client, db_session, searchable, q):
    response = client.get("/products", query_string={"q": q})
    assert response.status_code == 200


def test_odd_queries_with_words_still_find(client, db_session, searchable):
    for q in ('"batik', "batik*", "-batik", "batik 😀🔥", "'batik'"):
        page = client.get("/products", query_string={"q": q}).get_data(as_text=True)
        assert "Kain batik tulis" in page, q


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(q=st.text(max_size=40))
def test_any_text_is_a_safe_query(db_session, searchable, q):
    queries.catalog_page(db_session, queries.CatalogFilters(q=q))


def test_name_matches_first_then_best_selling_across_pages(db_session):
    group = make_group(db_session, name="Kopi Pranten")
    named = [
        make_product(db_session, group, name=f"Kopi robusta {i}", sold_count=sold)
        for i, sold in enumerate((5, 40, 5, 0))
    ]
    described = [
        make_product(
            db_session,
            group,
            name=f"Gula aren {i}",
            description="Teman minum kopi robusta.",
            sold_count=sold,
        )
        for i, sold in enumerate((90, 1, 1))
    ]
    make_product(db_session, group, name="Gelas kaca")  # "kopi" only in the group name
    expected = [p.id for p in (named[1], named[2], named[0], named[3])]
    expected += [p.id for p in (described[0], described[2], described[1])]
    pages = [
        queries.catalog_page(db_session, queries.CatalogFilters(q="kopi robusta", page=n), 3)
        for n in (1, 2, 3)
    ]
    assert [row.id for page in pages for row in page.items] == expected
    assert [page.has_next for page in pages] == [True, True, False]
    # The single-statement order apply_search gives is the same.
    dialect = db_session.get_bind().dialect.name
    stmt, order = search.apply_search(queries._public_cards(), "kopi robusta", dialect)
    assert [row.id for row in db_session.execute(stmt.order_by(*order))] == expected


def test_search_page_numbers_past_the_matches_are_empty(db_session, searchable):
    page = queries.catalog_page(db_session, queries.CatalogFilters(q="batik", page=7), 1)
    assert page.items == [] and not page.has_next and page.has_prev
