"""The language server: ``mtaudit lsp`` (pygls, stdio or TCP).

Threads: pygls's event loop only receives messages and publishes; audits run on two worker
threads, one for the rule-based pass (fast: diagnostics soon after a document opens) and
one for the pass with the model, which is loaded once, in the background, after start-up.
Open and save audit at once, a change after ``debounce`` seconds without another one.  A
newer version of a document makes any audit of an older one stop at its next step.

While a document has model findings on screen, an edit's rule-based pass runs only when the
model's result takes more than ``grace`` seconds: it would compete with the model pass for the
CPU, and showing it first would make the model findings blink off and on at each edit.
"""
from __future__ import annotations

import asyncio
import dataclasses
import functools
import logging
import queue
import re
import threading
import time
import traceback
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Tuple

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from mtaudit import __version__
from mtaudit.errors import ConfigError, InputFormatError, MtauditError
from mtaudit.lsp import audit, convert
from mtaudit.types import FileReport

log = logging.getLogger("mtaudit.lsp")

ADD_TO_BASELINE = "mtaudit.addToBaseline"
STATUS = "mtaudit.status"
RULES, MODEL = "rules", "model"
MAX_AUDITORS = 8  # per pass: one per distinct settings in use
WARM_UP = ("The committee met on Tuesday to discuss the budget. It agreed to review the plan again "
           "next year, and the members thanked the staff for their work.")


@dataclasses.dataclass
class Options:
    no_model: bool = False
    model: Optional[str] = None
    offline: bool = False
    config_file: Optional[Path] = None
    debounce: float = 0.25  # seconds without a change before a changed document is audited
    grace: float = 0.5  # seconds an edit's model pass has before the rule-based pass runs too
    threads: int = 1  # torch threads: an editor's server leaves the other cores to the editor


@dataclasses.dataclass
class Doc:
    uri: str
    language_id: Optional[str]
    version: int
    timer: Optional[asyncio.TimerHandle] = None
    shown_version: Optional[int] = None  # version of the diagnostics on screen
    shown_pass: Optional[str] = None
    model_shown: bool = False  # has the client seen model findings for this document?
    report: Optional[Tuple[int, FileReport, audit.Target]] = None  # last full report, for the baseline


class Worker:
    """One daemon thread running jobs in order (daemon: a long audit never delays exit)."""

    def __init__(self, name: str) -> None:
        self.jobs: "queue.Queue[Callable[[], None]]" = queue.Queue()
        self.idle = threading.Event()  # set while no job is queued or running
        self.idle.set()
        self._pending = 0
        self._lock = threading.Lock()
        threading.Thread(target=self._run, name=name, daemon=True).start()

    def submit(self, job: Callable[[], None]) -> None:
        with self._lock:
            self._pending += 1
            self.idle.clear()
        self.jobs.put(job)

    def _run(self) -> None:
        while True:
            self.jobs.get()()
            with self._lock:
                self._pending -= 1
                if not self._pending:
                    self.idle.set()


