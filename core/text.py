"""What text Ledgersync stores: no NUL, no unpaired surrogate, and a known maximum length.

A NUL (U+0000) is refused by PostgreSQL and cut short by many clients; an unpaired UTF-16
surrogate (U+D800 to U+DFFF, which JSON can carry as ``"\\ud800"``) is not Unicode text and
cannot be encoded as UTF-8 for the database or the accounting platforms.
"""

from __future__ import annotations

import re

_UNSAFE = re.compile("[\x00\ud800-\udfff]")


def text_problem(value: str, max_length: int | None) -> str | None:
    """Why ``value`` cannot be taken as text of at most ``max_length`` characters, or None."""
    unsafe = _UNSAFE.search(value)
    if unsafe is not None:
        if unsafe.group() == "\x00":
            return "must not contain a NUL character (U+0000)"
        return "must be valid Unicode text: it holds an unpaired surrogate (U+D800 to U+DFFF)"
    if max_length is not None and len(value) > max_length:
        return f"must be at most {max_length:,} characters (got {len(value):,})"
    return None
