"""Full-text product search behind one function, on SQLite (FTS5) and PostgreSQL (tsvector).

The user's text is reduced to word tokens (letters and digits of any script); everything else
(quotes, *, -, emoji, operators) is dropped, so no query can break the search syntax. Each token
is a prefix term and all must match. Results are ranked: product name weighs most, then the
group's name, then the description.
"""

from __future__ import annotations

import re

import sqlalchemy as sa
from sqlalchemy import Select

from catalog.product_models import Product

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


def tsquery_text(words: list[str]) -> str:
    """`batik:* & tulis:*` for PostgreSQL to_tsquery('simple', …)."""
    return " & ".join(f"{w}:*" for w in words)


_fts = sa.table("product_search", sa.column("rowid"))


def apply_search(stmt: Select, query: str | None, dialect: str) -> tuple[Select, object | None]:
    """Restrict `stmt` (which selects from products) to matches of `query`.

    Returns the statement and a ranking expression to order by (best first), or the
    unchanged statement and None when the query holds no words.
    """
    words = tokens(query)
    if not words:
        return stmt, None
    if dialect == "sqlite":
        stmt = stmt.join(_fts, _fts.c.rowid == Product.id).where(
            sa.text("product_search MATCH :search_q").bindparams(search_q=fts5_query(words))
        )
        # bm25 is lower for better matches; columns: name, description, group_name.
        return stmt, sa.literal_column("bm25(product_search, 10.0, 2.0, 5.0)").asc()
    tsquery = sa.func.to_tsquery(
        sa.literal_column("'simple'::regconfig"),
        sa.bindparam("search_q", tsquery_text(words), type_=sa.String),
    )
    vector = sa.literal_column("products.search_vector")
    stmt = stmt.where(vector.op("@@")(tsquery))
    return stmt, sa.func.ts_rank_cd(vector, tsquery).desc()
