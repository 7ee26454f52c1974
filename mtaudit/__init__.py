"""mtaudit: find machine-translated, back-translated and spun phrasing in English prose."""

__version__ = "0.1.0"
