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
    module._lazy_exports = dict(exports)  # type: ignore[attr-defined]
    module.__class__ = _LazyPackage


class _Deferred(type):
    """A stand-in class: calling it, or reading an attribute of it, loads the real one."""

    _module: str
    _name: str

    def _real(cls) -> type:
        return getattr(_load_real(cls._module), cls._name)

    def __call__(cls, *args, **kwargs):
        return cls._real()(*args, **kwargs)

    def __getattr__(cls, attr: str):
        if attr.startswith("__"):
            raise AttributeError(attr)
        return getattr(cls._real(), attr)

    def __instancecheck__(cls, obj) -> bool:
        return isinstance(obj, cls._real())


def _load_real(name: str) -> ModuleType:
    module = sys.modules.get(name)
    if module is None or module.__dict__.get("_storyline_deferred"):
        sys.modules.pop(name, None)
        module = importlib.import_module(name)
    return module


def defer_module(name: str, classes: tuple[str, ...]) -> None:
    """Let ``from name import C`` (for ``C`` in ``classes``) succeed without importing module
    ``name``: its classes are stand-ins that import the real module when first used, and any
    other attribute does too. A no-op once the module is imported.

    `storyline.cli` uses it for what Typer's help renderer imports and never uses with
    ``rich_markup_mode="rich"``: ``rich.markdown`` (markdown-it and Pygments, about a third
    of `storyline --help`'s time) and ``rich.traceback`` (only drawn for a crash)."""
    if name in sys.modules:
        return
    stand_in = ModuleType(name, f"Stand-in for {name}, imported on first use.")
    stand_in.__dict__["_storyline_deferred"] = True
    for cls in classes:
        stand_in.__dict__[cls] = _Deferred(cls, (), {"_module": name, "_name": cls})

    def __getattr__(attr: str):
        if attr.startswith("__"):  # __path__, __file__: what the import system asks
            raise AttributeError(attr)
        return getattr(_load_real(name), attr)

    stand_in.__dict__["__getattr__"] = __getattr__
    sys.modules[name] = stand_in
    parent, _, child = name.rpartition(".")
    if parent:  # ``import rich.markdown; rich.markdown.Markdown`` works as before
        setattr(importlib.import_module(parent), child, stand_in)
