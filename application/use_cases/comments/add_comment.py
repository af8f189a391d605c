from application.event_recording import EventRecorder
from application.lookups import load_post
from application.ports.clock import Clock
from application.ports.unit_of_work import UnitOfWorkFactory
from application.views import CommentView, ProfileView
from domain.comments import validate_comment_body
from domain.errors import NotFound
from domain.events import CommentAdded
from domain.users import Actor


class AddComment:
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

    async def __call__(self, actor: Actor, slug: str, body: str) -> CommentView:
        actor.ensure_may_write(require_verified_email=self._require_verified_email)
        body = validate_comment_body(body)
        async with self._uow() as uow:
            post = await load_post(uow, slug)
            author = await uow.users.get(actor.user_id)
            if author is None:
                raise NotFound("Account not found.", resource="user")
            comment = await uow.comments.add(
                post_id=post.id, author_id=actor.user_id, body=body, created_at=self._clock.now()
            )
            await self._events.record(
                uow, CommentAdded, comment_id=comment.id, post_id=post.id, author_id=author.id
            )
            await uow.commit()
        return CommentView.of(comment, author=ProfileView.of(author, following=False))
