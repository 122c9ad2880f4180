"""unit capacity: what a group can make per day, per product or category, and its lead time

Today a window's cap counts orders; bulk orders need units. `group_capacities` holds a group's
declared units per day for one product or one category (exactly one of them) and its lead
time; `capacity_use` counts the units promised per capacity and day (rows created on first
use). Retail checkouts and purchase orders draw on the same counts.

`group_service_settings.has_unit_capacity` says whether the group declared any, so checkout
(which reads that row anyway) spends no statement on groups without one; it starts false, as
no capacity exists yet. `order_lines.capacity_id` names the capacity a line reserved on, so
a cancelled or expired order gives back exactly what it took (no foreign key: a capacity
removed later takes its counts with it, and a plain column drops in place on SQLite).

Revision ID: 0013_unit_capacity
Revises: 0012
Create Date: 2026-12-02 09:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013_unit_capacity'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'group_capacities',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('group_id', sa.Integer(), nullable=False),
        sa.Column('product_id', sa.Integer(), nullable=True),
        sa.Column('category', sa.String(length=32), nullable=True),
        sa.Column('units_per_day', sa.Integer(), nullable=False),
        sa.Column('lead_time_days', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            '(product_id IS NOT NULL AND category IS NULL)'
            ' OR (product_id IS NULL AND category IS NOT NULL)',
            name=op.f('ck_group_capacities_one_target'),
        ),
        sa.CheckConstraint('units_per_day >= 1', name=op.f('ck_group_capacities_units_positive')),
        sa.CheckConstraint(
            'lead_time_days >= 0', name=op.f('ck_group_capacities_lead_time_not_negative')
        ),
        sa.ForeignKeyConstraint(
            ['group_id'], ['producer_groups.id'],
            name=op.f('fk_group_capacities_group_id_producer_groups'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['product_id'], ['products.id'],
            name=op.f('fk_group_capacities_product_id_products'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_group_capacities')),
        sa.UniqueConstraint('group_id', 'product_id', name='uq_group_capacities_group_product'),
        sa.UniqueConstraint('group_id', 'category', name='uq_group_capacities_group_category'),
    )
    op.create_index(
        op.f('ix_group_capacities_group_id'), 'group_capacities', ['group_id'], unique=False
    )
    op.create_table(
        'capacity_use',
        sa.Column('capacity_id', sa.Integer(), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('units_taken', sa.Integer(), nullable=False),
        sa.CheckConstraint('units_taken >= 0', name=op.f('ck_capacity_use_units_not_negative')),
        sa.ForeignKeyConstraint(
            ['capacity_id'], ['group_capacities.id'],
            name=op.f('fk_capacity_use_capacity_id_group_capacities'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('capacity_id', 'day', name=op.f('pk_capacity_use')),
    )
    op.add_column(
        'group_service_settings',
        sa.Column('has_unit_capacity', sa.Boolean(), server_default=sa.false(), nullable=False),
    )
    op.add_column('order_lines', sa.Column('capacity_id', sa.Integer(), nullable=True))


def downgrade():
    # SQLite (3.35+) drops a plain column in place; no table rebuild, so no cascade.
    op.drop_column('order_lines', 'capacity_id')
    op.drop_column('group_service_settings', 'has_unit_capacity')
    op.drop_table('capacity_use')
    op.drop_index(op.f('ix_group_capacities_group_id'), table_name='group_capacities')
    op.drop_table('group_capacities')
