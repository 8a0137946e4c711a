"""The provider and layer contracts in pyproject, checked on a copy of the real package tree.

Each test copies the project's packages to a temporary directory, plants one import that the
contract forbids, and runs `lint-imports` with the project's configuration against the copy.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("core", "graph", "integrations", "workers")
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"

INDEPENDENT_PROVIDERS = "providers are independent of one another"
PROVIDERS_WITHOUT_SERVICES = "providers use integrations.base and core records, never core services"
GRAPH_WITHOUT_WORKERS = "the GraphQL layer never imports the workers"
NEW_CONTRACTS = (INDEPENDENT_PROVIDERS, PROVIDERS_WITHOUT_SERVICES, GRAPH_WITHOUT_WORKERS)

PLANTED = "planted_violation"


def _python_only(directory: str, names: list[str]) -> list[str]:
    """Skip everything but packages and Python modules (static assets make the copy slow)."""
    return [
        name
        for name in names
        if not (name.endswith(".py") or os.path.isdir(os.path.join(directory, name)))
        or name == "__pycache__"
    ]


@pytest.fixture(scope="module")
def pristine_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One copy of the packages and pyproject.toml, copied again per test before planting."""
    base = tmp_path_factory.mktemp("pristine")
    for name in PACKAGES:
        shutil.copytree(ROOT / name, base / name, ignore=_python_only)
    shutil.copy(ROOT / "pyproject.toml", base / "pyproject.toml")
    return base


def _tree(pristine: Path, target: Path) -> Path:
    shutil.copytree(pristine, target)
    return target


def _lint(tree: Path) -> tuple[int, str]:
    # PYTHONPATH puts the copy ahead of the editable install, so the graph is built from the copy.
    env = {**os.environ, "PYTHONPATH": str(tree)}
    result = subprocess.run(  # noqa: S603 - the venv's own lint-imports, fixed arguments
        [str(LINT_IMPORTS), "--no-cache", "--no-logo", str(tree / "pyproject.toml")],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    return result.returncode, result.stdout + result.stderr


def _status(output: str, contract: str) -> str | None:
    match = re.search(rf"^{re.escape(contract)} (KEPT|BROKEN)\b", output, re.MULTILINE)
    return match.group(1) if match else None


def test_import_contracts_new_contracts_declared_in_pyproject() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    names = {c["name"] for c in config["tool"]["importlinter"]["contracts"]}

    assert set(NEW_CONTRACTS) <= names


def test_import_contracts_unmodified_copy_kept(pristine_tree: Path, tmp_path: Path) -> None:
    code, output = _lint(_tree(pristine_tree, tmp_path / "tree"))

    assert code == 0, output
    assert [_status(output, name) for name in NEW_CONTRACTS] == ["KEPT"] * len(NEW_CONTRACTS)


@pytest.mark.parametrize(
    ("contract", "module", "imported"),
    [
        (INDEPENDENT_PROVIDERS, "integrations/xero", "integrations.quickbooks_online.config"),
        (INDEPENDENT_PROVIDERS, "integrations/quickbooks_desktop", "integrations.xero.mapping"),
        # Indirectly: the registry imports every provider's kit.
        (INDEPENDENT_PROVIDERS, "integrations/xero", "integrations.registry"),
        (PROVIDERS_WITHOUT_SERVICES, "integrations/quickbooks_online", "core.services.invoices"),
        (PROVIDERS_WITHOUT_SERVICES, "integrations/quickbooks_desktop", "core.services"),
        (GRAPH_WITHOUT_WORKERS, "graph", "workers.jobs"),
    ],
)
def test_import_contracts_planted_import_breaks_its_contract(
    pristine_tree: Path, tmp_path: Path, contract: str, module: str, imported: str
) -> None:
    tree = _tree(pristine_tree, tmp_path / "tree")
    (tree / module / f"{PLANTED}.py").write_text(f"import {imported}\n")

    code, output = _lint(tree)

    assert code == 1, output
    assert _status(output, contract) == "BROKEN", output
    planted = f"{module.replace('/', '.')}.{PLANTED}"
    assert planted in output
