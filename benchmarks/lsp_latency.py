#!/usr/bin/env python3
"""Latency of `mtaudit lsp`, measured as an editor sees it, against the issue's targets.

    python benchmarks/lsp_latency.py [--shared ../shared] [--opens 5] [--edits 8] [--threads 1]

Starts the real server over stdio (the model loaded in the background, ``--debounce 0`` so
that the time measured is the server's, not the pause it waits for) with a cache folder of
its own that shares the user's models, so no score is read from an earlier run.  Documents
are 200-sentence Markdown files of MLQE-PE dev post-edits (4 sentences a paragraph; each
document and each edit uses sentences not seen before), and:

- **open**: time from ``didOpen`` to the first diagnostics (the rule-based pass), for new
  documents while the model thread audits the previously opened ones; the target is 300 ms;
- **edit**: once the model has audited a document, one sentence is replaced by another
  (an incremental ``didChange``) and the time to the model pass's diagnostics for that
  version is measured; the target is 2 x (the time to score one sentence) + 50 ms, where a
  sentence's scoring time is measured in this process with the same model and threads,
  just before each edit, while the server is idle;
- **memory**: the server's resident memory with one document, then with 10 more open
  (models loaded stays 1).

A measurement, not a test: nothing here asserts.  Each figure is printed with its median
and the single runs.
"""
from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import List, Optional, Sequence

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from detection import mlqe_sentences  # noqa: E402
from tests.lsp.client import Client  # noqa: E402

SENTENCES = 200
PER_PARAGRAPH = 4


def document(sentences: Sequence[str]) -> str:
    paragraphs = [" ".join(sentences[i : i + PER_PARAGRAPH]) for i in range(0, len(sentences), PER_PARAGRAPH)]
    return "# Report\n\n" + "\n\n".join(paragraphs) + "\n"


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def model_pass(client: Client, uri: str, version: int, timeout: float = 1800) -> float:
    """Arrival time of the model pass's diagnostics for ``version`` (the publish just before
    the server's log line about it)."""
    log = client.log_message(f"{uri} version {version}:", "model pass", timeout=timeout)
    index = client.seen.index(log)
    publish = next(m for m in reversed(client.seen[:index]) if m.get("method") == "textDocument/publishDiagnostics"
                   and m["params"]["uri"] == uri and m["params"].get("version") == version)
    return publish["_received"]


def server_ms(client: Client, uri: str, version: int) -> float:
    """How long the server's model pass for ``version`` took, from its log line."""
    log = client.log_message(f"{uri} version {version}:", "model pass")
    return float(re.search(r"\((\d+) ms\)", log["params"]["message"]).group(1))


