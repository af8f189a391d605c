"""One version, the package's, wherever the service shows one."""

import re
import tomllib
from importlib.metadata import version
from pathlib import Path

import pytest

from entrypoints.cli.main import main
from entrypoints.host.app import create_app
from tests.support import build_container, settings_for_tests


def test_folio_version_prints_the_package_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out.strip() == f"folio {version('folio')}"


def test_the_openapi_document_carries_the_package_version() -> None:
    container = build_container(settings_for_tests("memory://"))
    assert create_app(container).openapi()["info"]["version"] == version("folio")


def test_the_changelog_s_newest_release_is_the_package_version() -> None:
    changelog = (Path(__file__).parents[2] / "CHANGELOG.md").read_text()
    released = re.findall(r"^## \[(\d+\.\d+\.\d+)\]", changelog, re.MULTILINE)
    assert released[0] == version("folio")


def test_the_license_file_is_the_license_the_package_declares() -> None:
    root = Path(__file__).parents[2]
    declared = tomllib.loads((root / "pyproject.toml").read_text())["project"]["license"]
    assert declared == "MIT"
    assert (root / "LICENSE").read_text().startswith("MIT License\n")
