"""The signing key ring in one JSON file, for setups without a database of their own to keep
it in (SIGNING_KEYS_FILE). Private parts are sealed as in the database. A change is written
when it is made: read, changed and replaced whole (a new file renamed over the old one) under
an exclusive lock, so two processes changing the ring at once cannot lose either change and a
reader never sees half a file."""

import asyncio
import fcntl
import json
import os
from collections.abc import Callable
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import Any

from application.ports.signing_keys import (
    KeyState,
    SigningKey,
    SigningKeyStore,
    refuse_a_second_active,
)
from domain.errors import AlreadyExists

_TIMES = ("created_at", "activated_at", "deactivated_at", "retired_at")


class FileSigningKeyStore(SigningKeyStore):
    def __init__(self, path: Path) -> None:
        self._path = path

    async def all(self) -> list[SigningKey]:
        return await asyncio.to_thread(self._read)

    async def add(self, key: SigningKey) -> None:
        def added(keys: list[SigningKey]) -> list[SigningKey]:
            if any(k.kid == key.kid for k in keys):
                raise AlreadyExists("A signing key with this kid exists.", field="kid")
            refuse_a_second_active(key, keys)
            return [*keys, key]

        await asyncio.to_thread(self._change, added)

    async def update(self, key: SigningKey) -> None:
        def updated(keys: list[SigningKey]) -> list[SigningKey]:
            refuse_a_second_active(key, [k for k in keys if k.kid != key.kid])
            return [k.in_state_of(key) if k.kid == key.kid else k for k in keys]

        await asyncio.to_thread(self._change, updated)

    def _read(self) -> list[SigningKey]:
        try:
            text = self._path.read_text()
        except FileNotFoundError:
            return []
        keys = [_key(entry) for entry in json.loads(text)["keys"]]
        return sorted(keys, key=lambda k: k.age_order)

    def _change(self, change: Callable[[list[SigningKey]], list[SigningKey]]) -> None:
        self._path.parent.mkdir(parents=True, exist_ok=True)
        lock = os.open(f"{self._path}.lock", os.O_WRONLY | os.O_CREAT, 0o600)
        try:
            fcntl.flock(lock, fcntl.LOCK_EX)
            keys = change(self._read())
            fresh = self._path.with_name(f".{self._path.name}.{os.getpid()}")
            fd = os.open(fresh, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w") as file:
                json.dump({"keys": [_entry(k) for k in keys]}, file, indent=1)
                file.flush()
                os.fsync(file.fileno())
            os.replace(fresh, self._path)
        finally:
            os.close(lock)  # and with it the lock


def _entry(key: SigningKey) -> dict[str, Any]:
    entry = asdict(key)
    entry["state"] = key.state.value
    for name in _TIMES:
        entry[name] = None if entry[name] is None else entry[name].isoformat()
    return entry


def _key(entry: dict[str, Any]) -> SigningKey:
    times = {n: None if entry[n] is None else datetime.fromisoformat(entry[n]) for n in _TIMES}
    return SigningKey(
        kid=entry["kid"],
        algorithm=entry["algorithm"],
        public_key=entry["public_key"],
        sealed_private_key=entry["sealed_private_key"],
        state=KeyState(entry["state"]),
        **times,  # type: ignore[arg-type]
    )