def summary(values: List[float]) -> str:
    return f"median {statistics.median(values):.0f} ms (runs: {', '.join(f'{v:.0f}' for v in values)})"


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--opens", type=int, default=5)
    parser.add_argument("--edits", type=int, default=8)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args(argv)

    from mtaudit.scoring import load_scorer, registry

    pool = mlqe_sentences(args.shared, "pe", SENTENCES * (args.opens + 1) + 2 * args.edits + 40)
    main_doc, pool = pool[:SENTENCES], pool[SENTENCES:]
    opened_docs = [pool[i * SENTENCES : (i + 1) * SENTENCES] for i in range(args.opens)]
    pool = pool[args.opens * SENTENCES :]
    replacements, probes, small = pool[: args.edits], pool[args.edits : 2 * args.edits], pool[2 * args.edits :]

    spec, _ = registry.resolve(None)
    if not registry.is_cached(spec):
        registry.fetch(spec)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "cache").mkdir()
        (folder / "cache" / "models").symlink_to(registry.cache_root() / "models", target_is_directory=True)
        started = time.perf_counter()
        client = Client(["--debounce", "0", "--threads", str(args.threads), "--offline"], cwd=folder, root=folder,
                        env={"MTAUDIT_CACHE": str(folder / "cache")})
        try:
            uri = (folder / "main.md").as_uri()
            text = document(main_doc)
            (folder / "main.md").write_text(text, encoding="utf-8")
            sent = client.open(uri, text)
            first = client.diagnostics(uri, 1, timeout=600)["_received"] - sent
            ready = client.log_message("model ready", timeout=900)["_received"] - started
            print(f"server started; first rule-based diagnostics of a 200-sentence file {first * 1000:.0f} ms after "
                  f"didOpen (model still loading); model ready {ready:.1f} s after start")
            audited = model_pass(client, uri, 1) - sent
            print(f"model pass over the 200 sentences: {audited:.1f} s after didOpen")

            from mtaudit.api import Auditor
            from mtaudit.config import Config

            reference = Auditor(Config(no_model=True))
            reference.audit_text(document(small[-40:]), "warm-up.md", "markdown")
            opens, alone = [], []
            for i, sentences in enumerate(opened_docs):
                t0 = time.perf_counter()
                reference.audit_text(document(sentences), "same.md", "markdown")
                alone.append((time.perf_counter() - t0) * 1000)
                other = (folder / f"open{i}.md").as_uri()
                sent = client.open(other, document(sentences))
                opens.append((client.diagnostics(other, 1, timeout=600)["_received"] - sent) * 1000)
            print(f"open, rule-based diagnostics of a new 200-sentence file (model thread busy with the previous "
                  f"ones): {summary(opens)}; target 300 ms; met in {sum(v <= 300 for v in opens)}/{len(opens)}")
            print(f"  the same rule-based audit in this process, no server, model idle: {summary(alone)}; "
                  f"server / alone: median {statistics.median(o / a for o, a in zip(opens, alone)):.2f}")
            for i in range(len(opened_docs)):  # let the model thread finish before the edits
                model_pass(client, (folder / f"open{i}.md").as_uri(), 1)

            import torch

            scorer = load_scorer(None, offline=True, disk_cache=False)
            torch.set_num_threads(args.threads)
            scorer.score(["A first sentence warms the model up."])
            before = client.request("workspace/executeCommand", {"command": "mtaudit.status", "arguments": []})
            singles, edits, work = [], [], []
            lines = text.split("\n")
            version = 1
            for k, (new, probe) in enumerate(zip(replacements, probes)):
                t0 = time.perf_counter()
                scorer.score([probe])
                singles.append((time.perf_counter() - t0) * 1000)
                # One sentence of paragraph k*3 (a line of its own) becomes a new sentence.
                line = 2 + 2 * (k * 3 % (SENTENCES // PER_PARAGRAPH))
                old = main_doc[(line - 2) // 2 * PER_PARAGRAPH + 1]
                column = lines[line].index(old)
                version += 1
                sent = client.change(uri, version, edits=[{"range": {
                    "start": {"line": line, "character": len(lines[line][:column].encode("utf-16-le")) // 2},
                    "end": {"line": line, "character": len(lines[line][: column + len(old)].encode("utf-16-le")) // 2}},
                    "text": new}])
                lines[line] = lines[line][:column] + new + lines[line][column + len(old) :]
                edits.append((model_pass(client, uri, version) - sent) * 1000)
                work.append(server_ms(client, uri, version))
            targets = [2 * s + 50 for s in singles]
            print(f"scoring one sentence (this process, {args.threads} thread(s)): {summary(singles)}")
            print(f"edit, one sentence replaced, to the model pass's diagnostics: {summary(edits)}")
            print(f"  of which the server's audit itself: {summary(work)}")
            print(f"  target 2 x one sentence + 50 ms: {summary(targets)}; met in "
                  f"{sum(e <= t for e, t in zip(edits, targets))}/{len(edits)}; "
                  f"latency / one sentence: median {statistics.median(e / s for e, s in zip(edits, singles)):.2f}")
            state = client.request("workspace/executeCommand", {"command": "mtaudit.status", "arguments": []})
            print(f"  sentences the model's rules ran on during the edits: "
                  f"{state['fresh_sentences']['model'] - before['fresh_sentences']['model']} for {len(edits)} edits")

            before = rss_mib(client.process.pid)
            for i in range(10):
                extra = (folder / f"small{i}.md").as_uri()
                client.open(extra, " ".join(small[i * 4 : i * 4 + 4]) + "\n")
                model_pass(client, extra, 1)
            state = client.request("workspace/executeCommand", {"command": "mtaudit.status", "arguments": []})
            print(f"memory: server RSS {before:.0f} MiB with {args.opens + 1} documents open, "
                  f"{rss_mib(client.process.pid):.0f} MiB with {state['documents']}; models loaded: {state['models']}")
        finally:
            client.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
