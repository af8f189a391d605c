"""docker-compose.yml and the Dockerfile, read as compose and Docker would: `docker compose up
-d db` needs no variable set, the schema is migrated once before any replica starts, and the
image's healthcheck follows PORT."""

import re
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).parents[1]


def compose() -> dict[str, Any]:
    return dict(yaml.safe_load((ROOT / "docker-compose.yml").read_text()))


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


def test_every_service_the_app_needs_has_a_healthcheck() -> None:
    services = compose()["services"]
    for name in ("db", "redis"):
        assert services[name]["healthcheck"]["test"]


def test_the_image_serves_and_checks_its_health_on_port() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert 'CMD ["folio", "serve"]' in dockerfile
    healthcheck = dockerfile.split("HEALTHCHECK", 1)[1].split("\nCMD", 1)[0]
    assert "PORT" in healthcheck
