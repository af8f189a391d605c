from typing import Annotated

from fastapi import APIRouter, Depends, Path, status

from application.paging import LIMIT_MAX, PageRequest
from application.use_cases.comments.add_comment import AddComment
from application.use_cases.comments.delete_comment import DeleteComment
from application.use_cases.comments.list_comments import ListComments
from application.views import CommentView
from entrypoints.composition.container import Container
from entrypoints.composition.injection import provided
from entrypoints.conduit.auth import OptionalCaller, RequiredCaller, viewer
from entrypoints.conduit.route import ConduitRoute
from entrypoints.conduit.schemas import Comment, CommentOut, CommentsOut, NewCommentIn

router = APIRouter(prefix="/articles/{slug}/comments", tags=["comments"], route_class=ConduitRoute)


@router.get("", response_model=CommentsOut)
async def list_comments(
    slug: str,
    caller: OptionalCaller,
    list_comments: Annotated[ListComments, Depends(provided(Container.list_comments))],
) -> CommentsOut:
    """Conduit lists every comment at once: page through them all, oldest first."""
    comments: list[CommentView] = []
    cursor = None
    while True:
        page = await list_comments(slug, PageRequest(LIMIT_MAX, cursor), viewer(caller))
        comments += page.items
        if page.next_cursor is None:
            return CommentsOut(comments=[Comment.of(c) for c in comments])
        cursor = page.next_cursor


@router.post("", status_code=status.HTTP_201_CREATED, response_model=CommentOut)
async def add_comment(
    slug: str,
    body: NewCommentIn,
    caller: RequiredCaller,
    add_comment: Annotated[AddComment, Depends(provided(Container.add_comment))],
) -> CommentOut:
    return CommentOut(comment=Comment.of(await add_comment(caller.actor, slug, body.comment.body)))


@router.delete("/{comment_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_comment(
    slug: str,
    comment_id: Annotated[int, Path(ge=1, le=2**63 - 1)],
    caller: RequiredCaller,
    delete_comment: Annotated[DeleteComment, Depends(provided(Container.delete_comment))],
) -> None:
    await delete_comment(caller.actor, slug, comment_id)
