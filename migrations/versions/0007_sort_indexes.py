"""catalog sort indexes with their tie-breakers (keyset pagination, issue 7)

The catalog pages with a cursor (`?setelah=<id>`) compare the whole sort key as a row value:
(price, id), (sold_count, id) and (rating_avg, rating_count, id). The indexes of 0002 held
only the first column, so the database had to sort every tie; these hold the whole key and
the group id (checked without reading the product row). They replace the 0002 ones.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-28 09:10:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

OLD = [
    ("ix_products_active_price", ["is_active", "price"]),
    ("ix_products_active_sold", ["is_active", "sold_count"]),
    ("ix_products_active_rating", ["is_active", "rating_avg"]),
]
NEW = [
    ("ix_products_active_price_id", ["is_active", "price", "id", "group_id"]),
    ("ix_products_active_sold_id", ["is_active", "sold_count", "id", "group_id"]),
    ("ix_products_active_rating_id",
     ["is_active", "rating_avg", "rating_count", "id", "group_id"]),
]


def upgrade():
    for name, columns in NEW:
        op.create_index(name, "products", columns, unique=False)
    for name, _columns in OLD:
        op.drop_index(name, table_name="products")


def downgrade():
    for name, columns in OLD:
        op.create_index(name, "products", columns, unique=False)
    for name, _columns in NEW:
        op.drop_index(name, table_name="products")
