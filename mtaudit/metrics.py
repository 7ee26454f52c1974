"""Reference-based scores with sacrebleu, for users who have reference translations."""
from __future__ import annotations

from pathlib import Path
from typing import Dict, List, Sequence

from sacrebleu.metrics import BLEU, CHRF, TER

from mtaudit.errors import InputFormatError


def _lines(path: Path) -> List[str]:
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise InputFormatError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputFormatError(f"{path}: cannot read: {exc}") from None


def corpus_scores(hyp_file: Path, ref_files: Sequence[Path]) -> List[Dict[str, object]]:
    """BLEU, chrF and TER of the hypothesis lines against one or more reference files."""
    hyps = _lines(hyp_file)
    refs = [_lines(path) for path in ref_files]
    for path, ref in zip(ref_files, refs):
        if len(ref) != len(hyps):
            raise InputFormatError(f"{path} has {len(ref)} lines but {hyp_file} has {len(hyps)}; they must align")
    results = []
    for metric in (BLEU(), CHRF(), TER()):
        result = metric.corpus_score(hyps, refs)
        results.append({"name": result.name, "score": round(result.score, 2), "signature": str(metric.get_signature())})
    return results
