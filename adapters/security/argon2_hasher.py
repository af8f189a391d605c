"""argon2id password hashing, off the event loop and with bounded concurrency."""

import asyncio
import contextlib
import functools
import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

import argon2
from argon2.exceptions import InvalidHashError, VerificationError

from application.ports.password_hasher import PasswordHasher

R = TypeVar("R")
HASHING_NICENESS = 10  # added to the process's: behind the event loop, yet not starved


class Argon2PasswordHasher(PasswordHasher):
    """Each hash takes `memory_cost` KiB; a dedicated pool of `concurrency` threads caps how
    many run at once, so a login storm queues instead of exhausting memory. argon2-cffi
    releases the GIL, so the event loop keeps serving meanwhile."""

    def __init__(
        self, *, time_cost: int, memory_cost: int, parallelism: int, concurrency: int
    ) -> None:
        self._hasher = argon2.PasswordHasher(
            time_cost=time_cost, memory_cost=memory_cost, parallelism=parallelism
        )
        self._concurrency = concurrency
        self._pool: ThreadPoolExecutor | None = None

    async def hash(self, password: str) -> str:
        return await self._run(self._hasher.hash, password)

    async def verify(self, password_hash: str | None, password: str) -> bool:
        if password_hash is None:
            await self._run(self._verify_against_dummy, password)
            return False
        return await self._run(self._verify, password_hash, password)

    def needs_rehash(self, password_hash: str) -> bool:
        try:
            return self._hasher.check_needs_rehash(password_hash)
        except InvalidHashError:
            return True

    def close(self) -> None:
        """Stops the worker threads; a later hash starts new ones."""
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None

    def _verify(self, password_hash: str, password: str) -> bool:
        try:
            return self._hasher.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    def _verify_against_dummy(self, password: str) -> None:
        self._verify(self._dummy_hash(), password)

    @functools.cache  # noqa: B019 - one dummy per hasher, which lives as long as the process
    def _dummy_hash(self) -> str:
        return self._hasher.hash("a password no account has")

    async def _run(self, fn: Callable[..., R], *args: str) -> R:
        if self._pool is None:
            self._pool = ThreadPoolExecutor(
                self._concurrency, thread_name_prefix="argon2", initializer=_behind_the_event_loop
            )
        return await asyncio.get_running_loop().run_in_executor(self._pool, fn, *args)


def _behind_the_event_loop() -> None:
    """Hashing threads yield the CPU to the event loop. Releasing the GIL is not enough: with
    parallelism 4, each hash runs four native threads, and under a login storm they outnumber
    the cores, so the event loop waited its turn (health probes saw p99 of seconds). On Linux
    the nice value is per thread, and the hash's own threads inherit it."""
    thread = threading.get_native_id()
    with contextlib.suppress(OSError):
        niceness = os.getpriority(os.PRIO_PROCESS, thread) + HASHING_NICENESS
        os.setpriority(os.PRIO_PROCESS, thread, min(niceness, 19))
