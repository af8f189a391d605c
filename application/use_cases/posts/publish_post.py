from dataclasses import dataclass, field

from application.event_recording import EventRecorder
from application.ports.clock import Clock
from application.ports.ids import IdGenerator
from application.ports.unit_of_work import UnitOfWorkFactory
from application.slugs import allocate_slug, retrying_slug_conflicts
from application.viewing import view_post
from application.views import PostView
from domain.events import PostPublished
from domain.posts import Post
from domain.users import Actor


@dataclass(frozen=True)
class NewPost:
    title: str
    body: str
    description: str = ""
    tags: tuple[str, ...] = field(default_factory=tuple)


class PublishPost:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        ids: IdGenerator,
        events: EventRecorder,
        *,
        require_verified_email: bool = False,
    ) -> None:
        self._uow, self._clock, self._ids, self._events = uow, clock, ids, events
        self._require_verified_email = require_verified_email

    async def __call__(self, actor: Actor, new_post: NewPost) -> PostView:
        actor.ensure_may_write(require_verified_email=self._require_verified_email)
        return await retrying_slug_conflicts(lambda: self._publish(actor, new_post))

    async def _publish(self, actor: Actor, new_post: NewPost) -> PostView:
        async with self._uow() as uow:
            post = Post.publish(
                id=self._ids.new_id(),
                slug=await allocate_slug(uow.posts, new_post.title),
                author=actor,
                title=new_post.title,
                description=new_post.description,
                body=new_post.body,
                tags=new_post.tags,
                now=self._clock.now(),
            )
            await uow.posts.add(post)
            await self._events.record(uow, PostPublished, post_id=post.id, author_id=post.author_id)
            view = await view_post(uow, post.slug, actor.user_id)
            await uow.commit()
        return view
