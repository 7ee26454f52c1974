"""Command-line interface.  A thin layer over mtaudit.pipeline; only this module exits.

Exit codes (ExitStatus): 0 success, 1 `check` found problems at or above --fail-on,
2 usage, config or input errors, 3 interrupted, 4 internal error.
"""
from __future__ import annotations

import enum
import functools
import os
import sys
import traceback
from pathlib import Path
from typing import List, Optional, Sequence, Tuple

import click

from mtaudit import __version__
from mtaudit.api import Auditor
from mtaudit.config import SEVERITIES, Config, resolve
from mtaudit.corpus.cli import corpus_options, drop_corpus_options, run_corpus
from mtaudit.errors import ConfigError, MtauditError
from mtaudit.pipeline import STDIN, find_inputs
from mtaudit.readers import FORMATS
from mtaudit.reporters import REPORTERS
from mtaudit.rules import all_rules
from mtaudit.types import Report, Severity


class ExitStatus(enum.IntEnum):
    OK = 0
    FINDINGS = 1
    USAGE = 2
    INTERRUPTED = 3
    INTERNAL = 4


MACHINE_FORMATS = ("json", "sarif")  # never mix progress output into these


def _common_options(func, paths_required: bool = True):
    """Options shared by `audit` and `check`."""
    options = [
        click.argument("paths", nargs=-1, required=paths_required, type=click.Path(path_type=str)),
        click.option("--format", "output_format", type=click.Choice(sorted(REPORTERS)), default=None,
                     help="Report format [default: text; github for `check` under GitHub Actions]."),
        click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
                     help="Write the report to FILE instead of standard output."),
        click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
                     help="Read settings from FILE instead of the nearest setup.cfg / pyproject.toml."),
        click.option("--select", multiple=True, metavar="RULES",
                     help="Only these rules: ids, id prefixes (MTA0) or names; comma-separated or repeated."),
        click.option("--ignore", multiple=True, metavar="RULES", help="Skip these rules (same syntax as --select)."),
        click.option("--exclude", multiple=True, metavar="GLOB",
                     help="Skip paths matching this .gitignore-style pattern (repeatable)."),
        click.option("--input-format", type=click.Choice(FORMATS), default=None,
                     help="Read every file as this format instead of choosing by extension."),
        click.option("--lang", default=None, metavar="CODE", help="Expected language of the text [default: en]."),
        click.option("--no-model", is_flag=True, default=None,
                     help="Rule-based detectors only: no language model, no fluency scores (fast)."),
        click.option("--model", "model_path", default=None, metavar="DIR",
                     help="Use this Hugging Face causal LM directory instead of the default model."),
        click.option("--offline", is_flag=True, default=None,
                     help="Never download the model (also MTAUDIT_OFFLINE=1)."),
        click.option("--quiet", "-q", is_flag=True, help="Print only the report: no progress or notices."),
        click.option("--verbose", "-v", is_flag=True, help="Print more detail, and tracebacks of internal errors."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="mtaudit")
def cli() -> None:
    """mtaudit finds machine-translated, back-translated and spun phrasing in English
    prose, scores how fluent each sentence is, and suggests corrected wording.

    \b
    Examples:
      mtaudit audit docs/                 audit a folder, readable report
      mtaudit audit --format json a.md    JSON report (schema 1)
      mtaudit check --no-model docs/      CI gate: exit 1 on findings
      mtaudit rules MTA001                explain a rule
    """


@cli.command()
@functools.partial(_common_options, paths_required=False)
@corpus_options
@click.pass_context
def audit(ctx: click.Context, **options) -> int:
    """Audit PATHS (files, folders, or - for standard input) and print a report.

    With --corpus, audit each row of a JSONL or Parquet corpus instead and write one
    result row per segment to --output (.jsonl or .parquet); see `Corpora` in the README.

    Exits 0 when the audit ran, findings or not; 2 when nothing could be audited
    or the usage was wrong.
    """
    if options["corpus"] is not None:
        return run_corpus(options, _resolve_config)
    options = drop_corpus_options(options)
    if not options["paths"]:
        raise click.UsageError("Missing argument 'PATHS...' (or --corpus FILE).")
    report, _ = _run(options, default_format="text")
    return ExitStatus.USAGE if not report.files else ExitStatus.OK


