"""Per-request DataLoaders, created on first use so each domain owns its own."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar, cast

from strawberry.dataloader import DataLoader

LoaderT = TypeVar("LoaderT", bound=DataLoader)  # type: ignore[type-arg]


class Loaders:
    """A request's loaders, keyed by the factory that builds them."""

    def __init__(self) -> None:
        self._loaders: dict[Callable[[], object], object] = {}

    def get(self, factory: Callable[[], LoaderT]) -> LoaderT:
        """The request's loader built by ``factory`` (built once per request)."""
        loader = self._loaders.get(factory)
        if loader is None:
            loader = factory()
            self._loaders[factory] = loader
        return cast(LoaderT, loader)
