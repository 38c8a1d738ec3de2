"""Optional dependencies: import them when needed, or say in one line how to install them."""

from __future__ import annotations

import importlib
from types import ModuleType

from wargame.errors import WargameError

# module -> (package on PyPI, extra of this project that installs it)
OPTIONAL = {
    "SALib": ("SALib", "sweep"),
    "pyarrow": ("pyarrow", "sweep"),
    "dask": ("dask[distributed]", "sweep"),
    "distributed": ("dask[distributed]", "sweep"),
}


class MissingExtra(WargameError):
    """An optional dependency is not installed."""


def require(module: str, purpose: str) -> ModuleType:
    """The module, or a MissingExtra naming the extra to install."""
    try:
        return importlib.import_module(module)
    except ImportError:
        package, extra = OPTIONAL.get(module.split(".")[0], (module, "sweep"))
        raise MissingExtra(f"{purpose} needs {package}, which is not installed: "
                           f"pip install 'wargame[{extra}]' (or pip install -e '.[{extra}]' in a checkout)") from None
