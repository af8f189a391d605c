"""A Redis server of a test's own on a loopback port, to stop, hang and start again while
Folio uses it (the machine's shared Redis is never touched), in plain text or over TLS with a
certificate made for it."""

import signal
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.support import free_port, listening, unavailable


class RedisServer:
    def __init__(self, certificates: Path | None = None) -> None:
        """`certificates`: a folder holding cert.pem and key.pem: the server speaks only TLS."""
        self.port = free_port()
        self._certificates = certificates
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        if self._certificates is None:
            return f"redis://127.0.0.1:{self.port}/0"
        return f"rediss://127.0.0.1:{self.port}/0?ssl_ca_certs={self._certificates / 'cert.pem'}"

    def start(self) -> None:
        if self._certificates is None:
            ports = ["--port", str(self.port)]
        else:
            cert, key = self._certificates / "cert.pem", self._certificates / "key.pem"
            ports = ["--port", "0", "--tls-port", str(self.port), "--tls-auth-clients", "no"]
            ports += ["--tls-cert-file", str(cert), "--tls-key-file", str(key)]
            ports += ["--tls-ca-cert-file", str(cert)]
        process = subprocess.Popen(  # noqa: S603 - the machine's redis-server
            [
                *("redis-server", "--bind", "127.0.0.1", *ports),
                *("--save", "", "--appendonly", "no"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        if not listening(self.port, process):
            unavailable(f"redis-server did not start on port {self.port}")
        self._process = process

    def stop(self) -> None:
        if self._process is not None:
            self._process.kill()
            self._process.wait()
            self._process = None

    def hang(self) -> None:
        """The server keeps its connections and answers nothing (SIGSTOP)."""
        assert self._process is not None
        self._process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        assert self._process is not None
        self._process.send_signal(signal.SIGCONT)


@contextmanager
def redis_server(*, tls: bool = False) -> Iterator[RedisServer]:
    with tempfile.TemporaryDirectory(prefix="folio-redis-") as folder:
        certificates = _self_signed(Path(folder)) if tls else None
        yield from _running(RedisServer(certificates))


def _running(server: RedisServer) -> Iterator[RedisServer]:
    server.start()
    try:
        yield server
    finally:
        if server._process is not None:
            server.resume()
        server.stop()


def _self_signed(folder: Path) -> Path:
    """A certificate for 127.0.0.1, its own authority."""
    subprocess.run(  # noqa: S603 - the machine's openssl
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"),
            *("-keyout", str(folder / "key.pem"), "-out", str(folder / "cert.pem")),
            *("-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"),
        ],
        check=True,
        capture_output=True,
    )
    return folder
