import asyncio
import os
import sys
import threading
import time

import argon2
import pytest
from argon2 import PasswordHasher as RawHasher

from adapters.security.argon2_hasher import HASHING_NICENESS, Argon2PasswordHasher
from entrypoints.composition.settings import Settings


def cheap() -> Argon2PasswordHasher:
    return Argon2PasswordHasher(time_cost=1, memory_cost=8, parallelism=1, concurrency=2)


async def test_a_hash_verifies_only_its_own_password() -> None:
    hasher = cheap()
    password_hash = await hasher.hash("correct horse")
    assert await hasher.verify(password_hash, "correct horse")
    assert not await hasher.verify(password_hash, "correct horse ")
    assert not await hasher.verify("not-a-hash", "correct horse")
    hasher.close()


async def test_auth02_an_unknown_account_is_verified_against_a_dummy_hash() -> None:
    """The same argon2 work as for a real account: returning False at once would tell an
    attacker by the time which accounts exist."""
    hasher = cheap()
    verified: list[str] = []
    argon2_verify = hasher._verify

    def recording(password_hash: str, password: str) -> bool:
        verified.append(password_hash)
        return argon2_verify(password_hash, password)

    hasher._verify = recording  # type: ignore[method-assign]
    assert not await hasher.verify(None, "anything at all")
    assert verified == [hasher._dummy_hash()]
    assert verified[0].startswith("$argon2id$")
    hasher.close()


def test_pwd01_production_defaults_are_rfc9106_low_memory_argon2id() -> None:
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    profile = argon2.profiles.RFC_9106_LOW_MEMORY
    assert (
        settings.argon2_time_cost,
        settings.argon2_memory_cost,
        settings.argon2_parallelism,
    ) == (
        profile.time_cost,
        profile.memory_cost,
        profile.parallelism,
    )


@pytest.mark.slow
async def test_pwd01_hashes_use_argon2id_at_the_configured_parameters() -> None:
    hasher = Argon2PasswordHasher(time_cost=3, memory_cost=65_536, parallelism=4, concurrency=1)
    password_hash = await hasher.hash("a long enough password")
    assert password_hash.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    hasher.close()


async def test_pwd02_old_parameters_need_a_rehash() -> None:
    hasher = cheap()
    old = RawHasher(time_cost=2, memory_cost=16, parallelism=1).hash("pw")
    assert hasher.needs_rehash(old)
    assert not hasher.needs_rehash(await hasher.hash("pw"))
    hasher.close()


class _Recorder:
    """Stands in for argon2's hasher to observe where and how many hashes run at once."""

    def __init__(self) -> None:
        self.threads: set[str] = set()
        self.active = self.peak = 0
        self._lock = threading.Lock()

    def hash(self, password: str) -> str:
        with self._lock:
            self.active += 1
            self.peak = max(self.peak, self.active)
            self.threads.add(threading.current_thread().name)
        time.sleep(0.02)
        with self._lock:
            self.active -= 1
        return "hashed"


async def test_pwd03_hashing_runs_off_the_event_loop_with_bounded_concurrency() -> None:
    hasher = Argon2PasswordHasher(time_cost=1, memory_cost=8, parallelism=1, concurrency=2)
    recorder = _Recorder()
    hasher._hasher = recorder  # type: ignore[assignment]
    await asyncio.gather(*(hasher.hash(f"password {i}") for i in range(8)))
    assert recorder.peak == 2
    assert all(name.startswith("argon2") for name in recorder.threads)
    assert threading.current_thread().name not in recorder.threads
    hasher.close()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="per-thread nice is Linux's")
async def test_hashing_threads_run_at_a_lower_priority_than_the_event_loop() -> None:
    hasher = cheap()

    def own_niceness() -> int:
        return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    loop_niceness = own_niceness()
    try:
        hashing_niceness = await hasher._run(own_niceness)
    finally:
        hasher.close()
    assert hashing_niceness == min(loop_niceness + HASHING_NICENESS, 19)
    assert own_niceness() == loop_niceness  # the event loop's thread keeps its own
