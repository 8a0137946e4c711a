"""Per-request DataLoaders, created on first use so each domain owns its own."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar, cast

from strawberry.dataloader import DataLoader

LoaderT = TypeVar("LoaderT", bound=DataLoader)  # type: ignore[type-arg]


class Loaders:
    """A request's loaders, keyed by the factory that builds them (and an optional key)."""

    def __init__(self) -> None:
        self._loaders: dict[Hashable, object] = {}

    def get(self, factory: Callable[[], LoaderT], *, key: Hashable = None) -> LoaderT:
        """The request's loader built by ``factory`` (built once per request and key).

        Pass a namespaced ``key`` (e.g. ``("sync_info", firm_id)``) when the factory is a
        closure built per call: the key, not the factory, then identifies the loader.
        """
        cache_key = key if key is not None else factory
        loader = self._loaders.get(cache_key)
        if loader is None:
            loader = factory()
            self._loaders[cache_key] = loader
        return cast(LoaderT, loader)
