"""The import direction of ARCHITECTURE §1, enforced by the import-linter contracts in pyproject."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = ROOT / "pyproject.toml"
PACKAGES = ("core", "graph", "integrations", "workers")
# The packages that contracts name below the root packages must exist in the renamed copy.
SUBPACKAGES = (
    "core/services",
    "integrations/quickbooks_online",
    "integrations/xero",
    "integrations/quickbooks_desktop",
)


def _contracts_for(prefix: str) -> str:
    """The project's import-linter section, with every root package renamed `<prefix>core`, …"""
    text = PYPROJECT.read_text()
    start = text.index("[tool.importlinter]")
    end = text.index("[[tool.mypy.overrides]]", start)
    section = text[start:end]
    names = "|".join(PACKAGES)
    return re.sub(rf'(["\[ ])({names})(?=[."\]])', rf"\1{prefix}\2", section)


def _write_packages(base: Path, prefix: str, violation: str | None) -> None:
    for name in PACKAGES + SUBPACKAGES:
        (base / f"{prefix}{name}").mkdir()
        (base / f"{prefix}{name}" / "__init__.py").write_text("")
    # The composition roots may import anything (the contract ignores them).
    (base / f"{prefix}core" / "cli.py").write_text(
        f"import {prefix}graph\nimport {prefix}workers\n"
    )
    (base / f"{prefix}core" / "app.py").write_text(
        f"import {prefix}graph\nimport {prefix}workers\n"
    )
    (base / f"{prefix}graph" / "schema.py").write_text(f"import {prefix}core\n")
    if violation:
        module, imported = violation.split(" -> ")
        (base / f"{prefix}{module}.py").write_text(f"import {prefix}{imported}\n")


def test_architecture_project_import_contracts_kept() -> None:
    code = lint_imports(config_filename=str(PYPROJECT), no_cache=True, no_logo=True)

    assert code == 0, "an import breaks the layering: run `lint-imports` to see which"


@pytest.mark.parametrize(
    "violation",
    [
        "core/services/invoices -> graph",
        "graph/sync -> workers",
        "integrations/xero/client -> integrations.quickbooks_online",
        "integrations/quickbooks_desktop/client -> core.services",
        "core/sync -> workers",
        "integrations/client -> graph",
        "graph/resolvers -> integrations",
    ],
)
def test_architecture_forbidden_import_breaks_a_contract(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, violation: str
) -> None:
    prefix = "lsx_" + re.sub(r"\W", "", violation.split(" ")[0]) + "_"
    _write_packages(tmp_path, prefix, violation)
    config = tmp_path / "pyproject.toml"
    config.write_text(_contracts_for(prefix))
    monkeypatch.syspath_prepend(str(tmp_path))

    code = lint_imports(config_filename=str(config), no_cache=True, no_logo=True)

    assert code == 1


def test_architecture_clean_copy_of_contracts_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The renamed copy passes without a violation, so the failures above are the violations."""
    prefix = "lsxclean_"
    _write_packages(tmp_path, prefix, None)
    config = tmp_path / "pyproject.toml"
    config.write_text(_contracts_for(prefix))
    monkeypatch.syspath_prepend(str(tmp_path))

    code = lint_imports(config_filename=str(config), no_cache=True, no_logo=True)

    assert code == 0
    assert tomllib.loads(config.read_text())["tool"]["importlinter"]["contracts"]
