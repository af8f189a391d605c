from dataclasses import dataclass

from application.event_recording import EventRecorder
from application.ports.clock import Clock
from application.ports.ids import IdGenerator
from application.ports.password_hasher import PasswordHasher
from application.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory
from application.views import AccountView
from domain.events import UserRegistered
from domain.users import User, normalize_email, validate_password, validate_username


@dataclass(frozen=True)
class Registration:
    email: str
    username: str
    password: str


class RegisterUser:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        hasher: PasswordHasher,
        clock: Clock,
        ids: IdGenerator,
        events: EventRecorder,
    ) -> None:
        self._uow, self._hasher, self._clock, self._ids = uow, hasher, clock, ids
        self._events = events

    async def __call__(self, registration: Registration) -> AccountView:
        user = await self.new_user(registration)
        async with self._uow() as uow:
            await self.add(uow, user)
            await uow.commit()
        return AccountView.of(user)

    async def add(self, uow: UnitOfWork, user: User) -> None:
        """Stores the new account and records that it registered (welcome mail, address
        verification), in the caller's unit of work."""
        await uow.users.add(user)
        await self._events.record(uow, UserRegistered, user_id=user.id)

    async def new_user(self, registration: Registration) -> User:
        """Validates before the expensive hash, and hashes before any transaction opens, so
        hashing holds no connection."""
        normalize_email(registration.email)
        validate_username(registration.username)
        password_hash = await self._hasher.hash(validate_password(registration.password))
        return User.register(
            id=self._ids.new_id(),
            email=registration.email,
            username=registration.username,
            password_hash=password_hash,
            now=self._clock.now(),
        )
