"""The audit pipeline: files -> documents -> sentences -> findings -> a Report.

Rules see sentences in batches; everything that touches the model is batched by the
scorer.  Unchanged files are read back from the result cache (mtaudit.cache); without the
model, files are audited in a process pool (``jobs``), with the same output as one process.
Output is deterministic: files, findings and sentences are sorted.
"""
from __future__ import annotations

import dataclasses
import itertools
import os
import sys
from itertools import islice
from pathlib import Path
from typing import Callable, Iterable, Iterator, List, Optional, Sequence, Tuple, Union

import pathspec

from mtaudit import __version__
from mtaudit.cache import ResultCache
from mtaudit.ci import suppress as suppressions
from mtaudit.config import Config
from mtaudit.errors import ConfigError, InputFormatError
from mtaudit.language import detect_document
from mtaudit.lexicon import verify
from mtaudit.lexicon.verify import Proposal, Verdict
from mtaudit.readers import auditable, read_document, read_text
from mtaudit.readers.locale import LocalePairing, check_pattern
from mtaudit.rules import RuleContext, select_rules
from mtaudit.rules.base import BilingualRule, detect_all
from mtaudit.rules.mta004_untranslated_fragment import ForeignDocument
from mtaudit.sentences import split_sentences
from mtaudit.verdict import judge
from mtaudit.types import Document, FileReport, Finding, InputError, Location, Report, Sentence

# Sentences the model scores, and the rules see, at a time: the model's passes are fuller, and
# all the rewrites the rules propose for a batch are judged together (see verify.drive).
BATCH_SIZE = 512
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


class Auditor:
    """Audits documents with the rules selected by ``config`` and an optional fluency scorer."""

    def __init__(self, config: Config, scorer=None, *, cache: Optional[ResultCache] = None, jobs: int = 1) -> None:
        self.config = config
        self.scorer = scorer
        self.cache = cache  # reports of unchanged files are read back from it (see mtaudit.cache)
        self.jobs = jobs  # processes for reading and rule-based detection when no model is used
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

    def audit_paths(self, paths: Sequence[str], progress: Optional[Progress] = None) -> Report:
        return self.audit_inputs(*find_inputs(paths, self.config), progress=progress)

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
                    keys[i] = self.cache.key(item, shown[i])
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
        else:  # few files, or the model, which batches its scoring in this process
            audited = (self.audit_item(items[i], shown[i]) for i in todo)
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

    def audit_item(self, item: Union[Path, str], shown: str) -> Union[FileReport, InputError]:
        """Read and audit one file (or ``STDIN``); a file that cannot be read gives an InputError."""
        try:
            if item == STDIN:
                document = read_text(sys.stdin.read(), shown, self.config.input_format or "text")
            else:
                document = read_document(item, shown, self.config.input_format, self.config.lang, self.locales)
            return self.audit_document(document)
        except InputFormatError as exc:
            return InputError(shown, exc.message)

    def audit_text(self, text: str, path: str = "<text>", input_format: str = "text") -> FileReport:
        return self.audit_document(read_text(text, path, input_format))

    def audit_document(self, document: Document) -> FileReport:
        result = FileReport(path=document.path, format=document.format, language=self.config.lang)
        if document.pairs:  # bilingual checks run on every pair, whatever the languages
            self._add(result, document, [f for rule in self.bilingual for f in rule.detect_pairs(document.pairs)])
        sentences = self._sentences(document)
        head = list(islice(sentences, 64))
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
        scores, lengths = [], []
        kept = 0
        all_sentences = itertools.chain(head, sentences)
        while True:
            batch = list(islice(all_sentences, BATCH_SIZE))
            if not batch:
                break
            if self.scorer is not None:
                for sentence, score in zip(batch, self.scorer.score([s.text for s in batch])):
                    sentence.fluency = round(score.fluency, 1)
                    scores.append(score)
                    lengths.append(len(sentence.text))
            findings = self._detect(batch)
            flagged = self._add(result, document, findings)
            for sentence in batch:
                span = sentence.segment.source_span(0, len(sentence.text))
                if kept < MAX_SENTENCES_KEPT or any(a < span.end and span.start < b for a, b in flagged):
                    sentence.location = _locate(document, span.start, span.end)
                    result.sentences.append(sentence)
                    kept += 1
        if kept > MAX_SENTENCES_KEPT:
            result.notes.append(f"only the first {MAX_SENTENCES_KEPT} sentences and flagged ones are listed")
        if self.scorer is not None and scores:
            from mtaudit.scoring import document_fluency

            fluency = document_fluency(scores, lengths)
            result.fluency = None if fluency is None else round(fluency, 1)
        result.findings, unused = suppressions.apply(document, result.findings, self.config)
        result.mt_likelihood, result.mt_evidence = judge(result, scores)
        self._add(result, document, unused)
        result.findings.sort(key=_finding_order)
        result.sentences.sort(key=lambda s: (s.location.line, s.location.column))
        return result

    # -- helpers -------------------------------------------------------------------

    def _detect(self, batch: List[Sentence]) -> List[Finding]:
        found = detect_all(self.rules, batch, self.judge)
        primary = [f for rule, fs in zip(self.rules, found) if not rule.fallback for f in fs]
        fallback = [f for rule, fs in zip(self.rules, found) if rule.fallback for f in fs]
        return primary + [f for f in fallback if not any(overlaps(f, p) for p in primary)]

    def judge(self, proposals: Sequence[Proposal]) -> List[Verdict]:
        """The model's verdicts on the rewrites the rules of a batch propose, all in one call."""
        return verify.judge(self.scorer, proposals)

    def _sentences(self, document: Document) -> Iterator[Sentence]:
        for segment in document.segments:
            for sentence in split_sentences(segment):
                yield Sentence(sentence)

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


def overlaps(a: Finding, b: Finding) -> bool:
    return a.span.start < b.span.end and b.span.start < a.span.end


_worker: Optional[Auditor] = None  # each pool process's own auditor


def _start_worker(config: Config) -> None:
    global _worker
    _worker = Auditor(config)


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


def _locate(document: Document, start: int, end: int) -> Location:
    line, column = document.lines.position(start)
    end_line, end_column = document.lines.position(end)
    return Location(line, column, end_line, end_column)
