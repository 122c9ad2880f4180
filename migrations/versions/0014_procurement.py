"""procurement: companies, requests for quotation, quotes, purchase orders, BAST, invoices

Issue 15, the zone procurement desk. New tables only, nothing existing changes:
companies and company_members (staff roles), doc_counters (yearly RFQ/PO/BAST/INV numbers),
rfqs with rfq_items, rfq_attachments and rfq_recipients, quotes with quote_lines,
purchase_orders with po_lines, po_deliveries with po_delivery_lines, basts with bast_photos,
invoices with invoice_payments (Midtrans attempts of invoices, apart from payment_attempts,
which belong to checkouts), group_tax_profiles (a group's NPWP and PKP), and
catering_contracts with catering_days.

Two partial unique indexes (SQLite and PostgreSQL both have them): one live quote per group
and request (`uq_quotes_live`), one down payment and one balance invoice per PO
(`uq_invoices_po_kind_once`).

Revision ID: 0014_procurement
Revises: 0012 (0013 comes from another branch; the lead re-chains)
Create Date: 2026-11-30 14:16:45

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0014_procurement'
down_revision = '0013_unit_capacity'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('doc_counters',
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('last', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('kind', 'year', name=op.f('pk_doc_counters'))
    )
    op.create_table('companies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=160), nullable=False),
    sa.Column('npwp', sa.String(length=16), nullable=False),
    sa.Column('address', sa.Text(), nullable=False),
    sa.Column('is_pkp', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('approval_threshold', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('verified_by_id', sa.Integer(), nullable=True),
    sa.Column('verified_at', sa.DateTime(), nullable=True),
    sa.Column('decision_reason', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('approval_threshold IS NULL OR approval_threshold >= 0', name=op.f('ck_companies_threshold_positive')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_companies_created_by_id_users')),
    sa.ForeignKeyConstraint(['verified_by_id'], ['users.id'], name=op.f('fk_companies_verified_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_companies')),
    sa.UniqueConstraint('npwp', name=op.f('uq_companies_npwp'))
    )
    op.create_index(op.f('ix_companies_status'), 'companies', ['status'])

    op.create_table('group_tax_profiles',
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('npwp', sa.String(length=16), nullable=True),
    sa.Column('is_pkp', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['producer_groups.id'], name=op.f('fk_group_tax_profiles_group_id_producer_groups'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('group_id', name=op.f('pk_group_tax_profiles'))
    )
    op.create_table('company_members',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('added_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['added_by_id'], ['users.id'], name=op.f('fk_company_members_added_by_id_users')),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_company_members_company_id_companies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_company_members_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_company_members')),
    sa.UniqueConstraint('company_id', 'user_id', 'role', name='uq_company_member')
    )
    op.create_index(op.f('ix_company_members_company_id'), 'company_members', ['company_id'])
    op.create_index(op.f('ix_company_members_user_id'), 'company_members', ['user_id'])

    op.create_table('rfqs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=20), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=160), nullable=False),
    sa.Column('category', sa.String(length=32), nullable=False),
    sa.Column('needed_by', sa.Date(), nullable=True),
    sa.Column('sample_required', sa.Boolean(), nullable=False),
    sa.Column('budget', sa.Integer(), nullable=True),
    sa.Column('point_id', sa.Integer(), nullable=True),
    sa.Column('window_id', sa.Integer(), nullable=True),
    sa.Column('recurring', sa.Boolean(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('status_reason', sa.Text(), nullable=False),
    sa.Column('sent_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('budget IS NULL OR budget >= 0', name=op.f('ck_rfqs_budget_positive')),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_rfqs_company_id_companies')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_rfqs_created_by_id_users')),
    sa.ForeignKeyConstraint(['point_id'], ['pickup_points.id'], name=op.f('fk_rfqs_point_id_pickup_points')),
    sa.ForeignKeyConstraint(['window_id'], ['shift_windows.id'], name=op.f('fk_rfqs_window_id_shift_windows')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rfqs')),
    sa.UniqueConstraint('number', name=op.f('uq_rfqs_number'))
    )
    op.create_index(op.f('ix_rfqs_category'), 'rfqs', ['category'])
    op.create_index(op.f('ix_rfqs_company_id'), 'rfqs', ['company_id'])
    op.create_index(op.f('ix_rfqs_created_at'), 'rfqs', ['created_at'])
    op.create_index(op.f('ix_rfqs_status'), 'rfqs', ['status'])

    op.create_table('quotes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('rfq_id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('delivery_plan', sa.Text(), nullable=False),
    sa.Column('lead_time_days', sa.Integer(), nullable=False),
    sa.Column('valid_until', sa.Date(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('status_reason', sa.Text(), nullable=False),
    sa.Column('submitted_by_id', sa.Integer(), nullable=True),
    sa.Column('submitted_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('lead_time_days >= 0', name=op.f('ck_quotes_lead_time_positive')),
    sa.ForeignKeyConstraint(['group_id'], ['producer_groups.id'], name=op.f('fk_quotes_group_id_producer_groups')),
    sa.ForeignKeyConstraint(['rfq_id'], ['rfqs.id'], name=op.f('fk_quotes_rfq_id_rfqs')),
    sa.ForeignKeyConstraint(['submitted_by_id'], ['users.id'], name=op.f('fk_quotes_submitted_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quotes'))
    )
    op.create_index(op.f('ix_quotes_group_id'), 'quotes', ['group_id'])
    op.create_index(op.f('ix_quotes_rfq_id'), 'quotes', ['rfq_id'])
    op.create_index(op.f('ix_quotes_status'), 'quotes', ['status'])
    op.create_index('uq_quotes_live', 'quotes', ['rfq_id', 'group_id'], unique=True, sqlite_where=sa.text("status IN ('draft', 'submitted', 'accepted')"), postgresql_where=sa.text("status IN ('draft', 'submitted', 'accepted')"))

    op.create_table('rfq_attachments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('rfq_id', sa.Integer(), nullable=False),
    sa.Column('storage_key', sa.String(length=80), nullable=False),
    sa.Column('filename', sa.String(length=120), nullable=False),
    sa.Column('content_type', sa.String(length=40), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['rfq_id'], ['rfqs.id'], name=op.f('fk_rfq_attachments_rfq_id_rfqs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_rfq_attachments_uploaded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rfq_attachments')),
    sa.UniqueConstraint('storage_key', name=op.f('uq_rfq_attachments_storage_key'))
    )
    op.create_index(op.f('ix_rfq_attachments_rfq_id'), 'rfq_attachments', ['rfq_id'])

    op.create_table('rfq_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('rfq_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=160), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('unit', sa.String(length=16), nullable=False),
    sa.Column('spec', sa.JSON(), nullable=False),
    sa.CheckConstraint('quantity > 0', name=op.f('ck_rfq_items_quantity_positive')),
    sa.ForeignKeyConstraint(['rfq_id'], ['rfqs.id'], name=op.f('fk_rfq_items_rfq_id_rfqs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rfq_items'))
    )
    op.create_index(op.f('ix_rfq_items_rfq_id'), 'rfq_items', ['rfq_id'])

    op.create_table('rfq_recipients',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('rfq_id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('sent_at', sa.DateTime(), nullable=False),
    sa.Column('seen_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['group_id'], ['producer_groups.id'], name=op.f('fk_rfq_recipients_group_id_producer_groups')),
    sa.ForeignKeyConstraint(['rfq_id'], ['rfqs.id'], name=op.f('fk_rfq_recipients_rfq_id_rfqs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rfq_recipients')),
    sa.UniqueConstraint('rfq_id', 'group_id', name='uq_rfq_recipient')
    )
    op.create_index(op.f('ix_rfq_recipients_group_id'), 'rfq_recipients', ['group_id'])

    op.create_table('purchase_orders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=20), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('rfq_id', sa.Integer(), nullable=True),
    sa.Column('quote_id', sa.Integer(), nullable=True),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('status_reason', sa.Text(), nullable=False),
    sa.Column('terms', sa.String(length=8), nullable=False),
    sa.Column('down_payment_percent', sa.Integer(), nullable=False),
    sa.Column('subtotal', sa.BigInteger(), nullable=False),
    sa.Column('ppn', sa.BigInteger(), nullable=False),
    sa.Column('total', sa.BigInteger(), nullable=False),
    sa.Column('point_id', sa.Integer(), nullable=True),
    sa.Column('window_id', sa.Integer(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=False),
    sa.Column('approved_by_id', sa.Integer(), nullable=True),
    sa.Column('approved_at', sa.DateTime(), nullable=True),
    sa.Column('issued_at', sa.DateTime(), nullable=True),
    sa.Column('accepted_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("terms IN ('cod', 'net14', 'net30')", name=op.f('ck_purchase_orders_terms_known')),
    sa.CheckConstraint('down_payment_percent >= 0 AND down_payment_percent <= 100', name=op.f('ck_purchase_orders_dp_percent_range')),
    sa.CheckConstraint('subtotal >= 0 AND ppn >= 0 AND total = subtotal + ppn', name=op.f('ck_purchase_orders_sums')),
    sa.ForeignKeyConstraint(['approved_by_id'], ['users.id'], name=op.f('fk_purchase_orders_approved_by_id_users')),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_purchase_orders_company_id_companies')),
    sa.ForeignKeyConstraint(['group_id'], ['producer_groups.id'], name=op.f('fk_purchase_orders_group_id_producer_groups')),
    sa.ForeignKeyConstraint(['point_id'], ['pickup_points.id'], name=op.f('fk_purchase_orders_point_id_pickup_points')),
    sa.ForeignKeyConstraint(['quote_id'], ['quotes.id'], name=op.f('fk_purchase_orders_quote_id_quotes')),
    sa.ForeignKeyConstraint(['requested_by_id'], ['users.id'], name=op.f('fk_purchase_orders_requested_by_id_users')),
    sa.ForeignKeyConstraint(['rfq_id'], ['rfqs.id'], name=op.f('fk_purchase_orders_rfq_id_rfqs')),
    sa.ForeignKeyConstraint(['window_id'], ['shift_windows.id'], name=op.f('fk_purchase_orders_window_id_shift_windows')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_purchase_orders')),
    sa.UniqueConstraint('number', name=op.f('uq_purchase_orders_number'))
    )
    op.create_index(op.f('ix_purchase_orders_company_id'), 'purchase_orders', ['company_id'])
    op.create_index(op.f('ix_purchase_orders_created_at'), 'purchase_orders', ['created_at'])
    op.create_index(op.f('ix_purchase_orders_group_id'), 'purchase_orders', ['group_id'])
    op.create_index(op.f('ix_purchase_orders_rfq_id'), 'purchase_orders', ['rfq_id'])
    op.create_index(op.f('ix_purchase_orders_status'), 'purchase_orders', ['status'])

    op.create_table('quote_lines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('quote_id', sa.Integer(), nullable=False),
    sa.Column('rfq_item_id', sa.Integer(), nullable=False),
    sa.Column('unit_price', sa.Integer(), nullable=False),
    sa.Column('quantity_offered', sa.Integer(), nullable=False),
    sa.CheckConstraint('quantity_offered >= 0', name=op.f('ck_quote_lines_quantity_positive')),
    sa.CheckConstraint('unit_price >= 0', name=op.f('ck_quote_lines_price_positive')),
    sa.ForeignKeyConstraint(['quote_id'], ['quotes.id'], name=op.f('fk_quote_lines_quote_id_quotes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['rfq_item_id'], ['rfq_items.id'], name=op.f('fk_quote_lines_rfq_item_id_rfq_items')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quote_lines')),
    sa.UniqueConstraint('quote_id', 'rfq_item_id', name='uq_quote_line_item')
    )
    op.create_index(op.f('ix_quote_lines_rfq_item_id'), 'quote_lines', ['rfq_item_id'])

    op.create_table('catering_contracts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('po_id', sa.Integer(), nullable=True),
    sa.Column('menu', sa.String(length=200), nullable=False),
    sa.Column('unit_price', sa.Integer(), nullable=False),
    sa.Column('count_per_day', sa.Integer(), nullable=False),
    sa.Column('days_of_week', sa.Integer(), nullable=False),
    sa.Column('point_id', sa.Integer(), nullable=False),
    sa.Column('window_id', sa.Integer(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('cutoff_hour', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('status_reason', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('count_per_day > 0', name=op.f('ck_catering_contracts_count_positive')),
    sa.CheckConstraint('cutoff_hour BETWEEN 0 AND 23', name=op.f('ck_catering_contracts_cutoff_hour_valid')),
    sa.CheckConstraint('days_of_week BETWEEN 1 AND 127', name=op.f('ck_catering_contracts_days_valid')),
    sa.CheckConstraint('starts_on <= ends_on', name=op.f('ck_catering_contracts_period_order')),
    sa.CheckConstraint('unit_price >= 0', name=op.f('ck_catering_contracts_price_positive')),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_catering_contracts_company_id_companies')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_catering_contracts_created_by_id_users')),
    sa.ForeignKeyConstraint(['group_id'], ['producer_groups.id'], name=op.f('fk_catering_contracts_group_id_producer_groups')),
    sa.ForeignKeyConstraint(['po_id'], ['purchase_orders.id'], name=op.f('fk_catering_contracts_po_id_purchase_orders')),
    sa.ForeignKeyConstraint(['point_id'], ['pickup_points.id'], name=op.f('fk_catering_contracts_point_id_pickup_points')),
    sa.ForeignKeyConstraint(['window_id'], ['shift_windows.id'], name=op.f('fk_catering_contracts_window_id_shift_windows')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_catering_contracts'))
    )
    op.create_index(op.f('ix_catering_contracts_company_id'), 'catering_contracts', ['company_id'])
    op.create_index(op.f('ix_catering_contracts_group_id'), 'catering_contracts', ['group_id'])
    op.create_index(op.f('ix_catering_contracts_status'), 'catering_contracts', ['status'])

    op.create_table('po_deliveries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('po_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('window_id', sa.Integer(), nullable=False),
    sa.Column('point_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('status_reason', sa.Text(), nullable=False),
    sa.Column('dispatched_at', sa.DateTime(), nullable=True),
    sa.Column('received_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['po_id'], ['purchase_orders.id'], name=op.f('fk_po_deliveries_po_id_purchase_orders'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['point_id'], ['pickup_points.id'], name=op.f('fk_po_deliveries_point_id_pickup_points')),
    sa.ForeignKeyConstraint(['window_id'], ['shift_windows.id'], name=op.f('fk_po_deliveries_window_id_shift_windows')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_po_deliveries')),
    sa.UniqueConstraint('po_id', 'seq', name='uq_po_delivery_seq')
    )
    op.create_index(op.f('ix_po_deliveries_day'), 'po_deliveries', ['day'])
    op.create_index(op.f('ix_po_deliveries_status'), 'po_deliveries', ['status'])

    op.create_table('po_lines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('po_id', sa.Integer(), nullable=False),
    sa.Column('rfq_item_id', sa.Integer(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('description', sa.String(length=160), nullable=False),
    sa.Column('unit', sa.String(length=16), nullable=False),
    sa.Column('spec', sa.JSON(), nullable=False),
    sa.Column('unit_price', sa.Integer(), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.CheckConstraint('quantity > 0', name=op.f('ck_po_lines_quantity_positive')),
    sa.CheckConstraint('unit_price >= 0', name=op.f('ck_po_lines_price_positive')),
    sa.ForeignKeyConstraint(['po_id'], ['purchase_orders.id'], name=op.f('fk_po_lines_po_id_purchase_orders'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['rfq_item_id'], ['rfq_items.id'], name=op.f('fk_po_lines_rfq_item_id_rfq_items')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_po_lines'))
    )
    op.create_index(op.f('ix_po_lines_po_id'), 'po_lines', ['po_id'])

    op.create_table('basts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('delivery_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=20), nullable=False),
    sa.Column('signed_by_id', sa.Integer(), nullable=False),
    sa.Column('signer_name', sa.String(length=120), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('signed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['delivery_id'], ['po_deliveries.id'], name=op.f('fk_basts_delivery_id_po_deliveries')),
    sa.ForeignKeyConstraint(['signed_by_id'], ['users.id'], name=op.f('fk_basts_signed_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_basts')),
    sa.UniqueConstraint('delivery_id', name=op.f('uq_basts_delivery_id')),
    sa.UniqueConstraint('number', name=op.f('uq_basts_number'))
    )
    op.create_table('catering_days',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('changed_by_id', sa.Integer(), nullable=True),
    sa.Column('changed_at', sa.DateTime(), nullable=True),
    sa.Column('delivery_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('count >= 0', name=op.f('ck_catering_days_count_positive')),
    sa.ForeignKeyConstraint(['changed_by_id'], ['users.id'], name=op.f('fk_catering_days_changed_by_id_users')),
    sa.ForeignKeyConstraint(['contract_id'], ['catering_contracts.id'], name=op.f('fk_catering_days_contract_id_catering_contracts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['delivery_id'], ['po_deliveries.id'], name=op.f('fk_catering_days_delivery_id_po_deliveries')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_catering_days')),
    sa.UniqueConstraint('contract_id', 'day', name='uq_catering_day')
    )
    op.create_index(op.f('ix_catering_days_day'), 'catering_days', ['day'])

    op.create_table('invoices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=20), nullable=False),
    sa.Column('po_id', sa.Integer(), nullable=False),
    sa.Column('delivery_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('subtotal', sa.BigInteger(), nullable=False),
    sa.Column('ppn', sa.BigInteger(), nullable=False),
    sa.Column('total', sa.BigInteger(), nullable=False),
    sa.Column('seller_name', sa.String(length=160), nullable=False),
    sa.Column('seller_npwp', sa.String(length=16), nullable=True),
    sa.Column('seller_is_pkp', sa.Boolean(), nullable=False),
    sa.Column('buyer_name', sa.String(length=160), nullable=False),
    sa.Column('buyer_npwp', sa.String(length=16), nullable=True),
    sa.Column('issued_at', sa.DateTime(), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('status_reason', sa.Text(), nullable=False),
    sa.Column('paid_at', sa.DateTime(), nullable=True),
    sa.Column('paid_via', sa.String(length=16), nullable=True),
    sa.Column('payment_ref', sa.String(length=64), nullable=False),
    sa.Column('transfer_reported_by_id', sa.Integer(), nullable=True),
    sa.Column('transfer_reported_at', sa.DateTime(), nullable=True),
    sa.Column('transfer_confirmed_by_id', sa.Integer(), nullable=True),
    sa.Column('transfer_confirmed_at', sa.DateTime(), nullable=True),
    sa.Column('reminded_before_at', sa.DateTime(), nullable=True),
    sa.Column('reminded_after_at', sa.DateTime(), nullable=True),
    sa.Column('overdue_flagged_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("kind IN ('down_payment', 'delivery', 'final')", name=op.f('ck_invoices_kind_known')),
    sa.CheckConstraint('subtotal >= 0 AND ppn >= 0 AND total = subtotal + ppn', name=op.f('ck_invoices_sums')),
    sa.ForeignKeyConstraint(['delivery_id'], ['po_deliveries.id'], name=op.f('fk_invoices_delivery_id_po_deliveries')),
    sa.ForeignKeyConstraint(['po_id'], ['purchase_orders.id'], name=op.f('fk_invoices_po_id_purchase_orders')),
    sa.ForeignKeyConstraint(['transfer_confirmed_by_id'], ['users.id'], name=op.f('fk_invoices_transfer_confirmed_by_id_users')),
    sa.ForeignKeyConstraint(['transfer_reported_by_id'], ['users.id'], name=op.f('fk_invoices_transfer_reported_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invoices')),
    sa.UniqueConstraint('delivery_id', name=op.f('uq_invoices_delivery_id')),
    sa.UniqueConstraint('number', name=op.f('uq_invoices_number'))
    )
    op.create_index(op.f('ix_invoices_due_date'), 'invoices', ['due_date'])
    op.create_index(op.f('ix_invoices_po_id'), 'invoices', ['po_id'])
    op.create_index(op.f('ix_invoices_status'), 'invoices', ['status'])
    op.create_index('uq_invoices_po_kind_once', 'invoices', ['po_id', 'kind'], unique=True, sqlite_where=sa.text("kind IN ('down_payment', 'final') AND status != 'cancelled'"), postgresql_where=sa.text("kind IN ('down_payment', 'final') AND status != 'cancelled'"))

    op.create_table('po_delivery_lines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('delivery_id', sa.Integer(), nullable=False),
    sa.Column('po_line_id', sa.Integer(), nullable=False),
    sa.Column('qty_planned', sa.Integer(), nullable=False),
    sa.Column('qty_delivered', sa.Integer(), nullable=False),
    sa.Column('qty_accepted', sa.Integer(), nullable=False),
    sa.Column('qty_rejected', sa.Integer(), nullable=False),
    sa.Column('reject_reason', sa.Text(), nullable=False),
    sa.CheckConstraint('qty_accepted + qty_rejected <= qty_delivered', name=op.f('ck_po_delivery_lines_accepted_within')),
    sa.CheckConstraint('qty_planned >= 0 AND qty_delivered >= 0 AND qty_accepted >= 0 AND qty_rejected >= 0', name=op.f('ck_po_delivery_lines_quantities_positive')),
    sa.ForeignKeyConstraint(['delivery_id'], ['po_deliveries.id'], name=op.f('fk_po_delivery_lines_delivery_id_po_deliveries'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['po_line_id'], ['po_lines.id'], name=op.f('fk_po_delivery_lines_po_line_id_po_lines')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_po_delivery_lines')),
    sa.UniqueConstraint('delivery_id', 'po_line_id', name='uq_delivery_line')
    )
    op.create_index(op.f('ix_po_delivery_lines_po_line_id'), 'po_delivery_lines', ['po_line_id'])

    op.create_table('bast_photos',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('bast_id', sa.Integer(), nullable=False),
    sa.Column('storage_key', sa.String(length=80), nullable=False),
    sa.Column('content_type', sa.String(length=40), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['bast_id'], ['basts.id'], name=op.f('fk_bast_photos_bast_id_basts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bast_photos')),
    sa.UniqueConstraint('storage_key', name=op.f('uq_bast_photos_storage_key'))
    )
    op.create_index(op.f('ix_bast_photos_bast_id'), 'bast_photos', ['bast_id'])

    op.create_table('invoice_payments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('invoice_id', sa.Integer(), nullable=False),
    sa.Column('provider_order_id', sa.String(length=50), nullable=False),
    sa.Column('gross_amount', sa.BigInteger(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('fraud_status', sa.String(length=16), nullable=True),
    sa.Column('snap_token', sa.String(length=128), nullable=True),
    sa.Column('redirect_url', sa.String(length=500), nullable=True),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('gross_amount > 0', name=op.f('ck_invoice_payments_amount_positive')),
    sa.ForeignKeyConstraint(['invoice_id'], ['invoices.id'], name=op.f('fk_invoice_payments_invoice_id_invoices')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invoice_payments')),
    sa.UniqueConstraint('provider_order_id', name=op.f('uq_invoice_payments_provider_order_id'))
    )
    op.create_index(op.f('ix_invoice_payments_invoice_id'), 'invoice_payments', ['invoice_id'])
    op.create_index(op.f('ix_invoice_payments_status'), 'invoice_payments', ['status'])


def downgrade():
    # Dropping a table drops its indexes; children before parents.
    op.drop_table('invoice_payments')
    op.drop_table('bast_photos')
    op.drop_table('po_delivery_lines')
    op.drop_table('invoices')
    op.drop_table('catering_days')
    op.drop_table('basts')
    op.drop_table('po_lines')
    op.drop_table('po_deliveries')
    op.drop_table('catering_contracts')
    op.drop_table('quote_lines')
    op.drop_table('purchase_orders')
    op.drop_table('rfq_recipients')
    op.drop_table('rfq_items')
    op.drop_table('rfq_attachments')
    op.drop_table('quotes')
    op.drop_table('rfqs')
    op.drop_table('company_members')
    op.drop_table('group_tax_profiles')
    op.drop_table('companies')
    op.drop_table('doc_counters')
