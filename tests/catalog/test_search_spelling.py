"""Search forgives spelling variants and typos (issue 13), the same on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from marketplace.catalog import queries, search_terms, spelling
from marketplace.catalog.constants import STATUS_SUSPENDED
from marketplace.catalog.search_terms import SearchTerm
from tests.catalog.test_search import ODD_QUERIES
from tests.factories import make_group, make_product


@pytest.fixture
def shop(db_session):
    snacks = make_group(db_session, name="Camilan Warungasem")
    batik = make_group(db_session, name="Batik Rifaiyah Kalipucang", sectors=("kerajinan",))
    return {
        "sukun": make_product(db_session, snacks, name="Keripik sukun original"),
        "pedas": make_product(
            db_session, snacks, name="Keripik singkong pedas", description="Renyah dan pedas."
        ),
        "sambal": make_product(db_session, snacks, name="Sambal bawang", description="Pedas."),
        "kain": make_product(
            db_session, batik, name="Kain batik tulis", category="kerajinan", sold_count=3
        ),
        "kemeja": make_product(
            db_session, batik, name="Kemeja batik pria", category="kerajinan", sold_count=9
        ),
    }


def _search(session, q: str, **kw) -> queries.Page:
    return queries.catalog_page(session, queries.CatalogFilters(q=q, **kw))


def _names(page: queries.Page) -> list[str]:
    return [row.name for row in page.items]


def test_the_issue_examples_find_the_intended_products(db_session, shop):
    page = _search(db_session, "kripik")
    assert (page.corrected, page.typed) == ("keripik", "kripik")
    assert sorted(_names(page)) == ["Keripik singkong pedas", "Keripik sukun original"]

    page = _search(db_session, "sambel")
    assert (page.corrected, _names(page)) == ("sambal", ["Sambal bawang"])

    page = _search(db_session, "batk")
    assert page.corrected == "batik"
    assert _names(page) == ["Kemeja batik pria", "Kain batik tulis"]  # the usual order


def test_only_the_misspelt_word_changes(db_session, shop):
    page = _search(db_session, "kripik PEDAS")
    assert (page.corrected, page.typed) == ("keripik pedas", "kripik PEDAS")
    assert _names(page) == ["Keripik singkong pedas"]
    # Old spellings and doubled letters too.
    assert _search(db_session, "sammbal").corrected == "sambal"
    make_product(db_session, shop["sukun"].group, name="Jamu kunyit asam")
    assert _search(db_session, "djamu").corrected == "jamu"


def test_an_exact_match_is_never_corrected(db_session, shop):
    for q in ("keripik", "kerip", "batik tulis", "kalipucang", "singkong pedas"):
        page = _search(db_session, q)
        assert page.items and not page.corrected and not page.suggestions, q
    # A variant that some product really uses is found as typed, not "corrected" away.
    make_product(db_session, shop["sambal"].group, name="Sambel ijo")
    page = _search(db_session, "sambel")
    assert (_names(page), page.corrected) == (["Sambel ijo"], "")


def test_did_you_mean_when_the_corrected_search_still_finds_nothing(db_session, shop):
    # Both words are fixed, but no product is both a snack and batik: suggest each alone.
    page = _search(db_session, "kripik batk")
    assert page.items == [] and not page.corrected
    assert page.suggestions == ["keripik", "batik"]
    # Too far for an automatic correction of a short word, close enough to suggest.
    page = _search(db_session, "btk")
    assert page.items == [] and page.suggestions == ["batik"]
    # Nothing close at all: no suggestion.
    page = _search(db_session, "xyzzyq")
    assert page.items == [] and page.suggestions == []


def test_search_page_shows_the_correction_and_the_suggestions(client, db_session, shop):
    html = client.get("/products", query_string={"q": "kripik <b>x</b>"}).get_data(as_text=True)
    # "kripik b x b": x and b are too short to correct, so nothing matches; suggestion links.
    assert 'data-testid="did-you-mean"' in html and "<b>x</b>" not in html

    html = client.get("/products", query_string={"q": "kripik"}).get_data(as_text=True)
    assert 'data-testid="search-corrected"' in html
    assert "Hasil untuk <strong>keripik</strong> (Anda mengetik <em>kripik</em>)" in html
    assert "Keripik sukun original" in html

    html = client.get("/products", query_string={"q": 'kripik "&'}).get_data(as_text=True)
    assert "(Anda mengetik <em>kripik &#34;&amp;</em>)" in html  # what was typed, escaped

    html = client.get("/products", query_string={"q": "kripik batk"}).get_data(as_text=True)
    assert "Mungkin maksud Anda:" in html
    assert 'href="/products?q=keripik"' in html and 'href="/products?q=batik"' in html


def test_the_correction_reads_in_english_too(client, db_session, shop):
    client.get("/bahasa/en")
    html = client.get("/products", query_string={"q": "kripik"}).get_data(as_text=True)
    assert "Showing results for <strong>keripik</strong> (you typed <em>kripik</em>)" in html
    html = client.get("/products", query_string={"q": "btk"}).get_data(as_text=True)
    assert "Did you mean:" in html


def test_pages_of_a_corrected_search_carry_the_corrected_words(client, db_session, shop):
    group = shop["kain"].group
    for i in range(30):
        make_product(db_session, group, name=f"Selendang batik {i}", category="kerajinan")
    html = client.get("/products", query_string={"q": "batk"}).get_data(as_text=True)
    assert "Hasil untuk <strong>batik</strong>" in html
    assert 'href="/products?q=batik&amp;hal=2"' in html
    page2 = client.get("/products?q=batik&hal=2").get_data(as_text=True)
    assert "Selendang batik" in page2


def test_filters_still_apply_to_the_corrected_search(db_session, shop):
    # "batik" finds no food either, and a link to it would keep the filter: no suggestion.
    page = _search(db_session, "batk", category="makanan-minuman")
    assert page.items == [] and not page.corrected and page.suggestions == []
    page = _search(db_session, "batk", category="kerajinan", sort="cheapest")
    assert page.corrected == "batik" and len(page.items) == 2


def _terms(session) -> dict[str, int]:
    rows = session.execute(sa.select(SearchTerm.word, SearchTerm.frequency)).all()
    return dict(rows)


def test_the_word_list_follows_every_product_change(db_session, shop):
    terms = _terms(db_session)
    assert terms["keripik"] == 2 and terms["pedas"] == 2  # products, not occurrences
    assert terms["kalipucang"] == 1  # verified group names count too
    assert all(len(w) >= 3 for w in terms)

    shop["sambal"].name = "Sambal terasi"
    db_session.flush()
    assert "terasi" in _terms(db_session) and "bawang" not in _terms(db_session)
    assert _search(db_session, "trasi").corrected == "terasi"

    shop["pedas"].is_active = False
    db_session.flush()
    terms = _terms(db_session)
    assert terms["keripik"] == 1 and "singkong" not in terms and "renyah" not in terms

    db_session.delete(shop["sukun"])
    db_session.flush()
    assert "keripik" not in _terms(db_session) and "sukun" not in _terms(db_session)
    assert _search(db_session, "kripik").suggestions == []

    shop["kain"].group.status = STATUS_SUSPENDED
    db_session.flush()
    assert "kalipucang" not in _terms(db_session)


def test_rebuild_gives_the_counts_the_upkeep_keeps(db_session, shop):
    shop["kemeja"].description = "Batik cap, katun."
    shop["pedas"].is_active = False
    db_session.flush()
    kept = _terms(db_session)
    assert search_terms.rebuild(db_session) == len(kept)
    assert _terms(db_session) == kept
    assert _search(db_session, "katon").corrected == "katun"  # the lookup index was rebuilt


@pytest.mark.parametrize("q", [*ODD_QUERIES, "kripik%", "%kripik%", '"kripik"', "k" * 300])
def test_odd_queries_never_error(client, db_session, shop, q):
    assert client.get("/products", query_string={"q": q}).status_code == 200


def test_odd_words_in_the_lookup_are_plain_words(db_session, shop):
    # LIKE and FTS5 syntax in a word cannot widen the lookup: tokens hold letters and digits.
    assert _search(db_session, "kr_pik").suggestions == []
    assert _search(db_session, '"batk*" -').corrected == "batik"
    long_word = "keripik" + "x" * 60
    assert _search(db_session, long_word).items == []


def test_distance_treats_indonesian_variants_as_close():
    d = spelling.distance
    assert d("kripik", "keripik") == d("sambel", "sambal") == d("batk", "batik") == 0.5
    assert d("tjoklat", "coklat") == 0 and d("djamu", "jamu") == 0
    assert d("kerip", "keripik") < d("kerip", "kerupuk")
    assert d("batki", "batik") == 1  # a swap
    assert spelling.variant_key("keripik") == spelling.variant_key("kripik") == "krpk"
    assert not spelling.correctable("ab") and not spelling.correctable("250g")


def test_rebuild_command_recounts_the_words(app, db_session, shop):
    db_session.execute(sa.delete(SearchTerm))  # as after a bulk import that skipped the upkeep
    assert _search(db_session, "kripik").corrected == ""
    result = app.test_cli_runner().invoke(args=["catalog", "rebuild-search-terms"])
    assert result.exit_code == 0 and "Kata pencarian dihitung ulang" in result.output
    assert _search(db_session, "kripik").corrected == "keripik"


def test_suggestions_put_the_corrected_words_first_and_stop_at_three():
    c = spelling.Candidate
    ranked = {
        0: [c("keripik", 0.5, 9), c("kripuk", 1.0, 2)],
        1: [c("batik", 0.5, 9), c("bata", 1.0, 5), c("botak", 1.5, 1)],
    }
    fix = spelling.correct(["kripik", "batk"], set(), ranked)
    assert fix.query == "keripik batik"
    assert fix.suggestions == ["keripik", "batik", "kripuk bata"]
    # A known word is kept; a word with only loose candidates is suggested, not replaced.
    fix = spelling.correct(["btk", "pedas"], {1}, {0: [c("batik", 1.0, 9), c("botak", 1.0, 1)]})
    assert fix.query is None and fix.suggestions == ["batik pedas", "botak pedas"]
