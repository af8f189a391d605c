"""Use cases record what happened in their own unit of work, once per real change."""

from datetime import timedelta

import pytest

from application.use_cases.accounts.update_own_account import AccountChanges
from application.use_cases.admin.administer_account import AdministrativeChanges
from application.use_cases.auth.change_password import PasswordChange
from application.use_cases.posts.edit_post import PostChanges
from application.use_cases.posts.publish_post import NewPost
from domain.errors import AlreadyExists, InvalidInput
from domain.events import (
    CommentAdded,
    CommentDeleted,
    DomainEvent,
    EmailChangeRequested,
    PasswordChanged,
    PostDeleted,
    PostEdited,
    PostFavorited,
    PostPublished,
    PostUnfavorited,
    SessionsEnded,
    UserFollowed,
    UserRegistered,
    UserUnfollowed,
)
from entrypoints.composition.container import Container
from tests.application.conftest import PASSWORD, make_admin, sign_up


async def recorded(container: Container) -> list[DomainEvent]:
    """Every event committed so far, oldest first (claimed, so each is seen once)."""
    claimed = await container.outbox_queue().claim(
        limit=100, now=container.clock().now() + timedelta(days=1), lease=timedelta(days=1)
    )
    return [c.event for c in claimed]


async def test_registration_records_the_new_user(container: Container) -> None:
    ada = await sign_up(container, "ada")
    [event] = await recorded(container)
    assert isinstance(event, UserRegistered)
    assert event.user_id == ada.account.id


async def test_a_refused_registration_records_nothing(container: Container) -> None:
    await sign_up(container, "ada")
    await recorded(container)
    with pytest.raises(AlreadyExists):
        await sign_up(container, "ada")
    assert await recorded(container) == []


async def test_account_changes_record_address_and_password_changes_only(
    container: Container,
) -> None:
    ada = await sign_up(container, "ada")
    await recorded(container)
    update = container.update_own_account()
    await update(ada.actor, AccountChanges(bio="Hello"))
    await update(ada.actor, AccountChanges(email="ADA@example.com"))  # the same address
    assert await recorded(container) == []
    await update(ada.actor, AccountChanges(email="new@example.com", current_password=PASSWORD))
    await container.change_password()(
        ada.actor, PasswordChange("another good password", current_password=PASSWORD)
    )
    assert [type(e) for e in await recorded(container)] == [
        EmailChangeRequested,
        SessionsEnded,
        PasswordChanged,
    ]


async def test_post_lifecycle_records_each_real_change_once(container: Container) -> None:
    ada, bob = await sign_up(container, "ada"), await sign_up(container, "bob")
    await recorded(container)
    post = await container.publish_post()(ada.actor, NewPost(title="Hello", body="Body"))
    await container.edit_post()(ada.actor, post.slug, PostChanges(body="Body"))  # no change
    await container.edit_post()(ada.actor, post.slug, PostChanges(body="New body"))
    for _ in range(2):
        await container.favorite_post()(bob.actor, post.slug)
    for _ in range(2):
        await container.unfavorite_post()(bob.actor, post.slug)
    for _ in range(2):
        await container.follow_user()(bob.actor, "ada")
    for _ in range(2):
        await container.unfollow_user()(bob.actor, "ada")
    await container.follow_user()(bob.actor, "ada")
    comment = await container.add_comment()(bob.actor, post.slug, "Nice")
    await container.delete_comment()(bob.actor, post.slug, comment.id)
    await container.delete_post()(ada.actor, post.slug)

    events = await recorded(container)
    assert [type(e) for e in events] == [
        PostPublished,
        PostEdited,
        PostFavorited,
        PostUnfavorited,
        UserFollowed,
        UserUnfollowed,
        UserFollowed,
        CommentAdded,
        CommentDeleted,
        PostDeleted,
    ]
    published, deleted = events[0], events[-1]
    assert isinstance(published, PostPublished)
    assert (published.post_id, published.author_id) == (post.id, ada.account.id)
    assert isinstance(deleted, PostDeleted)
    assert deleted.slug == post.slug


async def test_a_failed_use_case_records_nothing(container: Container) -> None:
    ada = await sign_up(container, "ada")
    await recorded(container)
    with pytest.raises(InvalidInput):
        await container.publish_post()(ada.actor, NewPost(title="", body="Body"))
    assert await recorded(container) == []


async def test_every_way_of_ending_all_sessions_records_it(container: Container) -> None:
    admin = await make_admin(container, await sign_up(container, "root"))
    ada, bob = await sign_up(container, "ada"), await sign_up(container, "bob")
    carl = await sign_up(container, "carl")
    await recorded(container)
    await container.log_out_everywhere()(ada.actor)
    await container.administer_account()(admin.actor, "bob", AdministrativeChanges(is_active=False))
    await container.administer_account()(admin.actor, "bob", AdministrativeChanges(is_active=True))
    await container.delete_user()(admin.actor, "carl")
    ended = [e for e in await recorded(container) if isinstance(e, SessionsEnded)]
    assert [e.user_id for e in ended] == [ada.account.id, bob.account.id, carl.account.id]
