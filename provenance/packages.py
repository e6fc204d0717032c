"""Packages that are also their main function.

``search``, ``audit`` and ``extract`` are the names of three packages and of the
function each of them is for. Python sets ``provenance.search`` to the package as soon
as anything in it is imported, so ``from provenance import search`` can only ever give
the package; making the package callable lets it be the function too:
``provenance.search(session, "talks")`` runs :func:`provenance.search.engine.search`.
The function is imported on the first call, so importing the package costs nothing.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import Any

__all__ = ["make_callable"]


class _CallablePackage(types.ModuleType):
    """A package that, called, runs its main function."""

    _main_target: str
    _main: Any = None

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        main = self._main
        if main is None:
            module, attribute = self._main_target.split(":")
            main = self._main = getattr(importlib.import_module(module), attribute)
        return main(*args, **kwargs)


def make_callable(package: str, main: str) -> None:
    """Make the package named ``package`` callable as ``main`` (``"module:function"``)."""
    module = sys.modules[package]
    module.__class__ = _CallablePackage
    module.__dict__["_main_target"] = main
