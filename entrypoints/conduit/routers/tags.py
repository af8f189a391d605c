from typing import Annotated

from fastapi import APIRouter, Depends

from application.paging import LIMIT_MAX
from application.use_cases.posts.list_tags import ListTags
from entrypoints.composition.container import Container
from entrypoints.composition.injection import provided
from entrypoints.conduit.route import ConduitRoute
from entrypoints.conduit.schemas import TagsOut

router = APIRouter(prefix="/tags", tags=["tags"], route_class=ConduitRoute)


@router.get("", response_model=TagsOut)
async def list_tags(
    list_tags: Annotated[ListTags, Depends(provided(Container.list_tags))],
) -> TagsOut:
    """The most used tags (up to 100), as Conduit's popular-tags sidebar wants them."""
    return TagsOut(tags=[tag.name for tag in await list_tags(LIMIT_MAX)])
