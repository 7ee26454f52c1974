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
from mtaudit.errors import ConfigError, InputFormatError, MtauditError
from mtaudit.pipeline import STDIN, default_jobs, display_path, find_inputs
from mtaudit.readers import FORMATS
from mtaudit.reporters import REPORTERS
from mtaudit.rules import all_rules
from mtaudit.types import InputError, Report, Severity


class ExitStatus(enum.IntEnum):
    OK = 0
    FINDINGS = 1
    USAGE = 2
    INTERRUPTED = 3
    INTERNAL = 4


MACHINE_FORMATS = ("json", "sarif")  # never mix progress output into these
# On standard error, once a run: without the model mtaudit finds a fraction of what it finds with it.
NO_MODEL_NOTICE = ("mtaudit: the model-based detectors were off (--no-model): no fluency scores, no MTA201/MTA202, "
                   "and MTA101/MTA102/MTA301 report only their surest matches")


def _apply(options: Sequence, func):
    for option in reversed(options):
        func = option(func)
    return func


_REPORT_OPTIONS = [
    click.option("--format", "output_format", type=click.Choice(sorted(REPORTERS)), default=None,
                 help="Report format [default: text; github for `check` under GitHub Actions]."),
    click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
                 help="Write the report to FILE instead of standard output."),
]
_SETTINGS_OPTIONS = [
    click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
                 help="Read settings from FILE instead of the nearest setup.cfg / pyproject.toml."),
    click.option("--select", multiple=True, metavar="RULES",
                 help="Only these rules: ids, id prefixes (MTA0) or names; comma-separated or repeated."),
    click.option("--ignore", multiple=True, metavar="RULES", help="Skip these rules (same syntax as --select)."),
]
_INPUT_OPTIONS = [
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
]
_RUN_OPTIONS = [
    click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, metavar="N",
                 help="Processes for reading and rule-based detection [default: number of CPUs]; "
                      "model scoring stays batched in one process."),
    click.option("--no-cache", is_flag=True,
                 help="Audit every file again instead of reusing reports of unchanged files."),
    click.option("--report-unused-suppressions", is_flag=True, default=None,
                 help="Report suppression comments that silenced nothing (rule MTA000)."),
]
_VERBOSITY_OPTIONS = [
    click.option("--quiet", "-q", is_flag=True, help="Print only the report: no progress or notices."),
    click.option("--verbose", "-v", is_flag=True, help="Print more detail, and tracebacks of internal errors."),
]


def _apply_list(options: Sequence):
    return functools.partial(_apply, options)


def _paths(required: bool = True):
    return click.argument("paths", nargs=-1, required=required, type=click.Path(path_type=str))


_PATHS = _paths()


def _common_options(func, paths_required: bool = True):
    """Options shared by `audit` and `check`."""
    return _apply([_paths(paths_required), *_REPORT_OPTIONS, *_SETTINGS_OPTIONS, *_INPUT_OPTIONS, *_RUN_OPTIONS, *_VERBOSITY_OPTIONS], func)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="mtaudit")
