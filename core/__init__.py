"""Ledgersync's core: models, settings, crypto, events and the provider-blind sync engine.

Nothing here imports Strawberry, arq or a provider package (``core.app`` and ``core.cli`` are
the composition roots and the only exceptions).
"""
