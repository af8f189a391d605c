"""E-mail addresses in one spelling per mailbox: NFKC, IDNA domain, no trailing dot, lower case.

Addresses stored before the rule are rewritten to that form. Where two accounts turn out to
be one mailbox, the account already holding the normalized spelling keeps it and the other
keeps its old spelling, which no longer matches a sign-in by e-mail (its owner can still
sign in by username); the migration prints which accounts that concerns, by id. The rule is copied here as it was when this
migration was written, so the migration stays what it was if the rule changes later.

Revision ID: 0004
Revises: 0003
"""

import contextlib
import re
import unicodedata
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

EMAIL = r"[^@\x00-\x20\x7f-\x9f]+@[^@\x00-\x20\x7f-\x9f]+\.[^@\x00-\x20\x7f-\x9f]+"


def with_ascii_domain(spelling: str) -> str:
    local, at, domain = spelling.rpartition("@")
    domain = domain.rstrip(".")
    with contextlib.suppress(UnicodeError):
        domain = domain.encode("idna").decode("ascii")
    return f"{local}{at}{domain}".lower()


def normalized(email: str) -> str:
    typed = email.strip(" \t\n\r\f\v")
    folded = unicodedata.normalize("NFKC", typed)
    for candidate in (with_ascii_domain(folded), with_ascii_domain(typed), typed.lower()):
        if len(candidate) <= 254 and re.fullmatch(EMAIL, candidate):
            return candidate
    return email


def upgrade() -> None:
    connection = op.get_bind()
    rows = connection.execute(
        sa.text("SELECT id, email FROM users ORDER BY created_at, id")
    ).all()
    taken = {email.lower() for _, email in rows}
    for user_id, email in rows:
        target = normalized(email)
        if target == email:
            continue
        if target in taken and target != email.lower():
            print(f"0004: account {user_id} keeps its address: another account has its mailbox")
            continue
        connection.execute(
            sa.text("UPDATE users SET email = :email WHERE id = :id"),
            {"email": target, "id": user_id},
        )
        taken.discard(email.lower())
        taken.add(target)


def downgrade() -> None:
    pass  # the old spellings are not kept; the normalized ones are valid addresses as they are
