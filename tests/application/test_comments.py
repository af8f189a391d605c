import pytest

from application.paging import PageRequest
from application.use_cases.posts.publish_post import NewPost
from domain.errors import InvalidInput, NotFound, PermissionDenied
from entrypoints.composition.container import Container
from tests.application.conftest import make_admin, sign_up


async def test_comments_are_added_and_listed_oldest_first(container: Container) -> None:
    ada, bob = await sign_up(container, "ada"), await sign_up(container, "bob")
    await container.publish_post()(ada.actor, NewPost(title="Post", body="b"))
    first = await container.add_comment()(bob.actor, "post", "First!")
    second = await container.add_comment()(ada.actor, "post", "Thanks")
    assert first.id > 0
    assert second.id > first.id
    assert first.author.username == "bob"
    page = await container.list_comments()("post")
    assert [c.body for c in page.items] == ["First!", "Thanks"]
    one = await container.list_comments()("post", PageRequest(limit=1))
    rest = await container.list_comments()("post", PageRequest(cursor=one.next_cursor))
    assert [c.body for c in one.items + rest.items] == ["First!", "Thanks"]


async def test_commenting_needs_a_post_and_a_bounded_body(container: Container) -> None:
    ada = await sign_up(container, "ada")
    with pytest.raises(NotFound):
        await container.add_comment()(ada.actor, "missing", "hi")
    await container.publish_post()(ada.actor, NewPost(title="Post", body="b"))
    with pytest.raises(InvalidInput):
        await container.add_comment()(ada.actor, "post", " ")
    with pytest.raises(InvalidInput):
        await container.add_comment()(ada.actor, "post", "x" * 5001)


async def test_ac01_comment_deletion_is_for_its_author_the_posts_author_or_an_admin(
    container: Container,
) -> None:
    ada, bob, eve = [await sign_up(container, n) for n in ("ada", "bob", "eve")]
    admin = await make_admin(container, await sign_up(container, "root"))
    await container.publish_post()(ada.actor, NewPost(title="Post", body="b"))
    ids = [(await container.add_comment()(bob.actor, "post", f"c{i}")).id for i in range(3)]
    with pytest.raises(PermissionDenied):
        await container.delete_comment()(eve.actor, "post", ids[0])
    await container.delete_comment()(bob.actor, "post", ids[0])
    await container.delete_comment()(ada.actor, "post", ids[1])
    await container.delete_comment()(admin.actor, "post", ids[2])
    assert (await container.list_comments()("post")).items == []
    with pytest.raises(NotFound):
        await container.delete_comment()(bob.actor, "post", ids[0])


async def test_a_comment_is_only_found_under_its_own_post(container: Container) -> None:
    ada = await sign_up(container, "ada")
    await container.publish_post()(ada.actor, NewPost(title="One", body="b"))
    await container.publish_post()(ada.actor, NewPost(title="Two", body="b"))
    comment = await container.add_comment()(ada.actor, "one", "hi")
    with pytest.raises(NotFound):
        await container.delete_comment()(ada.actor, "two", comment.id)


async def test_deleting_a_user_removes_everything_that_is_theirs(container: Container) -> None:
    admin = await make_admin(container, await sign_up(container, "root"))
    ada, bob = await sign_up(container, "ada"), await sign_up(container, "bob")
    await container.publish_post()(ada.actor, NewPost(title="Ada's", body="b", tags=("t",)))
    await container.publish_post()(bob.actor, NewPost(title="Bob's", body="b"))
    await container.add_comment()(ada.actor, "bob-s", "from ada")
    await container.add_comment()(bob.actor, "bob-s", "from bob")
    await container.favorite_post()(ada.actor, "bob-s")
    await container.follow_user()(ada.actor, "bob")
    await container.follow_user()(bob.actor, "ada")
    await container.delete_user()(admin.actor, "ada")
    assert [p.slug for p in (await container.list_posts()()).items] == ["bob-s"]
    assert [c.body for c in (await container.list_comments()("bob-s")).items] == ["from bob"]
    assert (await container.get_post()("bob-s")).favorites_count == 0
    assert await container.list_tags()() == []
    store = container.memory_store()
    assert not store.follows
    assert all(r.user_id != ada.account.id for r in store.refresh_tokens.values())
