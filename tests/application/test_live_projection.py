"""Live updates' read side: each committed event becomes its update (kind, payload, audience)
in one unit of work, reading the state as it is when the event is projected."""

from collections.abc import Callable

from application.live.projection import LiveProjection
from application.live.updates import (
    UPDATE_KINDS,
    Audience,
    CommentAddedPayload,
    CommentDeletedPayload,
    FavoritesPayload,
    FollowerPayload,
    LiveUpdate,
    PostDeletedPayload,
    PostPayload,
)
from application.ports.unit_of_work import UnitOfWork
from application.use_cases.posts.edit_post import PostChanges
from application.use_cases.posts.publish_post import NewPost
from domain.events import PostDeleted
from entrypoints.composition.container import Container
from tests.application.conftest import sign_up
from tests.application.test_recorded_events import recorded


class CountedUnitsOfWork:
    def __init__(self, factory: Callable[[], UnitOfWork]) -> None:
        self._factory, self.opened = factory, 0

    def __call__(self) -> UnitOfWork:
        self.opened += 1
        return self._factory()


async def test_each_live_event_becomes_its_update_in_one_unit_of_work(
    container: Container,
) -> None:
    ada, bob = await sign_up(container, "ada"), await sign_up(container, "bob")
    units = CountedUnitsOfWork(container.unit_of_work)
    projection = LiveProjection(units)

    async def projected() -> LiveUpdate | None:
        [event] = await recorded(container)
        units.opened = 0
        update = await projection.project(event)
        asks_storage = type(event) in UPDATE_KINDS and not isinstance(event, PostDeleted)
        assert units.opened == (1 if asks_storage else 0)
        if update is not None:
            assert update.event_id == event.event_id
        return update

    await recorded(container)  # the sign-ups
    post = await container.publish_post()(ada.actor, NewPost("Title", "Body"))
    published = await projected()
    assert published is not None
    assert published.kind == "post.published"
    assert published.audience == Audience(feed_author=ada.account.id)
    assert isinstance(published.payload, PostPayload)
    assert published.payload.post.slug == post.slug
    assert not published.payload.post.favorited  # as an anonymous reader sees it

    await container.edit_post()(ada.actor, post.slug, PostChanges(body="New body"))
    edited = await projected()
    assert edited is not None
    assert edited.kind == "post.edited"
    assert edited.audience == Audience(post_id=post.id)
    assert isinstance(edited.payload, PostPayload)
    assert edited.payload.post.body == "New body"

    await container.favorite_post()(bob.actor, post.slug)
    favorited = await projected()
    assert favorited is not None
    assert favorited.kind == "post.favorites"
    assert favorited.payload == FavoritesPayload(post.slug, 1)

    await container.follow_user()(bob.actor, "ada")
    followed = await projected()
    assert followed is not None
    assert followed.kind == "follower.added"
    assert followed.audience == Audience(me=ada.account.id)
    assert isinstance(followed.payload, FollowerPayload)
    assert followed.payload.follower.username == "bob"

    await container.unfollow_user()(bob.actor, "ada")
    assert await projected() is None  # not a live update

    comment = await container.add_comment()(bob.actor, post.slug, "Nice")
    commented = await projected()
    assert commented is not None
    assert commented.kind == "comment.added"
    assert commented.audience == Audience(post_id=post.id, me=ada.account.id)
    assert isinstance(commented.payload, CommentAddedPayload)
    assert (commented.payload.slug, commented.payload.comment.body) == (post.slug, "Nice")

    await container.add_comment()(ada.actor, post.slug, "Thanks")
    answered = await projected()
    assert answered is not None
    assert answered.audience == Audience(post_id=post.id)  # own post

    await container.delete_comment()(bob.actor, post.slug, comment.id)
    uncommented = await projected()
    assert uncommented is not None
    assert uncommented.kind == "comment.deleted"
    assert uncommented.payload == CommentDeletedPayload(post.slug, comment.id)

    await container.edit_post()(ada.actor, post.slug, PostChanges(body="Last body"))
    [edit] = await recorded(container)
    await container.delete_post()(ada.actor, post.slug)
    assert await projection.project(edit) is None  # deleted since: its deletion follows
    deleted = await projected()
    assert deleted is not None
    assert deleted.kind == "post.deleted"
    assert deleted.payload == PostDeletedPayload(post.slug)
    assert deleted.audience == Audience(post_id=post.id)