@cli.command()
@_common_options
@click.option("--fail-on", type=click.Choice(SEVERITIES), default=None,
              help="Exit 1 when a finding has at least this severity [default: warning].")
@click.option("--min-fluency", type=click.FloatRange(0, 100), default=None, metavar="N",
              help="Also exit 1 when a file's fluency (0-100) is below N (needs the model).")
@click.pass_context
def check(ctx: click.Context, **options) -> int:
    """Audit PATHS for CI: exit 1 when a finding reaches --fail-on, else 0.

    Exit 2 on usage or config errors, or when nothing could be audited. Under GitHub
    Actions the default format is `github` (annotations on the changed lines).
    """
    default = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    fail_on, min_fluency = options.pop("fail_on"), options.pop("min_fluency")
    report, config = _run(options, default_format=default, fail_on=fail_on, min_fluency=min_fluency)
    if not report.files:
        return ExitStatus.USAGE
    threshold = Severity(config.fail_on).rank
    failed = any(f.severity.rank >= threshold for _, f in report.iter_findings())
    if config.min_fluency is not None:
        failed = failed or any(f.fluency is not None and f.fluency < config.min_fluency for f in report.files)
    return ExitStatus.FINDINGS if failed else ExitStatus.OK


def _split(values: Sequence[str]) -> List[str]:
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


def _run(options: dict, default_format: str, **extra) -> Tuple[Report, Config]:
    verbose, quiet = options.pop("verbose"), options.pop("quiet")
    paths: Sequence[str] = options.pop("paths")
    output: Optional[Path] = options.pop("output")
    output_format = options.pop("output_format") or default_format
    start = Path(next((p for p in paths if p != STDIN), "."))
    config = _resolve_config(start, options, **extra)
    items, errors = find_inputs(paths, config)
    if output is not None:
        _refuse_to_overwrite_input(output, [*items, *paths])
    notice = (lambda message: None) if quiet else (lambda message: click.echo(message, err=True))
    scorer = None
    if config.no_model:
        notice("mtaudit: fluency not scored (--no-model): rule-based detectors only")
    else:
        from mtaudit.scoring import load_scorer

        scorer = load_scorer(config.model, offline=config.offline, notify=notice)
    auditor = Auditor(config, scorer)
    show_progress = not quiet and output_format not in MACHINE_FORMATS and sys.stderr.isatty()
    if show_progress:
        report = _with_progress(auditor, items, errors)
    else:
        report = auditor.audit_inputs(items, errors)
    reporter = REPORTERS[output_format](rules=all_rules(), color=None if output is None else False)
    if output_format == "text" and report.errors:
        for error in report.errors:
            click.echo(f"mtaudit: error: {error.path}: {error.message}", err=True)
    if output is None:
        reporter.render(report, sys.stdout)
    else:
        output.parent.mkdir(parents=True, exist_ok=True)
        with open(output, "w", encoding="utf-8", newline="") as stream:
            reporter.render(report, stream)
        notice(f"mtaudit: report written to {output}")
    return report, config


def _resolve_config(start: Path, options: dict, **extra) -> Config:
    """The settings from the config file found from ``start``, overridden by (and popped from) ``options``."""
    return resolve(
        start if start.exists() else Path("."),
        options.pop("config_file"),
        select=_split(options.pop("select")),
        ignore=_split(options.pop("ignore")),
        exclude=list(options.pop("exclude")),
        input_format=options.pop("input_format"),
        lang=options.pop("lang"),
        no_model=options.pop("no_model"),
        model=options.pop("model_path"),
        offline=options.pop("offline") or (True if os.environ.get("MTAUDIT_OFFLINE") == "1" else None),
        **extra,
    )