class MtauditServer(LanguageServer):
    def __init__(self, options: Options) -> None:
        super().__init__("mtaudit", __version__)
        self.options = options
        self.documents: Dict[str, Doc] = {}
        self.loop: Optional[asyncio.AbstractEventLoop] = None
        self.workers = {RULES: Worker("mtaudit-rules"), MODEL: Worker("mtaudit-model")}
        self.auditors: Dict[str, Dict[tuple, audit.BufferAuditor]] = {RULES: {}, MODEL: {}}
        self.scorers: Dict[Optional[str], Any] = {}  # loaded models by name: one per server
        self.model_problems: Dict[Optional[str], str] = {}
        self.loading: set = set()
        self.lock = threading.Lock()
        self.rule_docs: Dict[str, str] = {}
        self.audits = {RULES: 0, MODEL: 0}
        self.shut_down = False  # the client asked for shutdown (exit code 0 on exit)

    # -- messages to the client, from any thread ----------------------------------------

    def on_loop(self, func: Callable, *args: Any) -> None:
        if self.loop is not None:
            self.loop.call_soon_threadsafe(func, *args)

    def say(self, message: str, kind: lsp.MessageType = lsp.MessageType.Log) -> None:
        self.on_loop(self.window_log_message, lsp.LogMessageParams(type=kind, message=message))

    def warn(self, message: str) -> None:
        self.say(message, lsp.MessageType.Warning)
        self.on_loop(self.window_show_message, lsp.ShowMessageParams(type=lsp.MessageType.Warning, message=message))

    # -- start-up ---------------------------------------------------------------------

    def start(self) -> None:
        """After `initialized`: warm the rules up, write the rule docs and load the model."""
        self.loop = asyncio.get_running_loop()
        self.workers[RULES].submit(self._warm_up)
        if not self.options.no_model:
            self.scorer(self.options.model)

    def _warm_up(self) -> None:
        try:
            from mtaudit.api import Auditor
            from mtaudit.config import Config

            Auditor(Config(no_model=True)).audit_text(WARM_UP)  # loads the lexicons and word lists
            self.rule_docs = write_rule_docs()
        except Exception as exc:  # never fatal: the first audit pays instead
            self.say(f"mtaudit: warm-up failed: {exc}")

    def scorer(self, model: Optional[str]) -> Any:
        """The loaded scorer for ``model``; None while it loads (loading starts on first ask)."""
        with self.lock:
            if model in self.scorers or model in self.model_problems or model in self.loading:
                return self.scorers.get(model)
            self.loading.add(model)
        threading.Thread(target=self._load, args=(model,), name="mtaudit-load", daemon=True).start()
        return None

    def _load(self, model: Optional[str]) -> None:
        started = time.perf_counter()
        # Importing torch and reading the weights hold the interpreter most of the time: the
        # rule-based diagnostics asked for meanwhile (the warm-up, the first documents) go first.
        self.workers[RULES].idle.wait()
        try:
            from mtaudit.scoring import load_scorer

            scorer = load_scorer(model, offline=self.options.offline, notify=lambda m: self.say(f"mtaudit: {m}"))
            import torch

            torch.set_num_threads(self.options.threads)
        except (MtauditError, ImportError) as exc:
            with self.lock:
                self.model_problems[model] = str(exc)
                self.loading.discard(model)
            self.warn(f"mtaudit: the fluency model is not available, rule-based findings only: {exc}")
            return
        with self.lock:
            self.scorers[model] = scorer
            self.loading.discard(model)
        self.say(f"mtaudit: model ready after {time.perf_counter() - started:.1f} s", lsp.MessageType.Info)
        self.on_loop(self._model_ready)

    def _model_ready(self) -> None:
        for doc in self.documents.values():
            self._submit(doc, passes=(MODEL,))

    # -- scheduling (event loop) ---------------------------------------------------------

    def schedule(self, uri: str, delay: float) -> None:
        doc = self.documents.get(uri)
        if doc is None:
            return
        if doc.timer is not None:
            doc.timer.cancel()
            doc.timer = None
        if delay > 0 and self.loop is not None:
            doc.timer = self.loop.call_later(delay, self._submit, doc)
        else:
            self._submit(doc)

    def _submit(self, doc: Doc, passes: Tuple[str, ...] = (RULES, MODEL)) -> None:
        doc.timer = None
        if self.documents.get(doc.uri) is not doc:
            return
        text = self.workspace.get_text_document(doc.uri).source
        encoding = self.workspace.position_encoding or lsp.PositionEncodingKind.Utf16
        if self.options.no_model:
            passes = tuple(name for name in passes if name != MODEL)
        elif doc.model_shown and self.scorers and passes == (RULES, MODEL):
            # The model pass of an edit is usually quick: the rule-based pass, which would only
            # compete with it for the CPU, runs only if the model's result is late.
            self.loop.call_later(self.options.grace, self._late_rules, doc, doc.version, text, encoding)
            passes = (MODEL,)
        for name in passes:
            self.workers[name].submit(functools.partial(self._audit, name, doc, doc.version, text, encoding))

    def _late_rules(self, doc: Doc, version: int, text: str, encoding: str) -> None:
        if self.documents.get(doc.uri) is doc and doc.version == version and doc.shown_version != version:
            self.workers[RULES].submit(functools.partial(self._audit, RULES, doc, version, text, encoding))

    # -- audits (worker threads) ----------------------------------------------------------

    def _auditor(self, name: str, config, scorer) -> audit.BufferAuditor:
        auditors = self.auditors[name]
        key = (repr(config), id(scorer))
        if key not in auditors:
            if len(auditors) >= MAX_AUDITORS:
                del auditors[next(iter(auditors))]
            config = dataclasses.replace(config, no_model=scorer is None)
            auditors[key] = audit.BufferAuditor(config, scorer)
        return auditors[key]

    def _audit(self, name: str, doc: Doc, version: int, text: str, encoding: str) -> None:
        stale = lambda: self.documents.get(doc.uri) is not doc or doc.version != version  # noqa: E731
        if stale():
            return
        started = time.perf_counter()
        try:
            with audit.cancellable(stale):
                outcome = self._outcome(name, doc, version, text, encoding)
        except audit.Cancelled:
            return
        except Exception as exc:  # a bug: tell the client, keep serving
            log.error("%s", traceback.format_exc())
            self.say(f"mtaudit: internal error while auditing {doc.uri}: {exc.__class__.__name__}: {exc}",
                     lsp.MessageType.Error)
            return
        if outcome is None:
            return
        self.audits[name] += 1
        elapsed = time.perf_counter() - started
        self.on_loop(self._deliver, doc, version, name, outcome, elapsed)

    def _outcome(self, name: str, doc: Doc, version: int, text: str, encoding: str):
        """What to show for ``doc``: (diagnostics, report or None); None when this pass has
        nothing to add (the model pass without a model)."""
        uri_path = to_fs_path(doc.uri) if doc.uri.startswith("file:") else None
        root = self.root()
        try:
            where = audit.target(uri_path, doc.uri, doc.language_id, root or Path.cwd(), self.options.config_file,
                                 model=self.options.model, offline=self.options.offline or None,
                                 no_model=self.options.no_model or None)
        except ConfigError as exc:
            return ([convert.problem(exc.message, text, encoding)], None) if name == RULES else None
        if where.format is None or where.excluded:
            return ([], None) if name == RULES else None
        scorer = None
        if name == MODEL:
            if where.config.no_model:
                return None
            scorer = self.scorer(where.config.model)
            if scorer is None:
                return None
        try:
            report = audit.audit_buffer(self._auditor(name, where.config, scorer), text, where)
        except InputFormatError as exc:
            return ([convert.problem(exc.message, text, encoding, _line_of(exc.message))], None) if name == RULES else None
        baseline = audit.find_baseline(where, root)
        try:
            kept, prints = audit.without_baselined(report, baseline)
        except ConfigError as exc:
            return [convert.problem(exc.message, text, encoding)], None
        found = convert.diagnostics(kept, text, encoding, version, prints, self.rule_docs)
        return found, (report, where)

    def root(self) -> Optional[Path]:
        """The workspace's root folder, when the client named one."""
        uri = self.workspace.root_uri
        return Path(to_fs_path(uri)) if uri and uri.startswith("file:") else None

    # -- publishing (event loop) -----------------------------------------------------------

    def _deliver(self, doc: Doc, version: int, name: str, outcome, elapsed: float) -> None:
        if self.documents.get(doc.uri) is not doc or doc.version != version:
            return
        if name == RULES and doc.shown_version == version and doc.shown_pass == MODEL:
            return  # the model's result for this version is on screen already
        self._publish(doc, version, name, outcome, elapsed)

    def _publish(self, doc: Doc, version: int, name: str, outcome, elapsed: float) -> None:
        diagnostics, full = outcome
        doc.shown_version, doc.shown_pass = version, name
        if name == MODEL:
            doc.model_shown = True
        if full is not None:
            doc.report = (version, *full)
        self.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=doc.uri, diagnostics=diagnostics, version=version))
        self.say(f"mtaudit: {doc.uri} version {version}: {len(diagnostics)} diagnostics from the {name} pass "
                 f"({elapsed * 1000:.0f} ms)")

    # -- code actions and commands (event loop) -------------------------------------------------

    def code_actions(self, params: lsp.CodeActionParams) -> List[lsp.CodeAction]:
        doc = self.documents.get(params.text_document.uri)
        if doc is None:
            return []
        text = self.workspace.get_text_document(doc.uri).source
        encoding = self.workspace.position_encoding or lsp.PositionEncodingKind.Utf16
        actions: List[lsp.CodeAction] = []
        for diagnostic in params.context.diagnostics:
            data = diagnostic.data if isinstance(diagnostic.data, dict) else None
            if diagnostic.source != convert.SOURCE or data is None or data.get("version") != doc.version:
                continue  # not ours, or found in an older version of the text
            old = _text_in(text, diagnostic.range, encoding)
            for i, suggestion in enumerate(data.get("suggestions") or []):
                actions.append(lsp.CodeAction(
                    title=f"{convert.replacement_title(old, suggestion)} ({diagnostic.code})",
                    kind=lsp.CodeActionKind.QuickFix, diagnostics=[diagnostic], is_preferred=i == 0,
                    edit=self._edit(doc, [lsp.TextEdit(range=diagnostic.range, new_text=suggestion)])))
            comment = convert.suppression_edit(text, data.get("format", ""), str(diagnostic.code),
                                               diagnostic.range.start.line, encoding)
            if comment is not None:
                actions.append(lsp.CodeAction(
                    title=f"Suppress {diagnostic.code} on this line", kind=lsp.CodeActionKind.QuickFix,
                    diagnostics=[diagnostic], edit=self._edit(doc, [comment])))
            if data.get("fingerprint"):
                actions.append(lsp.CodeAction(
                    title=f"Add this {diagnostic.code} finding to the baseline", kind=lsp.CodeActionKind.QuickFix,
                    diagnostics=[diagnostic],
                    command=lsp.Command(title="Add to the mtaudit baseline", command=ADD_TO_BASELINE,
                                        arguments=[doc.uri, data["fingerprint"]])))
        return actions

    def _edit(self, doc: Doc, edits: List[lsp.TextEdit]) -> lsp.WorkspaceEdit:
        capabilities = self.client_capabilities.workspace
        versioned = bool(capabilities and capabilities.workspace_edit and capabilities.workspace_edit.document_changes)
        if versioned:  # the client refuses the edit if the text changed since
            identifier = lsp.OptionalVersionedTextDocumentIdentifier(uri=doc.uri, version=doc.version)
            return lsp.WorkspaceEdit(document_changes=[lsp.TextDocumentEdit(text_document=identifier, edits=edits)])
        return lsp.WorkspaceEdit(changes={doc.uri: edits})

    def add_to_baseline(self, uri: str, fingerprint: str) -> Optional[str]:
        doc = self.documents.get(uri)
        if doc is None or doc.report is None or doc.report[0] != doc.version:
            self.warn("mtaudit: the document changed since it was audited; try again in a moment")
            return None
        _, report, where = doc.report
        baseline = audit.find_baseline(where, self.root())
        try:
            if not audit.add_to_baseline(baseline, report, fingerprint):
                return None
        except (ConfigError, OSError) as exc:
            self.warn(f"mtaudit: cannot update the baseline {baseline}: {exc}")
            return None
        self.say(f"mtaudit: added a finding to {baseline}", lsp.MessageType.Info)
        for other in self.documents.values():
            self._submit(other)
        return str(baseline)

    def status(self) -> dict:
        """For tests and the benchmark: models loaded, documents open, work done."""
        return {
            "models": len(self.scorers),
            "model_ready": bool(self.scorers),
            "loading": len(self.loading),
            "documents": len(self.documents),
            "audits": dict(self.audits),
            "fresh_sentences": {name: sum(a.fresh_sentences for a in auditors.values())
                                for name, auditors in self.auditors.items()},
        }


