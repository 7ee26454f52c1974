"""The audit pipeline: files -> documents -> sentences -> findings -> a Report.

The sentences of consecutive documents are audited in batches (:class:`AuditPipeline`);
everything that touches the model is batched by the scorer.  Unchanged files are read back from the result cache (mtaudit.cache); without the
model, files are audited in a process pool (``jobs``), with the same output as one process.
Output is deterministic: files, findings and sentences are sorted.
"""
from __future__ import annotations

import collections
import dataclasses
import itertools
import os
import sys
from pathlib import Path
from typing import Callable, Deque, Dict, Iterable, Iterator, List, Optional, Sequence, Set, Tuple, Union

import pathspec

from mtaudit import __version__
from mtaudit.cache import ResultCache
from mtaudit.ci import suppress as suppressions
from mtaudit.config import Config
from mtaudit.errors import ConfigError, InputFormatError
from mtaudit.language import detect_document
from mtaudit.lexicon import verify
from mtaudit.readers import auditable, read_document, read_text
from mtaudit.readers.locale import LocalePairing, check_pattern
from mtaudit.rules import RuleContext, select_rules
from mtaudit.rules.base import BilingualRule, detect_all
from mtaudit.rules.mta004_untranslated_fragment import ForeignDocument
from mtaudit.sentences import split_sentences
from mtaudit.verdict import judge
from mtaudit.types import Document, FileReport, Finding, InputError, Location, Piece, Report, Segment, Sentence, Span

# Sentences the model scores, and the rules see, at a time, from one document or many: the
# model's passes are fuller, and all the rewrites the rules propose for a batch are judged together.
BATCH_SIZE = 512
SHIFT = 48  # while the rules run, the k-th document of a batch has its source offsets moved up by k << SHIFT
MAX_SENTENCES_KEPT = 50_000  # beyond this only flagged sentences are listed, to bound memory
FOREIGN_DOCUMENT_PROBABILITY = 0.9
STDIN = "-"
POOL_MIN_FILES = 8  # below this, starting worker processes costs more than it saves

Progress = Callable[[str], None]


def discover(paths: Sequence[str], exclude: Sequence[str] = (), base: Optional[Path] = None,
             locales: Optional[LocalePairing] = None) -> Tuple[List[Path], List[InputError]]:
    """Files to audit under ``paths`` (folders recursively, hidden entries, unknown
    extensions and JSON/YAML that are not ``locales`` files skipped), minus ``exclude``
    gitignore-style patterns relative to ``base``."""
    base = (base or Path.cwd()).resolve()
    spec = pathspec.GitIgnoreSpec.from_lines(exclude)
    files: List[Path] = []
    errors: List[InputError] = []

    def excluded(path: Path) -> bool:
        try:
            rel = path.resolve().relative_to(base).as_posix()
        except ValueError:
            rel = path.as_posix()
        return spec.match_file(rel) or (path.is_dir() and spec.match_file(rel + "/"))

    for raw in paths:
        path = Path(raw)
        if not path.exists():
            errors.append(InputError(display_path(path), "no such file or directory"))
        elif path.is_dir():
            found, skipped = [], 0
            for root, dirs, names in os.walk(path):
                kept = [d for d in dirs if not d.startswith(".")]
                dirs[:] = sorted(d for d in kept if not excluded(Path(root, d)))
                skipped += len(kept) - len(dirs)
                for name in sorted(names):
                    candidate = Path(root, name)
                    if not name.startswith(".") and auditable(candidate, locales):
                        if excluded(candidate):
                            skipped += 1
                        else:
                            found.append(candidate)
            if not found:
                why = " (the ones there are excluded by the configuration or --exclude)" if skipped else ""
                errors.append(InputError(display_path(path), f"no auditable files (.txt, .md, .html, .po, .xlf, locale .json/.yml) in this folder{why}"))
            files.extend(found)
        elif not excluded(path):
            files.append(path)
    unique = dict.fromkeys(files)  # a file named twice is audited once
    return sorted(unique, key=lambda p: display_path(p)), errors


def find_inputs(paths: Sequence[str], config: Config) -> Tuple[List[Union[Path, str]], List[InputError]]:
    """What ``paths`` name: files to audit (``STDIN`` first when named) and input errors.

    Excludes are relative to the folder of the config file they came from."""
    base = config.source.parent if config.source else None
    found, errors = discover([p for p in paths if p != STDIN], config.exclude, base, locale_pairing(config))
    return ([STDIN] if STDIN in paths else []) + found, errors


