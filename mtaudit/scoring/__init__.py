"""Sentence fluency from a small causal language model (SLOR, calibrated to 0-100).

Importing this package needs neither torch nor transformers; :func:`load_scorer` does.
"""
from __future__ import annotations

from mtaudit.scoring.cli import models_group
from mtaudit.scoring.fluency import FluencyScorer, LazyScorer, load_scorer
from mtaudit.scoring.slor import Calibration, SentenceScore, document_fluency

__all__ = ["Calibration", "FluencyScorer", "LazyScorer", "SentenceScore", "document_fluency", "load_scorer", "models_group"]
