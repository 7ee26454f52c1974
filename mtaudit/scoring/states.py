"""The model's states for recently scored sentences, kept for judging rewrites of them cheaply.

A rule judges a rewrite of a sentence the pipeline has just scored.  The rewrite shares its
tokens up to the edit with the original, so the scorer keeps, per sentence, the last hidden
states (which give the model's next-token distribution at every position: a first look at a
rewrite costs no forward pass) and the attention keys and values (so that only the tokens
from the edit on need a forward pass).  Bounded by a token count, oldest first out.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, Optional, Sequence, Tuple

# More tokens than a pipeline batch of 512 sentences of prose has (~20 to 30 tokens each); a
# sentence whose state was dropped is run again when a rule asks about it.  States are views
# into the tensors of the batches the texts were scored in (~24 KB a token for SmolLM2-135M in
# bf16: 30 layers of 3 key and 3 value heads of 64, and a 576-wide hidden state): 400 MB at most.
MAX_TOKENS = 16_000


@dataclass(frozen=True)
class State:
    hidden: Any  # (tokens, width): row i is the last hidden state that predicts token i
    normalizers: Any  # (tokens,): the log-normalizer of the distribution row i of ``hidden`` gives
    # (keys, values) of each layer of the batch the text was scored in, each of shape (batch,
    # kv heads, tokens, head width), and the text's row in it; None when reuse is off
    layers: Optional[Sequence[Tuple[Any, Any]]]
    row: int

    def __len__(self) -> int:
        return int(self.hidden.shape[0])


class States:
    """Text -> :class:`State`, holding at most ``max_tokens`` tokens in all."""

    def __init__(self, max_tokens: int = MAX_TOKENS) -> None:
        self.max_tokens = max_tokens
        self._states: Dict[str, State] = {}
        self._tokens = 0

    def __contains__(self, text: str) -> bool:
        return text in self._states

    def get(self, text: str) -> Optional[State]:
        return self._states.get(text)

    def put(self, text: str, state: State) -> None:
        if len(state) > self.max_tokens:
            return
        old = self._states.pop(text, None)
        self._tokens += len(state) - (len(old) if old is not None else 0)
        self._states[text] = state
        while self._tokens > self.max_tokens:  # dicts keep insertion order: drop the oldest
            self._tokens -= len(self._states.pop(next(iter(self._states))))

    def clear(self) -> None:
        self._states.clear()
        self._tokens = 0