def locale_pairing(config: Config) -> LocalePairing:
    """How locale files pair with their source file, from the ``locales`` settings."""
    for pattern in config.locales:
        problem = check_pattern(pattern)
        if problem:
            raise ConfigError(f"{config.source or 'settings'}: {problem}")
    return LocalePairing(tuple(config.locales), config.source_locale, config.source.parent if config.source else None)


def display_path(path: Path) -> str:
    """``path`` relative to the working directory when it lies below it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


class AuditPipeline:
    """Audits documents in batches with the rules selected by ``config`` and an optional
    fluency scorer.  The public API is :class:`mtaudit.Auditor`, which adds a lazily loaded model.

    The sentences of consecutive documents fill batches of ``BATCH_SIZE``: the scorer scores a
    batch in one call, each rule runs once over it (the asks of the judging rules are judged
    together, see :func:`~mtaudit.lexicon.verify.drive`), and the findings go back to their
    documents.  Many small files cost about what one long file does, and a long file streams."""

    def __init__(self, config: Config, scorer=None, *, cache: Optional[ResultCache] = None, jobs: int = 1) -> None:
        self.config = config
        self.scorer = scorer
        self.cache = cache  # reports of unchanged files are read back from it (see mtaudit.cache)
        self.jobs = jobs  # processes for reading and rule-based detection when no model is used
        # {shown path: line numbers}: in these files only the sentences on these lines are audited
        # (`check --diff`, which reports nothing else); the result cache keys them too.
        self.focus: Optional[Dict[str, Set[int]]] = None
        rule_classes = [r for r in select_rules(config.select, config.ignore) if scorer or "lm" not in r.requires]
        glossary = None
        if config.glossary:
            from mtaudit.bilingual.glossary import load_glossary

            glossary = load_glossary(config.relative(config.glossary), config.source_locale)
        self.rules = [cls(RuleContext(config.lang, config.options_for(cls.id), scorer, glossary)) for cls in rule_classes]
        self.bilingual = [r for r in self.rules if isinstance(r, BilingualRule)]
        self.locales = locale_pairing(config)
        self.foreign = next((r for r in self.rules if isinstance(r, ForeignDocument)), None)

    # -- entry points --------------------------------------------------------------

    def audit_inputs(self, items: Sequence[Union[Path, str]], errors: Sequence[InputError] = (),
                     progress: Optional[Progress] = None) -> Report:
        """Audit the files (or ``STDIN``) found by :func:`find_inputs`."""
        report = Report(version=__version__, model=getattr(self.scorer, "signature", None), errors=list(errors))
        shown = ["<stdin>" if item == STDIN else display_path(item) for item in items]
        outcomes: List[Union[FileReport, InputError, None]] = [None] * len(items)
        keys: List[Optional[str]] = [None] * len(items)
        if self.cache is not None:
            for i, item in enumerate(items):
                if item != STDIN:
                    keys[i] = self.cache.key(item, shown[i], self.focus.get(shown[i]) if self.focus else None)
                    outcomes[i] = self.cache.get(keys[i]) if keys[i] else None
                    if outcomes[i] is not None and progress:
                        progress(shown[i])
        todo = [i for i, outcome in enumerate(outcomes) if outcome is None]
        if self.jobs > 1 and self.scorer is None and len(todo) >= POOL_MIN_FILES:
            # The first file (standard input, when named) is audited here: it loads the
            # lexicons, which forked workers inherit.
            first = self.audit_item(items[todo[0]], shown[todo[0]])
            rest = _audit_in_pool(self.config, [(items[i], shown[i]) for i in todo[1:]], self.jobs)
            audited = itertools.chain([first], rest)
        else:  # the model scores the sentences of many files together
            audited = self.audit_documents(self.read(items[i], shown[i]) for i in todo)
        for i, outcome in zip(todo, audited):
            if progress:
                progress(shown[i])
            outcomes[i] = outcome
            if keys[i] and isinstance(outcome, FileReport):
                self.cache.put(keys[i], outcome)
        for outcome in outcomes:
            (report.files if isinstance(outcome, FileReport) else report.errors).append(outcome)
        report.errors.sort(key=lambda e: e.path)
        return report

    def read(self, item: Union[Path, str], shown: str) -> Union[Document, InputError]:
        """Read one file (or ``STDIN``); a file that cannot be read gives an InputError."""
        try:
            if item == STDIN:
                return read_text(sys.stdin.read(), shown, self.config.input_format or "text")
            return read_document(item, shown, self.config.input_format, self.config.lang, self.locales)
        except InputFormatError as exc:
            return InputError(shown, exc.message)

    def audit_item(self, item: Union[Path, str], shown: str) -> Union[FileReport, InputError]:
        return next(self.audit_documents([self.read(item, shown)]))

    def audit_document(self, document: Document) -> FileReport:
        """Audit one document; InputFormatError when its (streamed) text cannot be read."""
        outcome = next(self.audit_documents([document]))
        if isinstance(outcome, InputError):
            raise InputFormatError(outcome.message)
        return outcome

    def audit_documents(self, documents: Iterable[Union[Document, InputError]],
                        batch_size: int = BATCH_SIZE) -> Iterator[Union[FileReport, InputError]]:
        """One report per document, in order, as soon as the batch (of ``batch_size`` sentences)
        holding its last sentence is done; a document whose text cannot be read (or an
        InputError passed in) gives an InputError."""
        queue: Deque[Union[_Audit, FileReport, InputError]] = collections.deque()
        batch: List[Tuple[_Audit, Sentence]] = []
        for document in documents:
            audit = document if isinstance(document, InputError) else self._start(document)
            queue.append(audit)
            if isinstance(audit, _Audit):
                try:
                    for sentence in audit.sentences:
                        batch.append((audit, sentence))
                        if len(batch) == batch_size:
                            self._run(batch)
                            batch = []
                            yield from self._finished(queue)
                except InputFormatError as exc:
                    audit.error = InputError(document.path, exc.message)
                audit.sentences = None  # all read
        self._run(batch)
        yield from self._finished(queue)

    # -- helpers -------------------------------------------------------------------

    def _start(self, document: Document) -> Union["_Audit", FileReport, InputError]:
        """The document's audit, once bilingual findings and language are known; its report when
        that is all (a document in another language)."""
        result = FileReport(path=document.path, format=document.format, language=self.config.lang)
        try:
            if document.pairs:  # bilingual checks run on every pair, whatever the languages
                self._add(result, document, [f for rule in self.bilingual for f in rule.detect_pairs(document.pairs)])
            sentences = (Sentence(s) for segment in document.segments for s in split_sentences(segment))
            head = list(itertools.islice(sentences, 64))
        except InputFormatError as exc:
            return InputError(document.path, exc.message)
        guess = detect_document([s.text for s in head])
        if guess:
            result.language = guess.language
        if guess and guess.language != self.config.lang and guess.probability >= FOREIGN_DOCUMENT_PROBABILITY:
            result.notes.append(f"skipped: the document is in '{guess.language}', not '{self.config.lang}'")
            if self.foreign and head:
                self._add(result, document, [self.foreign.report(head[0], guess.language, guess.probability)])
            result.findings.sort(key=_finding_order)
            return result
        if not head:  # nothing to identify: a translation file names its target language
            result.language = document.pairs[0].target_language if document.pairs else None
        all_sentences: Iterator[Sentence] = itertools.chain(head, sentences)
        lines = self.focus.get(document.path) if self.focus else None
        if lines is not None:
            all_sentences = (s for s in all_sentences if _on_lines(document, s, lines))
        return _Audit(document, result, all_sentences)

    def _run(self, batch: List[Tuple["_Audit", Sentence]]) -> None:
        """Score the sentences of ``batch``, run the rules over them and add the findings to their documents."""
        if not batch:
            return
        if self.scorer is not None:
            for (audit, sentence), score in zip(batch, self.scorer.score([s.text for _, s in batch])):
                sentence.fluency = round(score.fluency, 1)
                audit.scores.append(score)
                audit.lengths.append(len(sentence.text))
        # The rules see the sentences of the k-th document of the batch moved k << SHIFT up the
        # source offsets, so that each finding's span says which document it belongs to.
        audits = list(dict.fromkeys(audit for audit, _ in batch))
        place = {audit: k << SHIFT for k, audit in enumerate(audits)}
        found: Dict[_Audit, List[Finding]] = {audit: [] for audit in audits}
        for f in self._detect([_moved(s, place[audit]) for audit, s in batch]):
            audit = audits[f.span.start >> SHIFT]
            found[audit].append(dataclasses.replace(f, span=Span(f.span.start - place[audit], f.span.end - place[audit])))
        flagged = {audit: self._add(audit.result, audit.document, findings) for audit, findings in found.items()}
        for audit, sentence in batch:
            span = sentence.segment.source_span(0, len(sentence.text))
            if audit.kept < MAX_SENTENCES_KEPT or any(a < span.end and span.start < b for a, b in flagged[audit]):
                sentence.location = _locate(audit.document, span.start, span.end)
                audit.result.sentences.append(sentence)
                audit.kept += 1

    def _finished(self, queue: Deque) -> Iterator[Union[FileReport, InputError]]:
        """The reports of the documents at the head of ``queue`` that are done (their batches run)."""
        while queue and not (isinstance(queue[0], _Audit) and queue[0].sentences is not None):
            audit = queue.popleft()
            yield self._finish(audit) if isinstance(audit, _Audit) else audit

    def _finish(self, audit: "_Audit") -> Union[FileReport, InputError]:
        if audit.error:
            return audit.error
        result, document = audit.result, audit.document
        if audit.kept > MAX_SENTENCES_KEPT:
            result.notes.append(f"only the first {MAX_SENTENCES_KEPT} sentences and flagged ones are listed")
        if self.scorer is not None and audit.scores:
            from mtaudit.scoring import document_fluency

            fluency = document_fluency(audit.scores, audit.lengths)
            result.fluency = None if fluency is None else round(fluency, 1)
        result.findings, unused = suppressions.apply(document, result.findings, self.config)
        result.mt_likelihood, result.mt_evidence = judge(result, audit.scores)
        self._add(result, document, unused)
        result.findings.sort(key=_finding_order)
        result.sentences.sort(key=lambda s: (s.location.line, s.location.column))
        return result

    def _detect(self, batch: List[Sentence]) -> List[Finding]:
        found = detect_all(self.rules, batch, lambda proposals: verify.judge(self.scorer, proposals, language=self.config.lang))
        primary = [f for rule, fs in zip(self.rules, found) if not rule.fallback for f in fs]
        fallback = [f for rule, fs in zip(self.rules, found) if rule.fallback for f in fs]
        return primary + [f for f in fallback if not any(f.span.start < p.span.end and p.span.start < f.span.end for p in primary)]

    def _add(self, result: FileReport, document: Document, findings: Iterable[Finding]) -> List[Tuple[int, int]]:
        """Locate ``findings``, drop duplicates, add them; returns their source spans."""
        seen = {(f.rule, f.span, f.message) for f in result.findings}
        spans = []
        for finding in findings:
            if (finding.rule, finding.span, finding.message) in seen:
                continue
            seen.add((finding.rule, finding.span, finding.message))
            text = document.source[finding.span.start : finding.span.end] if document.source is not None else finding.text
            located = dataclasses.replace(finding, text=text, location=_locate(document, finding.span.start, finding.span.end))
            result.findings.append(located)
            spans.append((finding.span.start, finding.span.end))
        return spans


@dataclasses.dataclass(eq=False)
class _Audit:
    """A document being audited: its report so far and its sentences still to be batched
    (None once all are)."""

    document: Document
    result: FileReport
    sentences: Optional[Iterator[Sentence]]
    scores: list = dataclasses.field(default_factory=list)
    lengths: list = dataclasses.field(default_factory=list)
    kept: int = 0
    error: Optional[InputError] = None


def _moved(sentence: Sentence, base: int) -> Sentence:
    """``sentence`` with its source offsets moved up by ``base``, for the rules."""
    if not base:
        return sentence
    segment = sentence.segment
    pieces = tuple(Piece(p.text_start, p.source_start + base, p.length, p.source_length) for p in segment.pieces)
    return Sentence(Segment(segment.text, pieces, segment.kind), sentence.fluency)


_worker: Optional[AuditPipeline] = None  # each pool process's own auditor


def _start_worker(config: Config) -> None:
    global _worker
    _worker = AuditPipeline(config)


def _audit_in_worker(job: Tuple[Union[Path, str], str]) -> Union[FileReport, InputError]:
    return _worker.audit_item(*job)


def _audit_in_pool(config: Config, jobs: List[Tuple[Union[Path, str], str]], processes: int) -> Iterator:
    """Audit ``jobs`` (path, shown path) in a process pool; results come back in order."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # Forked workers start with this process's loaded lexicons (it runs no threads then:
    # the progress bar does not refresh in the background); elsewhere they start afresh.
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    chunk = max(1, min(16, len(jobs) // (processes * 4)))
    with ProcessPoolExecutor(min(processes, len(jobs)), mp_context=context, initializer=_start_worker,
                             initargs=(config,)) as pool:
        yield from pool.map(_audit_in_worker, jobs, chunksize=chunk)


def default_jobs() -> int:
    """The CPUs this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _finding_order(f: Finding) -> tuple:
    return (f.location.line, f.location.column, f.rule, f.location.end_line, f.location.end_column)


def _on_lines(document: Document, sentence: Sentence, lines: Set[int]) -> bool:
    span = sentence.segment.source_span(0, len(sentence.text))
    first, last = document.lines.position(span.start)[0], document.lines.position(span.end)[0]
    return any(n in lines for n in range(first, last + 1))


def _locate(document: Document, start: int, end: int) -> Location:
    line, column = document.lines.position(start)
    end_line, end_column = document.lines.position(end)
    return Location(line, column, end_line, end_column)
