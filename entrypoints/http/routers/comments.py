from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, status

from application.paging import PageRequest
from application.use_cases.comments.add_comment import AddComment
from application.use_cases.comments.delete_comment import DeleteComment
from application.use_cases.comments.list_comments import ListComments
from entrypoints.composition.container import Container
from entrypoints.composition.injection import provided
from entrypoints.http.auth import OPTIONAL_AUTH, CurrentActor, Viewer
from entrypoints.http.prefix import API_PREFIX
from entrypoints.http.problems import documented
from entrypoints.http.query import V1Route
from entrypoints.http.routers.posts import Slug
from entrypoints.http.schemas.common import DEFAULT_LIMIT, Cursor, Limit, Page
from entrypoints.http.schemas.posts import CommentIn, CommentOut

router = APIRouter(
    prefix=API_PREFIX + "/posts/{slug}/comments", tags=["comments"], route_class=V1Route
)
CommentId = Annotated[int, Path(ge=1, le=2**63 - 1)]


@router.get(
    "",
    response_model=Page[CommentOut],
    responses=documented(401, 404, 422),
    openapi_extra=OPTIONAL_AUTH,
)
async def list_comments(
    slug: Slug,
    viewer: Viewer,
    list_comments: Annotated[ListComments, Depends(provided(Container.list_comments))],
    limit: Annotated[Limit, Query()] = DEFAULT_LIMIT,
    cursor: Annotated[Cursor, Query()] = None,
) -> Page[CommentOut]:
    page = await list_comments(slug, PageRequest(limit=limit, cursor=cursor), viewer)
    return Page[CommentOut].of(page.items, page.next_cursor)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=CommentOut,
    responses=documented(401, 404, 422),
)
async def add_comment(
    slug: Slug,
    body: CommentIn,
    actor: CurrentActor,
    add_comment: Annotated[AddComment, Depends(provided(Container.add_comment))],
) -> CommentOut:
    return CommentOut.of(await add_comment(actor, slug, body.body))


@router.delete(
    "/{comment_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=documented(401, 403, 404, 422),
)
async def delete_comment(
    slug: Slug,
    comment_id: CommentId,
    actor: CurrentActor,
    delete_comment: Annotated[DeleteComment, Depends(provided(Container.delete_comment))],
) -> None:
    await delete_comment(actor, slug, comment_id)
