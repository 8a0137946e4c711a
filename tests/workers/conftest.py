"""The worker tests run on the embedded queue, whatever REDIS_URL says."""

from __future__ import annotations

import pytest

from core.settings import Settings


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The shared test settings without REDIS_URL: the app runs its worker in-process."""
    return settings.model_copy(update={"redis_url": None, "run_embedded_worker": True})
