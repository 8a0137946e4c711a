"""The Desktop reconciliation benchmark's quick mode runs end to end, so the script cannot rot."""

from __future__ import annotations

from pathlib import Path

from tests.bench.quick_runs import quick_run


def test_reconcile_qbd_bench_quick_mode_completes_clean_books_through_the_web_connector(
    tmp_path: Path,
) -> None:
    run = quick_run("reconcile_qbd.py", tmp_path)

    assert run.stdout.startswith("## reconcile_qbd")
    (cells,) = run.rows("300 ")
    assert cells[1] == "SUCCEEDED"
    assert int(cells[4]) > 0  # request sets went through the Web Connector
    assert cells[-1] == "0"
