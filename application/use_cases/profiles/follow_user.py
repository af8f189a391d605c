from application.ports.unit_of_work import UnitOfWorkFactory
from application.views import ProfileView
from domain.errors import NotFound
from domain.follows import ensure_may_follow
from domain.users import Actor


class FollowUser:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, actor: Actor, username: str) -> ProfileView:
        async with self._uow() as uow:
            followee = await uow.users.by_username(username)
            if followee is None:
                raise NotFound(f"No user named {username!r}.", resource="user")
            ensure_may_follow(actor.user_id, followee.id)
            await uow.follows.add(actor.user_id, followee.id)
            await uow.commit()
        return ProfileView.of(followee, following=True)