def _text_in(text: str, where: lsp.Range, encoding: str) -> str:
    positions = convert.Positions(text, encoding)

    def offset(position: lsp.Position) -> int:
        if position.line >= len(positions.starts):
            return len(text)
        line, count = positions.line(position.line + 1), 0
        for i, ch in enumerate(line):
            if count >= position.character:
                return positions.starts[position.line] + i
            count += convert.units(ch, encoding)
        return positions.starts[position.line] + len(line)

    return text[offset(where.start) : offset(where.end)]


def _line_of(message: str) -> Optional[int]:
    m = re.search(r"\bline (\d+)", message)
    return int(m.group(1)) if m else None


def write_rule_docs() -> Dict[str, str]:
    """Each rule's explanation (what `mtaudit rules ID` prints) as a Markdown file in the
    cache, for the diagnostics' code links; file URIs by rule id."""
    from mtaudit.rules import all_rules
    from mtaudit.scoring.registry import cache_root

    folder = cache_root() / "rules" / __version__
    folder.mkdir(parents=True, exist_ok=True)
    links = {}
    for rule in all_rules().values():
        path = folder / f"{rule.id}.md"
        content = f"# {rule.id} {rule.name} ({rule.severity.value})\n\n{rule.summary}\n\n{rule.doc()}\n"
        if not path.is_file() or path.read_text(encoding="utf-8") != content:
            path.write_text(content, encoding="utf-8")
        links[rule.id] = path.as_uri()
    return links


