"""Checking a password as typed; what follows any change of password (change, reset, account
update); and the end of every session of an account."""

from uuid import UUID

from application.event_recording import EventRecorder
from application.ports.one_time_tokens import TokenPurpose
from application.ports.password_hasher import PasswordHasher
from application.ports.unit_of_work import UnitOfWork
from domain.events import PasswordChanged, SessionsEnded
from domain.users import PASSWORD_MAX


async def password_matches(
    hasher: PasswordHasher, password_hash: str | None, password: str
) -> bool:
    """Whether `password` is the one hashed (None: no account, verified against a dummy hash
    in the same time). One longer than any password may be is refused without hashing."""
    return len(password) <= PASSWORD_MAX and await hasher.verify(password_hash, password)


async def end_trust_in_the_old_password(
    uow: UnitOfWork, user_id: UUID, events: EventRecorder, *, keep: UUID | None = None
) -> None:
    """Every session of the account ends but `keep` (the one that made the change, which knew
    the old password), and a password-reset token still in its mailbox stops working; the
    change is recorded."""
    await end_every_session(uow, user_id, events, keep=keep)
    await uow.one_time_tokens.revoke_user(user_id, TokenPurpose.PASSWORD_RESET)
    await events.record(uow, PasswordChanged, user_id=user_id)


async def end_every_session(
    uow: UnitOfWork, user_id: UUID, events: EventRecorder, *, keep: UUID | None = None
) -> None:
    """Every session of the account but `keep` ends: no refresh or access token of theirs
    works any more, and their live connections close."""
    await uow.sessions.end_all(user_id, keep=keep)
    await events.record(uow, SessionsEnded, user_id=user_id, kept_session_id=keep)
