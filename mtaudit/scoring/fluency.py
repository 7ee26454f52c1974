"""The fluency scorer: batched token log-probabilities from a causal language model, cached."""
from __future__ import annotations

import hashlib
import inspect
import json
import math
import os
import time
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, Optional, Sequence, Tuple

from mtaudit import __version__
from mtaudit.errors import ModelError
from mtaudit.scoring import registry
from mtaudit.scoring.cache import DiskCache, Tokens, text_digest
from mtaudit.scoring.slor import Calibration, SentenceScore, slor, uncalibrated_fluency, word_spans
from mtaudit.scoring.states import State, States

# Bump when the way token surprisals are computed changes: old disk-cache entries then stop matching.
SCORING_FORMAT = 3  # 3: tokens carry their rank among the model's predictions
MAX_BATCH_TOKENS = 512  # padded tokens per forward pass: 5-10% faster than 256 or 1024 on 2 cores
# A forward pass of SmolLM2-135M in bf16 on 2 cores costs ~40 ms plus ~0.8 ms a token (it reads
# all the weights whatever the batch): rewrites' tails are cut into passes by that cost.
FORWARD_COST = 50.0
PREFIX_COST = 0.1  # a kept key/value a tail token attends to, against a token run
MAX_PREFIX_TOKENS = 8192  # padded kept keys and values per pass: ~190 MB in bf16 for SmolLM2-135M
MAX_SENTENCE_TOKENS = 512  # longer "sentences" (tables, run-ons) are scored on their first 512 tokens
MAX_MEMORY_ENTRIES = 100_000
MAX_WORD_VECTORS = 20_000  # kept mean embeddings of words (2.3 KB each)
# A rewrite scored from kept keys and values must match it scored whole within this (nats),
# or the scorer scores rewrites whole (checked once, on a sentence of its own).
REUSE_TOLERANCE = 0.5
SAME_TOKEN = 1e-3  # a gain within this of 0 (nats) is the written token's own, or float error
DTYPES = ("auto", "bf16", "fp32")
Edit = Tuple[str, int, int, str]  # (text, start, end, replacement): text[start:end] -> replacement
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
        self._states = States()  # model states of recently scored texts, for rewrites of them
        self._token_texts: Dict[int, str] = {}  # decoded vocabulary entries, as they are asked for
        self._word_vectors: Dict[str, Any] = {}  # word_similarity's mean input embeddings, as they are asked for
        self._vocabulary_vectors: Optional[Tuple[Tuple[str, ...], Any]] = None  # nearest_words' last vocabulary
        # preferred_words' last vocabulary: its distinct first tokens, and the words of each
        self._vocabulary_tokens: Optional[Tuple[Tuple[str, ...], Any, List[List[str]]]] = None
        # Whether rewrites are scored from the original's kept keys and values: None until
        # checked on first use (_check_reuse), False for models where that does not hold.
        self._reuse: Optional[bool] = None
        self._bos = _start_token(tokenizer, name)
        # The first token of every sentence is predicted from the start token alone, so its
        # distribution is one fixed vector: compute it once in float32.  In bfloat16 it is
        # off by up to 1.7 nats (the start position carries huge activations).
        with torch.inference_mode():
            logits = model(input_ids=torch.tensor([[self._bos]]), use_cache=False).logits[0, -1]
            self._first = -torch.log_softmax(logits.float(), dim=-1)
            ordered = torch.sort(logits.float()).values  # a token's rank: how many logits beat it
            self._first_rank = (len(ordered) - torch.searchsorted(ordered, logits.float(), right=True)).int()
        self._model = model.to(torch.bfloat16) if dtype == "bf16" else model
        # transformers 5 calls the past keys and values `cache`, 4.x `past_key_values`
        self._cache_argument = "cache" if "cache" in inspect.signature(model.forward).parameters else "past_key_values"
        self.dtype = dtype
        self.signature = _signature(name, identity, dtype, calibration_version)
        self.cache_key = f"{identity}|{dtype}|bos:{self._bos}|f:{SCORING_FORMAT}"
        self._disk = DiskCache(cache_path, self.cache_key) if cache_path is not None else None
        self.forward_calls = 0  # batches run through the model: lets tests and benchmarks see cache hits

    # -- public ------------------------------------------------------------------------

    def score(self, texts: Sequence[str]) -> List[SentenceScore]:
        return [self._sentence_score(t, tokens) for t, tokens in zip(texts, self._tokens(texts))]

    def logprob(self, texts: Sequence[str]) -> List[float]:
        """Total log-probability (nats) of each text; batched and cached like :meth:`score`."""
        return [-sum(t[2] for t in tokens) for tokens in self._tokens(texts)]

    def first_step_gains(self, edits: Sequence[Edit]) -> List[Optional[float]]:
        """For each ``(text, start, end, replacement)``: how much more probable, in nats, the
        rewritten text is at the first token where it parts from ``text`` -- the model's
        log-probability of the rewrite's first new token, minus that of the original tokens
        that cover the same characters (all of them, for a deletion).

        It is read off the original's last hidden state and log-normalizer at that token, kept
        from scoring it, so it costs no forward pass and no logits but the new token's: a cheap
        screen before the whole rewrite is scored.  None where the two
        texts do not part inside both token sequences."""
        torch = self._torch
        gains: List[Optional[float]] = [None] * len(edits)
        steps = []  # (edit index, (state, token) or None for the first token, new token id, old cost)
        for i, (text, a, b, r), ids, offsets, d, state in self._aligned(edits):
            old = self._memory[text]
            if d >= len(old) or d >= len(ids):
                continue
            # A new token inside the rewrite stands against the first original token; one that
            # reaches past it (a deletion), against the original tokens up to the same character,
            # which sits (len(r) - (b - a)) further along in the rewritten text.
            end = offsets[d][1] - (len(r) - (b - a))
            k = d
            while offsets[d][1] > a + len(r) and k + 1 < len(old) and old[k][1] < end:
                k += 1
            steps.append((i, (state, d) if d else None, ids[d], sum(t[2] for t in old[d : k + 1])))
        later = [step for step in steps if step[1] is not None]
        if later:
            # -log p(new token) = the position's kept log-normalizer - the token's logit: one
            # dot product per rewrite, not the whole vocabulary's logits
            with torch.inference_mode():
                states = torch.stack([state.hidden[d] for _, (state, d), _, _ in later]).float()
                normalizers = torch.tensor([float(state.normalizers[d]) for _, (state, d), _, _ in later])
                costs = (normalizers - _logits_of(torch, self._model.get_output_embeddings(), states,
                                                  torch.tensor([t for _, _, t, _ in later]))).tolist()
            for (i, _, _, old_cost), new_cost in zip(later, costs):
                gains[i] = old_cost - new_cost
        for i, place, token, old_cost in steps:
            if place is None:
                gains[i] = old_cost - float(self._first[token])
        return gains

    def continuations(self, places: Sequence[Tuple[str, int]], k: int) -> List[List[Tuple[str, float]]]:
        """For each ``(text, offset)``: the model's ``k`` likeliest tokens for the token of
        ``text`` that covers character ``offset``, given the tokens before it, as ``(token text,
        log-probability)``, likeliest first.  Read off the kept last hidden states, like
        :meth:`first_step_gains`: no forward pass."""
        torch = self._torch
        rows, normalizers, where = [], [], []
        for _, _, state, index in self._kept_at(places):
            if index is None or state is None:
                where.append(None)
                continue
            where.append((index, len(rows)))
            if index:
                rows.append(state.hidden[index])
                normalizers.append(float(state.normalizers[index]))
        with torch.inference_mode():
            best = _top_log_probs(torch, self._model.get_output_embeddings()(torch.stack(rows)),
                                  torch.tensor(normalizers), k) if rows else None
            first = torch.topk(-self._first, k)
            out: List[List[Tuple[str, float]]] = []
            for found in where:
                if found is None:
                    out.append([])
                    continue
                index, row = found
                values, ids = first if index == 0 else (best[0][row], best[1][row])
                out.append([(self._token_text(int(i)), float(v)) for v, i in zip(values.tolist(), ids.tolist())])
        return out

    def preferred_words(self, places: Sequence[Tuple[str, int]], vocabulary: Sequence[str], k: int
                        ) -> List[List[Tuple[str, float]]]:
        """For each ``(text, offset)``: up to ``k`` words of ``vocabulary`` the model expects
        rather than what is written at the token of ``text`` that starts at ``offset``, given the
        tokens before it, as ``(word, gain)``: how many nats likelier the word's first token
        (read with a leading space) is than the written token; most preferred first.

        Read off the kept last hidden states and log-normalizers, like
        :meth:`first_step_gains`, through the output layer's rows of the vocabulary's first
        tokens only.  None for a text's first token (no context to prefer from)."""
        torch = self._torch
        vocabulary = tuple(vocabulary)
        if self._vocabulary_tokens is None or self._vocabulary_tokens[0] != vocabulary:
            # a word is read by its first token only where that token spells half the word or
            # more ("jack" for "jackpot", not "a" for "ayes")
            firsts = [ids[0] if ids and 2 * len(self._token_text(ids[0]).strip()) >= len(w) else -1
                      for w, ids in zip(vocabulary, self._encode([" " + w for w in vocabulary])[0])]
            distinct = sorted(set(firsts) - {-1})
            column = {token: c for c, token in enumerate(distinct)}
            words_of: List[List[str]] = [[] for _ in distinct]
            for word, token in zip(vocabulary, firsts):
                if token != -1:
                    words_of[column[token]].append(word)
            self._vocabulary_tokens = (vocabulary, torch.tensor(distinct), words_of)
        _, tokens, words_of = self._vocabulary_tokens
        rows, normalizers, written, where = [], [], [], []
        for (_, offset), (text, scored, state, index) in zip(places, self._kept_at(places)):
            if not index or state is None or (scored[index - 1][1] != offset and text[offset - 1:offset] != " "):
                where.append(None)  # the text's first token, or a token that does not start at offset
                continue
            where.append(len(rows))
            rows.append(state.hidden[index])
            normalizers.append(float(state.normalizers[index]))
            written.append(scored[index][2])
        out: List[List[Tuple[str, float]]] = [[] for _ in places]
        if not rows or not len(tokens):
            return out
        head = self._model.get_output_embeddings()
        with torch.inference_mode():
            logits = torch.stack(rows).float() @ head.weight[tokens].float().T
            if getattr(head, "bias", None) is not None:
                logits = logits + head.bias[tokens].float()
            # gain = log p(first token) - log p(written token) = written surprisal - (normalizer - logit)
            gains = logits - torch.tensor(normalizers)[:, None] + torch.tensor(written)[:, None]
            best = torch.topk(gains, min(k, len(tokens)), dim=1)
        for p, row in enumerate(where):
            if row is None:
                continue
            for gain, c in zip(best.values[row].tolist(), best.indices[row].tolist()):
                if gain <= SAME_TOKEN or len(out[p]) >= k:
                    break
                out[p].extend((w, gain) for w in words_of[c][: k - len(out[p])])
        return out

    def _kept_at(self, places: Sequence[Tuple[str, int]]) -> List[Tuple[str, Tokens, Optional[State], Optional[int]]]:
        """For each ``(text, offset)``: the text as scored (line breaks as spaces), its scored
        tokens, its kept model state (None where none is kept) and the index of its token that
        covers ``offset`` (None past its end); texts not scored or kept yet are, first."""
        texts = [t.translate(_LINE_BREAKS) for t, _ in places]
        self._keep_states(list(dict.fromkeys(texts)))
        self._tokens(texts)
        out = []
        for text, (_, offset) in zip(texts, places):
            scored = self._memory[text]
            index = next((i for i, t in enumerate(scored) if t[1] > offset), None)
            out.append((text, scored, self._states.get(text), index))
        return out

    def _vectors(self, words: Sequence[str]) -> Dict[str, Any]:
        """The mean input embedding of each word (read with a leading space; None for a word
        with no tokens), kept per word until :meth:`forget`."""
        torch = self._torch
        if len(self._word_vectors) > MAX_WORD_VECTORS:  # before looking up: every word asked for stays
            self._word_vectors.clear()
        missing = [w for w in dict.fromkeys(words) if w not in self._word_vectors]
        if missing:
            table = self._model.get_input_embeddings().weight
            with torch.inference_mode():
                for word, ids in zip(missing, self._encode([" " + w for w in missing])[0]):
                    self._word_vectors[word] = table[torch.tensor(ids)].float().mean(dim=0) if ids else None
        return self._word_vectors

    def word_similarity(self, pairs: Sequence[Tuple[str, str]]) -> List[float]:
        """Cosine similarity of the model's input embeddings of each pair of words (each word
        the mean of its tokens' embeddings, read with a leading space): near 1 for variants and
        close synonyms, near 0 for unrelated words."""
        torch = self._torch
        vectors = self._vectors([w for pair in pairs for w in pair])
        known = [(vectors[a], vectors[b]) for a, b in pairs if vectors[a] is not None and vectors[b] is not None]
        if not known:
            return [0.0] * len(pairs)
        with torch.inference_mode():
            left, right = torch.stack([a for a, _ in known]), torch.stack([b for _, b in known])
            similar = iter(torch.nn.functional.cosine_similarity(left, right, dim=1).tolist())
        return [next(similar) if vectors[a] is not None and vectors[b] is not None else 0.0 for a, b in pairs]

    def nearest_words(self, words: Sequence[str], vocabulary: Sequence[str], k: int, least: float
                      ) -> List[List[Tuple[str, float]]]:
        """For each word, the ``k`` words of ``vocabulary`` most alike to it (cosine of mean
        input embeddings, as :meth:`word_similarity`) with a similarity of ``least`` or more,
        most alike first.  The vocabulary's normalised embeddings are kept while it is the same."""
        torch = self._torch
        if not words or not vocabulary:
            return [[] for _ in words]
        vocabulary = tuple(vocabulary)
        if self._vocabulary_vectors is None or self._vocabulary_vectors[0] != vocabulary:
            kept = self._vectors(vocabulary)
            nothing = torch.zeros(self._model.get_input_embeddings().weight.shape[1])
            rows = torch.stack([nothing if kept[w] is None else kept[w] for w in vocabulary])
            self._vocabulary_vectors = (vocabulary, torch.nn.functional.normalize(rows, dim=1))
        vocabulary, matrix = self._vocabulary_vectors
        vectors = self._vectors(words)
        known = [w for w in dict.fromkeys(words) if vectors[w] is not None]
        nearest: Dict[str, List[Tuple[str, float]]] = {}
        if known:
            with torch.inference_mode():
                queries = torch.nn.functional.normalize(torch.stack([vectors[w] for w in known]), dim=1)
                best = torch.topk(queries @ matrix.T, min(k, len(vocabulary)), dim=1)
            for w, values, ids in zip(known, best.values.tolist(), best.indices.tolist()):
                nearest[w] = [(vocabulary[j], v) for v, j in zip(values, ids) if v >= least]
        return [nearest.get(w, []) for w in words]

    def window_gains(self, edits: Sequence[Edit], after: int) -> List[Optional[float]]:
        """For each ``(text, start, end, replacement)``: how much more probable, in nats, the
        rewrite is than ``text`` over a window of tokens -- from its first changed token to
        ``after`` tokens on from the first that ends past the edit (usually the last changed
        one) -- against the original tokens that cover the same characters.  Computed like
        :meth:`rewrite_logprobs`, from the kept keys and values, over those few tokens only: a
        second, closer screen, read off the rewrite's own scores where it is scored already.
        None where that does not apply (a text too long, or rewrites scored whole for this model)."""
        gains: List[Optional[float]] = [None] * len(edits)
        if not edits or not self._reuse_ok():
            return gains
        windows, old_costs = [], {}
        for i, (text, a, b, r), ids, offsets, d, state in self._aligned(edits):
            if not d < len(ids) <= MAX_SENTENCE_TOKENS:
                continue
            # the window ends `after` tokens on from the first token that ends past the edit
            # (usually the last changed one), and holds one token at least
            first_past = next((k for k in range(d, len(ids)) if offsets[k][1] > a + len(r)), len(ids))
            stop = min(max(first_past + after, d + 1), len(ids))
            end = offsets[stop - 1][1] - (len(r) - (b - a))  # the same character in the original
            old_costs[i] = sum(t[2] for t in self._memory[text][d:] if t[1] <= end)
            scored = self._memory.get(text[:a] + r + text[b:])
            if scored is not None and len(scored) == len(ids):  # the whole rewrite is scored: no pass
                gains[i] = old_costs[i] - sum(t[2] for t in scored[d:stop])
            else:
                windows.append((i, state, d, ids[:stop]))
        for i, (surprisal, _) in self._tails(windows):
            gains[i] = old_costs[i] - sum(surprisal)
        return gains

    def rewrite_logprobs(self, edits: Sequence[Edit]) -> List[float]:
        """Total log-probability (nats) of each rewrite ``text[:start] + replacement + text[end:]``:
        what :meth:`logprob` gives for the rewritten text, but computed from the edit on.  The
        tokens before it are the original's, whose attention keys and values were kept when it
        was scored, so a rewrite costs a forward pass over its tail only."""
        rewritten = [(t[:a] + r + t[b:]).translate(_LINE_BREAKS) for t, a, b, r in edits]
        todo = {new: edit for edit, new in zip(edits, rewritten) if new not in self._memory}
        if todo and self._disk:
            stored = self._disk.get_many([text_digest(t) for t in todo])
            self._memory.update((t, stored[text_digest(t)]) for t in todo if text_digest(t) in stored)
            todo = {new: edit for new, edit in todo.items() if new not in self._memory}
        if todo:
            computed = self._run_rewrites(list(todo.values())) if self._reuse_ok() else self._run(list(todo))
            self._memory.update(computed)
            if self._disk:
                self._disk.put_many((text_digest(t), tokens) for t, tokens in computed.items())
        return self.logprob(rewritten)

    def forget(self) -> None:
        """Drop the in-process caches (benchmarks time scoring from scratch with it)."""
        self._memory.clear()
        self._states.clear()
        self._word_vectors.clear()

    def fluency_of(self, slor_value: float, n_words: int) -> float:
        """The 0-100 fluency of a SLOR over ``n_words`` words, on this model's calibration."""
        if self._calibration is not None:
            return self._calibration.fluency(slor_value, n_words)
        return uncalibrated_fluency(slor_value)

    # -- internals ---------------------------------------------------------------------

    def _token_text(self, token_id: int) -> str:
        if token_id not in self._token_texts:
            self._token_texts[token_id] = self._tokenizer.decode([token_id])
        return self._token_texts[token_id]

    def _sentence_score(self, text: str, tokens: Tokens) -> SentenceScore:
        lm = -sum(t[2] for t in tokens)
        scored_end = tokens[-1][1] if tokens else 0  # < len(text) only for truncated texts
        unigram = [lp for start, _, lp in word_spans(text) if start < scored_end]
        length = len(unigram) or len(tokens)  # all punctuation: per token
        value = slor(lm, sum(unigram), length)
        fluency = self.fluency_of(value, length) if tokens else 100.0  # no tokens: nothing to judge
        return SentenceScore(fluency, value, lm, len(tokens), tuple(t[:3] for t in tokens), tuple(t[3] for t in tokens))

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

    def _keep_states(self, texts: Sequence[str]) -> None:
        """Make sure the model states of ``texts`` are kept: texts whose scores came from the
        disk cache (or whose states were dropped since) are run through the model again."""
        missing = [t for t in dict.fromkeys(texts) if t not in self._states]
        if missing:
            self._memory.update(self._run(missing))

    def _encode(self, texts: Sequence[str]) -> Tuple[List[List[int]], List[List[Tuple[int, int]]]]:
        """Token ids and character offsets of each text, without special tokens.  A fast
        tokenizer's own backend is asked directly where it neither truncates nor pads: the
        transformers wrapper's conversion of each encoding costs as much again as tokenizing
        (the judge tokenizes thousands of rewrites a batch)."""
        backend = getattr(self._tokenizer, "_tokenizer", None) if getattr(self._tokenizer, "is_fast", False) else None
        if backend is not None and backend.truncation is None and backend.padding is None:
            encodings = backend.encode_batch(list(texts), add_special_tokens=False)
            return [e.ids for e in encodings], [e.offsets for e in encodings]
        enc = self._tokenizer(list(texts), add_special_tokens=False, return_offsets_mapping=True)
        return enc["input_ids"], enc["offset_mapping"]

    def _aligned(self, edits: Sequence[Edit]) -> Iterator[tuple]:
        """Each edit (trimmed to the characters it changes, line breaks read as spaces) with its
        index, the rewrite's token ids and offsets, the number of tokens it shares with the
        original, and the original's kept state; the originals' tokens are in memory after."""
        edits = [_trim_edit(t.translate(_LINE_BREAKS), a, b, r.translate(_LINE_BREAKS)) for t, a, b, r in edits]
        originals = list(dict.fromkeys(text for text, *_ in edits))
        self._keep_states(originals)
        self._tokens(originals)
        old_ids = dict(zip(originals, self._encode(originals)[0]))
        for i, (edit, ids, offsets) in enumerate(zip(edits, *self._encode([t[:a] + r + t[b:] for t, a, b, r in edits]))):
            old, state = old_ids[edit[0]][:MAX_SENTENCE_TOKENS], self._states.get(edit[0])
            d = 0
            while d < len(old) and d < len(ids) and old[d] == ids[d]:
                d += 1
            if state is not None:
                yield i, edit, ids, offsets, d, state

    def _tails(self, rows: List[Tuple[Any, State, int, List[int]]]) -> Iterator[Tuple[Any, Tuple[List[float], List[int]]]]:
        """``(key, (surprisals, ranks) of ids[d:])`` for each ``(key, state, d, ids)``, in batches of tails
        of about the same length (see :meth:`_tail_surprisals`)."""
        rows = sorted(rows, key=lambda row: (len(row[3]) - row[2], row[2]))
        with self._torch.inference_mode():
            for start, end in batch_bounds([len(ids) - d for *_, d, ids in rows], [d for *_, d, _ in rows]):
                batch = rows[start:end]
                yield from zip((row[0] for row in batch), self._tail_surprisals([row[1:] for row in batch]))

    def _run_rewrites(self, edits: Sequence[Edit]) -> Dict[str, Tokens]:
        """Tokens of each rewritten text, its tail scored after the original's kept keys and
        values (the whole text, after the start token, where the first token changes); texts
        too long are scored whole."""
        rewritten = {i: (t[:a] + r + t[b:]).translate(_LINE_BREAKS) for i, (t, a, b, r) in enumerate(edits)}
        tails, offsets_of, heads = [], {}, {}
        for i, (text, *_), ids, offsets, d, state in self._aligned(edits):
            if d < len(ids) <= MAX_SENTENCE_TOKENS and rewritten[i] not in heads:
                tails.append((i, state, d, ids))
                offsets_of[i], heads[rewritten[i]] = offsets[d : len(ids)], self._memory[text][:d]
        out = {rewritten[i]: heads[rewritten[i]] + _token_spans(rewritten[i], offsets_of[i], *picked)
               for i, picked in self._tails(tails)}
        out.update(self._run(list(dict.fromkeys(t for t in rewritten.values() if t not in out))))
        return out

    def _reuse_ok(self) -> bool:
        """Whether rewrites are scored from kept keys and values (checked on first use)."""
        if self._reuse is None:
            self._check_reuse()
        return bool(self._reuse)

    def _check_reuse(self) -> None:
        """Whether rewrites may be scored from kept keys and values: checked once, on a
        sentence of its own, against scoring the rewrite whole.  A model whose positions do
        not work that way, or a transformers version without this cache API, scores whole."""
        original = "The committee will meet again next week to discuss the budget."
        rewritten = "The committee will meet again next month to discuss the budget."
        calls, self._reuse = self.forward_calls, True
        try:
            self._memory.update(self._run([original]))
            at = original.index("week")
            tail = self._run_rewrites([(original, at, at + len("week"), "month")])[rewritten]
            whole = self._run([rewritten])[rewritten]
            self._reuse = abs(sum(t[2] for t in tail) - sum(t[2] for t in whole)) <= REUSE_TOLERANCE
        except Exception:  # any failure of the cache API: score whole
            self._reuse = False
        self._states.clear()
        self.forward_calls = calls

    def _run(self, texts: List[str]) -> Dict[str, Tokens]:
        if not texts:
            return {}
        self._reuse_ok()  # checked before the first sentences, so that their states are kept whole
        torch = self._torch
        all_ids, all_offsets = self._encode(texts)
        ids = [row[:MAX_SENTENCE_TOKENS] for row in all_ids]
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
                for i, (surprisal, ranks, state) in zip(batch, self._surprisals([ids[i] for i in batch])):
                    out[texts[i]] = _token_spans(texts[i], all_offsets[i], surprisal, ranks)
                    self._states.put(texts[i], state)
                start = end
        return out

    def _surprisals(self, rows: List[List[int]]) -> List[Tuple[List[float], List[int], State]]:
        """``-log p`` and rank (see :func:`_pick`) of every token of every row, each predicted
        from BOS + the tokens before it, and the row's model state (see :mod:`mtaudit.scoring.states`)."""
        torch = self._torch
        length = max(len(r) for r in rows)
        # Right padding needs no attention mask: with causal attention no real token sees a pad.
        inputs = torch.full((len(rows), length), self._bos, dtype=torch.long)
        targets = torch.zeros((len(rows), length), dtype=torch.long)
        for r, row in enumerate(rows):
            inputs[r, 1 : len(row)] = torch.tensor(row[:-1])
            targets[r, : len(row)] = torch.tensor(row)
        self.forward_calls += 1
        output = self._model(input_ids=inputs, use_cache=bool(self._reuse), output_hidden_states=True)
        hidden = output.hidden_states[-1]
        layers = _cache_layers(output.past_key_values) if self._reuse else None
        surprisal, rank, normalizers = _pick(torch, output.logits, targets)
        surprisal[:, 0] = self._first[targets[:, 0]]
        rank[:, 0] = self._first_rank[targets[:, 0]]
        # Views into the batch's tensors, not copies: kept states are bounded in tokens anyway.
        return [(surprisal[r, : len(row)].tolist(), rank[r, : len(row)].tolist(),
                 State(hidden[r, : len(row)], normalizers[r, : len(row)], layers, r))
                for r, row in enumerate(rows)]

    def _tail_surprisals(self, rows: List[Tuple[State, int, List[int]]]) -> List[Tuple[List[float], List[int]]]:
        """``-log p`` and rank of the tokens ``ids[d:]`` of each ``(state, d, ids)``, whose first ``d``
        tokens are those of the text ``state`` was kept for: the rows attend to their own
        kept keys and values (padded to the longest), then causally to their own tail."""
        torch = self._torch
        from transformers import DynamicCache

        prefix = max(d for _, d, _ in rows)
        length = max(len(ids) - d for _, d, ids in rows)
        first_keys = rows[0][0].layers[0][0]
        layers, heads, width = len(rows[0][0].layers), first_keys.shape[1], first_keys.shape[3]
        keys = torch.zeros((layers, len(rows), heads, prefix, width), dtype=first_keys.dtype)
        values = torch.zeros_like(keys)
        inputs = torch.zeros((len(rows), length), dtype=torch.long)
        targets = torch.zeros((len(rows), length), dtype=torch.long)
        positions = torch.zeros((len(rows), length), dtype=torch.long)
        mask = torch.zeros((len(rows), 1, length, prefix + length), dtype=torch.bool)
        causal = torch.tril(torch.ones((length, length), dtype=torch.bool))
        # Rows kept from the same scoring batch are copied together; whatever lies past a
        # row's own prefix is masked out.
        groups: Dict[int, Tuple[Sequence[Tuple[Any, Any]], List[int], List[int]]] = {}
        for r, (state, _, _) in enumerate(rows):
            _, to, source = groups.setdefault(id(state.layers), (state.layers, [], []))
            to.append(r)
            source.append(state.row)
        for kept, to, source in groups.values():
            copied = min(prefix, kept[0][0].shape[2])
            to_rows, source_rows = torch.tensor(to), torch.tensor(source)
            for layer, (k, v) in enumerate(kept):
                keys[layer, to_rows, :, :copied] = k[source_rows, :, :copied]
                values[layer, to_rows, :, :copied] = v[source_rows, :, :copied]
        for r, (state, d, ids) in enumerate(rows):
            inputs[r, : len(ids) - d] = torch.tensor(([self._bos] + ids)[d:-1])  # input i is token i - 1
            targets[r, : len(ids) - d] = torch.tensor(ids[d:])
            positions[r] = torch.arange(d, d + length)
            mask[r, 0, :, :d] = True
            mask[r, 0, :, prefix:] = causal
        cache = DynamicCache()
        for layer in range(layers):
            cache.update(keys[layer], values[layer], layer)
        self.forward_calls += 1
        logits = self._model(input_ids=inputs, attention_mask=mask, position_ids=positions, use_cache=False,
                             **{self._cache_argument: cache}).logits
        surprisal, rank, _ = _pick(torch, logits, targets)
        for r, (_, d, ids) in enumerate(rows):
            if d == 0:  # a rewrite of the first token: scored after the start token, as whole texts are
                surprisal[r, 0], rank[r, 0] = self._first[ids[0]], self._first_rank[ids[0]]
        return [(surprisal[r, : len(ids) - d].tolist(), rank[r, : len(ids) - d].tolist())
                for r, (_, d, ids) in enumerate(rows)]


