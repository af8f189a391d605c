from application.event_recording import EventRecorder
from application.ports.unit_of_work import UnitOfWorkFactory
from application.views import ProfileView
from domain.errors import NotFound
from domain.events import UserUnfollowed
from domain.users import Actor


class UnfollowUser:
    def __init__(self, uow: UnitOfWorkFactory, events: EventRecorder) -> None:
        self._uow, self._events = uow, events

    async def __call__(self, actor: Actor, username: str) -> ProfileView:
        async with self._uow() as uow:
            followee = await uow.users.by_username(username)
            if followee is None:
                raise NotFound(f"No user named {username!r}.", resource="user")
            if await uow.follows.remove(actor.user_id, followee.id):
                await self._events.record(
                    uow, UserUnfollowed, follower_id=actor.user_id, followee_id=followee.id
                )
            await uow.commit()
        return ProfileView.of(followee, following=False)
