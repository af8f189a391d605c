import re
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Path, Query, Response, status

from application.paging import Page as ResultPage
from application.paging import PageRequest
from application.use_cases.posts.delete_post import DeletePost
from application.use_cases.posts.edit_post import EditPost, PostChanges
from application.use_cases.posts.favorite_post import FavoritePost
from application.use_cases.posts.get_feed import GetFeed
from application.use_cases.posts.get_post import GetPost
from application.use_cases.posts.list_posts import ListPosts, PostFilters
from application.use_cases.posts.publish_post import NewPost, PublishPost
from application.use_cases.posts.unfavorite_post import UnfavoritePost
from application.views import PostView
from domain.text import SINGLE_LINE_PATTERN
from entrypoints.composition.container import Container
from entrypoints.composition.injection import provided
from entrypoints.http.auth import OPTIONAL_AUTH, CurrentActor, Viewer
from entrypoints.http.prefix import API_PREFIX
from entrypoints.http.problems import documented
from entrypoints.http.query import V1Route
from entrypoints.http.schemas.common import DEFAULT_LIMIT, Cursor, Limit, Page, Username
from entrypoints.http.schemas.posts import PostIn, PostOut, PostUpdateIn

router = APIRouter(prefix=f"{API_PREFIX}/posts", tags=["posts"], route_class=V1Route)
_VERSION_TAG = re.compile(r'"[0-9]{1,18}"')
Slug = Annotated[str, Path(min_length=1, max_length=128, pattern=SINGLE_LINE_PATTERN)]


def etag(post: PostView) -> str:
    """The post's version: it changes with every edit, which is what If-Match guards."""
    return f'"{post.version}"'


def expected_versions(if_match: str | None) -> frozenset[int] | None:
    """If-Match as the versions it names. Strong comparison (RFC 9110 13.1.1): a weak tag or
    one this API never sent matches no version, so the edit fails with 412."""
    if if_match is None or if_match.strip() == "*":
        return None
    tags = (tag.strip() for tag in if_match.split(","))
    return frozenset(int(tag[1:-1]) for tag in tags if _VERSION_TAG.fullmatch(tag))


def posts_page(page: ResultPage[PostView]) -> Page[PostOut]:
    return Page[PostOut].of(page.items, page.next_cursor)


@router.post(
    "", status_code=status.HTTP_201_CREATED, response_model=PostOut, responses=documented(401, 422)
)
async def create_post(
    body: PostIn,
    actor: CurrentActor,
    response: Response,
    publish_post: Annotated[PublishPost, Depends(provided(Container.publish_post))],
) -> PostOut:
    new_post = NewPost(body.title, body.body, body.description, tuple(body.tags))
    post = await publish_post(actor, new_post)
    response.headers["Location"] = f"/api/v1/posts/{post.slug}"
    response.headers["ETag"] = etag(post)
    return PostOut.of(post)


@router.get(
    "", response_model=Page[PostOut], responses=documented(401, 422), openapi_extra=OPTIONAL_AUTH
)
async def list_posts(
    viewer: Viewer,
    list_posts: Annotated[ListPosts, Depends(provided(Container.list_posts))],
    author: Annotated[Username | None, Query()] = None,
    tag: Annotated[str | None, Query(max_length=32, pattern=SINGLE_LINE_PATTERN)] = None,
    favorited_by: Annotated[Username | None, Query()] = None,
    q: Annotated[
        str | None,
        Query(
            max_length=200,
            pattern=SINGLE_LINE_PATTERN,
            description="Text in title or description.",
        ),
    ] = None,
    limit: Annotated[Limit, Query()] = DEFAULT_LIMIT,
    cursor: Annotated[Cursor, Query()] = None,
) -> Page[PostOut]:
    filters = PostFilters(author=author, tag=tag, favorited_by=favorited_by, text=q)
    return posts_page(await list_posts(filters, PageRequest(limit=limit, cursor=cursor), viewer))


@router.get("/feed", response_model=Page[PostOut], responses=documented(401, 422))
async def feed(
    actor: CurrentActor,
    get_feed: Annotated[GetFeed, Depends(provided(Container.get_feed))],
    limit: Annotated[Limit, Query()] = DEFAULT_LIMIT,
    cursor: Annotated[Cursor, Query()] = None,
) -> Page[PostOut]:
    return posts_page(await get_feed(actor, PageRequest(limit=limit, cursor=cursor)))


@router.get(
    "/{slug}",
    response_model=PostOut,
    responses=documented(401, 404, 422),
    openapi_extra=OPTIONAL_AUTH,
)
async def get_post(
    slug: Slug,
    viewer: Viewer,
    response: Response,
    get_post: Annotated[GetPost, Depends(provided(Container.get_post))],
) -> PostOut:
    post = await get_post(slug, viewer)
    response.headers["ETag"] = etag(post)
    return PostOut.of(post)


@router.patch("/{slug}", response_model=PostOut, responses=documented(401, 403, 404, 412, 422))
async def edit_post(
    slug: Slug,
    body: PostUpdateIn,
    actor: CurrentActor,
    response: Response,
    edit_post: Annotated[EditPost, Depends(provided(Container.edit_post))],
    if_match: Annotated[
        str | None,
        Header(
            max_length=512,
            description="The ETag the post was served with (or a list, or *); 412 unless "
            "the post is still at one of them.",
        ),
    ] = None,
) -> PostOut:
    changes = PostChanges(
        title=body.title,
        description=body.description,
        body=body.body,
        tags=tuple(body.tags) if body.tags is not None else None,
        expected_versions=expected_versions(if_match),
    )
    post = await edit_post(actor, slug, changes)
    response.headers["ETag"] = etag(post)
    return PostOut.of(post)


@router.delete(
    "/{slug}", status_code=status.HTTP_204_NO_CONTENT, responses=documented(401, 403, 404, 422)
)
async def delete_post(
    slug: Slug,
    actor: CurrentActor,
    delete_post: Annotated[DeletePost, Depends(provided(Container.delete_post))],
) -> None:
    await delete_post(actor, slug)


@router.post("/{slug}/favorite", response_model=PostOut, responses=documented(401, 404, 422))
async def favorite(
    slug: Slug,
    actor: CurrentActor,
    favorite_post: Annotated[FavoritePost, Depends(provided(Container.favorite_post))],
) -> PostOut:
    return PostOut.of(await favorite_post(actor, slug))


@router.delete("/{slug}/favorite", response_model=PostOut, responses=documented(401, 404, 422))
async def unfavorite(
    slug: Slug,
    actor: CurrentActor,
    unfavorite_post: Annotated[UnfavoritePost, Depends(provided(Container.unfavorite_post))],
) -> PostOut:
    return PostOut.of(await unfavorite_post(actor, slug))
