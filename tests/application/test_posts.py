import pytest

from application.paging import PageRequest
from application.use_cases.posts.edit_post import PostChanges
from application.use_cases.posts.list_posts import PostFilters
from application.use_cases.posts.publish_post import NewPost
from domain.errors import InvalidInput, NotFound, PermissionDenied, StaleVersion
from entrypoints.composition.container import Container
from tests.application.conftest import Member, make_admin, sign_up


async def publish(container: Container, member: Member, title: str, *tags: str) -> str:
    post = await container.publish_post()(
        member.actor, NewPost(title=title, body=f"About {title}", description="d", tags=tags)
    )
    return post.slug


async def test_publishing_returns_the_post_as_its_author_sees_it(container: Container) -> None:
    ada = await sign_up(container, "ada")
    post = await container.publish_post()(
        ada.actor, NewPost(title="Hello World", body="Body", tags=(" Python ", "python", "Web"))
    )
    assert (post.slug, post.tags, post.version, post.favorites_count) == (
        "hello-world",
        ("python", "web"),
        1,
        0,
    )
    assert (post.author.username, post.author.following, post.favorited) == ("ada", False, False)
    assert await container.get_post()("hello-world", ada.actor) == post


async def test_repeated_titles_get_distinct_slugs(container: Container) -> None:
    ada = await sign_up(container, "ada")
    slugs = {await publish(container, ada, "Same Title") for _ in range(3)}
    assert len(slugs) == 3
    assert "same-title" in slugs
    assert all(s.startswith("same-title") for s in slugs)


async def test_editing_bumps_the_version_and_the_slug_follows_the_title(
    container: Container,
) -> None:
    ada = await sign_up(container, "ada")
    slug = await publish(container, ada, "First Title", "a")
    edited = await container.edit_post()(ada.actor, slug, PostChanges(body="New body"))
    assert (edited.slug, edited.version, edited.body, edited.tags) == (
        "first-title",
        2,
        "New body",
        ("a",),
    )
    retitled = await container.edit_post()(ada.actor, slug, PostChanges(title="Second Title"))
    assert (retitled.slug, retitled.version) == ("second-title", 3)
    with pytest.raises(NotFound):
        await container.get_post()("first-title")
    untagged = await container.edit_post()(ada.actor, "second-title", PostChanges(tags=()))
    assert untagged.tags == ()


async def test_a_title_change_to_a_taken_slug_gets_a_suffix(container: Container) -> None:
    ada = await sign_up(container, "ada")
    await publish(container, ada, "Taken")
    slug = await publish(container, ada, "Other")
    moved = await container.edit_post()(ada.actor, slug, PostChanges(title="TAKEN!"))
    assert moved.slug.startswith("taken-")


async def test_editing_with_a_stale_version_is_refused(container: Container) -> None:
    ada = await sign_up(container, "ada")
    slug = await publish(container, ada, "Post")
    await container.edit_post()(
        ada.actor, slug, PostChanges(body="v2", expected_versions=frozenset({1}))
    )
    with pytest.raises(StaleVersion):
        await container.edit_post()(
            ada.actor, slug, PostChanges(body="v3", expected_versions=frozenset({1}))
        )
    assert (await container.get_post()(slug)).body == "v2"


async def test_ac01_others_cannot_edit_or_delete_a_post_but_admins_can(
    container: Container,
) -> None:
    ada, bob = await sign_up(container, "ada"), await sign_up(container, "bob")
    slug = await publish(container, ada, "Mine")
    with pytest.raises(PermissionDenied):
        await container.edit_post()(bob.actor, slug, PostChanges(body="hijacked"))
    with pytest.raises(PermissionDenied):
        await container.delete_post()(bob.actor, slug)
    post = await container.get_post()(slug)
    assert (post.body, post.version) == ("About Mine", 1)
    admin = await make_admin(container, await sign_up(container, "root"))
    await container.edit_post()(admin.actor, slug, PostChanges(body="moderated"))
    await container.delete_post()(admin.actor, slug)
    with pytest.raises(NotFound):
        await container.get_post()(slug)


