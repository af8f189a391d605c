"""What follows any change of password, by whichever route (change, reset, account update)."""

from uuid import UUID

from application.event_recording import EventRecorder
from application.ports.one_time_tokens import TokenPurpose
from application.ports.unit_of_work import UnitOfWork
from domain.events import PasswordChanged


async def end_trust_in_the_old_password(
    uow: UnitOfWork, user_id: UUID, events: EventRecorder
) -> None:
    """Every refresh-token session of the account ends, and a password-reset token still in
    its mailbox stops working; the change is recorded."""
    await uow.refresh_tokens.revoke_user(user_id)
    await uow.one_time_tokens.revoke_user(user_id, TokenPurpose.PASSWORD_RESET)
    await events.record(uow, PasswordChanged, user_id=user_id)
