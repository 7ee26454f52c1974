"""Corpus-scale audits: one result row per segment of a JSONL or Parquet corpus.

``audit_corpus(corpus, output, text_field=..., id_field=...)`` streams the corpus in
bounded memory, writes results in input order, reports unusable rows in an errors file
and resumes an interrupted run.  ``engine="ray"`` runs the same audit on Ray Data.
"""
from mtaudit.corpus.rows import apply_edits
from mtaudit.corpus.runner import ENGINES, CorpusSummary, audit_corpus

__all__ = ["ENGINES", "CorpusSummary", "apply_edits", "audit_corpus"]
