"""Builds the image from the Dockerfile with buildah and runs it: `python -m tests.image_check`
(`make image-check`; needs root, buildah and debootstrap from Debian).

No registry is reachable here, so the base image is made from local files: a minimal Debian
bookworm with its python3 (3.11, as python:3.11-slim-bookworm carries), put in place of
PYTHON_IMAGE. The build itself is the Dockerfile's, unchanged: the lock installed with its
hashes checked, only the virtualenv shipped. Then the image serves, its HEALTHCHECK command
passes on PORT and fails on another port, and it runs as a user other than root."""

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from tests.support import TEST_SECRET, free_port

ROOT = Path(__file__).parents[1]
BUILDAH, DEBOOTSTRAP = "/usr/bin/buildah", "/usr/sbin/debootstrap"  # Debian's packages
BASE_PACKAGES = "python3,python3-venv,python-is-python3,ca-certificates"
# This machine reaches PyPI through a TLS proxy its own trust store knows: the base image
# trusts the same certificates (an image built elsewhere keeps its own).
HOST_TRUST = Path("/etc/ssl/certs/ca-certificates.crt")


class ImageCheckFailed(Exception):
    pass


def run(*command: str) -> str:
    done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise ImageCheckFailed(f"{' '.join(command[:4])} ...: {done.stderr[-3000:]}")
    return done.stdout


def buildah(*arguments: str) -> str:
    return run(BUILDAH, *arguments).strip()


def in_container(container: str, *command: str, **environment: str) -> list[str]:
    """`buildah run` of `command`; isolated by chroot, the process shares this machine's
    network, so a port it listens on is ours."""
    flags = [part for name, value in environment.items() for part in ("--env", f"{name}={value}")]
    return [BUILDAH, "run", "--isolation", "chroot", *flags, container, "--", *command]


def base_image(folder: Path, tag: str) -> None:
    rootfs = folder / "rootfs"
    run(
        DEBOOTSTRAP,
        "--variant=minbase",
        f"--include={BASE_PACKAGES}",
        "bookworm",
        str(rootfs),
        "http://deb.debian.org/debian",
    )
    shutil.copyfile(HOST_TRUST, rootfs / "etc/ssl/certs/ca-certificates.crt")
    container = buildah("from", "scratch")
    try:
        buildah("copy", container, f"{rootfs}/", "/")
        buildah(
            "config",
            "--env",
            "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "--env",
            f"PIP_CERT={HOST_TRUST}",
            container,
        )
        buildah("commit", "--quiet", container, tag)
    finally:
        buildah("rm", container)


def healthcheck_command(image: str) -> str:
    config = json.loads(buildah("inspect", image))["Docker"]["config"]
    kind, command = config["Healthcheck"]["Test"]
    assert kind == "CMD-SHELL", kind
    return str(command)


@contextmanager
def serving(container: str, port: int) -> Iterator[None]:
    server = subprocess.Popen(  # noqa: S603 - buildah on our own image
        in_container(
            container,
            "folio",
            "serve",
            PORT=str(port),
            JWT_SECRET=TEST_SECRET,
            ALLOWED_HOSTS="127.0.0.1",
            DATABASE_URL="sqlite+aiosqlite:////app/data/folio.db",
        ),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not _ready(port):
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                raise ImageCheckFailed(f"the image did not serve: {server.communicate()[0]}")
            time.sleep(0.2)
        yield
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def _ready(port: int) -> bool:
    try:
        return httpx.get(f"http://127.0.0.1:{port}/api/v1/health/ready").status_code == 200
    except httpx.TransportError:
        return False


def health_passes(container: str, command: str, port: int) -> bool:
    checked = subprocess.run(  # noqa: S603 - buildah on our own image
        in_container(container, "/bin/sh", "-c", command, PORT=str(port)),
        capture_output=True,
        check=False,
    )
    return checked.returncode == 0


def check() -> None:
    for program in (BUILDAH, DEBOOTSTRAP):
        if not Path(program).exists():
            name = Path(program).name
            raise ImageCheckFailed(f"{name} is not installed (`apt-get install {name}`)")
    suffix = str(os.getpid())
    base, image = f"localhost/folio-check-base:{suffix}", f"localhost/folio-check:{suffix}"
    with tempfile.TemporaryDirectory(prefix="folio-image-") as folder:
        started = time.monotonic()
        base_image(Path(folder), base)
        print(f"base image from debootstrap: {time.monotonic() - started:.0f} s")
    try:
        started = time.monotonic()
        buildah(
            "bud",
            "--isolation",
            "chroot",
            "--format",
            "docker",  # OCI images carry no HEALTHCHECK
            "--build-arg",
            f"PYTHON_IMAGE={base}",
            "--tag",
            image,
            str(ROOT),
        )
        print(f"image built from the Dockerfile: {time.monotonic() - started:.0f} s")
        container = buildah("from", image)
        try:
            user = run(*in_container(container, "id", "-u")).strip()
            if user == "0":
                raise ImageCheckFailed("the image runs as root")
            command = healthcheck_command(image)
            port = free_port()
            with serving(container, port):
                if not health_passes(container, command, port):
                    raise ImageCheckFailed(f"HEALTHCHECK failed on PORT={port}, where it serves")
                if health_passes(container, command, free_port()):
                    raise ImageCheckFailed("HEALTHCHECK passed on a port where nothing serves")
            print(f"the image serves as uid {user}; its HEALTHCHECK follows PORT")
        finally:
            buildah("rm", container)
    finally:
        subprocess.run([BUILDAH, "rmi", image, base], capture_output=True, check=False)  # noqa: S603


def main() -> int:
    try:
        check()
    except ImageCheckFailed as e:
        print(f"image check failed: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
