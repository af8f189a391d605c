from application.event_recording import EventRecorder
from application.lookups import load_post
from application.ports.unit_of_work import UnitOfWorkFactory
from domain.errors import NotFound
from domain.events import CommentDeleted
from domain.users import Actor


class DeleteComment:
    def __init__(self, uow: UnitOfWorkFactory, events: EventRecorder) -> None:
        self._uow, self._events = uow, events

    async def __call__(self, actor: Actor, slug: str, comment_id: int) -> None:
        async with self._uow() as uow:
            post = await load_post(uow, slug)
            comment = await uow.comments.get(comment_id)
            if comment is None or comment.post_id != post.id:
                raise NotFound(f"No comment {comment_id} on this post.", resource="comment")
            comment.ensure_deletable_by(actor, post)
            await uow.comments.delete(comment.id)
            await self._events.record(uow, CommentDeleted, comment_id=comment.id, post_id=post.id)
            await uow.commit()