def _with_progress(auditor: Auditor, items: Sequence, errors: Sequence) -> Report:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("auditing", total=len(items))
        started = []

        def advance(path: str) -> None:
            if started:
                progress.advance(task)
            started.append(path)
            progress.update(task, description=f"auditing {path}")

        return auditor.audit_inputs(items, errors, progress=advance)


def _refuse_to_overwrite_input(output: Path, inputs: Sequence) -> None:
    """Refuse an --output that is an audited file or a path named on the command line."""
    target = output.resolve()
    if any(item != STDIN and Path(item).resolve() == target for item in inputs):
        raise ConfigError(f"--output {output} is one of the audited files; refusing to overwrite it")


@cli.command()
@click.argument("rule_id", required=False)
def rules(rule_id: Optional[str]) -> int:
    """List every rule, or explain RULE_ID (why it matters, a bad and a good example)."""
    registry = all_rules()
    if rule_id is None:
        width = max(len(r.name) for r in registry.values())
        for rule in registry.values():
            needs = "  [needs model]" if "lm" in rule.requires else ""
            click.echo(f"{rule.id}  {rule.name:<{width}}  {rule.severity.value:<7}  {rule.summary}{needs}")
        return ExitStatus.OK
    rule = registry.get(rule_id.upper()) or next((r for r in registry.values() if r.name == rule_id), None)
    if rule is None:
        raise ConfigError(f"unknown rule '{rule_id}' (see `mtaudit rules`)")
    click.echo(f"{rule.id} {rule.name} ({rule.severity.value}): {rule.summary}\n")
    click.echo(rule.doc())
    return ExitStatus.OK


@cli.command()
@click.option("--hyp", "hyp_file", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="System output, one segment per line.")
@click.option("--ref", "ref_files", required=True, multiple=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Reference translation, one segment per line (repeat for several references).")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text")
def score(hyp_file: Path, ref_files: Sequence[Path], output_format: str) -> int:
    """Corpus BLEU, chrF and TER of --hyp against --ref, with sacrebleu signatures."""
    import json

    from mtaudit.metrics import corpus_scores

    results = corpus_scores(hyp_file, ref_files)
    if output_format == "json":
        click.echo(json.dumps({"schema": 1, "version": __version__, "scores": results}, indent=2))
    else:
        for item in results:
            click.echo(f"{item['name']:<5} {item['score']:6.2f}  {item['signature']}")
    return ExitStatus.OK


def _attach_models_group() -> None:
    try:
        from mtaudit.scoring import models_group
    except ImportError:  # the model layer is optional at import time
        return
    cli.add_command(models_group, "models")


_attach_models_group()


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Run the CLI; returns the exit status instead of raising SystemExit."""
    args = list(sys.argv[1:] if argv is None else argv)
    verbose = "--verbose" in args or "-v" in args
    try:
        result = cli.main(args=args, prog_name="mtaudit", standalone_mode=False)
    except click.exceptions.Exit as exc:  # --help, --version
        return exc.exit_code
    except click.ClickException as exc:
        exc.show()
        return ExitStatus.USAGE
    except (click.exceptions.Abort, KeyboardInterrupt):
        click.echo("mtaudit: interrupted", err=True)
        return ExitStatus.INTERRUPTED
    except MtauditError as exc:
        click.echo(f"mtaudit: error: {exc}", err=True)
        return ExitStatus.USAGE
    except BrokenPipeError:
        return ExitStatus.OK
    except Exception as exc:  # an internal error: one line, the traceback only with --verbose
        if verbose:
            traceback.print_exc()
        click.echo(f"mtaudit: internal error: {exc.__class__.__name__}: {exc} (rerun with --verbose for details)", err=True)
        return ExitStatus.INTERNAL
    return int(result or 0)
