"""``python -m workers``: run the job worker on REDIS_URL."""

from __future__ import annotations

import logging
import sys

from core.settings import SettingsError, load_settings
from workers.settings import run_worker


def main() -> int:
    """Load the settings from the environment and run the worker until stopped."""
    try:
        settings = load_settings()
        logging.basicConfig(
            level=settings.log_level.upper(),
            format="%(asctime)s %(levelname)s %(name)s %(message)s",
        )
        run_worker(settings)
    except SettingsError as exc:
        print(f"ledgersync worker: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