async def test_favorites_are_idempotent_and_counted(container: Container) -> None:
    ada, bob = await sign_up(container, "ada"), await sign_up(container, "bob")
    slug = await publish(container, ada, "Fav")
    await container.favorite_post()(bob.actor, slug)
    post = await container.favorite_post()(bob.actor, slug)
    assert (post.favorited, post.favorites_count) == (True, 1)
    post = await container.favorite_post()(ada.actor, slug)
    assert (post.favorited, post.favorites_count) == (True, 2)
    assert not (await container.get_post()(slug)).favorited
    post = await container.unfavorite_post()(bob.actor, slug)
    assert (post.favorited, post.favorites_count) == (False, 1)
    await container.unfavorite_post()(bob.actor, slug)
    with pytest.raises(NotFound):
        await container.favorite_post()(bob.actor, "missing")


async def test_listing_filters_and_orders_newest_first(container: Container) -> None:
    ada, bob = await sign_up(container, "ada"), await sign_up(container, "bob")
    await publish(container, ada, "Alpha Python", "python")
    await publish(container, bob, "Beta Rust", "rust")
    await publish(container, ada, "Gamma 100% off_sale", "python", "sale")
    await container.favorite_post()(bob.actor, "alpha-python")
    list_posts = container.list_posts()

    async def titles(**filters: str) -> list[str]:
        return [p.title for p in (await list_posts(PostFilters(**filters))).items]

    assert await titles() == ["Gamma 100% off_sale", "Beta Rust", "Alpha Python"]
    assert await titles(author="ADA") == ["Gamma 100% off_sale", "Alpha Python"]
    assert await titles(tag=" Python") == ["Gamma 100% off_sale", "Alpha Python"]
    assert await titles(favorited_by="bob") == ["Alpha Python"]
    assert await titles(text="rust") == ["Beta Rust"]
    assert await titles(text="100%") == ["Gamma 100% off_sale"]
    assert await titles(text="a_s") == []
    assert await titles(author="nobody") == []
    assert await titles(favorited_by="nobody") == []
    assert await titles(author="ada", tag="sale") == ["Gamma 100% off_sale"]


async def test_listed_posts_carry_viewer_flags(container: Container) -> None:
    ada, bob = await sign_up(container, "ada"), await sign_up(container, "bob")
    await publish(container, ada, "One")
    await container.follow_user()(bob.actor, "ada")
    await container.favorite_post()(bob.actor, "one")
    [seen_by_bob] = (await container.list_posts()(viewer=bob.actor)).items
    assert (seen_by_bob.favorited, seen_by_bob.author.following, seen_by_bob.favorites_count) == (
        True,
        True,
        1,
    )
    [anonymous] = (await container.list_posts()()).items
    assert (anonymous.favorited, anonymous.author.following) == (False, False)


async def test_the_feed_holds_posts_of_followed_authors(container: Container) -> None:
    ada, bob, cyd = [await sign_up(container, n) for n in ("ada", "bob", "cyd")]
    await publish(container, ada, "By Ada")
    await publish(container, bob, "By Bob")
    await container.follow_user()(cyd.actor, "ada")
    feed = await container.get_feed()(cyd.actor)
    assert [p.title for p in feed.items] == ["By Ada"]
    assert feed.items[0].author.following
    assert (await container.get_feed()(ada.actor)).items == []


async def test_cursor_and_offset_paging_see_every_post_once(container: Container) -> None:
    ada = await sign_up(container, "ada")
    for i in range(25):
        await publish(container, ada, f"Post {i}")
    seen: list[str] = []
    cursor = None
    while True:
        page = await container.list_posts()(page=PageRequest(limit=7, cursor=cursor))
        seen += [p.slug for p in page.items]
        cursor = page.next_cursor
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) == 25
    offset_page = await container.list_posts()(page=PageRequest(limit=10, offset=20))
    assert (len(offset_page.items), offset_page.total) == (5, 25)
    assert [p.slug for p in offset_page.items] == seen[20:]


async def test_in02_a_bad_cursor_or_limit_is_invalid_input(container: Container) -> None:
    with pytest.raises(InvalidInput):
        await container.list_posts()(page=PageRequest(cursor="forged"))
    with pytest.raises(InvalidInput):
        await container.list_posts()(page=PageRequest(limit=1000))


async def test_tags_are_listed_most_used_first(container: Container) -> None:
    ada = await sign_up(container, "ada")
    await publish(container, ada, "A", "x", "y")
    await publish(container, ada, "B", "y")
    await publish(container, ada, "C", "y", "z")
    tags = await container.list_tags()()
    assert [(t.name, t.count) for t in tags] == [("y", 3), ("x", 1), ("z", 1)]
    assert len(await container.list_tags()(limit=1)) == 1
    with pytest.raises(InvalidInput):
        await container.list_tags()(limit=0)
