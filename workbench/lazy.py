"""Package-level names loaded on first use, so importing a package costs nothing.

Each step's package (`workbench.plan`, `workbench.budget`, ...) names its public functions
in `__all__` and imports them under `TYPE_CHECKING` for the type checker; at run time
`lazy_exports` finds a name in the first submodule whose `__all__` holds it, on first
access. Code inside the workbench imports from the submodules themselves, which keeps the
packages free of import circles (budget prices platforms, platforms price budgets).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence

__all__ = ["lazy_exports"]


def lazy_exports(package: str, submodules: Sequence[str]) -> Callable[[str], object]:
    """A module `__getattr__` that resolves `package`'s public names from `submodules`."""

    def __getattr__(name: str) -> object:
        for submodule in submodules:
            module = importlib.import_module(f"{package}.{submodule}")
            if name in getattr(module, "__all__", ()):
                return getattr(module, name)
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return __getattr__
