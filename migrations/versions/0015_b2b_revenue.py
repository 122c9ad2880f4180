"""b2b revenue: goods companies accepted at a BAST count in the groups' monthly rollups

`group_monthly_stats.b2b_revenue` holds, per group and WIB month, the accepted quantity × unit
price of every BAST signed that month (investors.b2b; the rebuild reads procurement's BASTs
through a registered source). `po_deliveries.replaces_id` names the delivery whose rejected
goods a replacement delivery brings again (no foreign key: a plain column drops in place on
SQLite, like `order_lines.capacity_id` in 0013).

Revision ID: 0015_b2b_revenue
Revises: 0014_procurement
Create Date: 2026-12-10 09:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0015_b2b_revenue'
down_revision = '0014_procurement'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column(
        'group_monthly_stats',
        sa.Column('b2b_revenue', sa.BigInteger(), server_default='0', nullable=False),
    )
    op.add_column('po_deliveries', sa.Column('replaces_id', sa.Integer(), nullable=True))


def downgrade():
    # SQLite (3.35+) drops a plain column in place; no table rebuild, so no cascade.
    op.drop_column('po_deliveries', 'replaces_id')
    op.drop_column('group_monthly_stats', 'b2b_revenue')
