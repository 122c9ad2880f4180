"""The catalog's words for spelling forgiveness: table, upkeep, lookup and rebuild.

`search_terms` holds every word (3+ characters, with a letter) of active products' names and
descriptions and of verified groups' names, with the number of products and groups using it.
Any flush that adds, edits, (de)activates or deletes a product, or renames, verifies or
suspends a group, adjusts the counts (a before_flush listener, so services, the small demo
and tests all keep it right); bulk loads call rebuild() (`flask catalog rebuild-search-terms`).

A lookup proposes, for each word of a query that found nothing, the catalog words it may have
meant, with the database's own trigram machinery: PostgreSQL pg_trgm (`word % :typed`, GIN
index), SQLite an FTS5 `tokenize='trigram'` table over the words (any shared trigram, ranked
by bm25); both add words with the same variant_key (catches what trigrams miss in short
words). marketplace/catalog/spelling.py then decides, the same way on both.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy import Select, String, event, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, Session, mapped_column

from marketplace.catalog import page_cache, spelling
from marketplace.catalog.constants import STATUS_VERIFIED
from marketplace.catalog.models import ProducerGroup
from marketplace.catalog.product_models import Product
from marketplace.catalog.search import MAX_TOKEN_LEN, TOKEN_RE
from marketplace.extensions import db

CANDIDATES = 30  # trigram candidates per typed word
VARIANTS = 10  # same-variant_key candidates per typed word
CHUNK = 1000


class SearchTerm(db.Model):
    """A word of the active catalog and in how many active products it appears."""

    __tablename__ = "search_terms"

    id: Mapped[int] = mapped_column(primary_key=True)  # the SQLite trigram table's rowid
    word: Mapped[str] = mapped_column(String(MAX_TOKEN_LEN), unique=True)
    variant_key: Mapped[str] = mapped_column(String(MAX_TOKEN_LEN), index=True)
    frequency: Mapped[int] = mapped_column(default=0)


def words_of(*texts: str | None) -> set[str]:
    """The distinct words of a product's texts worth keeping for spelling."""
    found = TOKEN_RE.findall(" ".join(t or "" for t in texts).lower())
    return {w[:MAX_TOKEN_LEN] for w in found if spelling.correctable(w)}


# --- upkeep ---------------------------------------------------------------------------------


def _counts(obj, get) -> bool:
    """Whether a tracked row's words count (read through `get`, old or new values)."""
    if isinstance(obj, Product):
        return get("is_active") is not False  # None: not flushed yet, the default is True
    return get("status") == STATUS_VERIFIED  # unverified groups' names are not public


# class -> (text fields, fields deciding whether they count)
TRACKED = {
    Product: (("name", "description"), ("is_active",)),
    ProducerGroup: (("name",), ("status",)),
}


def _words(obj, old: bool) -> set[str]:
    """The words a product or group counts for, before or after this flush."""
    state = sa.inspect(obj)

    def get(key: str):
        deleted = state.attrs[key].history.deleted  # models: active_history=True
        if old and deleted:
            return deleted[0]
        return getattr(obj, key)

    texts, _switches = TRACKED[type(obj)]
    return words_of(*(get(k) for k in texts)) if _counts(obj, get) else set()


def _changed(obj) -> bool:
    state = sa.inspect(obj)
    texts, switches = TRACKED[type(obj)]
    return any(state.attrs[k].history.has_changes() for k in texts + switches)


@event.listens_for(Session, "before_flush")  # every session: the app's, tests', scripts'
def _track(session: Session, _context, _instances) -> None:
    delta: Counter[str] = Counter()
    for obj in session.new:
        if type(obj) in TRACKED:
            delta.update(_words(obj, old=False))
    for obj in session.deleted:
        if type(obj) in TRACKED:
            delta.subtract(_words(obj, old=True))
    for obj in session.dirty:
        if type(obj) in TRACKED and obj not in session.deleted and _changed(obj):
            delta.subtract(_words(obj, old=True))
            delta.update(_words(obj, old=False))
    if any(delta.values()):
        add_counts(session.connection(), delta)


def add_counts(conn: sa.Connection, delta: Counter[str]) -> None:
    """Add `delta` (word -> change) to the counts; words that reach 0 are removed.

    Sorted, in one statement per chunk, so concurrent product saves lock shared words in the
    same order (no deadlock).
    """
    rows = [
        {"word": w, "variant_key": spelling.variant_key(w), "frequency": n}
        for w, n in sorted(delta.items())
        if n
    ]
    table = SearchTerm.__table__
    module = postgresql if conn.dialect.name == "postgresql" else sqlite
    for start in range(0, len(rows), CHUNK):
        stmt = module.insert(table).values(rows[start : start + CHUNK])
        stmt = stmt.on_conflict_do_update(
            index_elements=[table.c.word],
            set_={"frequency": table.c.frequency + stmt.excluded.frequency},
        )
        conn.execute(stmt)
    gone = [r["word"] for r in rows if r["frequency"] < 0]
    for start in range(0, len(gone), CHUNK):
        chunk = gone[start : start + CHUNK]
        conn.execute(table.delete().where(table.c.word.in_(chunk), table.c.frequency <= 0))


