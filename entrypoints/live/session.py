"""One WebSocket from handshake to close: origin check, authentication by first message,
then three tasks (read client messages, write queued messages, watch the token's expiry)
until any of them ends the connection."""

import asyncio
import contextlib
import json
import logging
from dataclasses import dataclass

from pydantic import BaseModel, TypeAdapter, ValidationError
from starlette.websockets import WebSocket, WebSocketDisconnect, WebSocketState

from application.error_reports import described
from application.errors import StorageUnavailable
from application.live.projection import LiveProjection
from application.ports.clock import Clock
from application.use_cases.auth.authenticate import Authenticate, Authenticated
from domain.errors import AuthenticationFailed
from entrypoints.live.connection import LiveConnection
from entrypoints.live.hub import LiveHub
from entrypoints.live.protocol import (
    AnyClientMessage,
    Auth,
    Close,
    Error,
    Ready,
    Reauth,
    Resume,
    Resumed,
    Resync,
    Subscribe,
    Subscribed,
    Unsubscribe,
    Unsubscribed,
)

log = logging.getLogger("folio.live")
_CLIENT_MESSAGE = TypeAdapter[AnyClientMessage](AnyClientMessage)
_CLIENT_TYPES = {"auth", "subscribe", "unsubscribe", "resume"}
FLUSH_BEFORE_CLOSE_SECONDS = 1.0


@dataclass(frozen=True)
class LiveLimits:
    allowed_origins: frozenset[str]
    auth_timeout_seconds: float
    reauth_grace_seconds: float
    max_connections: int
    max_connections_per_account: int
    max_subscriptions: int
    send_queue_limit: int
    max_message_bytes: int
    max_client_errors: int


