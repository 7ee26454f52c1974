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
import itertools
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Dict, Iterable, Iterator, List, Optional, Sequence, Union

from mtaudit import pipeline
from mtaudit.config import Config
from mtaudit.lexicon.verify import Judged, Proposal, Verdict
from mtaudit.readers import read_document, read_text
from mtaudit.sentences import split_sentences
from mtaudit.types import FileReport

if TYPE_CHECKING:
    from mtaudit.cache import ResultCache

__all__ = ["Auditor", "Config", "FileReport"]

DEFAULT_BATCH_SIZE = 64  # texts per model batch in :meth:`Auditor.audit_texts`


@functools.lru_cache(maxsize=None)
def _load_shared(model: Optional[str], offline: bool) -> Any:
    from mtaudit.scoring import load_scorer

    return load_scorer(model, offline=offline)


class _Scorer:
    """The scorer an :class:`Auditor` hands to the pipeline and its rules.

    It loads the real scorer on first use.  For :meth:`Auditor.audit_texts` it answers
    ``score`` from values computed beforehand for a whole batch of texts
    (:meth:`prefetch_scores`), so that the model sees full batches even when each text holds
    a single sentence.
    """

    def __init__(self, load: Callable[[], Any]) -> None:
        self._load = load
        self._real: Any = None
        self._scores: Dict[str, Any] = {}

    @property
    def real(self) -> Any:
        if self._real is None:
            self._real = self._load()
        return self._real

    def prefetch_scores(self, texts: Sequence[str]) -> None:
        """Score ``texts`` in one call; they replace the previous batch's, so memory stays
        bounded by one batch of texts."""
        self._scores = _call(self.real.score, texts)

    def score(self, texts: Sequence[str]) -> list:
        return _lookup(self._scores, self.real.score, texts)

    def __getattr__(self, name: str) -> Any:  # logprob, signature, dtype, ...
        if name.startswith("_"):  # not set yet (e.g. while copying): never load the model for these
            raise AttributeError(name)
        return getattr(self.real, name)


def _call(method: Callable[[List[str]], list], texts: Sequence[str]) -> Dict[str, Any]:
    unique = list(dict.fromkeys(texts))
    return dict(zip(unique, method(unique))) if unique else {}


def _lookup(known: Dict[str, Any], method: Callable[[List[str]], list], texts: Sequence[str]) -> list:
    found = _call(method, [t for t in texts if t not in known])
    return [known[t] if t in known else found[t] for t in texts]


class Auditor(pipeline.Auditor):
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
        wrapped: Optional[_Scorer] = None
        if scorer is not None:
            wrapped = _Scorer(lambda: scorer)
        elif not config.no_model:
            wrapped = _Scorer(lambda: _load_shared(config.model, config.offline))
        super().__init__(config, wrapped, cache=cache, jobs=jobs)
        # For audit_texts: the proposals a dry run collects, then the verdicts on all of them.
        self._asked: Optional[List[Proposal]] = None
        self._judged: Dict[tuple, List[Judged]] = {}

    def load_model(self) -> None:
        """Load the model now rather than on first use (e.g. to fail early); a no-op without one."""
        if self.scorer is not None:
            self.scorer.real

    def audit_text(self, text: str, path: str = "<text>", input_format: Optional[str] = None) -> FileReport:
        """Audit ``text`` as one document read as ``input_format`` (default: the
        config's input format, else plain text); ``path`` names it in the result."""
        _check_text(text)
        return super().audit_text(text, path, input_format or self.config.input_format or "text")

    def audit_file(self, path: Union[str, Path]) -> FileReport:
        """Audit one file; its format comes from the extension unless the config sets one."""
        path = Path(path)
        return self.audit_document(
            read_document(path, pipeline.display_path(path), self.config.input_format, self.config.lang, self.locales))

    def audit_texts(self, texts: Iterable[str], batch_size: int = DEFAULT_BATCH_SIZE,
                    input_format: Optional[str] = None) -> Iterator[FileReport]:
        """Audit each text of ``texts`` as its own document; yields one result per text,
        in input order, as soon as its batch is done.

        ``texts`` is consumed ``batch_size`` texts at a time; the sentences of a whole
        batch, and the rewrites the rules verify, are scored together, so many short texts
        (corpus segments) cost about as much as one long one.  Memory is bounded by one batch.
        """
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        fmt = input_format or self.config.input_format or "text"
        iterator = iter(texts)
        while True:
            batch = list(itertools.islice(iterator, batch_size))
            if not batch:
                return
            for text in batch:
                _check_text(text)
            documents = [read_text(text, "<text>", fmt, self.config.lang) for text in batch]
            if self.scorer is not None:
                self.scorer.prefetch_scores(_sentence_texts(documents))
                # A dry run collects what the rules will ask the model to judge: the rules ask
                # for the same rewrites whatever the answers.
                self._asked = []
                try:
                    for document in documents:
                        self.audit_document(document)
                    asked = self._asked
                finally:
                    self._asked = None
                self._judged = {_key(v.proposal): v.judged for v in super().judge(asked)}
            for document in documents:
                yield self.audit_document(document)
            self._judged = {}

    def judge(self, proposals: Sequence[Proposal]) -> List[Verdict]:
        if self._asked is not None:  # a dry run: note the proposals, judge none
            self._asked.extend(proposals)
            return [Verdict(p) for p in proposals]
        todo = [p for p in proposals if _key(p) not in self._judged]  # all, outside audit_texts
        fresh = {_key(v.proposal): v.judged for v in super().judge(todo)} if todo else {}

        def judged(p: Proposal) -> List[Judged]:
            key = _key(p)
            return self._judged[key] if key in self._judged else fresh[key]

        return [Verdict(p, list(judged(p))) for p in proposals]


def _key(p: Proposal) -> tuple:
    return p.text, p.start, p.end, tuple(p.replacements), tuple(sorted(p.features.items()))


def _check_text(text: Any) -> None:
    if not isinstance(text, str):
        raise TypeError(f"mtaudit audits text: expected a str, not {type(text).__name__}")


def _sentence_texts(documents: Sequence[Any]) -> List[str]:
    return [s.text for d in documents for segment in d.segments for s in split_sentences(segment)]
