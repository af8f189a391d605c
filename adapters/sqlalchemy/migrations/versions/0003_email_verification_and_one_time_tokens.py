"""Address verification on accounts, and single-use tokens (password reset, verification).

Accounts that exist before this migration start unverified: nothing has confirmed their
addresses. With REQUIRE_VERIFIED_EMAIL on, they ask for a mail at
POST /api/v1/auth/verify-email/request.

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import adapters.sqlalchemy.types


revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A plain ADD COLUMN on both backends: a batch (copy-and-move) on SQLite would drop the
    # expression indexes that keep e-mail and username unique, which it cannot reflect.
    op.add_column('users', sa.Column('email_verified', sa.Boolean(), server_default=sa.false(), nullable=False))

    op.create_table('one_time_tokens',
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('purpose', sa.String(length=32), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('event_id', sa.Uuid(), nullable=False),
    sa.Column('issued_at', adapters.sqlalchemy.types.UTCDateTime(), nullable=False),
    sa.Column('expires_at', adapters.sqlalchemy.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_one_time_tokens_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('token_hash', name=op.f('pk_one_time_tokens')),
    sa.UniqueConstraint('event_id', name=op.f('uq_one_time_tokens_event_id'))
    )
    with op.batch_alter_table('one_time_tokens', schema=None) as batch_op:
        batch_op.create_index('ix_one_time_tokens_user_id_purpose', ['user_id', 'purpose'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('one_time_tokens', schema=None) as batch_op:
        batch_op.drop_index('ix_one_time_tokens_user_id_purpose')

    op.drop_table('one_time_tokens')
    op.drop_column('users', 'email_verified')
