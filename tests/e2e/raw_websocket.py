"""A WebSocket client on a bare socket, for behaviour a library client hides: one that never
reads (its library would buffer for it) or never answers a ping."""

import base64
import os
import socket
import struct

OPCODE_TEXT, OPCODE_CLOSE = 0x1, 0x8


class RawWebSocket:
    def __init__(self, address: tuple[str, int], *, receive_buffer: int | None = None) -> None:
        self.sock = socket.socket()
        if receive_buffer is not None:  # set before connecting: no autotuning to megabytes
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, receive_buffer)
        self.sock.settimeout(30)
        self.sock.connect(address)
        key = base64.b64encode(os.urandom(16))
        self.sock.sendall(
            b"GET /api/v1/live HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
            b"Connection: Upgrade\r\nSec-WebSocket-Key: " + key + b"\r\n"
            b"Sec-WebSocket-Version: 13\r\n\r\n"
        )
        self._buffer = b""
        while b"\r\n\r\n" not in self._buffer:
            self._buffer += self.sock.recv(4096)
        head, _, self._buffer = self._buffer.partition(b"\r\n\r\n")
        self.status_line = head.split(b"\r\n")[0]

    def send_text(self, text: str) -> None:
        payload, mask = text.encode(), os.urandom(4)
        length = len(payload)
        header = bytes([0x80 | OPCODE_TEXT])
        if length < 126:
            header += bytes([0x80 | length])
        else:
            header += bytes([0x80 | 126]) + struct.pack("!H", length)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.sock.sendall(header + mask + masked)

    def next_text(self) -> bytes:
        """The next text frame (a close or the end of the connection is an error here)."""
        frame = self._next_frame()
        assert frame is not None, "the connection ended"
        opcode, payload = frame
        assert opcode == OPCODE_TEXT, frame
        return payload

    def frames_until_close(self) -> tuple[list[bytes], int | None]:
        """Reads everything the server sends: the text frames, and the close code (None
        when the connection ends without a close frame)."""
        texts: list[bytes] = []
        while True:
            frame = self._next_frame()
            if frame is None:
                return texts, None
            opcode, payload = frame
            if opcode == OPCODE_CLOSE:
                return texts, struct.unpack("!H", payload[:2])[0] if payload else None
            if opcode == OPCODE_TEXT:
                texts.append(payload)

    def _next_frame(self) -> tuple[int, bytes] | None:
        header = self._read(2)
        if header is None:
            return None
        opcode, length = header[0] & 0x0F, header[1] & 0x7F
        if length == 126:
            extended = self._read(2)
            length = struct.unpack("!H", extended)[0] if extended else 0
        elif length == 127:
            extended = self._read(8)
            length = struct.unpack("!Q", extended)[0] if extended else 0
        payload = self._read(length)
        return (opcode, payload) if payload is not None else None

    def _read(self, size: int) -> bytes | None:
        while len(self._buffer) < size:
            chunk = self.sock.recv(65536)
            if not chunk:
                return None
            self._buffer += chunk
        data, self._buffer = self._buffer[:size], self._buffer[size:]
        return data

    def close(self) -> None:
        self.sock.close()
