"""search_terms: the catalog's words, for forgiving misspelt searches

One row per word (3+ characters, with a letter) of active products' names and descriptions and
of verified groups' names, with how many of them use it (marketplace/catalog/search_terms.py
keeps it up to date). A trigram lookup over the words proposes corrections: PostgreSQL
pg_trgm with a GIN index; SQLite an FTS5 table with the trigram tokenizer, its content read
from search_terms and kept in step by triggers. Backfilled from the existing catalog.

The tokenizer and variant key below are copies of the application's (search.TOKEN_RE,
spelling.variant_key): a migration must not import the application.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30 12:10:00

"""
import re
from collections import Counter

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

TOKEN_RE = re.compile(r"[^\W_]+", re.UNICODE)
DIGIT = re.compile(r"\d")
MAX_LEN = 40
VOWELS = frozenset("aeiou")
OLD_SPELLINGS = (("dj", "j"), ("tj", "c"), ("oe", "u"), ("sj", "sy"))

SQLITE = [
    """CREATE VIRTUAL TABLE search_terms_trigram USING fts5(
        word, content='search_terms', content_rowid='id', tokenize='trigram')""",
    """CREATE TRIGGER search_terms_ai AFTER INSERT ON search_terms BEGIN
        INSERT INTO search_terms_trigram(rowid, word) VALUES (new.id, new.word);
    END""",
    """CREATE TRIGGER search_terms_ad AFTER DELETE ON search_terms BEGIN
        INSERT INTO search_terms_trigram(search_terms_trigram, rowid, word)
        VALUES ('delete', old.id, old.word);
    END""",
    """CREATE TRIGGER search_terms_au AFTER UPDATE OF word ON search_terms BEGIN
        INSERT INTO search_terms_trigram(search_terms_trigram, rowid, word)
        VALUES ('delete', old.id, old.word);
        INSERT INTO search_terms_trigram(rowid, word) VALUES (new.id, new.word);
    END""",
]
POSTGRES = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    (
        "CREATE INDEX ix_search_terms_word_trgm ON search_terms USING gin (word gin_trgm_ops)"
        # no pending list: new words are few, and a long list made the planner skip the index
        " WITH (fastupdate = off)"
    ),
]


def _variant_key(word):
    for old, new in OLD_SPELLINGS:
        word = word.replace(old, new)
    key = []
    for c in word[:1] + "".join(c for c in word[1:] if c not in VOWELS):
        if not key or key[-1] != c:
            key.append(c)
    return "".join(key)[:MAX_LEN]


def _words(*texts):
    found = TOKEN_RE.findall(" ".join(t or "" for t in texts).lower())
    return {w[:MAX_LEN] for w in found if len(w) >= 3 and not DIGIT.search(w)}


def _backfill(bind, terms):
    counts = Counter()
    products = sa.text("SELECT name, description FROM products WHERE is_active")
    groups = sa.text("SELECT name FROM producer_groups WHERE status = 'verified'")
    for stmt in (products, groups):
        for row in bind.execute(stmt):
            counts.update(_words(*row))
    rows = [{"word": w, "variant_key": _variant_key(w), "frequency": n}
            for w, n in sorted(counts.items())]
    for start in range(0, len(rows), 1000):
        bind.execute(terms.insert(), rows[start:start + 1000])


def upgrade():
    terms = op.create_table(
        'search_terms',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('word', sa.String(length=MAX_LEN), nullable=False),
        sa.Column('variant_key', sa.String(length=MAX_LEN), nullable=False),
        sa.Column('frequency', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_search_terms')),
        sa.UniqueConstraint('word', name=op.f('uq_search_terms_word')),
    )
    op.create_index(op.f('ix_search_terms_variant_key'), 'search_terms', ['variant_key'])
    bind = op.get_bind()
    for statement in SQLITE if bind.dialect.name == "sqlite" else POSTGRES:
        op.execute(statement)
    _backfill(bind, terms)


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("search_terms_ai", "search_terms_ad", "search_terms_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS search_terms_trigram")
    else:
        op.execute("DROP INDEX IF EXISTS ix_search_terms_word_trgm")
        # pg_trgm stays: other objects may use it, and dropping it needs more rights.
    op.drop_index(op.f('ix_search_terms_variant_key'), table_name='search_terms')
    op.drop_table('search_terms')
