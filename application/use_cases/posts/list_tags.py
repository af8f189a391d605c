from application.paging import LIMIT_MAX
from application.ports.posts import TagCount
from application.ports.unit_of_work import UnitOfWorkFactory
from domain.errors import InvalidInput

TAGS_DEFAULT_LIMIT = 20


class ListTags:
    """Tags in use with how many posts carry each, most used first."""

    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, limit: int = TAGS_DEFAULT_LIMIT) -> list[TagCount]:
        if not 1 <= limit <= LIMIT_MAX:
            raise InvalidInput(f"limit must be between 1 and {LIMIT_MAX}.", field="limit")
        async with self._uow() as uow:
            return await uow.posts.tag_counts(limit)
