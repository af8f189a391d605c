"""docker-compose.yml and the Dockerfile, read as compose and Docker would: `docker compose up
-d db` needs no variable set, the schema is migrated once before any replica starts, and the
image's healthcheck follows PORT."""

import os
import re
import subprocess
import tomllib
from pathlib import Path
from typing import Any

import yaml

from tests.support import debian_program

ROOT = Path(__file__).parents[1]


def compose() -> dict[str, Any]:
    return dict(yaml.safe_load((ROOT / "docker-compose.yml").read_text()))


def test_a_compose_client_accepts_the_file_with_no_variable_set() -> None:
    # Debian's docker-compose (1.29) checks the file against the Compose specification's
    # schema, interpolation included, without a Docker engine.
    client = debian_program("docker-compose", "docker-compose")
    environment = {name: value for name, value in os.environ.items() if name != "JWT_SECRET"}
    checked = subprocess.run(  # noqa: S603 - a fixed program on our own file
        [client, "--project-directory", str(ROOT), "config", "--services"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.split() == ["db", "redis", "migrate", "app", "worker", "mailpit"]


def test_no_variable_is_required_to_read_the_compose_file() -> None:
    # Compose interpolates the whole file whatever services are asked for: one ${VAR:?…}
    # made `docker compose up -d db` fail without JWT_SECRET.
    text = (ROOT / "docker-compose.yml").read_text()
    required = re.findall(r"\$\{[A-Z_]+:?\?", text)
    assert not required


def test_the_schema_is_migrated_once_before_the_app_and_the_workers() -> None:
    services = compose()["services"]
    assert services["migrate"]["command"] == ["folio", "migrate"]
    assert services["migrate"]["depends_on"]["db"]["condition"] == "service_healthy"
    for name in ("app", "worker"):
        assert services[name]["depends_on"]["migrate"]["condition"] == (
            "service_completed_successfully"
        )
        assert "migrate" not in " ".join(services[name].get("command", []))


def test_the_development_profile_catches_mail_and_serves_docs() -> None:
    client = debian_program("docker-compose", "docker-compose")
    checked = subprocess.run(  # noqa: S603 - a fixed program on our own files
        [client, "--env-file", "compose.dev.env", "--profile", "dev", "config"],
        cwd=ROOT,
        env={n: v for n, v in os.environ.items() if not n.startswith(("APP_", "SMTP_"))},
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stderr
    services = yaml.safe_load(checked.stdout)["services"]
    assert services["mailpit"]["image"].startswith("axllent/mailpit:")
    for name in ("app", "worker"):
        environment = services[name]["environment"]
        assert environment["SMTP_URL"] == "smtp://mailpit:1025"
        assert environment["APP_ENV"] == "development"  # docs on, a secret of its own


def test_host_ports_are_chosen_by_variables_with_defaults() -> None:
    for service in compose()["services"].values():
        for port in service.get("ports", []):
            assert re.fullmatch(r"127\.0\.0\.1:\$\{FOLIO_(?:[A-Z]+_)?PORT:-\d+\}:\d+", port), port


def test_every_service_the_app_needs_has_a_healthcheck() -> None:
    services = compose()["services"]
    for name in ("db", "redis"):
        assert services[name]["healthcheck"]["test"]


def test_every_image_is_pinned_to_a_release() -> None:
    # A moving tag (postgres:16-alpine) changes under a rebuild; a patch release does not.
    images = [service["image"] for service in compose()["services"].values() if "image" in service]
    dockerfile = (ROOT / "Dockerfile").read_text()
    images += re.findall(r"^ARG PYTHON_IMAGE=(\S+)", dockerfile, re.MULTILINE)
    assert len(images) == 4
    for image in images:
        assert re.search(r":v?\d+\.\d+(\.\d+)?(-|$)", image), image


def test_the_image_serves_and_checks_its_health_on_port() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert 'CMD ["folio", "serve"]' in dockerfile
    healthcheck = dockerfile.split("HEALTHCHECK", 1)[1].split("\nCMD", 1)[0]
    assert "PORT" in healthcheck


def _name(requirement: str) -> str:
    return re.split(r"[\[<>=!~;\s]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def _pins(lock_file: str) -> tuple[dict[str, str], list[str]]:
    """A lock's versions by package name, and each pin's hash lines."""
    lock = (ROOT / lock_file).read_text()
    pins = dict(re.findall(r"^([A-Za-z0-9._\[\]-]+)==(\S+)", lock, re.MULTILINE))
    entries = re.findall(r"^\S+==\S+ \\\n((?:\s+.*\n)+)", lock, re.MULTILINE)
    return {_name(name): version for name, version in pins.items()}, entries


def test_the_locks_pin_every_dependency_with_hashes() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    runtime, runtime_entries = _pins("requirements.lock")
    dev, dev_entries = _pins("requirements-dev.lock")
    assert {_name(r) for r in project["dependencies"]} <= runtime.keys(), "run `make lock`"
    assert {_name(r) for r in project["optional-dependencies"]["dev"]} <= dev.keys(), (
        "run `make lock`"
    )
    # The tests run the very versions the image ships.
    assert {name: dev[name] for name in runtime} == runtime
    for entries in (runtime_entries, dev_entries):
        assert entries
        assert all("--hash=sha256:" in entry for entry in entries)


def test_every_install_comes_from_the_locks() -> None:
    makefile = (ROOT / "Makefile").read_text()
    installs = [line for line in makefile.splitlines() if "pip install" in line]
    from_locks = [line for line in installs if "--require-hashes --no-deps -r" in line]
    assert {line.rsplit(" ", 1)[1] for line in from_locks} == {
        "requirements.lock",
        "requirements-dev.lock",
    }
    # Besides the locks: pip itself, and the project without its dependencies.
    others = [line for line in installs if line not in from_locks]
    assert all("--upgrade pip" in line or "--no-deps -e ." in line for line in others), others


def test_the_image_runs_only_what_the_lock_installed() -> None:
    _, build, runtime = (ROOT / "Dockerfile").read_text().split("\nFROM ")
    assert "--require-hashes --no-deps -r requirements.lock" in build
    assert "pip install" not in runtime
    assert "COPY --from=build /opt/folio /opt/folio" in runtime