def batch_bounds(lengths: Sequence[int], prefixes: Sequence[int]) -> List[Tuple[int, int]]:
    """``(start, end)`` of each forward pass over rows of ``lengths`` tokens (ascending) after
    ``prefixes`` kept tokens, cut where the passes cost least in all: a pass costs as much as
    ``FORWARD_COST`` tokens (it reads all the weights), each padded token one, each padded
    kept token ``PREFIX_COST``.  A pass holds at most MAX_BATCH_TOKENS tokens and
    MAX_PREFIX_TOKENS kept ones (both padded), or a single row."""
    cost = [0.0] + [math.inf] * len(lengths)
    cut = [0] * (len(lengths) + 1)
    for end in range(1, len(lengths) + 1):
        longest, widest = lengths[end - 1], 0
        for start in range(end - 1, -1, -1):
            widest = max(widest, prefixes[start])
            rows = end - start
            if rows > 1 and (rows * longest > MAX_BATCH_TOKENS or rows * widest > MAX_PREFIX_TOKENS):
                break
            total = cost[start] + FORWARD_COST + rows * (longest + PREFIX_COST * widest)
            if total < cost[end]:
                cost[end], cut[end] = total, start
    bounds, end = [], len(lengths)
    while end:
        bounds.append((cut[end], end))
        end = cut[end]
    return bounds[::-1]


