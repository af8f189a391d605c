from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest

from domain.comments import Comment, validate_comment_body
from domain.errors import InvalidInput, PermissionDenied, StaleVersion
from domain.follows import ensure_may_follow
from domain.posts import Post
from domain.slugs import slugify
from domain.tags import normalize_tags
from domain.users import Actor, Role

NOW = datetime(2026, 1, 1, tzinfo=UTC)
AUTHOR = Actor(uuid4(), Role.MEMBER)


def a_post(**overrides: object) -> Post:
    fields: dict[str, object] = {
        "id": uuid4(),
        "slug": "hello",
        "author": AUTHOR,
        "title": "Hello",
        "description": "",
        "body": "Body",
        "tags": [],
        "now": NOW,
    }
    fields.update(overrides)
    return Post.publish(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("How to Train Your Dragon", "how-to-train-your-dragon"),
        ("  Ça va? Très bien!  ", "ca-va-tres-bien"),
        ("!!!", "post"),
        ("日本語", "post"),
    ],
)
def test_slug_is_derived_from_the_title(title: str, slug: str) -> None:
    assert slugify(title) == slug


def test_slug_is_bounded() -> None:
    assert len(slugify("word " * 100)) <= 80


def test_tags_are_trimmed_lower_cased_and_deduplicated_in_order() -> None:
    assert normalize_tags([" Python", "python", "FastAPI ", "", "  "]) == ("python", "fastapi")


def test_tags_are_bounded_in_number_and_length() -> None:
    assert len(normalize_tags([f"t{i}" for i in range(10)])) == 10
    with pytest.raises(InvalidInput):
        normalize_tags([f"t{i}" for i in range(11)])
    with pytest.raises(InvalidInput):
        normalize_tags(["x" * 33])


@pytest.mark.parametrize(
    ("field", "value"),
    [("title", "x" * 201), ("title", "  "), ("description", "x" * 501), ("body", "x" * 50_001)],
)
def test_post_fields_are_bounded(field: str, value: str) -> None:
    with pytest.raises(InvalidInput):
        a_post(**{field: value})


def test_every_edit_increments_the_version() -> None:
    post = a_post()
    post.edit(now=NOW + timedelta(seconds=1), body="New")
    post.edit(now=NOW + timedelta(seconds=2), tags=["a"])
    assert post.version == 3
    assert post.body == "New"
    assert post.tags == ("a",)
    assert post.updated_at == NOW + timedelta(seconds=2)


def test_an_edit_that_changes_nothing_keeps_the_version() -> None:
    post = a_post(body="Same")
    post.edit(now=NOW + timedelta(seconds=1), body="Same", tags=[])
    post.edit(now=NOW + timedelta(seconds=2))
    assert (post.version, post.updated_at) == (1, NOW)


def test_a_stale_expected_version_is_refused() -> None:
    post = a_post()
    post.ensure_version(None)
    post.ensure_version({1})
    post.ensure_version({3, 1})
    for expected in ({2}, set()):
        with pytest.raises(StaleVersion):
            post.ensure_version(expected)


def test_only_the_author_or_an_admin_may_edit_a_post() -> None:
    post = a_post()
    post.ensure_editable_by(AUTHOR)
    post.ensure_editable_by(Actor(uuid4(), Role.ADMIN))
    with pytest.raises(PermissionDenied):
        post.ensure_editable_by(Actor(uuid4(), Role.MEMBER))


def test_comment_deletion_rights() -> None:
    post = a_post()
    commenter = Actor(uuid4(), Role.MEMBER)
    comment = Comment(1, post.id, commenter.user_id, "hi", NOW)
    comment.ensure_deletable_by(commenter, post)
    comment.ensure_deletable_by(AUTHOR, post)
    comment.ensure_deletable_by(Actor(uuid4(), Role.ADMIN), post)
    with pytest.raises(PermissionDenied):
        comment.ensure_deletable_by(Actor(uuid4(), Role.MEMBER), post)


def test_comment_body_is_required_and_bounded() -> None:
    for bad in ("", "   ", "x" * 5001):
        with pytest.raises(InvalidInput):
            validate_comment_body(bad)


def test_nobody_follows_themselves() -> None:
    me = uuid4()
    with pytest.raises(InvalidInput):
        ensure_may_follow(me, me)
    ensure_may_follow(me, uuid4())


@pytest.mark.parametrize("title", ["a\x00b", "two\nlines", "tab\there", "a\x85b", "esc\x1b[31m"])
def test_in10_a_title_refuses_every_control_character_on_publish_and_on_edit(title: str) -> None:
    with pytest.raises(InvalidInput, match="title must not contain control characters"):
        a_post(title=title)
    post = a_post()
    with pytest.raises(InvalidInput, match="title must not contain control characters"):
        post.edit(now=NOW, title=title)
    assert post.title == "Hello"


@pytest.mark.parametrize("field", ["description", "body"])
def test_in10_description_and_body_refuse_nul_but_the_body_keeps_line_breaks(field: str) -> None:
    with pytest.raises(InvalidInput, match=f"{field} must not contain control characters"):
        a_post(**{field: "a\x00b"})
    assert a_post(body="one\r\n\ttwo").body == "one\r\n\ttwo"
