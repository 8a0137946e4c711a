"""The Desktop import benchmark's quick mode runs end to end, so the script cannot rot."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
# A safety net so a hung script fails the test instead of the suite; not a timing goal.
HANG_GUARD_SECONDS = 120


def test_qbd_import_bench_quick_mode_imports_every_invoice_and_prints_the_table(
    tmp_path: Path,
) -> None:
    results = tmp_path / "RESULTS.md"
    done = subprocess.run(  # noqa: S603 - our own script, fixed arguments
        [sys.executable, "bench/qbd_import.py", "--quick", "--results", str(results)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=HANG_GUARD_SECONDS,
        check=False,
    )

    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("## qbd_import")
    rows = [line for line in done.stdout.splitlines() if line.startswith("| 300 ")]
    assert len(rows) == 1
    cells = [cell.strip() for cell in rows[0].strip("|").split("|")]
    assert cells[1] == "300"  # invoices imported: none lost, none doubled
    assert cells[2] == "SUCCEEDED"
    assert int(cells[6]) >= 3  # at least one round trip per 100-invoice iterator page
    assert not results.exists()  # a quick run never records results
