"""The reconciliation benchmark's quick mode runs end to end, so the script cannot rot."""

from __future__ import annotations

from pathlib import Path

from tests.bench.quick_runs import quick_run


def test_reconcile_bench_quick_mode_finds_nothing_on_clean_books_for_each_provider(
    tmp_path: Path,
) -> None:
    run = quick_run("reconcile.py", tmp_path)

    assert run.stdout.startswith("## reconcile: ")
    for provider in ("qbo", "xero"):
        (cells,) = run.rows(f"{provider} ")
        assert cells[1] == "30"
        assert int(cells[3]) > 0  # platform calls were counted
        assert cells[5:] == ["0", "SUCCEEDED"]
