"""Sessions: each refresh-token family becomes a session that its owner can see and end.

Revision ID: 0007
Revises: 0006
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

import adapters.sqlalchemy.types


revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None
_THIS_TABLE_ONLY = {"resolve_fks": False}


def upgrade() -> None:
    op.create_table('sessions',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('label', sa.String(length=64), nullable=False),
    sa.Column('created_at', adapters.sqlalchemy.types.UTCDateTime(), nullable=False),
    sa.Column('last_used_at', adapters.sqlalchemy.types.UTCDateTime(), nullable=False),
    sa.Column('authenticated_at', adapters.sqlalchemy.types.UTCDateTime(), nullable=False),
    sa.Column('last_address', sa.String(length=45), nullable=True),
    sa.Column('expires_at', adapters.sqlalchemy.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_sessions_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sessions'))
    )
    with op.batch_alter_table('sessions', schema=None) as batch_op:
        batch_op.create_index('ix_sessions_expires_at', ['expires_at'], unique=False)
        batch_op.create_index('ix_sessions_user_id', ['user_id'], unique=False)
    # Families signed in before sessions existed: no device is known, the migration is their
    # last use (and, as far as anyone can tell, their sign-in).
    op.get_bind().execute(
        sa.text(
            "INSERT INTO sessions "
            "(id, user_id, label, created_at, last_used_at, authenticated_at, expires_at) "
            "SELECT family_id, user_id, 'Unknown device', :now, :now, :now, MAX(expires_at) "
            "FROM refresh_tokens GROUP BY family_id, user_id"
        ).bindparams(
            sa.bindparam("now", datetime.now(UTC), type_=adapters.sqlalchemy.types.UTCDateTime())
        )
    )
    # SQLite recreates the table; reflecting only it (not the users table it refers to, whose
    # expression indexes SQLAlchemy cannot reflect and warns about) is all that needs.
    with op.batch_alter_table('refresh_tokens', reflect_kwargs=_THIS_TABLE_ONLY) as batch_op:
        batch_op.create_foreign_key(batch_op.f('fk_refresh_tokens_family_id_sessions'), 'sessions', ['family_id'], ['id'], ondelete='CASCADE')


def downgrade() -> None:
    with op.batch_alter_table('refresh_tokens', reflect_kwargs=_THIS_TABLE_ONLY) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_refresh_tokens_family_id_sessions'), type_='foreignkey')
    with op.batch_alter_table('sessions', schema=None) as batch_op:
        batch_op.drop_index('ix_sessions_user_id')
        batch_op.drop_index('ix_sessions_expires_at')
    op.drop_table('sessions')
