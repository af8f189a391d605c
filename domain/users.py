"""Users: accounts with an e-mail, a username, a role and an active flag."""

import contextlib
import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum
from uuid import UUID

from domain.errors import (
    AccountDisabled,
    EmailNotVerified,
    InvalidInput,
    InvalidToken,
    PermissionDenied,
    ReauthenticationRequired,
)
from domain.text import BIO_MAX, IMAGE_URL_MAX, bounded

USERNAME_PATTERN = r"[A-Za-z0-9_-]{3,32}"
_USERNAME = re.compile(USERNAME_PATTERN)
# Deliberately permissive: one @, a dotted domain, no spaces or control characters.
# Deliverability is not ours to judge. The API schema states the same pattern.
EMAIL_PATTERN = r"[^@\x00-\x20\x7f-\x9f]+@[^@\x00-\x20\x7f-\x9f]+\.[^@\x00-\x20\x7f-\x9f]+"
_EMAIL = re.compile(EMAIL_PATTERN)
IMAGE_URL_PATTERN = r"https?://[^\x00-\x20\x7f-\x9f]+"
_IMAGE_URL = re.compile(IMAGE_URL_PATTERN)
EMAIL_MAX = 254
TAKEN = {
    "email": "That e-mail address is already taken.",
    "username": "That username is already taken.",
}
PASSWORD_MIN = 8
PASSWORD_MAX = 1024


class Role(StrEnum):
    MEMBER = "member"
    ADMIN = "admin"


def normalize_email(value: str) -> str:
    """One mailbox, one spelling (AUTH-09): compatibility forms folded (NFKC: fullwidth
    letters are letters), the domain without a trailing dot and in its ASCII (IDNA) form,
    all lower-case. Uniqueness is checked on this form, so look-alike twins of an address are
    the address. Where a step would break an address the schema accepts (NFKC and IDNA turn
    a spacing accent into a space, say), the address is taken with less of them."""
    # Only ASCII whitespace is trimmed: the pattern refuses it anyway, so trimming never turns
    # an address the API schema accepts into one the domain refuses.
    typed = value.strip(" \t\n\r\f\v")
    folded = unicodedata.normalize("NFKC", typed)
    for email in (_with_ascii_domain(folded), _with_ascii_domain(typed), typed.lower()):
        if len(email) <= EMAIL_MAX and _EMAIL.fullmatch(email):
            return email
    raise InvalidInput("email must be a valid e-mail address.", field="email")


def canonical_login(login: str) -> str:
    """The one spelling of a login (an e-mail address or a username) that every spelling
    finding the same account shares: an address as normalize_email folds it, a username in
    lower case (usernames are unique in any case)."""
    if "@" in login:
        with contextlib.suppress(InvalidInput):
            return normalize_email(login)
    return login.strip().lower()


def _with_ascii_domain(spelling: str) -> str:
    local, at, domain = spelling.rpartition("@")
    domain = domain.rstrip(".")
    # A domain that is no DNS name (a label too long, say) is kept as typed: deliverability is
    # not ours to judge.
    with contextlib.suppress(UnicodeError):
        domain = domain.encode("idna").decode("ascii")
    return f"{local}{at}{domain}".lower()


def is_username(value: str) -> bool:
    return bool(_USERNAME.fullmatch(value))


def validate_username(value: str) -> str:
    if not is_username(value):
        raise InvalidInput("username must be 3-32 letters, digits, '_' or '-'.", field="username")
    return value


def validate_password(value: str) -> str:
    """Length is the only rule; the password is never trimmed or case-folded."""
    if not PASSWORD_MIN <= len(value) <= PASSWORD_MAX:
        raise InvalidInput(
            f"password must be {PASSWORD_MIN}-{PASSWORD_MAX} characters.", field="password"
        )
    return value


def validate_image(value: str | None) -> str | None:
    if value is None or value == "":
        return None
    bounded(value, field="image", max_length=IMAGE_URL_MAX)
    if not _IMAGE_URL.fullmatch(value):
        raise InvalidInput("image must be an http(s) URL.", field="image")
    return value


@dataclass(frozen=True)
class Actor:
    """An authenticated, active user acting on the system."""

    user_id: UUID
    role: Role
    email_verified: bool = True
    session_id: UUID | None = None  # the sign-in it acts through, when a token names one
    authenticated_at: datetime | None = None  # when it last proved who it is, if known

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN

    def ensure_recently_authenticated(self, now: datetime, within: timedelta) -> None:
        """For the actions that must not be left to whoever holds a token (step-up)."""
        if self.authenticated_at is None or now - self.authenticated_at > within:
            raise ReauthenticationRequired(max_age_seconds=int(within.total_seconds()))

    def ensure_admin(self) -> None:
        if not self.is_admin:
            raise PermissionDenied("Only an admin may do this.")

    def ensure_may_write(self, *, require_verified_email: bool) -> None:
        if require_verified_email and not self.email_verified:
            raise EmailNotVerified()

    def ensure_administers_other(self, user_id: UUID) -> None:
        """Admins manage other accounts; locking oneself out is refused."""
        self.ensure_admin()
        if user_id == self.user_id:
            raise PermissionDenied("Admins cannot demote, deactivate or delete themselves.")


@dataclass(eq=False)
class User:
    id: UUID
    email: str
    username: str
    password_hash: str
    created_at: datetime
    updated_at: datetime
    bio: str = ""
    image: str | None = None
    role: Role = Role.MEMBER
    is_active: bool = True
    email_verified: bool = False

    @classmethod
    def register(
        cls, *, id: UUID, email: str, username: str, password_hash: str, now: datetime
    ) -> "User":
        return cls(
            id=id,
            email=normalize_email(email),
            username=validate_username(username),
            password_hash=password_hash,
            created_at=now,
            updated_at=now,
        )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, User) and other.id == self.id

    def __hash__(self) -> int:
        return hash(self.id)

    def as_actor(
        self, *, session_id: UUID | None = None, authenticated_at: datetime | None = None
    ) -> Actor:
        """The account acting, through a session whose holder authenticated at
        `authenticated_at`, when known."""
        if not self.is_active:
            raise AccountDisabled()
        return Actor(self.id, self.role, self.email_verified, session_id, authenticated_at)

    def update_profile(
        self,
        *,
        now: datetime,
        email: str | None = None,
        username: str | None = None,
        bio: str | None = None,
        image: str | None = None,
        clear_image: bool = False,
    ) -> None:
        if email is not None:
            address = normalize_email(email)
            if address != self.email:
                self.email, self.email_verified = address, False
        if username is not None:
            self.username = validate_username(username)
        if bio is not None:
            self.bio = bounded(bio, field="bio", max_length=BIO_MAX, multiline=True)
        if clear_image:
            self.image = None
        elif image is not None:
            self.image = validate_image(image)
        self.updated_at = now

    def verify_email(self, address: str, now: datetime) -> None:
        """Confirms `address`, which must still be the account's: a link sent to an address
        the account has since left confirms nothing."""
        if address != self.email:
            raise InvalidToken(
                "The token was sent to an address this account no longer uses.",
                purpose="email_verification",
            )
        self.email_verified = True
        self.updated_at = now

    def change_password_hash(self, password_hash: str, now: datetime) -> None:
        self.password_hash = password_hash
        self.updated_at = now

    def change_role(self, role: Role, now: datetime) -> None:
        self.role = role
        self.updated_at = now

    def deactivate(self, now: datetime) -> None:
        self.is_active = False
        self.updated_at = now

    def reactivate(self, now: datetime) -> None:
        self.is_active = True
        self.updated_at = now

    def copy(self) -> "User":
        return replace(self)
