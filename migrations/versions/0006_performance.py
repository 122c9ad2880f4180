"""performance: indexes for the large data set (issue 7)

- products (is_active, created_at, id, group_id): the newest-first catalog walks this index
  in order and checks the group without reading product rows, so deep pages stay cheap;
- products (group_id, is_active, created_at): a shop's products, newest first, no sort;
- reviews (product_id, created_at, rating): a product's latest reviews and rating sums;
- group_buyer_months (group_id, buyer_id, month, orders): unique and repeat buyers of a
  group read from the index alone.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28 07:10:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

INDEXES = [
    ("ix_products_active_created_id_group", "products",
     ["is_active", "created_at", "id", "group_id"]),
    ("ix_products_group_active_created", "products", ["group_id", "is_active", "created_at"]),
    ("ix_reviews_product_created", "reviews", ["product_id", "created_at", "rating"]),
    ("ix_group_buyer_months_covering", "group_buyer_months",
     ["group_id", "buyer_id", "month", "orders"]),
]


def upgrade():
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)


def downgrade():
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
