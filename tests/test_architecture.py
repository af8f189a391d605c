"""The layers are what the design says they are."""

import ast
import subprocess
import sys
from pathlib import Path

import adapters
import application
import domain
import entrypoints

ROOT = Path(__file__).resolve().parent.parent


def test_the_layer_packages_are_this_repositorys_not_namesake_distributions() -> None:
    for package in (domain, application, adapters, entrypoints):
        assert Path(package.__file__ or "").resolve().parent.parent == ROOT


def test_the_domain_imports_only_the_standard_library_and_itself() -> None:
    allowed = set(sys.stdlib_module_names) | {"domain"}
    for path in (ROOT / "domain").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                assert name.split(".")[0] in allowed, f"{path.name} imports {name}"


def test_import_linter_contracts_are_kept() -> None:
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run(  # noqa: S603 - fixed command from this environment
        [str(lint_imports)], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
