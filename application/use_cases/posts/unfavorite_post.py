from application.event_recording import EventRecorder
from application.lookups import load_post
from application.ports.unit_of_work import UnitOfWorkFactory
from application.viewing import view_post
from application.views import PostView
from domain.events import PostUnfavorited
from domain.users import Actor


class UnfavoritePost:
    def __init__(self, uow: UnitOfWorkFactory, events: EventRecorder) -> None:
        self._uow, self._events = uow, events

    async def __call__(self, actor: Actor, slug: str) -> PostView:
        async with self._uow() as uow:
            post = await load_post(uow, slug)
            if await uow.favorites.remove(actor.user_id, post.id):
                await self._events.record(
                    uow, PostUnfavorited, post_id=post.id, user_id=actor.user_id
                )
            view = await view_post(uow, post.slug, actor.user_id)
            await uow.commit()
        return view
