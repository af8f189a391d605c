import re
from datetime import UTC, datetime
from uuid import uuid4

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.errors import AccountDisabled, InvalidInput, PermissionDenied
from domain.users import (
    EMAIL_MAX,
    EMAIL_PATTERN,
    Actor,
    Role,
    User,
    normalize_email,
    validate_image,
    validate_password,
    validate_username,
)

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def a_user(**kwargs: object) -> User:
    return User.register(
        id=uuid4(), email="Ada@Example.COM", username="Ada_L", password_hash="h", now=NOW
    )


def test_email_is_trimmed_and_stored_lower_case() -> None:
    assert normalize_email("  Ada@Example.COM ") == "ada@example.com"


@pytest.mark.parametrize("email", ["", "ada", "ada@", "@x.io", "a b@x.io", "a@b", "a@@x.io"])
def test_malformed_emails_are_invalid(email: str) -> None:
    with pytest.raises(InvalidInput):
        normalize_email(email)


def test_overlong_email_is_invalid() -> None:
    with pytest.raises(InvalidInput):
        normalize_email("a" * 250 + "@x.io")


@pytest.mark.parametrize("name", ["abc", "A_b-9", "x" * 32])
def test_valid_usernames(name: str) -> None:
    assert validate_username(name) == name


@pytest.mark.parametrize("name", ["ab", "x" * 33, "has space", "dot.ted", "émile", ""])
def test_invalid_usernames(name: str) -> None:
    with pytest.raises(InvalidInput):
        validate_username(name)


def test_auth03_password_length_is_the_only_rule_and_it_is_never_trimmed() -> None:
    assert validate_password("  spaced  ") == "  spaced  "
    assert validate_password("ünïcødé!") == "ünïcødé!"
    assert validate_password("x" * 1024) == "x" * 1024
    for bad in ("x" * 7, "x" * 1025):
        with pytest.raises(InvalidInput):
            validate_password(bad)


def test_image_must_be_an_http_url_and_empty_means_none() -> None:
    assert validate_image("") is None
    assert validate_image("https://img.example/a.png") == "https://img.example/a.png"
    with pytest.raises(InvalidInput):
        validate_image("javascript:alert(1)")


def test_registration_normalises_email_and_defaults_to_an_active_member() -> None:
    user = a_user()
    assert user.email == "ada@example.com"
    assert user.role is Role.MEMBER
    assert user.is_active


def test_users_compare_by_id() -> None:
    user = a_user()
    twin = user.copy()
    twin.bio = "changed"
    assert user == twin
    assert user != a_user()


def test_an_inactive_user_cannot_act() -> None:
    user = a_user()
    user.deactivate(NOW)
    with pytest.raises(AccountDisabled):
        user.as_actor()
    user.reactivate(NOW)
    assert user.as_actor() == Actor(user.id, Role.MEMBER, email_verified=False)


def test_bio_is_bounded() -> None:
    user = a_user()
    user.update_profile(now=NOW, bio="x" * 1000)
    with pytest.raises(InvalidInput):
        user.update_profile(now=NOW, bio="x" * 1001)


def test_image_can_be_cleared() -> None:
    user = a_user()
    user.update_profile(now=NOW, image="https://img.example/a.png")
    user.update_profile(now=NOW, clear_image=True)
    assert user.image is None


def test_only_admins_administer_and_never_themselves() -> None:
    member, admin = Actor(uuid4(), Role.MEMBER), Actor(uuid4(), Role.ADMIN)
    with pytest.raises(PermissionDenied):
        member.ensure_administers_other(uuid4())
    with pytest.raises(PermissionDenied):
        admin.ensure_administers_other(admin.user_id)
    admin.ensure_administers_other(member.user_id)


@settings(max_examples=500, derandomize=True, database=None)
@given(st.from_regex(EMAIL_PATTERN, fullmatch=True).filter(lambda e: len(e) <= EMAIL_MAX))
def test_auth09_every_address_the_schema_accepts_normalizes_to_a_valid_one(email: str) -> None:
    normalized = normalize_email(email)
    assert re.fullmatch(EMAIL_PATTERN, normalized)
    assert normalize_email(normalized) == normalized  # one spelling: normalizing is stable
