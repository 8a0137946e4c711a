"""The per-request refusal of the simulated QuickBooks."""

from __future__ import annotations


class Refused(Exception):
    """A request answered with an error status (statusCode and statusMessage)."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
