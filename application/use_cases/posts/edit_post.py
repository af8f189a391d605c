from dataclasses import dataclass

from application.event_recording import EventRecorder
from application.lookups import load_post
from application.ports.clock import Clock
from application.ports.unit_of_work import UnitOfWorkFactory
from application.slugs import allocate_slug, retrying_slug_conflicts
from application.viewing import view_post
from application.views import PostView
from domain.events import PostEdited
from domain.slugs import slugify
from domain.users import Actor


@dataclass(frozen=True)
class PostChanges:
    """Fields left None stay as they are. `expected_versions` guards against lost updates: the
    edit applies only to one of those versions (If-Match); None means the last writer wins."""

    title: str | None = None
    description: str | None = None
    body: str | None = None
    tags: tuple[str, ...] | None = None
    expected_versions: frozenset[int] | None = None


class EditPost:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        events: EventRecorder,
        *,
        require_verified_email: bool = False,
    ) -> None:
        self._uow, self._clock, self._events = uow, clock, events
        self._require_verified_email = require_verified_email

    async def __call__(self, actor: Actor, slug: str, changes: PostChanges) -> PostView:
        actor.ensure_may_write(require_verified_email=self._require_verified_email)
        return await retrying_slug_conflicts(lambda: self._edit(actor, slug, changes))

    async def _edit(self, actor: Actor, slug: str, changes: PostChanges) -> PostView:
        async with self._uow() as uow:
            # Locked: concurrent edits take turns, each applied on top of the one before (the
            # last writer wins), and an If-Match is checked against the version really there.
            post = await load_post(uow, slug, for_update=True)
            post.ensure_editable_by(actor)
            post.ensure_version(changes.expected_versions)
            previous_version, previous_title = post.version, post.title
            post.edit(
                now=self._clock.now(),
                title=changes.title,
                description=changes.description,
                body=changes.body,
                tags=changes.tags,
            )
            if slugify(post.title) != slugify(previous_title):
                post.rename_slug(await allocate_slug(uow.posts, post.title))
            await uow.posts.update(post, previous_version)
            if post.version != previous_version:
                await self._events.record(
                    uow, PostEdited, post_id=post.id, author_id=post.author_id
                )
            view = await view_post(uow, post.slug, actor.user_id)
            await uow.commit()
        return view
