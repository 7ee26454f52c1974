"""The public Python API: ``from mtaudit import Auditor, Config``.

::

    from mtaudit import Auditor, Config

    auditor = Auditor(Config(select=["MTA0", "MTA3"]))
    result = auditor.audit_text("We discussed about it since two years.")
    print(result.to_json())

An :class:`Auditor` loads the fluency model on first use (never at import time) and keeps
it for every later call; auditors built with the same model settings in one process share
one loaded model.  Results are :class:`~mtaudit.types.FileReport` dataclasses whose
``to_dict()`` / ``to_json()`` give a ``files[]`` entry of the JSON contract.
"""
from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Optional, Union

from mtaudit.config import Config
from mtaudit.pipeline import BATCH_SIZE, AuditPipeline, display_path
from mtaudit.readers import read_document, read_text
from mtaudit.types import FileReport

if TYPE_CHECKING:
    from mtaudit.cache import ResultCache

__all__ = ["Auditor", "Config", "FileReport"]

@functools.lru_cache(maxsize=None)
def _load_shared(model: Optional[str], offline: bool) -> Any:
    from mtaudit.scoring import load_scorer

    return load_scorer(model, offline=offline)


class _LazyScorer:
    """The model named by a config, loaded on first use (shared by every auditor with the same settings)."""

    def __init__(self, config: Config) -> None:
        self._settings = (config.model, config.offline)

    def __getattr__(self, name: str) -> Any:  # score, logprob, signature, dtype, ...
        if name.startswith("_"):  # not set yet (e.g. while copying): never load the model for these
            raise AttributeError(name)
        return getattr(_load_shared(*self._settings), name)


class Auditor(AuditPipeline):
    """Audits text with the rules and model chosen by ``config``.

    ``config`` defaults to :class:`Config()` (every rule, the default model).  With
    ``config.no_model`` no model is loaded and only rule-based detectors run.  ``scorer``
    replaces the model by any object with the interface of
    :class:`mtaudit.scoring.FluencyScorer` (``score``, ``logprob``, ``signature``).

    Otherwise the model named by ``config.model`` is loaded on the first audit that
    needs it and reused by every later call, and by every Auditor with the same
    ``model`` and ``offline`` settings in this process.

    Unreadable input raises :class:`~mtaudit.errors.InputFormatError`; a missing or
    broken model raises :class:`~mtaudit.errors.ModelError` (both are
    :class:`~mtaudit.errors.MtauditError`).
    """

    def __init__(self, config: Optional[Config] = None, scorer: Any = None, *,
                 cache: Optional[ResultCache] = None, jobs: int = 1) -> None:
        config = config if config is not None else Config()
        if scorer is None and not config.no_model:
            scorer = _LazyScorer(config)
        super().__init__(config, scorer, cache=cache, jobs=jobs)

    def load_model(self) -> None:
        """Load the model now rather than on first use (e.g. to fail early); a no-op without one."""
        if isinstance(self.scorer, _LazyScorer):
            _load_shared(*self.scorer._settings)

    def audit_text(self, text: str, path: str = "<text>", input_format: Optional[str] = None) -> FileReport:
        """Audit ``text`` as one document read as ``input_format`` (default: the
        config's input format, else plain text); ``path`` names it in the result."""
        _check_text(text)
        return self.audit_document(read_text(text, path, input_format or self.config.input_format or "text"))

    def audit_file(self, path: Union[str, Path]) -> FileReport:
        """Audit one file; its format comes from the extension unless the config sets one."""
        path = Path(path)
        return self.audit_document(
            read_document(path, display_path(path), self.config.input_format, self.config.lang, self.locales))

    def audit_texts(self, texts: Iterable[str], batch_size: int = BATCH_SIZE,
                    input_format: Optional[str] = None) -> Iterator[FileReport]:
        """Audit each text of ``texts`` as its own document; yields one result per text,
        in input order, as soon as the batch holding its last sentence is done.

        ``texts`` is consumed lazily; the sentences of consecutive texts fill batches of
        ``batch_size`` sentences, each scored together with the rewrites the rules verify,
        so many short texts (corpus segments) cost about as much as one long one.  Memory is
        bounded by one batch.
        """
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        fmt = input_format or self.config.input_format or "text"

        def documents() -> Iterator:
            for text in texts:
                _check_text(text)
                yield read_text(text, "<text>", fmt, self.config.lang)

        return self.audit_documents(documents(), batch_size)


def _check_text(text: Any) -> None:
    if not isinstance(text, str):
        raise TypeError(f"mtaudit audits text: expected a str, not {type(text).__name__}")
