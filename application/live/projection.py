"""Live updates' read side: turns one committed event into its update (payload and audience)
in one unit of work (none when the event itself says all), once per event per serving process
however many connections receive it; and answers the few questions routing asks (a post's id,
who follows whom), each in a short unit of work of its own."""

from collections.abc import Collection
from uuid import UUID

from application.live.updates import (
    UPDATE_KINDS,
    Audience,
    CommentAddedPayload,
    CommentDeletedPayload,
    FavoritesPayload,
    FollowerPayload,
    LiveUpdate,
    Payload,
    PostDeletedPayload,
    PostPayload,
)
from application.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory
from application.viewing import comment_views, profiles_of
from application.views import PostView
from domain.events import (
    CommentAdded,
    CommentDeleted,
    DomainEvent,
    PostDeleted,
    PostEdited,
    PostFavorited,
    PostPublished,
    PostUnfavorited,
    UserFollowed,
)


class LiveProjection:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def project(self, event: DomainEvent) -> LiveUpdate | None:
        """The update `event` becomes, as an anonymous reader sees its subject (no viewer's
        flags); None when it becomes none, or its subject is gone since (its deletion
        follows)."""
        kind = UPDATE_KINDS.get(type(event))
        if kind is None:
            return None
        if isinstance(event, PostDeleted):  # the event says all there is: no storage to ask
            projected: tuple[Payload, Audience] | None = (
                PostDeletedPayload(event.slug),
                Audience(post_id=event.post_id),
            )
        else:
            async with self._uow() as uow:
                projected = await _payload_and_audience(uow, event)
        if projected is None:
            return None
        payload, audience = projected
        return LiveUpdate(event.event_id, event.occurred_at, kind, payload, audience)

    async def post_id(self, slug: str) -> UUID | None:
        async with self._uow() as uow:
            post = await uow.posts.by_slug(slug)
        return post.id if post else None

    async def followers_among(self, followee_id: UUID, candidates: Collection[UUID]) -> set[UUID]:
        async with self._uow() as uow:
            return await uow.follows.followers_among(followee_id, candidates)

    async def followed_among(self, follower_id: UUID, candidates: Collection[UUID]) -> set[UUID]:
        async with self._uow() as uow:
            return await uow.follows.followed_among(follower_id, candidates)


async def _payload_and_audience(
    uow: UnitOfWork, event: DomainEvent
) -> tuple[Payload, Audience] | None:
    match event:
        case CommentAdded():
            comment = await uow.comments.get(event.comment_id)
            commented = await uow.posts.get(event.post_id)
            if comment is None or commented is None:
                return None
            [view] = await comment_views(uow, [comment], None)
            author = commented.author_id
            me = None if author == event.author_id else author  # not told of one's own comment
            return CommentAddedPayload(commented.slug, view), Audience(post_id=commented.id, me=me)
        case UserFollowed():
            follower = (await profiles_of(uow, {event.follower_id}, None)).get(event.follower_id)
            if follower is None:
                return None
            return FollowerPayload(follower), Audience(me=event.followee_id)
        case (
            PostPublished() | PostEdited() | CommentDeleted() | PostFavorited() | PostUnfavorited()
        ):
            post = await uow.post_views.by_id(event.post_id, None)
            return None if post is None else _about_post(event, post)
    return None


def _about_post(event: DomainEvent, post: PostView) -> tuple[Payload, Audience]:
    if isinstance(event, PostPublished):
        return PostPayload(post), Audience(feed_author=event.author_id)
    if isinstance(event, CommentDeleted):
        return CommentDeletedPayload(post.slug, event.comment_id), Audience(post_id=post.id)
    if isinstance(event, PostFavorited | PostUnfavorited):
        return FavoritesPayload(post.slug, post.favorites_count), Audience(post_id=post.id)
    return PostPayload(post), Audience(post_id=post.id)  # edited
