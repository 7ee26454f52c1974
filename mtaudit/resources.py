"""Locate the data files of ``models/`` (shipped in the wheel as ``mtaudit/models``)."""
from __future__ import annotations

import os
from pathlib import Path


def models_dir() -> Path:
    """``$MTAUDIT_MODELS_DIR``, the installed ``mtaudit/models`` or the checkout's ``models/``."""
    override = os.environ.get("MTAUDIT_MODELS_DIR")
    if override:
        return Path(override)
    package = Path(__file__).resolve().parent
    installed = package / "models"
    return installed if installed.is_dir() else package.parent / "models"


def model_file(name: str) -> Path:
    return models_dir() / name