def cli() -> None:
    """mtaudit finds machine-translated, back-translated and spun phrasing in English
    prose, scores how fluent each sentence is, and suggests corrected wording.

    \b
    Examples:
      mtaudit audit docs/                 audit a folder, readable report
      mtaudit audit --format json a.md    JSON report (schema 1)
      mtaudit check docs/                 CI gate: exit 1 on findings
      mtaudit check --diff origin/main .  only findings on lines changed since origin/main
      mtaudit baseline create docs/       accept today's findings; check --baseline reports new ones
      mtaudit fix --write docs/           apply the first suggestions
      mtaudit rules MTA001                explain a rule
      mtaudit lsp                         language server for editors (stdio)
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
    session = _Session(options, default_format="text")
    items, errors = session.inputs()
    report = session.audit(items, errors)
    session.render(report)
    return session.status(report, items)


@cli.command()
@_common_options
@click.option("--fail-on", type=click.Choice(SEVERITIES), default=None,
              help="Exit 1 when a finding has at least this severity [default: warning].")
@click.option("--min-fluency", type=click.FloatRange(0, 100), default=None, metavar="N",
              help="Also exit 1 when a file's fluency (0-100) is below N (needs the model).")
@click.option("--baseline", "baseline_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              metavar="FILE", help="Report only findings that are not in this baseline (see `mtaudit baseline`).")
@click.option("--diff", "diff_rev", default=None, metavar="REV",
              help="Audit only the sentences changed since REV (e.g. origin/main) and report only findings on "
                   "added or modified lines.")
@click.pass_context
def check(ctx: click.Context, **options) -> int:
    """Audit PATHS for CI: exit 1 when a finding reaches --fail-on, else 0.

    Exit 2 on usage or config errors, or when nothing could be audited. Under GitHub
    Actions the default format is `github` (annotations on the changed lines).
    """
    from mtaudit.ci import gitdiff

    default = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    baseline_file, diff_rev = options.pop("baseline_file"), options.pop("diff_rev")
    session = _Session(options, default_format=default, fail_on=options.pop("fail_on"),
                       min_fluency=options.pop("min_fluency"))
    baseline = None
    if baseline_file is not None:
        from mtaudit.ci.baseline import Baseline

        baseline = Baseline.load(baseline_file)
    items, errors = session.inputs()
    changed = None
    if diff_rev is not None:
        changed = gitdiff.changed_lines(diff_rev, Path.cwd())
        items = gitdiff.keep_changed(items, changed)
        if not items and not errors:
            session.notice(f"mtaudit: no auditable file changed since {diff_rev}")
    focus = None
    # Only the sentences on changed lines can give findings that --diff keeps; unused suppressions
    # and a file's fluency (--min-fluency) need every sentence.
    if changed is not None and session.config.min_fluency is None and not session.config.report_unused_suppressions:
        focus = {display_path(path): lines for path, lines in changed.items()}
    report = session.audit(items, errors, focus)
    if changed is not None:
        dropped = gitdiff.on_changed_lines(report, changed)
        session.detail(f"mtaudit: {_n(dropped, 'finding')} on unchanged lines left out (--diff {diff_rev})")
    if baseline is not None:
        _, dropped = baseline.new_findings(report)
        session.notice(f"mtaudit: {_n(dropped, 'finding')} in the baseline {baseline_file} left out")
    session.render(report)
    status = session.status(report, items)
    if status != ExitStatus.OK:
        return status
    config = session.config
    threshold = Severity(config.fail_on).rank
    failed = any(f.severity.rank >= threshold for _, f in report.iter_findings())
    if config.min_fluency is not None:
        failed = failed or any(f.fluency is not None and f.fluency < config.min_fluency for f in report.files)
    return ExitStatus.FINDINGS if failed else ExitStatus.OK


@cli.group()
def baseline() -> None:
    """Accept the findings PATHS have today, so that `check --baseline` reports only new ones.

    \b
    mtaudit baseline create docs/            record the findings in .mtaudit-baseline.json
    mtaudit check --baseline .mtaudit-baseline.json docs/
    mtaudit baseline update docs/            drop the findings fixed since
    """


def _baseline_options(func):
    return _apply([_PATHS, click.option(
        "--output", "-o", "baseline_file", type=click.Path(dir_okay=False, path_type=Path),
        default=Path(".mtaudit-baseline.json"), show_default=True, help="The baseline file."),
        *_SETTINGS_OPTIONS, *_INPUT_OPTIONS, *_RUN_OPTIONS, *_VERBOSITY_OPTIONS], func)


@baseline.command("create")
@_baseline_options
def baseline_create(baseline_file: Path, **options) -> int:
    """Record the current findings of PATHS in the baseline file (replacing it)."""
    from mtaudit.ci.baseline import Baseline

    session = _Session(options, default_format="text")
    items, errors = session.inputs()
    _refuse_to_overwrite_input(baseline_file, [*items, *session.paths])
    report = session.audit(items, errors)
    status = session.status(report, items)
    if status != ExitStatus.OK:
        return status
    created = Baseline.from_report(report, baseline_file)
    created.save(baseline_file)
    session.print_errors(report)
    click.echo(f"mtaudit: baseline {baseline_file}: {_n(created.total(), 'finding')} in {_n(len(created.entries), 'file')}", err=True)
    return ExitStatus.OK


@baseline.command("update")
@_baseline_options
def baseline_update(baseline_file: Path, **options) -> int:
    """Drop from the baseline file the findings of PATHS that are fixed (never adds new ones)."""
    from mtaudit.ci.baseline import Baseline

    current = Baseline.load(baseline_file)
    session = _Session(options, default_format="text")
    items, errors = session.inputs()
    report = session.audit(items, errors)
    status = session.status(report, items)
    if status != ExitStatus.OK:
        return status
    removed = current.prune(report)
    current.save(baseline_file)
    session.print_errors(report)
    click.echo(f"mtaudit: baseline {baseline_file}: {_n(removed, 'fixed finding')} removed, {current.total()} left", err=True)
    return ExitStatus.OK


@cli.command()
@_PATHS
@click.option("--rule", "rules_", multiple=True, metavar="RULES",
              help="Fix only these rules (ids, prefixes or names; comma-separated or repeated).")
@click.option("--min-confidence", type=click.FloatRange(0, 1), default=0.0, show_default=True, metavar="X",
              help="Fix only findings at least this confident.")
@click.option("--dry-run/--write", "dry_run", default=None,
              help="Print a unified diff / write the files [default: write on a terminal, else dry run].")
@_SETTINGS_OPTIONS[0]
@_apply_list(_INPUT_OPTIONS)
@_apply_list(_VERBOSITY_OPTIONS)
def fix(rules_: Sequence[str], min_confidence: float, dry_run: Optional[bool], **options) -> int:
    """Apply the first suggestion of each finding in PATHS, changing nothing else.

    Only plain prose is edited: never code, markup, entities or escapes. Without
    --write or --dry-run, files are written when mtaudit runs on a terminal and a
    diff is printed otherwise (CI, pipes). A dry run exits 1 when there is something to
    fix; 2 when a file could not be read or changed while being fixed.
    """
    from mtaudit import fix as fixing

    if dry_run is None:
        dry_run = not (sys.stdin.isatty() and sys.stdout.isatty())
    options.update(select=tuple(rules_), ignore=(), jobs=1, no_cache=True, report_unused_suppressions=None)
    session = _Session(options, default_format="text")
    items, errors = session.inputs()
    if STDIN in items:
        raise ConfigError("fix needs files, not standard input")
    auditor = session.auditor()
    fixed_files = fixed = 0
    problems = list(errors)
    for item in items:
        shown = display_path(item)
        try:
            plan, document = fixing.read_for_fix(item, shown, session.config.input_format, session.config.lang)
            findings = auditor.audit_document(document).findings
            fixing.plan_fixes(plan, document, findings, min_confidence)
            for finding, why in plan.skipped:
                session.detail(f"mtaudit: {shown}:{finding.location.line}:{finding.location.column} "
                               f"{finding.rule} not fixed: {why}")
            if not plan.edits:
                continue
            if dry_run:
                click.echo(plan.diff(), nl=False)
            else:
                fixing.apply(plan)
            fixed_files += 1
            fixed += len(plan.edits)
        except InputFormatError as exc:
            problems.append(InputError(shown, exc.message))
    for problem in problems:
        click.echo(f"mtaudit: error: {problem.path}: {problem.message}", err=True)
    if dry_run:
        session.notice(f"mtaudit: {_n(fixed, 'fix')} in {_n(fixed_files, 'file')} (dry run: nothing written; --write applies them)")
    else:
        session.notice(f"mtaudit: fixed {_n(fixed, 'finding')} in {_n(fixed_files, 'file')}")
    if problems:
        return ExitStatus.USAGE
    return ExitStatus.FINDINGS if dry_run and fixed else ExitStatus.OK


def _n(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}{'es' if word.endswith('x') else 's'}"


def _split(values: Sequence[str]) -> List[str]:
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


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
        report_unused_suppressions=options.pop("report_unused_suppressions", None),
        **extra,
    )


class _Session:
    """One command's settings, inputs, audit and report output."""

    def __init__(self, options: dict, default_format: str, **extra) -> None:
        self.verbose, self.quiet = options.pop("verbose"), options.pop("quiet")
        self.paths: Sequence[str] = options.pop("paths")
        self.output: Optional[Path] = options.pop("output", None)
        self.output_format = options.pop("output_format", None) or default_format
        self.jobs: Optional[int] = options.pop("jobs")
        self.no_cache: bool = options.pop("no_cache")
        start = Path(next((p for p in self.paths if p != STDIN), "."))
        self.config = _resolve_config(start, options, **extra)

    def notice(self, message: str) -> None:
        if not self.quiet:
            click.echo(message, err=True)

    def detail(self, message: str) -> None:
        if self.verbose:
            click.echo(message, err=True)

    def inputs(self) -> Tuple[List, List]:
        items, errors = find_inputs(self.paths, self.config)
        if self.output is not None:
            _refuse_to_overwrite_input(self.output, [*items, *self.paths])
        return items, errors

    def auditor(self) -> Auditor:
        scorer = None
        if self.config.no_model:
            self.notice(NO_MODEL_NOTICE)
        else:
            from mtaudit.scoring import LazyScorer

            # Loaded only if a file is not in the result cache.
            scorer = LazyScorer(self.config.model, offline=self.config.offline, notify=self.notice)
        cache = None
        if not self.no_cache:
            from mtaudit.cache import ResultCache

            cache = ResultCache(self.config, getattr(scorer, "signature", None))
        return Auditor(self.config, scorer, cache=cache, jobs=self.jobs or default_jobs())

    def audit(self, items: Sequence, errors: Sequence, focus: Optional[dict] = None) -> Report:
        auditor = self.auditor()
        auditor.focus = focus
        show_progress = not self.quiet and self.output_format not in MACHINE_FORMATS and sys.stderr.isatty()
        if show_progress:
            report = _with_progress(auditor, items, errors)
        else:
            report = auditor.audit_inputs(items, errors)
        if auditor.cache is not None:
            self.detail(f"mtaudit: {auditor.cache.hits} of {len(items)} files from the result cache, "
                        f"{len(items) - auditor.cache.hits} audited")
        return report

    def print_errors(self, report: Report) -> None:
        for error in report.errors:
            click.echo(f"mtaudit: error: {error.path}: {error.message}", err=True)

    def render(self, report: Report) -> None:
        reporter = REPORTERS[self.output_format](rules=all_rules(), color=None if self.output is None else False)
        if self.output_format == "text":
            self.print_errors(report)
        if self.output is None:
            reporter.render(report, sys.stdout)
        else:
            self.output.parent.mkdir(parents=True, exist_ok=True)
            with open(self.output, "w", encoding="utf-8", newline="") as stream:
                reporter.render(report, stream)
            self.notice(f"mtaudit: report written to {self.output}")

    def status(self, report: Report, items: Sequence) -> ExitStatus:
        """USAGE when nothing could be audited; OK otherwise (findings are judged by the caller).

        Named files that are all excluded by the configuration leave nothing to audit, which
        is not an error: hooks such as pre-commit pass every changed file."""
        return ExitStatus.USAGE if not report.files and (report.errors or items) else ExitStatus.OK


