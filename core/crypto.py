"""Encryption at rest for provider credentials (Fernet, with key rotation)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from cryptography.fernet import Fernet, InvalidToken, MultiFernet


class CredentialsDecryptError(RuntimeError):
    """The stored credentials cannot be decrypted with any configured key."""


class SecretBox:
    """Encrypts and decrypts small JSON documents; the first key encrypts, all keys decrypt."""

    def __init__(self, keys: Sequence[bytes]) -> None:
        if not keys:
            raise ValueError("at least one encryption key is required")
        self._fernet = MultiFernet([Fernet(k) for k in keys])

    def encrypt(self, document: Mapping[str, object]) -> str:
        """Encrypt a JSON-serialisable mapping into an opaque token string."""
        return self._fernet.encrypt(json.dumps(document, sort_keys=True).encode()).decode()

    def decrypt(self, token: str) -> dict[str, object]:
        """Decrypt a token made by :meth:`encrypt`."""
        try:
            raw = self._fernet.decrypt(token.encode())
        except InvalidToken as exc:
            raise CredentialsDecryptError(
                "stored credentials cannot be decrypted: was the encryption key removed?"
            ) from exc
        value = json.loads(raw)
        if not isinstance(value, dict):
            raise CredentialsDecryptError("stored credentials are not a JSON object")
        return value

    def rotate(self, token: str) -> str:
        """Re-encrypt a token with the newest key."""
        return self._fernet.rotate(token.encode()).decode()
