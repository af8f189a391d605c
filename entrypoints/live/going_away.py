"""uvicorn's WebSocket protocol (websockets, sans-I/O), closing with 1001 "going away" when the
server shuts down instead of uvicorn's 1012 "service restart": the code the live protocol
documents, after which a client reconnects (to another instance) and resumes. `folio serve`
names this class as uvicorn's `ws` protocol."""

from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol

GOING_AWAY = 1001


class GoingAwayWebSocketProtocol(WebSocketsSansIOProtocol):
    def shutdown(self) -> None:
        if not self.handshake_complete or self.close_sent:
            super().shutdown()
            return
        self.stop_keepalive()
        self.queue.put_nowait({"type": "websocket.disconnect", "code": GOING_AWAY})
        self.conn.send_close(GOING_AWAY, "the server is shutting down")
        self.close_sent = True
        self.transport.write(b"".join(self.conn.data_to_send()))
        self.transport.close()
