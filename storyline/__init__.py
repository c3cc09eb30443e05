"""storyline: consolidated, sourced views of developing news stories.

``storyline.open(db)`` is the library's entry point (`storyline.library`); it is imported on
first use, so that ``import storyline`` stays cheap for the command line.
"""

from __future__ import annotations

from typing import Any

__all__ = ["open", "Storyline"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from storyline import library

        return getattr(library, name)
    raise AttributeError(f"module 'storyline' has no attribute {name!r}")
