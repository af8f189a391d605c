"""The documentation site: its configuration page lists every setting the service reads, and
`make docs` (MkDocs, strict) fails on a broken link."""

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

from entrypoints.composition.settings import Settings

ROOT = Path(__file__).parents[1]
MKDOCS = Path(sys.executable).parent / "mkdocs"


def hook() -> ModuleType:
    path = ROOT / "docs" / "hooks" / "settings_reference.py"
    spec = importlib.util.spec_from_file_location("settings_reference", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_configuration_page_lists_every_setting_with_its_meaning() -> None:
    page = (ROOT / "docs" / "configuration.md").read_text()
    generated = hook().on_page_markdown(page)
    rows = {
        line.split("`")[1]: line
        for line in generated.splitlines()
        if line.startswith("| `") and line.split("`")[1].isupper()
    }
    for name, field in Settings.model_fields.items():
        assert field.description, f"{name.upper()} has no description in the settings class"
        row = rows[name.upper()]
        assert " ".join(field.description.split()) in row.replace("\\|", "|")
    assert "| `PORT` | `8000` |" in generated
    assert "| `SMTP_URL` | *(none)* |" in generated


def build(site: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - MkDocs on a copy of our own documentation
        [str(MKDOCS), "build", "--strict", "--site-dir", str(site / "built")],
        cwd=site,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_site_builds_and_a_broken_link_fails_the_build(tmp_path: Path) -> None:
    for name in ("mkdocs.yml", "README.md"):
        shutil.copy(ROOT / name, tmp_path / name)
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    built = build(tmp_path)
    assert built.returncode == 0, built.stderr
    with (tmp_path / "docs" / "api.md").open("a") as page:
        page.write("\nSee [the missing page](no-such-page.md).\n")
    broken = build(tmp_path)
    assert broken.returncode != 0
    assert "no-such-page.md" in broken.stderr
