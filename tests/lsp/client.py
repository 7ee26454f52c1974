"""A small LSP client for the tests and the benchmark: starts ``mtaudit lsp`` as a real
subprocess and speaks JSON-RPC to it over its standard input and output."""
from __future__ import annotations

import itertools
import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Sequence

ROOT = Path(__file__).resolve().parents[2]


class Client:
    """Timeouts are generous (the waits end as soon as the message comes): a busy machine is slow."""

    def __init__(self, args: Sequence[str] = ("--no-model",), cwd: Optional[Path] = None,
                 env: Optional[Dict[str, str]] = None, root: Optional[Path] = None,
                 encodings: Optional[List[str]] = None, document_changes: bool = True,
                 tcp: Optional[int] = None) -> None:
        environment = dict(os.environ, **(env or {}))
        environment["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), environment.get("PYTHONPATH")]))
        transport = ["--tcp", str(tcp)] if tcp else []
        self.process = subprocess.Popen([sys.executable, "-m", "mtaudit", "lsp", *transport, *args], cwd=cwd or ROOT,
                                        env=environment, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE)
        self.input, self.output = self.process.stdout, self.process.stdin
        if tcp:
            self.input, self.output = _connect(tcp, self.process)
        self.ids = itertools.count(1)
        self.seen: List[dict] = []  # notifications received, in order, with their arrival time
        self.responses: Dict[int, dict] = {}
        self.lock = threading.Condition()
        self.stderr: List[bytes] = []
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=lambda: self.stderr.extend(self.process.stderr), daemon=True).start()
        capabilities: Dict[str, Any] = {
            "workspace": {"workspaceEdit": {"documentChanges": document_changes}, "applyEdit": True},
            "textDocument": {"publishDiagnostics": {"versionSupport": True, "codeDescriptionSupport": True,
                                                    "dataSupport": True},
                             "codeAction": {"dataSupport": True}},
        }
        if encodings:
            capabilities["general"] = {"positionEncodings": encodings}
        self.initialize_result = self.request("initialize", {
            "processId": os.getpid(), "rootUri": root.as_uri() if root else None, "capabilities": capabilities},
            timeout=300)  # the first start compiles and imports everything; slow on a busy machine
        self.notify("initialized", {})

    # -- transport ------------------------------------------------------------------------

    def _read(self) -> None:
        stream = self.input
        while True:
            headers = {}
            while True:
                line = stream.readline()
                if not line:
                    return
                line = line.decode("ascii").strip()
                if not line:
                    break
                name, _, value = line.partition(":")
                headers[name.lower()] = value.strip()
            body = json.loads(stream.read(int(headers["content-length"])))
            body["_received"] = time.perf_counter()
            if "id" in body and "method" in body:  # a request from the server: answer it
                self._send({"jsonrpc": "2.0", "id": body["id"], "result": None})
            with self.lock:
                if "id" in body and "method" not in body:
                    self.responses[body["id"]] = body
                else:
                    self.seen.append(body)
                self.lock.notify_all()

    def _send(self, message: dict) -> None:
        data = json.dumps(message).encode("utf-8")
        self.output.write(b"Content-Length: %d\r\n\r\n" % len(data) + data)
        self.output.flush()

    def notify(self, method: str, params: Any) -> float:
        sent = time.perf_counter()
        self._send({"jsonrpc": "2.0", "method": method, "params": params})
        return sent

    def request(self, method: str, params: Any, timeout: float = 300) -> Any:
        number = next(self.ids)
        self._send({"jsonrpc": "2.0", "id": number, "method": method, "params": params})
        response = self._wait(lambda: self.responses.pop(number, None), timeout, f"a response to {method}")
        if "error" in response:
            raise RuntimeError(f"{method}: {response['error']}")
        return response.get("result")

    def _wait(self, found: Callable[[], Any], timeout: float, what: str) -> Any:
        deadline = time.monotonic() + timeout
        with self.lock:
            while True:
                value = found()
                if value is not None:
                    return value
                left = deadline - time.monotonic()
                if left <= 0 or self.process.poll() is not None:
                    raise AssertionError(f"no {what} within {timeout} s (server exit code {self.process.poll()}); "
                                         f"stderr: {b''.join(self.stderr).decode(errors='replace')[-3000:]}")
                self.lock.wait(min(left, 0.5))

    # -- documents ------------------------------------------------------------------------

    def open(self, uri: str, text: str, language_id: str = "markdown", version: int = 1) -> float:
        return self.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": language_id, "version": version, "text": text}})

    def change(self, uri: str, version: int, text: Optional[str] = None, edits: Sequence[dict] = ()) -> float:
        changes = [{"text": text}] if text is not None else list(edits)
        return self.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version},
                                                      "contentChanges": changes})

    def diagnostics(self, uri: str, version: Optional[int] = None, timeout: float = 300,
                    where: Callable[[List[dict]], bool] = lambda d: True, after: int = 0) -> dict:
        """The first publishDiagnostics for ``uri`` (of ``version``, when given) among the
        notifications from index ``after`` on that satisfies ``where``."""
        def found():
            for message in self.seen[after:]:
                params = message.get("params", {})
                if (message.get("method") == "textDocument/publishDiagnostics" and params["uri"] == uri
                        and (version is None or params.get("version") == version) and where(params["diagnostics"])):
                    return message
            return None

        return self._wait(found, timeout, f"diagnostics for {uri} version {version}")

    def published(self, uri: str) -> List[dict]:
        with self.lock:
            return [m for m in self.seen if m.get("method") == "textDocument/publishDiagnostics"
                    and m["params"]["uri"] == uri]

    def log_message(self, *needles: str, timeout: float = 300) -> dict:
        """The first log or shown message that contains every one of ``needles``."""
        def found():
            return next((m for m in self.seen if m.get("method") in ("window/logMessage", "window/showMessage")
                         and all(n in m["params"]["message"] for n in needles)), None)

        return self._wait(found, timeout, f"a log message with {needles!r}")

    def code_actions(self, uri: str, diagnostic: dict) -> List[dict]:
        return self.request("textDocument/codeAction", {
            "textDocument": {"uri": uri}, "range": diagnostic["range"], "context": {"diagnostics": [diagnostic]}})

    def close(self) -> int:
        if self.process.poll() is None:
            try:
                self.request("shutdown", None, timeout=20)
                self.notify("exit", None)
                return self.process.wait(timeout=20)
            except (AssertionError, OSError, subprocess.TimeoutExpired):
                self.process.kill()
        return self.process.wait()


