"""Core capabilities that exist for a second API dialect, tested on their own."""

import pytest

from application.policies import CredentialChangePolicy
from application.use_cases.accounts.update_own_account import AccountChanges, UpdateOwnAccount
from application.use_cases.auth.change_password import PasswordChange
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
from entrypoints.composition.container import Container
from tests.application.conftest import PASSWORD, account_of, refresh, sign_up


def trusting(container: Container) -> UpdateOwnAccount:
    update: UpdateOwnAccount = container.conduit_update_account()
    assert update.policy is CredentialChangePolicy.TRUST_SESSION
    return update


async def test_trust_session_changes_email_and_password_without_the_current_one(
    container: Container,
) -> None:
    member = await sign_up(container, "ada")
    update = trusting(container)
    changes = AccountChanges(email="new@example.com", new_password="another password")
    account = await update(member.actor, changes)
    assert account.email == "new@example.com"
    await container.log_in()(Credentials("new@example.com", "another password"))


async def test_cc01_an_account_update_changes_all_of_it_or_none_of_it(
    container: Container,
) -> None:
    member = await sign_up(container, "ada")
    await sign_up(container, "bob")
    update = trusting(container)
    with pytest.raises(AlreadyExists):  # the username is taken: the new password is not kept
        await update(member.actor, AccountChanges(username="bob", new_password="brand new one"))
    await container.log_in()(Credentials("ada", PASSWORD))
    with pytest.raises(InvalidInput):  # the password is refused: the bio is not kept
        await update(member.actor, AccountChanges(bio="changed", new_password="short"))
    assert (await account_of(container, member)).bio == ""


async def test_trust_session_still_validates_and_still_ends_the_other_sessions(
    container: Container,
) -> None:
    member = await sign_up(container, "ada")
    other = (await container.log_in()(Credentials("ada", PASSWORD))).tokens
    update = trusting(container)
    with pytest.raises(InvalidInput):
        await update(member.actor, AccountChanges(new_password="short"))
    with pytest.raises(InvalidInput):
        await update(member.actor, AccountChanges(email="not an email"))
    await update(member.actor, AccountChanges(new_password="another password"))
    with pytest.raises(Exception, match="refresh token"):
        await container.refresh_session()(refresh(other))
    await container.refresh_session()(refresh(member.tokens))  # the session that changed it


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
