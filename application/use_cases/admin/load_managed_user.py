from application.ports.unit_of_work import UnitOfWork
from domain.errors import NotFound
from domain.users import Actor, User


async def load_managed_user(uow: UnitOfWork, actor: Actor, username: str) -> User:
    """The account an admin acts on, after checking the actor may manage it."""
    actor.ensure_admin()
    user = await uow.users.by_username(username)
    if user is None:
        raise NotFound(f"No user named {username!r}.", resource="user")
    actor.ensure_administers_other(user.id)
    return user
