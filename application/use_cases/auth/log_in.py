import logging
from dataclasses import dataclass

from application.audit import AuditTrail
from application.credentials import password_matches
from application.login_fingerprints import LoginFingerprints
from application.ports.clock import Clock
from application.ports.password_hasher import PasswordHasher
from application.ports.security_events import SecurityEventKind
from application.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory
from application.sessions import UNKNOWN_CLIENT, Client, SessionIssuer
from application.two_factor import MfaChallenges, SecondFactor
from application.views import AccountView, SignedIn
from domain.errors import AuthenticationFailed, InvalidInput, TwoFactorRequired
from domain.users import User, is_username, normalize_email

log = logging.getLogger("folio.auth")


@dataclass(frozen=True)
class Credentials:
    login: str  # e-mail or username
    password: str


async def find_by_login(uow: UnitOfWork, login: str) -> User | None:
    if "@" in login:
        try:
            return await uow.users.by_email(normalize_email(login))
        except InvalidInput:
            return None
    username = login.strip()
    if not is_username(username):
        return None  # no account can have that name: nothing to look up
    return await uow.users.by_username(username)


class LogIn:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        hasher: PasswordHasher,
        sessions: SessionIssuer,
        clock: Clock,
        fingerprints: LoginFingerprints,
        audit: AuditTrail,
        second_factor: SecondFactor,
        challenges: MfaChallenges,
    ) -> None:
        self._uow, self._hasher, self._sessions, self._clock = uow, hasher, sessions, clock
        self._fingerprints, self._audit = fingerprints, audit
        self._second_factor, self._challenges = second_factor, challenges

    async def __call__(self, credentials: Credentials, client: Client = UNKNOWN_CLIENT) -> SignedIn:
        async with self._uow() as uow:
            user = await find_by_login(uow, credentials.login)
            two_factor_on = user is not None and await self._second_factor.is_on(uow, user.id)
        # Verification is slow on purpose; it runs between transactions so it holds no connection.
        # An unknown account is verified against a dummy hash: same time, same error.
        password_ok = await password_matches(
            self._hasher, user.password_hash if user else None, credentials.password
        )
        if user is None or not password_ok:
            fingerprint = self._fingerprints(credentials.login)
            log.warning("login_failed", extra={"login_fingerprint": fingerprint})
            await self._failed(user, fingerprint, "wrong_credentials")
            raise AuthenticationFailed("Incorrect login or password.")
        if not user.is_active:  # refused, but only after a correct password
            await self._failed(user, self._fingerprints(credentials.login), "account_disabled")
            user.as_actor()
        if two_factor_on:  # the password was right: a code must follow
            raise TwoFactorRequired(self._challenges.issue(user.id))
        new_hash = None
        if self._hasher.needs_rehash(user.password_hash):
            new_hash = await self._hasher.hash(credentials.password)
        async with self._uow() as uow:
            if new_hash is not None:
                stored = await uow.users.get(user.id)
                if stored is not None:
                    stored.change_password_hash(new_hash, self._clock.now())
                    await uow.users.update(stored)
            tokens = await self._sessions.issue(uow, user.id, client)
            await self._audit.record(
                uow, SecurityEventKind.LOGIN_SUCCEEDED, actor_id=user.id, target_id=user.id
            )
            await uow.commit()
        log.info("login_succeeded", extra={"user_id": str(user.id)})
        return SignedIn(AccountView.of(user), tokens)

    async def _failed(self, user: User | None, fingerprint: str, reason: str) -> None:
        """Recorded in a unit of work of its own: a refused login changes nothing else."""
        async with self._uow() as uow:
            await self._audit.record(
                uow,
                SecurityEventKind.LOGIN_FAILED,
                actor_id=None,
                target_id=user.id if user else None,
                login_fingerprint=fingerprint,
                reason=reason,
            )
            await uow.commit()
