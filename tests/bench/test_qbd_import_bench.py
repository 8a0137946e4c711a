"""The Desktop import benchmark's quick mode runs end to end, so the script cannot rot."""

from __future__ import annotations

from pathlib import Path

from tests.bench.quick_runs import quick_run


def test_qbd_import_bench_quick_mode_imports_every_invoice_and_prints_the_table(
    tmp_path: Path,
) -> None:
    run = quick_run("qbd_import.py", tmp_path)

    assert run.stdout.startswith("## qbd_import")
    (cells,) = run.rows("300 ")
    assert cells[1] == "300"  # invoices imported: none lost, none doubled
    assert cells[2] == "SUCCEEDED"
    assert int(cells[6]) >= 3  # at least one round trip per 100-invoice iterator page
