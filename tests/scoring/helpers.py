"""The real default model, fetched once per test session into the persistent cache.

The cache is ``$MTAUDIT_CACHE`` when set, else the platform's user cache directory, so CI
reuses the model between runs; from an empty cache the first use downloads it.  Tests that
damage files work on copies in temporary directories, never on this cache.
"""
from __future__ import annotations

import functools
import shutil
from pathlib import Path

from mtaudit.scoring import FluencyScorer, load_scorer, registry


@functools.cache
def shared_scorer() -> FluencyScorer:
    """One scorer for the whole session (model loading costs seconds)."""
    return load_scorer()


def cached_model_dir() -> Path:
    shared_scorer()  # fetches the model if needed
    return registry.model_dir(registry.default_model())


def cache_with_model(root: Path, copy: bool = False) -> Path:
    """A cache directory at ``root`` holding the default model: a symlink, or a copy to damage."""
    target = root / "models" / registry.default_model().name
    target.parent.mkdir(parents=True)
    if copy:
        shutil.copytree(cached_model_dir(), target)  # copy2 keeps modification times
    else:
        target.symlink_to(cached_model_dir(), target_is_directory=True)
    return root