def _float_chunks(logits: Any) -> Iterator[Tuple[slice, Any]]:
    """Each chunk of 64 rows of ``logits`` (rows, vocabulary) in float32, with its rows: a
    float32 copy of all logits at once costs as much time as a quarter of the model, one of
    a small chunk stays in cache."""
    for lo in range(0, logits.shape[0], 64):
        rows = slice(lo, lo + 64)
        yield rows, logits[rows].float()


def _pick(torch: Any, logits: Any, targets: Any) -> Tuple[Any, Any, Any]:
    """``-log softmax(logits)[target]`` per position, in float32, the target's rank: how
    many tokens the model rated above it (0 = its first choice; GLTR's top-k shares come from
    it), and the log-normalizer (``logsumexp`` of the logits): ``-log p(token) = normalizer -
    logit`` for any other token at that position."""
    flat, flat_targets = logits.reshape(-1, logits.shape[-1]), targets.reshape(-1)
    surprisal = torch.empty(flat.shape[0], dtype=torch.float32)
    normalizer = torch.empty(flat.shape[0], dtype=torch.float32)
    rank = torch.empty(flat.shape[0], dtype=torch.int32)
    for rows, chunk in _float_chunks(flat):
        picked = chunk.gather(1, flat_targets[rows, None])
        normalizer[rows] = torch.logsumexp(chunk, dim=-1)
        surprisal[rows] = normalizer[rows] - picked[:, 0]
        rank[rows] = (chunk > picked).sum(dim=-1, dtype=torch.int32)  # int32: no int64 copy of the comparison
    return surprisal.view(targets.shape), rank.view(targets.shape), normalizer.view(targets.shape)


