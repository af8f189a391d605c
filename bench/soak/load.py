"""The soak's clients, through nginx: readers on both APIs, writers that publish with an
Idempotency-Key and retry on any failure until acknowledged, logins, sign-ups (each mails
twice), and live sockets that reconnect and resume. Every request is a Sample."""

import asyncio
import contextlib
import json
import random
import time
import uuid
from dataclasses import dataclass, field

import httpx
from websockets.asyncio.client import connect

PASSWORD = "a soak test password"  # noqa: S105 - the soak's throwaway accounts
WRITE_GIVE_UP_SECONDS = 180


@dataclass(frozen=True)
class Sample:
    at: float  # seconds since the load began
    kind: str  # read, write, login, register
    ok: bool
    latency: float


@dataclass
class LiveTally:
    sockets: int = 0
    reconnects: int = 0
    resumed: int = 0
    resyncs: int = 0
    events: int = 0


@dataclass
class Load:
    base: str
    started: float = field(default_factory=time.monotonic)
    samples: list[Sample] = field(default_factory=list)
    acknowledged: list[str] = field(default_factory=list)  # titles of acknowledged posts
    abandoned: int = 0  # writes given up on after WRITE_GIVE_UP_SECONDS
    registrations: int = 0
    live: LiveTally = field(default_factory=LiveTally)
    slugs: list[str] = field(default_factory=list)

    def record(self, kind: str, began: float, ok: bool) -> None:
        now = time.monotonic()
        self.samples.append(Sample(began - self.started, kind, ok, now - began))


class Soak:
    def __init__(self, base: str) -> None:
        self.load = Load(base)
        limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
        self._http = httpx.AsyncClient(base_url=base, timeout=30, limits=limits)
        self._stopping = asyncio.Event()
        self._sockets: list[asyncio.Task[None]] = []

    async def prepare(self) -> None:
        """The writer's account, a follower whose live sockets hear its posts, a first post."""
        for name in ("writer", "follower"):
            account = {"email": f"{name}@example.com", "username": name, "password": PASSWORD}
            response = await self._http.post("/api/v1/auth/register", json=account)
            response.raise_for_status()
        follower = await self._token("follower")
        await self._http.post(
            "/api/v1/users/writer/follow", headers={"Authorization": f"Bearer {follower}"}
        )
        writer = await self._token("writer")
        first = await self._http.post(
            "/api/v1/posts",
            json={"title": "soak first", "body": "The first post."},
            headers={"Authorization": f"Bearer {writer}"},
        )
        first.raise_for_status()
        self.load.slugs.append(first.json()["slug"])

    async def run(self, *, readers: int, writers: int, sockets: int) -> None:
        """Until `stop`: requests in hand finish, writes are acknowledged or given up on."""
        self._sockets = [asyncio.create_task(self._live_socket()) for _ in range(sockets)]
        await asyncio.gather(
            *(self._reader() for _ in range(readers)),
            *(self._writer() for _ in range(writers)),
            self._logins(),
            self._registrations(),
            *self._sockets,
            return_exceptions=True,
        )

    def stop(self) -> None:
        self._stopping.set()
        for socket in self._sockets:
            socket.cancel()

    async def close(self) -> None:
        await self._http.aclose()

    async def _reader(self) -> None:
        while not self._stopping.is_set():
            slug = random.choice(self.load.slugs)  # noqa: S311 - a load mix, not a secret
            path = random.choice(  # noqa: S311
                [
                    "/api/v1/posts?limit=20",
                    "/api/articles?limit=20",
                    f"/api/v1/posts/{slug}",
                    f"/api/articles/{slug}",
                ]
            )
            began = time.monotonic()
            try:
                ok = (await self._http.get(path)).status_code == 200
            except httpx.HTTPError:
                ok = False
            self.load.record("read", began, ok)
            if not ok:
                await asyncio.sleep(0.2)

    async def _writer(self) -> None:
        token = await self._retrying_token("writer")
        while not self._stopping.is_set():
            title, key = f"soak {uuid.uuid4()}", str(uuid.uuid4())
            deadline = time.monotonic() + WRITE_GIVE_UP_SECONDS
            while time.monotonic() < deadline:
                headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": key}
                began = time.monotonic()
                try:
                    response = await self._http.post(
                        "/api/v1/posts", json={"title": title, "body": "Soak."}, headers=headers
                    )
                    status = response.status_code
                except httpx.HTTPError:
                    status = 0
                self.load.record("write", began, status == 201)
                if status == 201:
                    self.load.acknowledged.append(title)
                    self.load.slugs.append(response.json()["slug"])
                    break
                if status == 401:
                    token = await self._retrying_token("writer")
                await asyncio.sleep(0.5)  # then the same key again
            else:
                self.load.abandoned += 1

    async def _logins(self) -> None:
        while not self._stopping.is_set():
            began = time.monotonic()
            try:
                response = await self._http.post(
                    "/api/v1/auth/login", json={"login": "follower", "password": PASSWORD}
                )
                ok = response.status_code == 200
            except httpx.HTTPError:
                ok = False
            self.load.record("login", began, ok)
            await asyncio.sleep(1)

    async def _registrations(self) -> None:
        while not self._stopping.is_set():
            name = f"u{uuid.uuid4().hex[:12]}"
            account = {"email": f"{name}@example.com", "username": name, "password": PASSWORD}
            key = str(uuid.uuid4())
            for _ in range(60):  # retried with its key: one account, two mails, whatever fails
                began = time.monotonic()
                try:
                    response = await self._http.post(
                        "/api/v1/auth/register", json=account, headers={"Idempotency-Key": key}
                    )
                    ok = response.status_code == 201
                except httpx.HTTPError:
                    ok = False
                self.load.record("register", began, ok)
                if ok:
                    self.load.registrations += 1
                    break
                await asyncio.sleep(1)
            await asyncio.sleep(3)

    async def _live_socket(self) -> None:
        """Connected while the load runs; a lost socket reconnects and resumes."""
        tally, last_id = self.load.live, None
        tally.sockets += 1
        url = self.load.base.replace("http://", "ws://", 1) + "/api/v1/live"
        while not self._stopping.is_set():
            with contextlib.suppress(Exception):
                token = await self._token("follower")
                async with connect(url, open_timeout=10) as ws:
                    await ws.send(json.dumps({"type": "auth", "token": token}))
                    await ws.send(json.dumps({"type": "subscribe", "topic": "feed"}))
                    if last_id is not None:
                        await ws.send(json.dumps({"type": "resume", "last_event_id": last_id}))
                    async for text in ws:
                        message = json.loads(text)
                        kind = message["type"]
                        if kind == "resumed":
                            tally.resumed += 1
                        elif kind == "resync":
                            tally.resyncs += 1
                        elif kind == "reauth":
                            token = await self._token("follower")
                            await ws.send(json.dumps({"type": "auth", "token": token}))
                        elif "id" in message and "topic" in message:
                            tally.events += 1
                            last_id = message["id"]
                        if self._stopping.is_set():
                            return
            if not self._stopping.is_set():
                tally.reconnects += 1
                await asyncio.sleep(1)

    async def _token(self, name: str) -> str:
        response = await self._http.post(
            "/api/v1/auth/login", json={"login": name, "password": PASSWORD}
        )
        response.raise_for_status()
        return str(response.json()["access_token"])

    async def _retrying_token(self, name: str) -> str:
        while True:
            with contextlib.suppress(httpx.HTTPError):
                return await self._token(name)
            await asyncio.sleep(1)