def rebuild(session: Session) -> int:
    """Recount every word from the active products (after bulk loads); returns the words."""
    conn = session.connection()
    page_cache.mark_changed(session)  # "did you mean" on cached search pages
    conn.execute(SearchTerm.__table__.delete())
    counts: Counter[str] = Counter()
    products = select(Product.name, Product.description).where(Product.is_active.is_(True))
    groups = select(ProducerGroup.name).where(ProducerGroup.status == STATUS_VERIFIED)
    for stmt in (products, groups):
        for texts in conn.execute(stmt.execution_options(yield_per=5000)):
            counts.update(words_of(*texts))
    add_counts(conn, counts)
    return len(counts)


# --- lookup ---------------------------------------------------------------------------------

_terms = SearchTerm.__table__
_trigram = sa.table("search_terms_trigram", sa.column("rowid"))


def _arms(dialect: str, i: int) -> list[Select]:
    """The three candidate lists for the i-th typed word (kind 0: words it starts)."""
    t = _terms
    cols = (t.c.word, t.c.frequency)

    def arm(kind: int) -> Select:
        return select(sa.literal(i).label("pos"), sa.literal(kind).label("kind"), *cols)

    if dialect == "sqlite":
        starts = t.c.word >= sa.bindparam(f"lo{i}"), t.c.word < sa.bindparam(f"hi{i}")
        match = sa.text(f"search_terms_trigram MATCH :m{i}")
        near = select(_trigram.c.rowid).where(match).order_by(sa.text("rank"))
        similar = t.c.id.in_(near.limit(CANDIDATES).scalar_subquery())
        order = ()
    else:
        typed = sa.bindparam(f"w{i}", type_=sa.String)
        starts = (t.c.word.like(sa.bindparam(f"lo{i}")),)
        similar = t.c.word.op("%")(typed)
        order = (sa.func.similarity(t.c.word, typed).desc(),)
    by_key = t.c.variant_key == sa.bindparam(f"k{i}")
    return [
        arm(0).where(*starts).limit(1),
        arm(1).where(similar).order_by(*order).limit(CANDIDATES),
        arm(1).where(by_key).order_by(t.c.frequency.desc()).limit(VARIANTS),
    ]


@functools.lru_cache(maxsize=32)
def _lookup_statement(dialect: str, n: int) -> sa.CompoundSelect:
    """One statement for the candidates of n typed words (built once per process)."""
    arms = [a.subquery() for i in range(n) for a in _arms(dialect, i)]
    return sa.union_all(*(select(*a.c) for a in arms))


def _params(dialect: str, i: int, word: str) -> dict[str, str]:
    values = {f"k{i}": spelling.variant_key(word)}
    if dialect == "sqlite":
        grams = dict.fromkeys(word[j : j + 3] for j in range(len(word) - 2))
        values[f"m{i}"] = " OR ".join(f'"{g}"' for g in grams)
        values[f"lo{i}"], values[f"hi{i}"] = word, word[:-1] + chr(ord(word[-1]) + 1)
    else:
        values[f"w{i}"], values[f"lo{i}"] = word, word + "%"  # tokens hold no % _ or \
    return values


def correction(session: Session, words: Iterable[str]) -> spelling.Correction:
    """Corrections and suggestions for a query's words (one SQL statement, or none)."""
    words = list(words)
    todo = [(i, w) for i, w in enumerate(words) if spelling.correctable(w)]
    if not todo:
        return spelling.Correction()
    dialect = session.get_bind().dialect.name
    values: dict[str, str] = {}
    for k, (_i, word) in enumerate(todo):
        values |= _params(dialect, k, word)
    rows = session.execute(_lookup_statement(dialect, len(todo)), values).all()
    known = {todo[r.pos][0] for r in rows if r.kind == 0}
    found: dict[int, dict[str, int]] = {}
    for r in rows:
        if r.kind == 1:
            found.setdefault(todo[r.pos][0], {})[r.word] = r.frequency
    ranked = {i: spelling.rank(words[i], found.get(i, {})) for i, _w in todo}
    return spelling.correct(words, known, ranked)
