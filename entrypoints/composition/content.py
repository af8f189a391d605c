"""Posts, favorites, tags and comments, and what live updates read of them."""

from dependency_injector import providers

from application.live.projection import LiveProjection
from application.use_cases.comments.add_comment import AddComment
from application.use_cases.comments.delete_comment import DeleteComment
from application.use_cases.comments.list_comments import ListComments
from application.use_cases.posts.delete_post import DeletePost
from application.use_cases.posts.edit_post import EditPost
from application.use_cases.posts.favorite_post import FavoritePost
from application.use_cases.posts.get_feed import GetFeed
from application.use_cases.posts.get_post import GetPost
from application.use_cases.posts.list_posts import ListPosts
from application.use_cases.posts.list_tags import ListTags
from application.use_cases.posts.publish_post import PublishPost
from application.use_cases.posts.unfavorite_post import UnfavoritePost
from entrypoints.composition.storage import Storage

uow, clock, events, cursors = Storage.uow, Storage.clock, Storage.events, Storage.cursors
require_verified_email = Storage.settings.provided.require_verified_email


class Content(Storage):
    publish_post = providers.Singleton(
        PublishPost,
        uow=uow,
        clock=clock,
        ids=Storage.ids,
        events=events,
        require_verified_email=require_verified_email,
    )
    edit_post = providers.Singleton(
        EditPost, uow=uow, clock=clock, events=events, require_verified_email=require_verified_email
    )
    delete_post = providers.Singleton(DeletePost, uow=uow, events=events)
    get_post = providers.Singleton(GetPost, uow=uow)
    list_posts = providers.Singleton(ListPosts, uow=uow, cursors=cursors)
    get_feed = providers.Singleton(GetFeed, uow=uow, cursors=cursors)
    favorite_post = providers.Singleton(FavoritePost, uow=uow, events=events)
    unfavorite_post = providers.Singleton(UnfavoritePost, uow=uow, events=events)
    list_tags = providers.Singleton(ListTags, uow=uow)
    add_comment = providers.Singleton(
        AddComment,
        uow=uow,
        clock=clock,
        events=events,
        require_verified_email=require_verified_email,
    )
    list_comments = providers.Singleton(ListComments, uow=uow, cursors=cursors)
    delete_comment = providers.Singleton(DeleteComment, uow=uow, events=events)
    live_projection = providers.Singleton(LiveProjection, uow=uow)