def _logits_of(torch: Any, head: Any, states: Any, tokens: Any) -> Any:
    """The logit of ``tokens[i]`` given the last hidden state ``states[i]`` (float32), through
    the output layer ``head`` (a linear layer), without the other tokens' logits."""
    logits = (states * head.weight[tokens].float()).sum(dim=-1)
    return logits if getattr(head, "bias", None) is None else logits + head.bias[tokens].float()


def _top_log_probs(torch: Any, logits: Any, normalizers: Any, k: int) -> Tuple[Any, Any]:
    """The ``k`` highest log-probabilities of each row of ``logits`` (whose log-normalizers,
    kept from scoring, are ``normalizers``) and their token ids, highest first, in float32."""
    top, ids = torch.topk(logits, k)
    return top.float() - normalizers[:, None], ids


def _cache_layers(cache: Any) -> List[Tuple[Any, Any]]:
    """(keys, values) of each layer of a transformers cache (the 5.x and the 4.x layout)."""
    if hasattr(cache, "layers"):
        return [(layer.keys, layer.values) for layer in cache.layers]
    return list(zip(cache.key_cache, cache.value_cache))


def _trim_edit(text: str, start: int, end: int, replacement: str) -> Tuple[str, int, int, str]:
    """The same edit with the characters it leaves unchanged at either end taken out of it:
    "the cost" -> "cost" is the deletion of "the "."""
    while start < end and replacement and text[start] == replacement[0]:
        start, replacement = start + 1, replacement[1:]
    while start < end and replacement and text[end - 1] == replacement[-1]:
        end, replacement = end - 1, replacement[:-1]
    return text, start, end, replacement


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


