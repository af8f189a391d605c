"""A PostgreSQL server of the soak's own (initdb in a temporary folder, a free loopback port),
so that restarting it touches no other user of the machine's server."""

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from tests.support import free_port


def _binaries() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    if initdb is None:
        raise SystemExit("PostgreSQL's server programs are needed (initdb, pg_ctl).")
    return Path(initdb).parent


class PrivatePostgres:
    def __init__(self) -> None:
        self.port, self.folder = free_port(), Path(tempfile.mkdtemp(prefix="folio-soak-pg-"))
        self._data, self._bin = self.folder / "data", _binaries()
        self._log = self.folder / "postgres.log"
        if os.geteuid() == 0:  # initdb refuses root: the server runs as the postgres user
            shutil.chown(self.folder, "postgres")

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def create(self) -> None:
        self._run("initdb", "-D", str(self._data), "-A", "trust", "-U", "postgres")
        self._ctl("start")

    def restart(self) -> None:
        self._ctl("restart", "-m", "fast")

    def stop(self) -> None:
        self._ctl("stop", "-m", "fast")
        shutil.rmtree(self.folder, ignore_errors=True)

    def _ctl(self, action: str, *options: str) -> None:
        settings = f"-p {self.port} -k {self._data} -c listen_addresses=127.0.0.1"
        self._run(
            "pg_ctl", action, *options, "-D", str(self._data), "-o", settings,
            "-l", str(self._log), "-w",
        )  # fmt: skip

    def _run(self, program: str, *args: str) -> None:
        command = [str(self._bin / program), *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        done = subprocess.run(command, capture_output=True, text=True)  # noqa: S603
        if done.returncode != 0:
            raise RuntimeError(f"{program} failed: {done.stderr or done.stdout}")
