"""The push benchmark's quick mode runs end to end, so the script cannot rot between runs."""

from __future__ import annotations

from pathlib import Path

from tests.bench.quick_runs import quick_run


def test_push_invoices_bench_quick_mode_pushes_every_invoice_and_prints_the_table(
    tmp_path: Path,
) -> None:
    run = quick_run("push_invoices.py", tmp_path)

    (cells,) = run.rows("engine")
    assert cells[1] == "40"  # invoices pushed
    assert cells[-1] == "40"  # invoices in the simulated company: none lost, none doubled
    (naive,) = run.rows("naive")
    assert naive[-1] == "40"


def test_push_invoices_bench_xero_quick_mode_pushes_every_invoice_and_prints_the_table(
    tmp_path: Path,
) -> None:
    run = quick_run("push_invoices.py", tmp_path, "--provider", "xero")

    assert run.stdout.startswith("## push_invoices: Xero")
    (cells,) = run.rows("engine")
    assert cells[1] == "40"  # invoices pushed
    assert cells[4] == "1"  # one PUT /Invoices call carries all 40
    assert cells[-1] == "40"  # invoices in the simulated organisation: none lost, none doubled
    assert run.rows("naive") == []
