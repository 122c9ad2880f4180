"""Full-text product search on SQLite (FTS5) and PostgreSQL (tsvector), one API for both.

The user's text is reduced to word tokens (letters and digits of any script); everything else
(quotes, *, -, emoji, operators) is dropped, so no query can break the search syntax. Each token
is a prefix term and all must match. Relevance is cheap on purpose: products whose name holds
every token come first, then the rest (group name or description matches); within each, the
best-selling first, newest on ties. Scoring every match (bm25, ts_rank_cd) cost 10-20 ms for a
broad word at 100,000 products; this order needs no score, PostgreSQL can walk the sold_count
index and stop, and the other matches are not read while name matches fill the page.
"""

from __future__ import annotations

import re

import sqlalchemy as sa
from sqlalchemy import Select, select

from marketplace.catalog.product_models import Product

TOKEN_RE = re.compile(r"[^\W_]+", re.UNICODE)
MAX_TOKENS = 8
MAX_TOKEN_LEN = 40


def tokens(query: str | None) -> list[str]:
    """Word tokens of a search query, lower-cased; [] means "no search"."""
    found = TOKEN_RE.findall((query or "").lower())
    return [t[:MAX_TOKEN_LEN] for t in found][:MAX_TOKENS]


def fts5_query(words: list[str]) -> str:
    """`"batik"* AND "tulis"*` for SQLite FTS5 MATCH."""
    return " AND ".join(f'"{w}"*' for w in words)


def tsquery_text(words: list[str], weights: str = "") -> str:
    """`batik:* & tulis:*` for PostgreSQL to_tsquery('simple', …); weights "A" = name only."""
    return " & ".join(f"{w}:*{weights}" for w in words)


_fts = sa.table("product_search", sa.column("rowid"))
_vector = sa.literal_column("products.search_vector")
ORDER_IN_TIER = (Product.sold_count.desc(), Product.id.desc())


def _param(name: str, type_=sa.String, values: dict | None = None):
    if values is None:
        return sa.bindparam(name, type_=type_)  # no value: each execution must pass one
    return sa.bindparam(name, values[name], type_=type_)


def _fts_match(stmt: Select, param: str) -> Select:
    match = sa.text(f"product_search MATCH :{param}").bindparams(_param(param))
    return stmt.join(_fts, _fts.c.rowid == Product.id).where(match)


def _ts_match(param: str, values: dict | None = None):
    tsquery = sa.func.to_tsquery(
        sa.literal_column("'simple'::regconfig"), _param(param, values=values)
    )
    return _vector.op("@@")(tsquery)


def match_params(query: str | None, dialect: str) -> dict[str, str] | None:
    """Bind values for matching(), name_first() and relevance_page(); None without words."""
    words = tokens(query)
    if not words:
        return None
    if dialect == "sqlite":
        every = fts5_query(words)
        return {
            "search_q": every,
            "search_name_q": f"{{name}} : ({every})",
        }
    return {"search_q": tsquery_text(words), "search_name_q": tsquery_text(words, "A")}


def matching(stmt: Select, dialect: str) -> Select:
    """`stmt` (selecting from products) restricted to products matching every token."""
    if dialect == "sqlite":
        return _fts_match(stmt, "search_q")
    return stmt.where(_ts_match("search_q"))


def name_first(dialect: str, values: dict | None = None) -> tuple:
    """The relevance order as ORDER BY clauses for a matching() statement."""
    if dialect == "sqlite":
        param = _param("search_name_q", values=values)
        names = select(_fts.c.rowid).where(
            sa.text("product_search MATCH :search_name_q").bindparams(param)
        )
        in_name = Product.id.in_(names.correlate(None))  # its own scan of the FTS table
    else:
        in_name = _ts_match("search_name_q", values)
    return (in_name.desc(), *ORDER_IN_TIER)


def apply_search(stmt: Select, query: str | None, dialect: str) -> tuple[Select, tuple | None]:
    """Restrict `stmt` (which selects from products) to matches of `query`.

    Returns the statement and the relevance order (ORDER BY clauses, best first), with the
    query's values bound, or the unchanged statement and None when the query holds no words.
    A page in relevance order is much cheaper with relevance_page.
    """
    values = match_params(query, dialect)
    if values is None:
        return stmt, None
    return matching(stmt, dialect).params(values), name_first(dialect, values)


def relevance_page(stmt: Select, dialect: str) -> Select:
    """A page of `stmt`'s matches in relevance order (name_first's), as one statement.

    Binds match_params() and page_limit, page_offset, page_wanted (= offset + limit). Name
    matches and the others are read separately, at most page_wanted of each, the others only
    when the name matches run out before the page ends.
    """
    wanted = _param("page_wanted", sa.Integer)
    # Only id and sold_count travel through the subqueries; the page's rows are joined back
    # by primary key.
    keys = stmt.with_only_columns(Product.id, Product.sold_count)
    if dialect == "sqlite":
        in_name = _fts_match(keys, "search_name_q")
    else:
        in_name = keys.where(_ts_match("search_name_q"))
    first = in_name.order_by(*ORDER_IN_TIER).limit(wanted).cte("name_matches")
    first = first.prefix_with("MATERIALIZED")
    short = select(sa.func.count()).select_from(first).scalar_subquery() < wanted
    # `short` reads no column of the rows around it: both databases test it once, before
    # reading any other match, and skip them all when the name matches fill the page. When
    # they do not, name_matches holds every name match, so NOT IN it leaves exactly the rest
    # (and, unlike NOT name-match, does not make PostgreSQL expect no rows for words found
    # in nearly every description: it then sorted all 94,000 of them).
    rest = matching(keys, dialect).where(short, Product.id.not_in(select(first.c.id)))
    others = rest.order_by(*ORDER_IN_TIER).limit(wanted).subquery("other_matches")
    tier, sold, pk = (sa.literal_column(name) for name in ("tier", "sold_count", "id"))
    ranked = (
        sa.union_all(
            select(sa.literal_column("0").label("tier"), first.c.id, first.c.sold_count),
            select(sa.literal_column("1").label("tier"), others.c.id, others.c.sold_count),
        )
        .order_by(tier, sold.desc(), pk.desc())
        .limit(_param("page_limit", sa.Integer))
        .offset(_param("page_offset", sa.Integer))
        .subquery("ranked")
    )
    return stmt.join(ranked, ranked.c.id == Product.id).order_by(
        ranked.c.tier, ranked.c.sold_count.desc(), ranked.c.id.desc()
    )
