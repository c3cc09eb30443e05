"""The web app and JSON API (FastAPI + Jinja2, server-rendered, no build step).

``create_app(db=..., token=..., allow_private=...)`` builds an app; ``storyline.web:app``
is one built from the environment (``STORYLINE_DB``, ``STORYLINE_TOKEN``,
``STORYLINE_ALLOW_PRIVATE``, ``STORYLINE_MAX_BODY``) for ASGI servers, created on first
access so that importing this package has no side effects.
"""

from __future__ import annotations

from typing import Any

from .factory import create_app
from .settings import Settings

__all__ = ["Settings", "app", "app_from_env", "create_app"]


def app_from_env() -> Any:
    """A new app configured from ``STORYLINE_*`` variables: the factory each server worker
    process calls (``uvicorn storyline.web:app_from_env --factory --workers N``, which is what
    ``storyline serve --workers N`` runs)."""
    return create_app(settings=Settings.from_env())


def __getattr__(name: str) -> Any:
    if name == "app":
        built = create_app(settings=Settings.from_env())
        globals()["app"] = built
        return built
    raise AttributeError(name)
