"""The payments pull benchmark's quick mode runs end to end, so the script cannot rot."""

from __future__ import annotations

from pathlib import Path

from tests.bench.quick_runs import quick_run


def test_pull_payments_bench_quick_mode_applies_every_payment_and_prints_the_table(
    tmp_path: Path,
) -> None:
    run = quick_run("pull_payments.py", tmp_path)

    assert run.stdout.startswith("## pull_payments: ")
    (cells,) = run.rows("30 ")
    assert cells[-2:] == ["30", "30"]  # every invoice PAID, one local payment each
    assert int(cells[3]) > 0  # statements were counted
