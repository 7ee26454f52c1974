"""Audit a corpus file row by row into a results file, resumably, on one process or on Ray."""
from __future__ import annotations

import collections
import contextlib
import itertools
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Deque, Dict, Iterator, Optional, Set

from mtaudit.config import Config
from mtaudit.corpus import io
from mtaudit.corpus.rows import DEFAULT_MAX_CHARS, InputRow, check_id, check_text, error_row, id_key, result_row
from mtaudit.errors import ConfigError

ENGINES = ("local", "ray")
CHUNK_ROWS = 1_000  # result rows per write (and per Parquet row group)
DEFAULT_BATCH_SIZE = 64  # segments per Ray block (one map_batches call); the local engine streams

Engine = Callable[[Iterator[InputRow]], Iterator[Dict[str, Any]]]


@dataclass
class CorpusSummary:
    """What :func:`audit_corpus` did.  ``skipped`` rows were written by an earlier run."""

    output: Path
    errors_file: Path
    audited: int = 0
    errors: int = 0
    skipped: int = 0
    seconds: float = 0.0
    worker_peak_mib: Dict[int, float] = field(default_factory=dict)  # Ray: worker pid -> peak resident memory


def audit_corpus(
    corpus: Path,
    output: Path,
    *,
    text_field: str = "text",
    id_field: Optional[str] = None,
    config: Optional[Config] = None,
    scorer: Any = None,
    engine: str = "local",
    workers: Optional[int] = None,
    max_chars: int = DEFAULT_MAX_CHARS,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: Optional[Callable[[int], None]] = None,
) -> CorpusSummary:
    """Audit each row's ``text_field`` of ``corpus`` (.jsonl or .parquet) and write one
    result row per segment to ``output`` (.jsonl or .parquet), in input order.

    Rows that cannot be audited (unreadable, no id, duplicate id, missing, non-string,
    empty or longer than ``max_chars`` text) go to the errors file beside ``output``
    (:func:`mtaudit.corpus.io.errors_path`) with their id and row number.  Rows that an
    earlier run already wrote to either file are skipped, so an interrupted run resumes
    where it stopped.  The id is ``id_field``'s value, or the row number (the line number
    in JSONL) without one.

    ``engine`` is ``local`` (this process, the model loaded once) or ``ray`` (Ray Data,
    ``workers`` actors that each load the model once; see :mod:`mtaudit.corpus.ray_engine`).
    ``scorer`` replaces the model, for the local engine only; ``batch_size`` is the number of
    segments in each Ray block (the local engine streams all rows through one auditor).
    ``progress`` is called with the number of rows handled since its last call.
    """
    if engine not in ENGINES:
        raise ConfigError(f"unknown engine '{engine}' (use one of {', '.join(ENGINES)})")
    if scorer is not None and engine != "local":
        raise ConfigError("a scorer object can only be used by the local engine (Ray workers load their own model)")
    if max_chars < 1 or batch_size < 1:
        raise ConfigError("max_chars and batch_size must be at least 1")
    config = config or Config()
    corpus, output = Path(corpus), Path(output)
    io.corpus_format(corpus, "--corpus")
    io.corpus_format(output, "--output")
    errors_file = io.errors_path(output)
    if output.resolve() == corpus.resolve() or errors_file.resolve() == corpus.resolve():
        raise ConfigError(f"--output {output} would overwrite the corpus; choose another file")
    summary = CorpusSummary(output, errors_file)
    advance = progress or (lambda n: None)
    started = time.perf_counter()

    done_ids = io.done_in_parquet(output) if io.corpus_format(output, "--output") == "parquet" else io.done_in_jsonl(output, "id")
    done_rows: Set[int] = io.done_in_jsonl(errors_file, "row")
    rows = io.read_rows(corpus, text_field, id_field)
    run = _ray_engine(config, workers, batch_size, summary) if engine == "ray" else _local_engine(config, scorer)

    def skip(row: InputRow) -> None:
        summary.skipped += 1
        advance(1)

    with contextlib.closing(io.open_writer(output)) as writer, contextlib.closing(io.JsonlWriter(errors_file)) as error_writer:
        def reject(row: InputRow, problem: str) -> None:
            error_writer.write([error_row(row, problem)])
            summary.errors += 1
            advance(1)

        try:
            # closing(): an interrupted Ray run stops its workers before the files are closed
            with contextlib.closing(run(_triage(rows, text_field, max_chars, done_ids, done_rows, skip, reject))) as results:
                while chunk := list(itertools.islice(results, CHUNK_ROWS)):
                    writer.write(chunk)
                    summary.audited += len(chunk)
                    advance(len(chunk))
        finally:
            summary.seconds = time.perf_counter() - started
    return summary


def _triage(rows: Iterator[InputRow], text_field: str, max_chars: int, done_ids: Set[str], done_rows: Set[int],
            skip: Callable[[InputRow], None], reject: Callable[[InputRow, str], None]) -> Iterator[InputRow]:
    """The rows to audit; the others go to ``skip`` (written by an earlier run) or ``reject``."""
    seen: Set[str] = set()  # ids met so far, to refuse duplicates (a resumed run needs ids to be unique)
    for row in rows:
        problem = row.error or check_id(row.id)
        key = None if problem else id_key(row.id)
        first = key is not None and key not in seen
        if key is not None:
            seen.add(key)
        if row.seq in done_rows or (first and key in done_ids):
            skip(row)
        elif key is not None and not first:
            reject(row, f"duplicate id {row.id!r}")
        elif problem or (problem := check_text(row.text, text_field, max_chars)):
            reject(row, problem)
        else:
            yield row


def _local_engine(config: Config, scorer: Any) -> Engine:
    from mtaudit.api import Auditor

    auditor = Auditor(config, scorer)
    auditor.load_model()  # a model problem stops the run before any row is read

    def run(rows: Iterator[InputRow]) -> Iterator[Dict[str, Any]]:
        # One stream: the auditor fills its model batches across rows, and yields each report
        # once its row's text has been read, so the row waits at the head of ``pending``.
        pending: Deque[InputRow] = collections.deque()

        def texts() -> Iterator[str]:
            for row in rows:
                pending.append(row)
                yield row.text

        for report in auditor.audit_texts(texts()):
            yield result_row(pending.popleft().id, report)

    return run


def _ray_engine(config: Config, workers: Optional[int], batch_size: int, summary: CorpusSummary) -> Engine:
    from mtaudit.corpus import ray_engine

    return ray_engine.engine(config, workers, batch_size, summary.worker_peak_mib)