def _token_spans(text: str, offsets: Sequence[Sequence[int]], surprisal: List[float], ranks: List[int]) -> Tokens:
    spans = []
    for (start, end), s, r in zip(offsets, surprisal, ranks):
        while start < end and text[start].isspace():  # byte-level BPE tokens carry their leading space
            start += 1
        spans.append((start, end, s, r))
    return tuple(spans)


def fast_bf16(torch: Any) -> bool:
    """Whether this CPU runs bfloat16 matrix products natively (AMX or AVX-512 BF16)."""
    return _bf16_flags() and torch.backends.mkldnn.is_available()


def _bf16_flags() -> bool:
    try:
        flags = Path("/proc/cpuinfo").read_text()
    except OSError:
        return False
    return "amx_bf16" in flags or "avx512_bf16" in flags


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
    choice = _choose(model, offline, notify, dtype)
    directory, name, dtype = choice["directory"], choice["name"], choice["dtype"]
    started = time.perf_counter()
    torch.set_num_threads(_threads())
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
        identity=choice["identity"],
        dtype=dtype,
        calibration=choice["calibration"],
        calibration_version=choice["calibration_version"],
        cache_path=registry.cache_root() / "scores.sqlite3" if disk_cache else None,
    )
    notify(f"loaded {name} ({dtype}) in {time.perf_counter() - started:.1f} s")
    return scorer


