from application.ports.unit_of_work import UnitOfWorkFactory
from application.use_cases.posts.load_post import load_post, view_post
from application.views import PostView
from domain.users import Actor


class FavoritePost:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, actor: Actor, slug: str) -> PostView:
        async with self._uow() as uow:
            post = await load_post(uow, slug)
            await uow.favorites.add(actor.user_id, post.id)
            view = await view_post(uow, post.slug, actor.user_id)
            await uow.commit()
        return view
