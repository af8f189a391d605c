"""Core capabilities that exist for a second API dialect, tested on their own."""

import pytest

from application.policies import CredentialChangePolicy
from application.use_cases.accounts.update_own_account import AccountChanges, UpdateOwnAccount
from application.use_cases.auth.change_password import ChangePassword, PasswordChange
from application.use_cases.auth.log_in import Credentials
from application.use_cases.auth.register_user import Registration
from application.use_cases.auth.sign_up import SignUp
from application.use_cases.posts.publish_post import NewPost
from domain.errors import (
    AlreadyExists,
    AuthenticationFailed,
    InvalidInput,
    NotFound,
    PermissionDenied,
)
from entrypoints.container import Container
from tests.application.conftest import PASSWORD, refresh, sign_up


def trusting(container: Container) -> tuple[UpdateOwnAccount, ChangePassword]:
    update, change = container.conduit_update_account(), container.conduit_change_password()
    assert update.policy is change.policy is CredentialChangePolicy.TRUST_SESSION
    return update, change


async def test_trust_session_changes_email_and_password_without_the_current_one(
    container: Container,
) -> None:
    member = await sign_up(container, "ada")
    update, change_password = trusting(container)
    account = await update(member.actor, AccountChanges(email="new@example.com"))
    assert account.email == "new@example.com"
    await change_password(member.actor, PasswordChange("another password"))
    await container.log_in()(Credentials("new@example.com", "another password"))


async def test_trust_session_still_validates_and_still_ends_refresh_sessions(
    container: Container,
) -> None:
    member = await sign_up(container, "ada")
    update, change_password = trusting(container)
    with pytest.raises(InvalidInput):
        await change_password(member.actor, PasswordChange("short"))
    with pytest.raises(InvalidInput):
        await update(member.actor, AccountChanges(email="not an email"))
    await change_password(member.actor, PasswordChange("another password"))
    with pytest.raises(Exception, match="refresh token"):
        await container.refresh_session()(refresh(member.tokens))


async def test_the_strict_policy_is_the_default(container: Container) -> None:
    member = await sign_up(container, "ada")
    with pytest.raises(PermissionDenied):
        await container.change_password()(member.actor, PasswordChange("another password"))


async def test_conduit_sessions_have_no_refresh_token_and_their_own_lifetime_and_audience(
    container: Container,
) -> None:
    await sign_up(container, "ada")
    signed_in = await container.conduit_log_in()(Credentials("ada", PASSWORD))
    assert signed_in.tokens.refresh_token is None
    assert signed_in.tokens.expires_in == 86_400
    assert signed_in.account.username == "ada"
    actor = await container.conduit_authenticate()(signed_in.tokens.access_token)
    assert actor.user_id == signed_in.account.id
    with pytest.raises(AuthenticationFailed):  # TOK-10: v1 refuses Conduit's tokens
        await container.authenticate()(signed_in.tokens.access_token)


async def test_sign_up_registers_and_signs_in(container: Container) -> None:
    sign_up_now = SignUp(
        container.unit_of_work.provider(), container.register_user(), container.sessions()
    )
    signed_in = await sign_up_now(Registration("ada@example.com", "ada", PASSWORD))
    assert (
        await container.authenticate()(signed_in.tokens.access_token)
    ).user_id == signed_in.account.id
    with pytest.raises(AlreadyExists) as caught:
        await sign_up_now(Registration("other@example.com", "ADA", PASSWORD))
    assert caught.value.field == "username"


async def test_errors_name_the_missing_or_forbidden_resource(container: Container) -> None:
    ada, bob = await sign_up(container, "ada"), await sign_up(container, "bob")
    with pytest.raises(NotFound) as missing_post:
        await container.get_post()("nope")
    with pytest.raises(NotFound) as missing_user:
        await container.view_profile()("nobody")
    assert (missing_post.value.resource, missing_user.value.resource) == ("post", "user")
    await container.publish_post()(ada.actor, NewPost(title="Mine", body="b"))
    with pytest.raises(PermissionDenied) as forbidden:
        await container.delete_post()(bob.actor, "mine")
    assert forbidden.value.resource == "post"
    with pytest.raises(NotFound) as missing_comment:
        await container.delete_comment()(ada.actor, "mine", 12345)
    assert missing_comment.value.resource == "comment"
