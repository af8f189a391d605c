from application.ports.unit_of_work import UnitOfWorkFactory
from application.use_cases.posts.load_post import load_post
from domain.users import Actor


class DeletePost:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, actor: Actor, slug: str) -> None:
        async with self._uow() as uow:
            post = await load_post(uow, slug)
            post.ensure_editable_by(actor)
            await uow.posts.delete(post.id)
            await uow.commit()
