"""A real PgBouncer from Debian's package, in transaction mode, started on a loopback port in
front of the test PostgreSQL server (`.ci/run` installs it; elsewhere `apt-get install
pgbouncer`)."""

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy.engine import URL

from tests.support import free_port, listening

# Small enough that clients queue for server connections under the suite's concurrency.
SERVER_CONNECTIONS = 8
_pooled_ports: set[int] = set()


class PgBouncerUnavailable(Exception):
    pass


def is_pooled(url: str) -> bool:
    """Whether `url` reaches PostgreSQL through a PgBouncer started here."""
    port = url.rpartition("@")[2].partition("/")[0].rpartition(":")[2]
    return port.isdigit() and int(port) in _pooled_ports


@contextmanager
def running_pgbouncer(server: URL) -> Iterator[int]:
    """PgBouncer on a free loopback port, lending `server`'s connections one transaction at a
    time; yields the port. Its log is printed if it fails to start."""
    binary = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"
    if not os.path.exists(binary):
        raise PgBouncerUnavailable(
            "PgBouncer is not installed (`apt-get install pgbouncer`); `.ci/run` installs it"
        )
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="folio-pgbouncer-") as folder:
        config = _write_config(Path(folder), server, port)
        with open(Path(folder) / "pgbouncer.log", "w+b") as log:
            process = subprocess.Popen(  # noqa: S603 - a fixed program on our own config
                [binary, str(config)], stdout=log, stderr=log
            )
            try:
                if not listening(port, process):
                    log.seek(0)
                    output = log.read().decode(errors="replace")
                    raise PgBouncerUnavailable(f"PgBouncer did not start: {output}")
                _pooled_ports.add(port)
                yield port
            finally:
                _pooled_ports.discard(port)
                process.terminate()
                process.wait(timeout=10)


def _write_config(folder: Path, server: URL, port: int) -> Path:
    # The same settings docs/deploy.md gives, but for the addresses.
    users = folder / "users.txt"
    users.write_text(f'"{server.username}" ""\n')
    config = folder / "pgbouncer.ini"
    config.write_text(
        "\n".join(
            [
                "[databases]",
                f"* = host={server.host} port={server.port or 5432}",
                "[pgbouncer]",
                "listen_addr = 127.0.0.1",
                f"listen_port = {port}",
                "unix_socket_dir =",
                "auth_type = trust",
                f"auth_file = {users}",
                "pool_mode = transaction",
                f"default_pool_size = {SERVER_CONNECTIONS}",
                "max_client_conn = 1000",
                "server_reset_query = DEALLOCATE ALL",
                "server_reset_query_always = 1",
                # PgBouncer refuses to run as root; as root it is told whom to become.
                *(["user = postgres"] if os.geteuid() == 0 else []),
                "",
            ]
        )
    )
    folder.chmod(0o755)
    return config
