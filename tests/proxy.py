"""A real nginx from Debian's package (`.ci/run` installs it), started on a loopback port in
front of several `folio serve` processes, configured as docs/deploy.md says."""

import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.support import debian_program, free_port, listening

# nginx connects to the instances from this address, which is all FORWARDED_ALLOW_IPS lists:
# a client on 127.0.0.1 that sends X-Forwarded-For directly is not believed.
PROXY_SOURCE = "127.0.0.2"


@contextmanager
def nginx_in_front_of(upstreams: Sequence[str]) -> Iterator[str]:
    """nginx balancing over `upstreams` (host:port); yields its base URL. Each answer says
    which instance gave it (X-Upstream), so tests can see requests spread."""
    binary = debian_program("nginx", "nginx-light")
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="folio-nginx-") as folder:
        config = Path(folder) / "nginx.conf"
        config.write_text(_config(Path(folder), port, upstreams))
        log = Path(folder) / "error.log"
        process = subprocess.Popen(  # noqa: S603 - a fixed program on our own config
            [binary, "-p", folder, "-c", str(config), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        try:
            if not listening(port, process):
                pytest.fail(f"nginx did not start: {log.read_text() if log.exists() else ''}")
            yield f"http://127.0.0.1:{port}"
        finally:
            process.terminate()
            process.wait(timeout=10)


def _config(folder: Path, port: int, upstreams: Sequence[str]) -> str:
    servers = "\n".join(f"        server {address};" for address in upstreams)
    return f"""
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;

    map $http_upgrade $connection_upgrade {{
        default upgrade;
        ''      '';
    }}
    upstream folio {{
{servers}
        keepalive 16;
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://folio;
            proxy_bind {PROXY_SOURCE};
            proxy_http_version 1.1;
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $remote_addr;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_read_timeout 60s;
            add_header X-Upstream $upstream_addr always;
        }}
    }}
}}
"""
