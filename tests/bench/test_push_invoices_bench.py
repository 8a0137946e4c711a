"""The push benchmark's quick mode runs end to end, so the script cannot rot between runs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
# A safety net so a hung script fails the test instead of the suite; not a timing goal.
HANG_GUARD_SECONDS = 120


def test_push_invoices_bench_quick_mode_pushes_every_invoice_and_prints_the_table(
    tmp_path: Path,
) -> None:
    results = tmp_path / "RESULTS.md"
    done = subprocess.run(  # noqa: S603 - our own script, fixed arguments
        [sys.executable, "bench/push_invoices.py", "--quick", "--results", str(results)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=HANG_GUARD_SECONDS,
        check=False,
    )

    assert done.returncode == 0, done.stderr
    rows = [line for line in done.stdout.splitlines() if line.startswith("| engine")]
    assert len(rows) == 1
    cells = [cell.strip() for cell in rows[0].strip("|").split("|")]
    assert cells[1] == "40"  # invoices pushed
    assert cells[-1] == "40"  # invoices in the simulated company: none lost, none doubled
    naive = [line for line in done.stdout.splitlines() if line.startswith("| naive")]
    assert len(naive) == 1
    assert naive[0].rstrip(" |").endswith("40")
    assert not results.exists()  # a quick run never records results


def test_push_invoices_bench_xero_quick_mode_pushes_every_invoice_and_prints_the_table(
    tmp_path: Path,
) -> None:
    results = tmp_path / "RESULTS.md"
    done = subprocess.run(  # noqa: S603 - our own script, fixed arguments
        [
            sys.executable,
            "bench/push_invoices.py",
            "--quick",
            "--provider",
            "xero",
            "--results",
            str(results),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=HANG_GUARD_SECONDS,
        check=False,
    )

    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("## push_invoices: Xero")
    rows = [line for line in done.stdout.splitlines() if line.startswith("| engine")]
    assert len(rows) == 1
    cells = [cell.strip() for cell in rows[0].strip("|").split("|")]
    assert cells[1] == "40"  # invoices pushed
    assert cells[4] == "1"  # one PUT /Invoices call carries all 40
    assert cells[-1] == "40"  # invoices in the simulated organisation: none lost, none doubled
    assert not any(line.startswith("| naive") for line in done.stdout.splitlines())
    assert not results.exists()  # a quick run never records results
