"""The fluency scorer: batched token log-probabilities from a causal language model, cached."""
from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Sequence

from mtaudit import __version__
from mtaudit.errors import ModelError
from mtaudit.scoring import registry
from mtaudit.scoring.cache import DiskCache, Tokens, text_digest
from mtaudit.scoring.slor import Calibration, SentenceScore, slor, uncalibrated_fluency, word_spans

# Bump when the way token surprisals are computed changes: old disk-cache entries then stop matching.
SCORING_FORMAT = 2
MAX_BATCH_TOKENS = 512  # padded tokens per forward pass: 5-10% faster than 256 or 1024 on 2 cores
MAX_SENTENCE_TOKENS = 512  # longer "sentences" (tables, run-ons) are scored on their first 512 tokens
MAX_MEMORY_ENTRIES = 100_000
DTYPES = ("auto", "bf16", "fp32")
_LINE_BREAKS = str.maketrans("\n\r\t\v\f\u2028\u2029\x85", "        ")


class FluencyScorer:
    """Scores sentences with a causal language model.  Build one with :func:`load_scorer`.

    ``signature`` identifies everything that determines the scores, sacrebleu-style, e.g.
    ``model:SmolLM2-135M-Instruct|sha:1a2b3c4d|dtype:bf16|calib:1|v:0.1.0``.
    """

    def __init__(
        self,
        model: Any,  # in float32; cast to bfloat16 here when dtype is "bf16"
        tokenizer: Any,
        *,
        name: str,
        identity: str,
        dtype: str,
        calibration: Optional[Calibration],
        calibration_version: Optional[int],
        cache_path: Optional[Path],
    ) -> None:
        import torch

        self._torch = torch
        self._tokenizer = tokenizer
        self._calibration = calibration
        self._memory: Dict[str, Tokens] = {}
        self._bos = _start_token(tokenizer, name)
        # The first token of every sentence is predicted from the start token alone, so its
        # distribution is one fixed vector: compute it once in float32.  In bfloat16 it is
        # off by up to 1.7 nats (the start position carries huge activations).
        with torch.inference_mode():
            logits = model(input_ids=torch.tensor([[self._bos]]), use_cache=False).logits[0, -1]
            self._first = -torch.log_softmax(logits.float(), dim=-1)
        self._model = model.to(torch.bfloat16) if dtype == "bf16" else model
        self.dtype = dtype
        self.signature = (
            f"model:{name}|sha:{identity[:8]}|dtype:{dtype}|calib:{calibration_version or 'none'}|v:{__version__}"
        )
        self.cache_key = f"{identity}|{dtype}|bos:{self._bos}|f:{SCORING_FORMAT}"
        self._disk = DiskCache(cache_path, self.cache_key) if cache_path is not None else None
        self.forward_calls = 0  # batches run through the model: lets tests and benchmarks see cache hits

    # -- public ------------------------------------------------------------------------

    def score(self, texts: Sequence[str]) -> List[SentenceScore]:
        return [self._sentence_score(t, tokens) for t, tokens in zip(texts, self._tokens(texts))]

    def logprob(self, texts: Sequence[str]) -> List[float]:
        """Total log-probability (nats) of each text; batched and cached like :meth:`score`."""
        return [-sum(s for _, _, s in tokens) for tokens in self._tokens(texts)]

    def forget(self) -> None:
        """Drop the in-process cache (benchmarks time scoring from scratch with it)."""
        self._memory.clear()

    # -- internals ---------------------------------------------------------------------

    def _sentence_score(self, text: str, tokens: Tokens) -> SentenceScore:
        lm = -sum(s for _, _, s in tokens)
        scored_end = tokens[-1][1] if tokens else 0  # < len(text) only for truncated texts
        unigram = [lp for start, _, lp in word_spans(text) if start < scored_end]
        length = len(unigram) or len(tokens)  # all punctuation: per token
        value = slor(lm, sum(unigram), length)
        if not tokens:
            fluency = 100.0  # nothing to judge
        elif self._calibration is not None:
            fluency = self._calibration.fluency(value, length)
        else:
            fluency = uncalibrated_fluency(value)
        return SentenceScore(fluency, value, lm, len(tokens), tokens)

    def _tokens(self, texts: Sequence[str]) -> List[Tokens]:
        # A line break inside a sentence (wrapped Markdown, .po continuation lines) is a space
        # to a reader, but a paragraph break to the model.  One character for one keeps offsets.
        texts = [t.translate(_LINE_BREAKS) for t in texts]
        missing = [t for t in dict.fromkeys(texts) if t not in self._memory]
        if missing:
            digests = {t: text_digest(t) for t in missing}
            stored = self._disk.get_many(list(digests.values())) if self._disk else {}
            todo = [t for t in missing if digests[t] not in stored]
            computed = self._run(todo)
            if self._disk and computed:
                self._disk.put_many((digests[t], computed[t]) for t in todo)
            self._memory.update((t, stored[digests[t]]) for t in missing if digests[t] in stored)
            self._memory.update(computed)
        result = [self._memory[t] for t in texts]
        if len(self._memory) > MAX_MEMORY_ENTRIES:
            # Dicts keep insertion order: forget the oldest half.
            for key in list(self._memory)[: len(self._memory) // 2]:
                del self._memory[key]
        return result

    def _run(self, texts: List[str]) -> Dict[str, Tokens]:
        if not texts:
            return {}
        torch = self._torch
        enc = self._tokenizer(texts, add_special_tokens=False, return_offsets_mapping=True)
        ids = [row[:MAX_SENTENCE_TOKENS] for row in enc["input_ids"]]
        out: Dict[str, Tokens] = {t: () for t, row in zip(texts, ids) if not row}
        # Sorted by length, so each batch holds sentences of about the same length and
        # padding wastes little; the batch grows until it would exceed MAX_BATCH_TOKENS.
        order = sorted((i for i, row in enumerate(ids) if row), key=lambda i: len(ids[i]))
        start = 0
        with torch.inference_mode():
            while start < len(order):
                end = start + 1
                while end < len(order) and (end + 1 - start) * len(ids[order[end]]) <= MAX_BATCH_TOKENS:
                    end += 1
                batch = order[start:end]
                for i, surprisal in zip(batch, self._surprisals([ids[i] for i in batch])):
                    out[texts[i]] = _token_spans(texts[i], enc["offset_mapping"][i], surprisal)
                start = end
        return out

    def _surprisals(self, rows: List[List[int]]) -> List[List[float]]:
        """``-log p`` of every token of every row, each predicted from BOS + the tokens before it."""
        torch = self._torch
        length = max(len(r) for r in rows)
        # Right padding needs no attention mask: with causal attention no real token sees a pad.
        inputs = torch.full((len(rows), length), self._bos, dtype=torch.long)
        targets = torch.zeros((len(rows), length), dtype=torch.long)
        for r, row in enumerate(rows):
            inputs[r, 1 : len(row)] = torch.tensor(row[:-1])
            targets[r, : len(row)] = torch.tensor(row)
        self.forward_calls += 1
        logits = self._model(input_ids=inputs, use_cache=False).logits
        flat, flat_targets = logits.reshape(-1, logits.shape[-1]), targets.reshape(-1)
        surprisal = torch.empty(flat.shape[0], dtype=torch.float32)
        # log-softmax in float32 on small row chunks that stay in cache: a float32 copy of
        # all logits at once costs as much time as a quarter of the model.
        for lo in range(0, flat.shape[0], 64):
            chunk = flat[lo : lo + 64].float()
            picked = chunk.gather(1, flat_targets[lo : lo + 64, None])[:, 0]
            surprisal[lo : lo + 64] = torch.logsumexp(chunk, dim=-1) - picked
        surprisal = surprisal.view(len(rows), length)
        surprisal[:, 0] = self._first[targets[:, 0]]
        return [surprisal[r, : len(row)].tolist() for r, row in enumerate(rows)]


def _start_token(tokenizer: Any, name: str) -> int:
    """The token each sentence is scored after, so that its first word is scored too.

    ``<|endoftext|>`` where the vocabulary has it: GPT-2-style models separate documents
    with it, and an instruct model's BOS (SmolLM2's is ``<|im_start|>``) announces a chat
    turn rather than prose.  On JFLEG dev, SmolLM2 ranked 0.896 of source/reference pairs
    right after ``<|endoftext|>`` and 0.880 after ``<|im_start|>`` (measured during
    development), and Spearman with MLQE-PE ro-en DA rose from 0.37 to 0.42.  Otherwise BOS,
    then EOS.
    """
    for token_id in (tokenizer.get_vocab().get("<|endoftext|>"), tokenizer.bos_token_id, tokenizer.eos_token_id):
        if token_id is not None:
            return int(token_id)
    raise ModelError(f"{name}: the tokenizer has no <|endoftext|>, BOS or EOS token to start a sentence with")


def _token_spans(text: str, offsets: Sequence[Sequence[int]], surprisal: List[float]) -> Tokens:
    spans = []
    for (start, end), s in zip(offsets, surprisal):
        while start < end and text[start].isspace():  # byte-level BPE tokens carry their leading space
            start += 1
        spans.append((start, end, s))
    return tuple(spans)


def fast_bf16(torch: Any) -> bool:
    """Whether this CPU runs bfloat16 matrix products natively (AMX or AVX-512 BF16)."""
    try:
        flags = Path("/proc/cpuinfo").read_text()
    except OSError:
        return False
    return torch.backends.mkldnn.is_available() and ("amx_bf16" in flags or "avx512_bf16" in flags)


def load_calibration(spec: registry.ModelSpec) -> tuple[Optional[Calibration], Optional[int]]:
    """The fitted calibration of ``spec`` and its version, or ``(None, None)`` when there is none."""
    path = registry.MODELS_DIR / "calibration.json"
    if not path.is_file():
        return None, None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        fit = data["models"].get(spec.name)
        if not fit or fit["wheel_sha256"] != spec.wheel_sha256:
            return None, None
        return Calibration(**{k: fit[k] for k in ("median_a", "median_b", "p05_a", "p05_b")}), int(data["version"])
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise ModelError(f"{path} is malformed ({e!r}); run `python models/calibrate.py`") from None


def load_scorer(
    model: Optional[str] = None,
    *,
    offline: bool = False,
    notify: Callable[[str], None] = lambda m: None,
    dtype: Optional[str] = None,
    disk_cache: bool = True,
) -> FluencyScorer:
    """Load a fluency scorer.

    ``model`` is None for the default model (fetched on first use unless ``offline`` or
    ``MTAUDIT_OFFLINE=1``), a name from ``models/manifest.json``, or the path of a Hugging
    Face causal-LM directory.  ``dtype`` is ``auto`` (bf16 where the CPU has fast bf16, else
    fp32), ``bf16`` or ``fp32``; it defaults to ``$MTAUDIT_DTYPE`` or ``auto``.
    ``notify`` receives one-line progress messages (download, conversion, loading).
    Token surprisals are cached in ``<cache>/scores.sqlite3`` across runs unless ``disk_cache``
    is false.
    """
    torch, transformers = registry.import_model_libs()
    dtype = (dtype or os.environ.get("MTAUDIT_DTYPE") or "auto").lower()
    if dtype not in DTYPES:
        raise ModelError(f"unknown dtype '{dtype}' (use one of {', '.join(DTYPES)})")
    if dtype == "auto":
        dtype = "bf16" if fast_bf16(torch) else "fp32"
    offline = offline or os.environ.get("MTAUDIT_OFFLINE", "").lower() in ("1", "true", "yes")
    spec, directory = registry.resolve(model)
    calibration, calibration_version = None, None
    if spec is not None:
        if not registry.is_cached(spec):
            if offline:
                raise ModelError(
                    f"the {spec.name} model is not in the cache ({registry.model_dir(spec)}) and offline mode is on; "
                    "run `mtaudit models fetch` once while online"
                )
            registry.fetch(spec, notify=notify)
        record = registry.check_cached(spec, full=False)
        directory = registry.model_dir(spec)
        name = spec.name
        contents = sorted((file, meta["sha256"]) for file, meta in record["files"].items())
        identity = hashlib.sha256(json.dumps(contents).encode()).hexdigest()
        calibration, calibration_version = load_calibration(spec)
    else:
        assert directory is not None
        name = directory.name
        identity = registry.user_model_identity(directory)
    started = time.perf_counter()
    torch.set_num_threads(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)
    try:
        tokenizer = transformers.AutoTokenizer.from_pretrained(directory)
        # float32 even for bf16 scoring: FluencyScorer needs float32 once, then casts.
        lm = transformers.AutoModelForCausalLM.from_pretrained(directory, dtype=torch.float32).eval()
    except Exception as e:  # transformers raises OSError, ValueError, KeyError... for a bad directory
        raise ModelError(f"could not load a causal language model from {directory}: {e}") from e
    if not getattr(tokenizer, "is_fast", False):
        raise ModelError(f"{directory}: mtaudit needs a fast tokenizer (tokenizer.json) for character offsets")
    scorer = FluencyScorer(
        lm,
        tokenizer,
        name=name,
        identity=identity,
        dtype=dtype,
        calibration=calibration,
        calibration_version=calibration_version,
        cache_path=registry.cache_root() / "scores.sqlite3" if disk_cache else None,
    )
    notify(f"loaded {name} ({dtype}) in {time.perf_counter() - started:.1f} s")
    return scorer
