"""Running a benchmark script's quick mode, as its smoke test does: the script runs end to end
into a results file that a quick run must never write, and its table rows are read back."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
# A safety net so a hung script fails the test instead of the suite; not a timing goal.
HANG_GUARD_SECONDS = 120


@dataclass(frozen=True, slots=True)
class QuickRun:
    """What a quick run printed."""

    stdout: str

    def rows(self, prefix: str) -> list[list[str]]:
        """The cells of every table row that starts with ``| prefix``."""
        return [
            [cell.strip() for cell in line.strip().strip("|").split("|")]
            for line in self.stdout.splitlines()
            if line.startswith(f"| {prefix}")
        ]


def quick_run(script: str, tmp_path: Path, *options: str) -> QuickRun:
    """Run ``bench/<script> --quick`` and check it succeeded without recording results."""
    results = tmp_path / "RESULTS.md"
    done = subprocess.run(  # noqa: S603 - our own script, fixed arguments
        [sys.executable, f"bench/{script}", "--quick", *options, "--results", str(results)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=HANG_GUARD_SECONDS,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert not results.exists()  # a quick run never records results
    return QuickRun(done.stdout)
