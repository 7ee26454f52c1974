"""``mtaudit audit --corpus``: the corpus options of `audit` and the command behind them."""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Callable

import click

from mtaudit.config import Config
from mtaudit.corpus import io
from mtaudit.corpus.rows import DEFAULT_MAX_CHARS
from mtaudit.corpus.runner import ENGINES, audit_corpus

CORPUS_OPTIONS = ("corpus", "text_field", "id_field", "engine", "workers", "max_chars")


def corpus_options(func):
    options = [
        click.option("--corpus", type=click.Path(dir_okay=False, path_type=Path), default=None, metavar="FILE",
                     help="Audit each row of this .jsonl or .parquet corpus instead of PATHS; "
                          "results go to --output (.jsonl or .parquet), one row per segment."),
        click.option("--text-field", default="text", show_default=True, metavar="NAME",
                     help="With --corpus: the field (column) that holds the text."),
        click.option("--id-field", default=None, metavar="NAME",
                     help="With --corpus: the field that holds each row's id [default: the row (line) number]."),
        click.option("--engine", type=click.Choice(ENGINES), default="local", show_default=True,
                     help="With --corpus: run in this process, or on Ray Data (a local Ray, "
                          "or the cluster at RAY_ADDRESS; needs mtaudit[ray])."),
        click.option("--workers", type=click.IntRange(min=1), default=None, metavar="N",
                     help="With --engine ray: model workers [default: the CPUs of the Ray cluster, or of this machine]."),
        click.option("--max-chars", type=click.IntRange(min=1), default=DEFAULT_MAX_CHARS, show_default=True,
                     metavar="N", help="With --corpus: longer texts go to the errors file instead."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def drop_corpus_options(options: dict) -> dict:
    """``options`` without the corpus ones; a usage error when one was given without --corpus."""
    defaults = {"text_field": "text", "id_field": None, "engine": "local", "workers": None, "max_chars": DEFAULT_MAX_CHARS}
    for name, default in defaults.items():
        if options[name] != default:
            raise click.UsageError(f"--{name.replace('_', '-')} needs --corpus")
    return {k: v for k, v in options.items() if k not in CORPUS_OPTIONS}


def run_corpus(options: dict, resolve_config: Callable[..., Config]) -> int:
    """Run ``audit --corpus``; returns the exit status (0 ran, 2 nothing could be audited)."""
    corpus: Path = options["corpus"]
    output = options["output"]
    if options["paths"]:
        raise click.UsageError("give either PATHS or --corpus, not both")
    if options["output_format"] is not None:
        raise click.UsageError("--format does not apply to --corpus: the --output extension (.jsonl or .parquet) chooses")
    if output is None:
        raise click.UsageError("--corpus needs --output FILE.jsonl or FILE.parquet")
    if options["workers"] is not None and options["engine"] != "ray":
        raise click.UsageError("--workers needs --engine ray")
    io.corpus_format(corpus, "--corpus")  # usage errors before the model is loaded
    io.corpus_format(output, "--output")
    quiet = options["quiet"]
    notice = (lambda message: None) if quiet else (lambda message: click.echo(message, err=True))
    config_options = {k: v for k, v in options.items()
                      if k not in CORPUS_OPTIONS + ("paths", "output", "output_format", "quiet", "verbose")}
    config = resolve_config(corpus, config_options)
    scorer = None
    if config.no_model:
        notice("mtaudit: fluency not scored (--no-model): rule-based detectors only")
    elif options["engine"] == "local":
        from mtaudit.scoring import load_scorer

        scorer = load_scorer(config.model, offline=config.offline, notify=notice)
    elif not config.offline and not os.environ.get("RAY_ADDRESS"):
        _fetch_model(config, notice)
    kwargs = dict(text_field=options["text_field"], id_field=options["id_field"], config=config, scorer=scorer,
                  engine=options["engine"], workers=options["workers"], max_chars=options["max_chars"])
    if not quiet and sys.stderr.isatty():
        summary = _with_progress(corpus, output, kwargs)
    else:
        summary = audit_corpus(corpus, output, **kwargs)
    parts = [f"{_count(summary.audited, 'segment')} audited"]
    if summary.skipped:
        parts.append(f"{_count(summary.skipped, 'row')} done by an earlier run")
    parts.append(f"{_count(summary.errors, 'row')} with errors" + (f" (in {summary.errors_file})" if summary.errors else ""))
    notice(f"mtaudit: {', '.join(parts)} in {summary.seconds:.1f} s; results in {output}")
    nothing = summary.audited == 0 and summary.skipped == 0 and summary.errors > 0
    return 2 if nothing else 0


def _count(n: int, word: str) -> str:
    return f"{n:,} {word}" + ("" if n == 1 else "s")


def _fetch_model(config: Config, notice: Callable[[str], None]) -> None:
    """Fetch the default model once here, rather than in every local Ray worker at once
    (cluster nodes fetch their own, or use a cache filled by `mtaudit models fetch`)."""
    from mtaudit.scoring import registry

    spec, _ = registry.resolve(config.model)
    if spec is not None and not registry.is_cached(spec):
        registry.fetch(spec, notify=notice)


def _with_progress(corpus: Path, output: Path, kwargs: dict):
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    total = io.count_rows(corpus)
    with Progress(TextColumn("auditing {task.fields[name]}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("corpus", total=total, name=corpus.name)
        return audit_corpus(corpus, output, progress=lambda n: progress.advance(task, n), **kwargs)
