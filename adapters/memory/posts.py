from collections import Counter
from uuid import UUID

from adapters.memory.paging import page_of
from adapters.memory.store import Journal, MemoryStore
from application.paging import PageQuery, Slice
from application.ports.posts import PostCriteria, PostRepository, TagCount
from domain.errors import AlreadyExists, NotFound, StaleVersion
from domain.posts import Post


class MemoryPostRepository(PostRepository):
    def __init__(self, store: MemoryStore, journal: Journal) -> None:
        self._store, self._journal = store, journal

    async def add(self, post: Post) -> None:
        if post.slug in self._store.post_ids_by_slug:
            raise AlreadyExists("That slug is already taken.", field="slug")
        self._put(post)

    async def update(self, post: Post, previous_version: int) -> None:
        stored = self._store.posts.get(post.id)
        if stored is None:
            raise NotFound("The post no longer exists.")
        if stored.version != previous_version:
            raise StaleVersion()
        owner = self._store.post_ids_by_slug.get(post.slug)
        if owner is not None and owner != post.id:
            raise AlreadyExists("That slug is already taken.", field="slug")
        self._journal.pop(self._store.post_ids_by_slug, stored.slug)
        self._put(post)

    async def delete(self, post_id: UUID) -> bool:
        if post_id not in self._store.posts:
            return False
        delete_post_cascade(self._store, self._journal, post_id)
        return True

    async def by_slug(self, slug: str, *, for_update: bool = False) -> Post | None:
        # Units of work already take turns here: the store's lock serialises them.
        post_id = self._store.post_ids_by_slug.get(slug)
        return self._store.posts[post_id].copy() if post_id else None

    async def get(self, post_id: UUID) -> Post | None:
        post = self._store.posts.get(post_id)
        return post.copy() if post else None

    async def slug_taken(self, slug: str) -> bool:
        return slug in self._store.post_ids_by_slug

    async def find(self, criteria: PostCriteria, page: PageQuery) -> Slice[Post]:
        rows = page_of(
            (p for p in self._store.posts.values() if self._matches(p, criteria)),
            page,
            newest_first=True,
        )
        return Slice([p.copy() for p in rows.items], rows.has_more, rows.total)

    async def tag_counts(self, limit: int) -> list[TagCount]:
        counts = Counter(tag for post in self._store.posts.values() for tag in post.tags)
        ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        return [TagCount(name, count) for name, count in ranked[:limit]]

    def _matches(self, post: Post, c: PostCriteria) -> bool:
        if c.author_id is not None and post.author_id != c.author_id:
            return False
        if c.tag is not None and c.tag not in post.tags:
            return False
        if c.favorited_by is not None and (c.favorited_by, post.id) not in self._store.favorites:
            return False
        if c.followed_by is not None and (c.followed_by, post.author_id) not in self._store.follows:
            return False
        if c.text is not None:
            needle = c.text.lower()
            return needle in post.title.lower() or needle in post.description.lower()
        return True

    def _put(self, post: Post) -> None:
        self._journal.put(self._store.posts, post.id, post.copy())
        self._journal.put(self._store.post_ids_by_slug, post.slug, post.id)


def delete_post_cascade(store: MemoryStore, journal: Journal, post_id: UUID) -> None:
    post = store.posts[post_id]
    for comment_id in [c.id for c in store.comments.values() if c.post_id == post_id]:
        journal.pop(store.comments, comment_id)
    for key in [k for k in store.favorites if k[1] == post_id]:
        journal.pop(store.favorites, key)
    journal.pop(store.post_ids_by_slug, post.slug)
    journal.pop(store.posts, post_id)