def _choose(model: Optional[str], offline: bool, notify: Callable[[str], None], dtype: Optional[str]) -> Dict[str, Any]:
    """What :func:`load_scorer` loads, fetching the default model when it is not cached:
    its directory, name, identity, dtype and calibration.  Imports torch only to check
    bf16 support on a CPU that advertises it."""
    dtype = (dtype or os.environ.get("MTAUDIT_DTYPE") or "auto").lower()
    if dtype not in DTYPES:
        raise ModelError(f"unknown dtype '{dtype}' (use one of {', '.join(DTYPES)})")
    if dtype == "auto":
        dtype = "fp32"
        if _bf16_flags():
            import torch

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
    return {"directory": directory, "name": name, "identity": identity, "dtype": dtype, "calibration": calibration,
            "calibration_version": calibration_version}


def _threads() -> int:
    """``$OMP_NUM_THREADS`` when set (on a machine shared with other jobs, more threads than the
    job's share of the CPUs wait on each other), else every CPU this process may use."""
    value = os.environ.get("OMP_NUM_THREADS", "")
    if value.isdigit() and int(value) > 0:
        return int(value)
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _signature(name: str, identity: str, dtype: str, calibration_version: Optional[int]) -> str:
    return f"model:{name}|sha:{identity[:8]}|dtype:{dtype}|calib:{calibration_version or 'none'}|v:{__version__}"


class LazyScorer:
    """A scorer that loads the model on first use, with its ``signature`` known beforehand.

    The result cache is keyed by the signature, so a run whose files all come from the cache
    never imports transformers nor loads the weights.
    """

    def __init__(self, model: Optional[str] = None, *, offline: bool = False,
                 notify: Callable[[str], None] = lambda m: None) -> None:
        registry.check_model_libs()
        choice = _choose(model, offline, notify, None)
        self.signature = _signature(choice["name"], choice["identity"], choice["dtype"], choice["calibration_version"])
        self._load = lambda: load_scorer(model, offline=offline, notify=notify, dtype=choice["dtype"])
        self._real: Optional[FluencyScorer] = None

    def __getattr__(self, name: str) -> Any:  # score, logprob, ... load the model
        if name.startswith("_"):
            raise AttributeError(name)
        if self._real is None:
            self._real = self._load()
            if self._real.signature != self.signature:  # the result cache would be keyed wrongly
                raise ModelError(f"the model loaded as {self._real.signature}, expected {self.signature}")
        return getattr(self._real, name)
