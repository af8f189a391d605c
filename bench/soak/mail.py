"""A real SMTP server (aiosmtpd) behind a relay the soak can make hang: while hung, the relay
accepts connections and answers nothing, as a mail server that stopped responding does."""

import asyncio
import contextlib
import threading
from collections.abc import Iterator

from tests.mail_server import Inbox, smtp_server
from tests.support import free_port


class HangingRelay:
    def __init__(self, target_port: int) -> None:
        self.port, self._target = free_port(), target_port
        self.hung = False
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._held: set[asyncio.StreamWriter] = set()

    def start(self) -> None:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._serve(), self._loop).result(timeout=10)

    def stop(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)

    def recover(self) -> None:
        """Answers again; connections held while hung are dropped, as a restart would."""
        self.hung = False
        for writer in list(self._held):
            self._loop.call_soon_threadsafe(writer.close)

    async def _serve(self) -> None:
        await asyncio.start_server(self._relay, "127.0.0.1", self.port)

    async def _relay(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if self.hung:
            self._held.add(writer)
            return
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection(
                "127.0.0.1", self._target
            )
        except OSError:
            writer.close()
            return
        await asyncio.gather(
            _pipe(reader, upstream_writer), _pipe(upstream_reader, writer), return_exceptions=True
        )


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    finally:
        with contextlib.suppress(Exception):
            writer.close()


@contextlib.contextmanager
def mail_server() -> Iterator[tuple[Inbox, HangingRelay]]:
    with smtp_server() as inbox:
        relay = HangingRelay(inbox.port)
        relay.start()
        try:
            yield inbox, relay
        finally:
            relay.stop()
