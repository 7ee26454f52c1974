"""Lexicon machinery shared by the lexicon rules (MTA101, MTA102, MTA301).

* :mod:`~mtaudit.lexicon.text` tokens with offsets, casing and article fix-ups;
* :mod:`~mtaudit.lexicon.inflect` just enough English morphology to match and inflect;
* :mod:`~mtaudit.lexicon.matcher` Aho-Corasick phrase matching over word tokens;
* :mod:`~mtaudit.lexicon.idioms` near-miss alignment of idioms;
* :mod:`~mtaudit.lexicon.patterns` token patterns for literal-translation constructions;
* :mod:`~mtaudit.lexicon.verify` language-model verification and ranking of rewrites;
* :mod:`~mtaudit.lexicon.evidence` the calibrated judge that turns the evidence into a confidence.

The lexicons say *what* to write instead; the language model only judges whether the
rewrite reads better in the sentence at hand.
"""
from __future__ import annotations

from mtaudit.lexicon.verify import Proposal, Verdict, judge

__all__ = ["Proposal", "Verdict", "judge"]
