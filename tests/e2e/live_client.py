"""A real WebSocket client for the live-updates tests: every message it receives is checked
against the AsyncAPI document's schema for its type."""

import asyncio
import json
from typing import Any

import jsonschema
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from entrypoints.live.asyncapi import server_message_schema

RECEIVE_SECONDS = 10


class LiveClient:
    def __init__(self, ws: ClientConnection) -> None:
        self.ws = ws

    @classmethod
    async def open(cls, base: str, **options: Any) -> "LiveClient":
        url = base.replace("http://", "ws://", 1) + "/api/v1/live"
        return cls(await connect(url, **options))

    @classmethod
    async def signed_in(cls, base: str, token: str, **options: Any) -> "LiveClient":
        client = await cls.open(base, **options)
        await client.send(type="auth", token=token)
        await client.expect("ready")
        return client

    async def send(self, **message: Any) -> None:
        await self.ws.send(json.dumps(message, default=str))

    async def receive(self, seconds: float = RECEIVE_SECONDS) -> dict[str, Any]:
        message = json.loads(await asyncio.wait_for(self.ws.recv(), seconds))
        jsonschema.validate(message, server_message_schema(message["type"]))
        return dict(message)

    async def expect(self, message_type: str, **fields: Any) -> dict[str, Any]:
        message = await self.receive()
        assert message["type"] == message_type, message
        for name, value in fields.items():
            assert message[name] == value, message
        return message

    async def subscribe(self, topic: str) -> None:
        await self.send(type="subscribe", topic=topic)
        await self.expect("subscribed", topic=topic)

    async def closed_with(self, seconds: float = RECEIVE_SECONDS) -> int | None:
        """Reads what is left until the server closes; the close code."""
        try:
            async with asyncio.timeout(seconds):
                while True:
                    await self.ws.recv()
        except ConnectionClosed as closed:
            return closed.rcvd.code if closed.rcvd else None

    async def close(self) -> None:
        await self.ws.close()