class LiveSession:
    def __init__(
        self,
        websocket: WebSocket,
        *,
        hub: LiveHub,
        authenticate: Authenticate,
        projection: LiveProjection,
        clock: Clock,
        limits: LiveLimits,
    ) -> None:
        self._ws, self._hub, self._authenticate = websocket, hub, authenticate
        self._projection, self._clock, self._limits = projection, clock, limits
        self._errors = 0

    async def run(self) -> None:
        origin = self._ws.headers.get("origin")
        if origin is not None and origin not in self._limits.allowed_origins:
            # A browser page from another site (cross-site WebSocket hijacking): closing
            # before accepting answers the handshake with 403.
            log.warning("live_origin_refused", extra={"origin": origin[:200]})
            await self._ws.close(code=Close.POLICY_VIOLATION)
            return
        await self._ws.accept()
        if len(self._hub.connections) >= self._limits.max_connections:
            await self._close(Close.TRY_AGAIN_LATER, "this server has no room; try another")
            return
        authenticated = await self._first_auth()
        if authenticated is None:
            return
        user_id = authenticated.actor.user_id
        if len(self._hub.of_user(user_id)) >= self._limits.max_connections_per_account:
            await self._close(Close.TOO_MANY_CONNECTIONS, "too many live connections")
            return
        connection = LiveConnection(
            user_id,
            authenticated.actor.session_id,
            authenticated.expires_at,
            self._limits.send_queue_limit,
        )
        self._hub.join(connection)
        log.info("live_connected", extra={"user_id": str(user_id)})
        try:
            connection.send(Ready(token_expires_at=authenticated.expires_at).model_dump_json())
            await self._serve(connection)
        except Exception as error:  # one bounded line, never the server's own traceback dump
            log.error("live_session_failed", extra={"user_id": str(user_id), **described(error)})
            await self._close(Close.INTERNAL_ERROR, "an unexpected error; reconnect and resume")
        finally:
            self._hub.leave(connection)
            code = connection.close_with[0] if connection.close_with else None
            log.info("live_disconnected", extra={"user_id": str(user_id), "code": code})

    async def _first_auth(self) -> Authenticated | None:
        try:
            async with asyncio.timeout(self._limits.auth_timeout_seconds):
                message = await self._ws.receive()
        except TimeoutError:
            await self._close(Close.AUTH_TIMEOUT, "no auth message in time")
            return None
        if message["type"] == "websocket.disconnect":
            return None
        try:
            auth = Auth.model_validate_json(message.get("text") or "")
        except ValidationError:
            await self._close(
                Close.AUTH_EXPECTED, 'the first message must be {"type": "auth", "token": ...}'
            )
            return None
        try:
            return await self._authenticate.until_expiry(auth.token)
        except AuthenticationFailed as e:
            await self._close(Close.UNAUTHORIZED, e.message)
        except StorageUnavailable:
            await self._close(Close.TRY_AGAIN_LATER, "storage is unavailable; try again")
        return None

    async def _serve(self, connection: LiveConnection) -> None:
        reader = asyncio.create_task(self._read(connection))
        writer = asyncio.create_task(self._write(connection))
        expiry = asyncio.create_task(self._watch_expiry(connection))
        closing = asyncio.create_task(connection.closing.wait())
        tasks = [reader, writer, expiry, closing]
        try:
            await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
            if closing.done():  # what was queued before the close goes first, if it can
                await asyncio.wait([writer], timeout=FLUSH_BEFORE_CLOSE_SECONDS)
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.wait(tasks)
        for task in (reader, expiry):  # the writer fails only when the client has gone
            failure = None if task.cancelled() else task.exception()
            if failure is not None and not isinstance(failure, WebSocketDisconnect):
                raise failure
        if connection.close_with is not None:
            # A writer stuck on a client that reads nothing was cancelled above; the close
            # frame waits for room like any frame, and uvicorn's keepalive ends the wait for
            # a client that never reads again.
            await self._close(*connection.close_with)

    async def _read(self, connection: LiveConnection) -> None:
        while True:
            message = await self._ws.receive()
            if message["type"] == "websocket.disconnect":
                return
            try:
                reply = await self._answer(connection, message.get("text"))
            except StorageUnavailable:  # the client did nothing wrong: not counted against it
                unavailable = Error(code="unavailable", detail="Storage is unavailable; retry.")
                connection.send(unavailable.model_dump_json())
                continue
            if reply is None:
                continue
            connection.send(reply.model_dump_json())
            if isinstance(reply, Error):
                self._errors += 1
                if self._errors >= self._limits.max_client_errors:
                    connection.close(Close.POLICY_VIOLATION, "too many bad messages")

    async def _write(self, connection: LiveConnection) -> None:
        while batch := await connection.next_batch():
            for text in batch:
                await self._ws.send_text(text)

    async def _watch_expiry(self, connection: LiveConnection) -> None:
        """At the token's expiry, asks for a new one; closes if none came in the grace."""
        grace = self._limits.reauth_grace_seconds
        while True:
            left = (connection.token_expires_at - self._clock.now()).total_seconds()
            if left > 0:
                await asyncio.sleep(left)
                continue
            connection.send(Reauth(within_seconds=grace).model_dump_json())
            await asyncio.sleep(grace)
            if connection.token_expires_at <= self._clock.now():
                connection.close(Close.UNAUTHORIZED, "the access token expired")
                return

    async def _answer(self, connection: LiveConnection, text: str | None) -> BaseModel | None:
        if text is None:
            return Error(code="malformed", detail="Send text frames of JSON.")
        if len(text.encode()) > self._limits.max_message_bytes:
            return Error(
                code="too_large",
                detail=f"Messages are at most {self._limits.max_message_bytes} bytes.",
            )
        try:
            raw = json.loads(text)
        except (ValueError, RecursionError):  # nested deeper than the parser goes: not ours
            return Error(code="malformed", detail="The message is not JSON.")
        if not isinstance(raw, dict) or raw.get("type") not in _CLIENT_TYPES:
            return Error(
                code="unknown_type", detail=f"type must be one of {sorted(_CLIENT_TYPES)}."
            )
        try:
            message = _CLIENT_MESSAGE.validate_python(raw)
        except ValidationError as e:
            first = e.errors()[0]
            where = ".".join(str(part) for part in first["loc"][1:])
            return Error(code="invalid", detail=f"{where}: {first['msg']}"[:300])
        match message:
            case Subscribe(topic=topic):
                return await self._subscribe(connection, topic)
            case Unsubscribe(topic=topic):
                connection.topics.discard(topic)
                for post_id, subscribed in list(connection.posts.items()):
                    if subscribed == topic:
                        del connection.posts[post_id]
                return Unsubscribed(topic=topic)
            case Resume(last_event_id=last_event_id):
                # Once per socket: each resume replays up to the whole buffer, so a client
                # sending many would have the server send thousands of times what it asked.
                if connection.resumed:
                    return Error(code="invalid", detail="resume is accepted once per socket.")
                connection.resumed = True
                replayed = await self._hub.resume(connection, last_event_id)
                return Resync() if replayed is None else Resumed(replayed=replayed)
            case Auth(token=token):
                return await self._reauthenticate(connection, token)
        return None

    async def _subscribe(self, connection: LiveConnection, topic: str) -> BaseModel:
        count = len(connection.topics) + len(connection.posts)
        if count >= self._limits.max_subscriptions:
            return Error(code="invalid", detail="Too many subscriptions on one socket.")
        if not topic.startswith("post:"):
            connection.topics.add(topic)
            return Subscribed(topic=topic)
        post_id = await self._projection.post_id(topic.removeprefix("post:"))
        if post_id is None:
            return Error(code="not_found", detail=f"No post {topic.removeprefix('post:')!r}.")
        connection.posts[post_id] = topic
        return Subscribed(topic=topic)

    async def _reauthenticate(self, connection: LiveConnection, token: str) -> BaseModel:
        try:
            renewed = await self._authenticate.until_expiry(token)
        except AuthenticationFailed as e:
            connection.close(Close.UNAUTHORIZED, e.message)
            return Error(code="unauthorized", detail=e.message)
        if renewed.actor.user_id != connection.user_id:
            connection.close(Close.UNAUTHORIZED, "a token of another account")
            return Error(code="unauthorized", detail="The token is another account's.")
        connection.token_expires_at = renewed.expires_at
        connection.session_id = renewed.actor.session_id
        return Ready(token_expires_at=renewed.expires_at)

    async def _close(self, code: Close, reason: str) -> None:
        if self._ws.client_state is WebSocketState.CONNECTED:
            with contextlib.suppress(RuntimeError, WebSocketDisconnect):
                await self._ws.close(code=code, reason=reason)
