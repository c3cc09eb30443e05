"""Packages whose exported names load on first use.

A read command (`storyline stories`) should not pay for MinHash, the clusterer or the brief
builder just because it imports a record type from the same package. A package calls
`lazy_exports(__name__, {name: submodule})` instead of importing its submodules: the first
``package.name`` (or ``from package import name``) imports ``package.submodule`` and caches
the value, so callers see the same names as before, loaded only when used.
"""

from __future__ import annotations

import importlib
import sys
from types import ModuleType


class _LazyPackage(ModuleType):
    """A package module that resolves its exported names on first access."""

    def __getattr__(self, name: str):
        exports = self.__dict__.get("_lazy_exports", {})
        if name not in exports:
            raise AttributeError(f"module {self.__name__!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{self.__name__}.{exports[name]}"), name)
        ModuleType.__setattr__(self, name, value)
        return value

    def __setattr__(self, name: str, value) -> None:
        # Importing submodule ``keys`` sets ``package.keys`` to the module; when the package
        # exports a *function* of that name, the exported name wins (as it did when the
        # package imported it eagerly).
        exports = self.__dict__.get("_lazy_exports", {})
        if (
            isinstance(value, ModuleType)
            and exports.get(name) == name
            and value.__name__ == f"{self.__name__}.{name}"
        ):
            return
        ModuleType.__setattr__(self, name, value)

    def __dir__(self) -> list[str]:
        return sorted(set(self.__dict__) | set(self.__dict__.get("_lazy_exports", {})))


def lazy_exports(package: str, exports: dict[str, str]) -> None:
    """Make ``exports`` (exported name → submodule of ``package``) load on first use."""
    module = sys.modules[package]
    module._lazy_exports = dict(exports)
    module.__class__ = _LazyPackage
