from application.event_recording import EventRecorder
from application.lookups import load_post
from application.ports.unit_of_work import UnitOfWorkFactory
from domain.errors import NotFound
from domain.events import PostDeleted
from domain.users import Actor


class DeletePost:
    def __init__(self, uow: UnitOfWorkFactory, events: EventRecorder) -> None:
        self._uow, self._events = uow, events

    async def __call__(self, actor: Actor, slug: str) -> None:
        async with self._uow() as uow:
            post = await load_post(uow, slug)
            post.ensure_editable_by(actor)
            if not await uow.posts.delete(post.id):  # another request deleted it meanwhile
                raise NotFound(f"No post {slug!r}.", resource="post")
            await self._events.record(
                uow, PostDeleted, post_id=post.id, author_id=post.author_id, slug=post.slug
            )
            await uow.commit()
