"""What one running web app is configured with: where the store is, who may write, limits.

Kept in one frozen record so the app factory, the ASGI entry point (environment variables)
and the ``storyline serve`` command all describe a server the same way.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

DEFAULT_MAX_BODY = 10_000_000


@dataclass(frozen=True)
class Settings:
    db: str | None = None
    """SQLite path or database URL; None means ``STORYLINE_DB`` or ``./storyline.db``."""
    token: str | None = None
    """Bearer token for write endpoints; without one the server is read-only."""
    allow_private: bool = False
    """Let ``POST /api/ingest`` fetch URLs on loopback/private/link-local networks."""
    max_body: int = DEFAULT_MAX_BODY
    """Request bodies larger than this many bytes are answered 413."""
    max_urls: int = 50
    """URLs one ingest request may fetch (feeds and sitemaps included)."""

    @classmethod
    def from_env(cls) -> Settings:
        """The settings of ``storyline.web:app``, read from ``STORYLINE_*`` variables."""
        return cls(
            db=os.environ.get("STORYLINE_DB") or None,
            token=os.environ.get("STORYLINE_TOKEN") or None,
            allow_private=_flag(os.environ.get("STORYLINE_ALLOW_PRIVATE")),
            max_body=int(os.environ.get("STORYLINE_MAX_BODY") or DEFAULT_MAX_BODY),
        )


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}
