from typing import Annotated

from fastapi import APIRouter, Depends, Query

from application.use_cases.posts.list_tags import ListTags
from entrypoints.composition.container import Container
from entrypoints.composition.injection import provided
from entrypoints.http.prefix import API_PREFIX
from entrypoints.http.problems import documented
from entrypoints.http.query import V1Route
from entrypoints.http.schemas.common import DEFAULT_LIMIT, Limit
from entrypoints.http.schemas.posts import TagOut, TagsOut

router = APIRouter(prefix=f"{API_PREFIX}/tags", tags=["tags"], route_class=V1Route)


@router.get("", response_model=TagsOut, responses=documented(422))
async def list_tags(
    list_tags: Annotated[ListTags, Depends(provided(Container.list_tags))],
    limit: Annotated[Limit, Query()] = DEFAULT_LIMIT,
) -> TagsOut:
    return TagsOut(items=[TagOut.of(t) for t in await list_tags(limit)])