def _with_progress(auditor: Auditor, items: Sequence, errors: Sequence) -> Report:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    # No auto-refresh thread: the pool forks this process (see mtaudit.pipeline).
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=Console(stderr=True), transient=True, auto_refresh=False) as progress:
        task = progress.add_task("auditing", total=len(items))
        started = []

        def advance(path: str) -> None:
            if started:
                progress.advance(task)
            started.append(path)
            progress.update(task, description=f"auditing {path}", refresh=True)

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
@click.option("--ref", "ref_files", multiple=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Reference translation, one segment per line (repeat for several references).")
@click.option("--ref-file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="One reference file matched unit by unit (.po, XLIFF, locale JSON/YAML) or line by line; "
                   "adds per-segment chrF to the JSON.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text")
def score(hyp_file: Path, ref_files: Sequence[Path], ref_file: Optional[Path], output_format: str) -> int:
    """Corpus BLEU, chrF and TER of --hyp against --ref (or --ref-file), with sacrebleu signatures."""
    import json

    from mtaudit.metrics import corpus_scores, segment_scores

    if bool(ref_files) == bool(ref_file):
        raise click.UsageError("give either --ref (one or more) or --ref-file")
    segments = None
    if ref_file is not None:
        results, segments = segment_scores(hyp_file, ref_file)
    else:
        results = corpus_scores(hyp_file, ref_files)
    if output_format == "json":
        output = {"schema": 1, "version": __version__, "scores": results}
        if segments is not None:
            output["segments"] = segments
        click.echo(json.dumps(output, indent=2, ensure_ascii=False))
    else:
        for item in results:
            click.echo(f"{item['name']:<5} {item['score']:6.2f}  {item['signature']}")
    return ExitStatus.OK


@cli.command()
@click.option("--tcp", "port", type=click.IntRange(1, 65535), default=None, metavar="PORT",
              help="Listen on this TCP port instead of speaking over standard input/output.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on with --tcp.")
@_SETTINGS_OPTIONS[0]
@click.option("--no-model", is_flag=True, help="Rule-based detectors only: never load the language model.")
@click.option("--model", "model_path", default=None, metavar="DIR",
              help="Use this Hugging Face causal LM directory instead of the default model.")
@click.option("--offline", is_flag=True, help="Never download the model (also MTAUDIT_OFFLINE=1).")
@click.option("--debounce", type=click.IntRange(min=0), default=250, show_default=True, metavar="MS",
              help="Audit a changed document after this many milliseconds without another change.")
@click.option("--threads", type=click.IntRange(min=1), default=1, show_default=True, metavar="N",
              help="CPU threads for the model (the other cores stay with the editor).")
@_VERBOSITY_OPTIONS[1]
def lsp(port: Optional[int], host: str, config_file: Optional[Path], no_model: bool, model_path: Optional[str],
        offline: bool, debounce: int, threads: int, verbose: bool) -> int:
    """Run the language server for editors (LSP over stdio, or --tcp PORT).

    Documents are audited as `check` audits files: plain text, Markdown, HTML, .po and XLIFF,
    with the nearest setup.cfg / pyproject.toml settings, suppressions and the nearest
    .mtaudit-baseline.json. Rule-based findings come first; the model loads in the background
    and its findings follow. Needs the `lsp` extra: pip install 'mtaudit[lsp]'. See
    "Editors" in the README for VS Code, Neovim, Helix and Emacs.
    """
    from mtaudit.lsp import serve

    try:
        from mtaudit.lsp.server import Options
    except ImportError as exc:
        raise ConfigError(f"mtaudit lsp needs pygls ({exc}): pip install 'mtaudit[lsp]'") from None
    offline = offline or os.environ.get("MTAUDIT_OFFLINE") == "1"
    serve(Options(no_model=no_model, model=model_path, offline=offline, config_file=config_file,
                  debounce=debounce / 1000, threads=threads), tcp=port, host=host, verbose=verbose)
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
