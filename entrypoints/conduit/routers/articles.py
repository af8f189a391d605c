from typing import Annotated

from fastapi import APIRouter, Depends, Query, status

from application.paging import LIMIT_DEFAULT, LIMIT_MAX, Page, PageRequest
from application.use_cases.posts.delete_post import DeletePost
from application.use_cases.posts.edit_post import EditPost, PostChanges
from application.use_cases.posts.favorite_post import FavoritePost
from application.use_cases.posts.get_feed import GetFeed
from application.use_cases.posts.get_post import GetPost
from application.use_cases.posts.list_posts import ListPosts, PostFilters
from application.use_cases.posts.publish_post import NewPost, PublishPost
from application.use_cases.posts.unfavorite_post import UnfavoritePost
from application.views import PostView
from entrypoints.composition.container import Container
from entrypoints.composition.injection import provided
from entrypoints.conduit.auth import OptionalCaller, RequiredCaller, viewer
from entrypoints.conduit.route import ConduitRoute
from entrypoints.conduit.schemas import (
    Article,
    ArticleOut,
    ArticlesOut,
    NewArticleIn,
    UpdateArticleIn,
)

router = APIRouter(prefix="/articles", tags=["articles"], route_class=ConduitRoute)
Limit = Annotated[int, Query(ge=1, le=LIMIT_MAX)]
Offset = Annotated[int, Query(ge=0, le=1_000_000)]


def articles(page: Page[PostView]) -> ArticlesOut:
    return ArticlesOut.of(page.items, page.total or 0)


@router.get("", response_model=ArticlesOut)
async def list_articles(
    caller: OptionalCaller,
    list_posts: Annotated[ListPosts, Depends(provided(Container.list_posts))],
    tag: Annotated[str | None, Query(max_length=32)] = None,
    author: Annotated[str | None, Query(max_length=64)] = None,
    favorited: Annotated[str | None, Query(max_length=64)] = None,
    limit: Limit = LIMIT_DEFAULT,
    offset: Offset = 0,
) -> ArticlesOut:
    filters = PostFilters(author=author, tag=tag, favorited_by=favorited)
    page = await list_posts(filters, PageRequest(limit=limit, offset=offset), viewer(caller))
    return articles(page)


@router.get("/feed", response_model=ArticlesOut)
async def feed(
    caller: RequiredCaller,
    get_feed: Annotated[GetFeed, Depends(provided(Container.get_feed))],
    limit: Limit = LIMIT_DEFAULT,
    offset: Offset = 0,
) -> ArticlesOut:
    return articles(await get_feed(caller.actor, PageRequest(limit=limit, offset=offset)))


@router.post("", status_code=status.HTTP_201_CREATED, response_model=ArticleOut)
async def create_article(
    body: NewArticleIn,
    caller: RequiredCaller,
    publish_post: Annotated[PublishPost, Depends(provided(Container.publish_post))],
) -> ArticleOut:
    new = body.article
    post = await publish_post(
        caller.actor, NewPost(new.title, new.body, new.description, tuple(new.tag_list))
    )
    return ArticleOut(article=Article.of(post))


@router.get("/{slug}", response_model=ArticleOut)
async def get_article(
    slug: str,
    caller: OptionalCaller,
    get_post: Annotated[GetPost, Depends(provided(Container.get_post))],
) -> ArticleOut:
    return ArticleOut(article=Article.of(await get_post(slug, viewer(caller))))


@router.put("/{slug}", response_model=ArticleOut)
async def update_article(
    slug: str,
    body: UpdateArticleIn,
    caller: RequiredCaller,
    edit_post: Annotated[EditPost, Depends(provided(Container.edit_post))],
) -> ArticleOut:
    changes = body.article
    tags = tuple(changes.tag_list) if changes.tag_list is not None else None
    post = await edit_post(
        caller.actor,
        slug,
        PostChanges(
            title=changes.title, description=changes.description, body=changes.body, tags=tags
        ),
    )
    return ArticleOut(article=Article.of(post))


@router.delete("/{slug}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_article(
    slug: str,
    caller: RequiredCaller,
    delete_post: Annotated[DeletePost, Depends(provided(Container.delete_post))],
) -> None:
    await delete_post(caller.actor, slug)


@router.post("/{slug}/favorite", response_model=ArticleOut)
async def favorite(
    slug: str,
    caller: RequiredCaller,
    favorite_post: Annotated[FavoritePost, Depends(provided(Container.favorite_post))],
) -> ArticleOut:
    return ArticleOut(article=Article.of(await favorite_post(caller.actor, slug)))


@router.delete("/{slug}/favorite", response_model=ArticleOut)
async def unfavorite(
    slug: str,
    caller: RequiredCaller,
    unfavorite_post: Annotated[UnfavoritePost, Depends(provided(Container.unfavorite_post))],
) -> ArticleOut:
    return ArticleOut(article=Article.of(await unfavorite_post(caller.actor, slug)))
