"""The fingerprint of a stored text: the SHA-256 of its UTF-8 bytes.

A document is identified by it (two identical texts are one document), a bundle carries
it to prove its text arrived intact, and ``verify`` recomputes it to catch a text
changed behind prov's back.
"""

from __future__ import annotations

import hashlib

__all__ = ["text_sha256"]


def text_sha256(text: str) -> str:
    """The SHA-256 of a stored text, over its UTF-8 bytes."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