def build(options: Options) -> MtauditServer:
    server = MtauditServer(options)

    @server.feature(lsp.INITIALIZED)
    def initialized(ls: MtauditServer, params: lsp.InitializedParams) -> None:
        ls.start()

    @server.feature(lsp.SHUTDOWN)
    def shutdown(ls: MtauditServer, params: None) -> None:
        ls.shut_down = True

    @server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: MtauditServer, params: lsp.DidOpenTextDocumentParams) -> None:
        item = params.text_document
        ls.documents[item.uri] = Doc(item.uri, item.language_id, item.version)
        ls.schedule(item.uri, 0)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: MtauditServer, params: lsp.DidChangeTextDocumentParams) -> None:
        doc = ls.documents.get(params.text_document.uri)
        if doc is not None:
            doc.version = params.text_document.version
            ls.schedule(doc.uri, ls.options.debounce)

    @server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: MtauditServer, params: lsp.DidSaveTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, 0)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: MtauditServer, params: lsp.DidCloseTextDocumentParams) -> None:
        doc = ls.documents.pop(params.text_document.uri, None)
        if doc is not None and doc.timer is not None:
            doc.timer.cancel()
        ls.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=params.text_document.uri, diagnostics=[]))

    @server.feature(lsp.TEXT_DOCUMENT_CODE_ACTION, lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix]))
    def code_action(ls: MtauditServer, params: lsp.CodeActionParams) -> List[lsp.CodeAction]:
        return ls.code_actions(params)

    @server.command(ADD_TO_BASELINE)
    def add_to_baseline(ls: MtauditServer, *args: Any) -> Optional[str]:
        if len(args) != 2 or not all(isinstance(a, str) for a in args):
            raise ValueError(f"{ADD_TO_BASELINE} takes a document URI and a finding fingerprint")
        return ls.add_to_baseline(*args)

    @server.command(STATUS)
    def status(ls: MtauditServer, *args: Any) -> dict:
        return ls.status()

    return server
