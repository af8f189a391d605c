"""The in-memory database: tables, an undo journal, and one lock that serialises transactions."""

from __future__ import annotations

import asyncio
import functools
import itertools
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar
from uuid import UUID

from adapters.memory.outbox_entries import OutboxEntry
from application.ports.idempotency_keys import IdempotencyRecord
from application.ports.one_time_tokens import OneTimeToken
from application.ports.refresh_tokens import RefreshTokenRecord
from application.ports.security_events import SecurityEvent
from application.ports.sessions import SessionRecord
from application.ports.signing_keys import SigningKey
from application.ports.two_factor import TwoFactorRecord
from domain.comments import Comment
from domain.posts import Post
from domain.users import User

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
_MISSING = object()


@dataclass
class MemoryStore:
    users: dict[UUID, User] = field(default_factory=dict)
    user_ids_by_email: dict[str, UUID] = field(default_factory=dict)
    user_ids_by_username: dict[str, UUID] = field(default_factory=dict)  # lower-case keys
    follows: dict[tuple[UUID, UUID], datetime] = field(default_factory=dict)
    posts: dict[UUID, Post] = field(default_factory=dict)
    post_ids_by_slug: dict[str, UUID] = field(default_factory=dict)
    favorites: dict[tuple[UUID, UUID], datetime] = field(default_factory=dict)
    comments: dict[int, Comment] = field(default_factory=dict)
    sessions: dict[UUID, SessionRecord] = field(default_factory=dict)
    refresh_tokens: dict[str, RefreshTokenRecord] = field(default_factory=dict)
    one_time_tokens: dict[str, OneTimeToken] = field(default_factory=dict)
    security_events: dict[UUID, SecurityEvent] = field(default_factory=dict)
    two_factor: dict[UUID, TwoFactorRecord] = field(default_factory=dict)
    # (account, code hash) -> when it was used; None while unused
    recovery_codes: dict[tuple[UUID, str], datetime | None] = field(default_factory=dict)
    outbox: dict[UUID, OutboxEntry] = field(default_factory=dict)  # in the order recorded
    idempotency_keys: dict[str, IdempotencyRecord] = field(default_factory=dict)
    signing_keys: dict[str, SigningKey] = field(default_factory=dict)
    # Like a database sequence, ids handed out are not reused after a rollback.
    comment_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


class Journal:
    """Records how to undo each change, so a transaction that does not commit leaves no trace."""

    def __init__(self) -> None:
        self._undo: list[Callable[[], object]] = []

    def put(self, table: dict[K, V], key: K, value: V) -> None:
        self._remember(table, key)
        table[key] = value

    def pop(self, table: dict[K, Any], key: K) -> None:
        if key in table:
            self._remember(table, key)
            del table[key]

    def forget(self) -> None:
        self._undo.clear()

    def rollback(self) -> None:
        while self._undo:
            self._undo.pop()()

    def _remember(self, table: dict[K, Any], key: K) -> None:
        previous = table.get(key, _MISSING)
        if previous is _MISSING:
            self._undo.append(functools.partial(table.pop, key, None))
        else:
            self._undo.append(functools.partial(table.__setitem__, key, previous))