def _connect(port: int, process: subprocess.Popen, timeout: float = 300):
    deadline = time.monotonic() + timeout
    while True:
        try:
            connection = socket.create_connection(("127.0.0.1", port), timeout=5)
            connection.settimeout(None)
            return connection.makefile("rb"), connection.makefile("wb")
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                raise
            time.sleep(0.1)


def apply_workspace_edit(text: str, uri: str, edit: dict, encoding: str = "utf-16") -> str:
    """``text`` with the edits of ``edit`` for ``uri`` applied, positions in ``encoding``."""
    edits = [e for change in edit.get("documentChanges", []) if change["textDocument"]["uri"] == uri
             for e in change["edits"]] + edit.get("changes", {}).get(uri, [])
    lines = text.splitlines(keepends=True) or [""]

    def offset(position: dict) -> int:
        before = sum(len(line) for line in lines[: position["line"]])
        line = lines[position["line"]] if position["line"] < len(lines) else ""
        count = 0
        for i, ch in enumerate(line):
            if count >= position["character"]:
                return before + i
            count += units(ch, encoding)
        return before + len(line.rstrip("\r\n"))

    for e in sorted(edits, key=lambda e: (offset(e["range"]["start"]), offset(e["range"]["end"])), reverse=True):
        text = text[: offset(e["range"]["start"])] + e["newText"] + text[offset(e["range"]["end"]) :]
    return text


def units(text: str, encoding: str = "utf-16") -> int:
    """Length of ``text`` in LSP code units of ``encoding``."""
    if encoding == "utf-8":
        return len(text.encode("utf-8"))
    if encoding == "utf-32":
        return len(text)
    return len(text.encode("utf-16-le")) // 2
