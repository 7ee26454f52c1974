"""mtaudit: find machine-translated, back-translated and spun phrasing in English prose.

Public API: ``from mtaudit import Auditor, Config`` (see :mod:`mtaudit.api`).  Importing
this package is cheap: the pipeline is imported on first use of ``Auditor``, and the
language model (torch) only when an audit needs it.
"""

__version__ = "0.1.0"

__all__ = ["Auditor", "Config", "__version__"]


def __getattr__(name: str):
    if name == "Auditor":
        from mtaudit.api import Auditor

        return Auditor
    if name == "Config":
        from mtaudit.config import Config

        return Config
    raise AttributeError(f"module 'mtaudit' has no attribute {name!r}")
