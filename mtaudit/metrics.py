"""Reference-based scores with sacrebleu, for users who have reference translations."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List, Sequence, Tuple

from sacrebleu.metrics import BLEU, CHRF, TER

from mtaudit.errors import InputFormatError

TRANSLATION_FORMATS = ("po", "xliff", "json", "yaml")


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
    return _corpus(hyps, refs)


def _corpus(hyps: List[str], refs: List[List[str]]) -> List[Dict[str, object]]:
    results = []
    for metric in (BLEU(), CHRF(), TER()):
        result = metric.corpus_score(hyps, refs)
        results.append({"name": result.name, "score": round(result.score, 2), "signature": str(metric.get_signature())})
    return results


def segment_scores(hyp_file: Path, ref_file: Path) -> Tuple[List[Dict[str, object]], List[Dict[str, Any]]]:
    """Corpus scores and per-segment chrF of ``hyp_file`` against the reference ``ref_file``.

    Translation files (.po, XLIFF, locale JSON/YAML) are matched unit by unit (by msgctxt
    and msgid, unit id or key); each segment names its unit, source and position in the
    hypothesis file.  Other files are matched line by line.
    """
    from mtaudit.readers import format_for_path

    if format_for_path(str(hyp_file)) not in TRANSLATION_FORMATS:
        hyps, refs = _lines(hyp_file), _lines(ref_file)
        if len(refs) != len(hyps):
            raise InputFormatError(f"{ref_file} has {len(refs)} lines but {hyp_file} has {len(hyps)}; they must align")
        segments = [{"line": n, "chrf": _chrf(h, r)} for n, (h, r) in enumerate(zip(hyps, refs), 1)]
        return _corpus(hyps, [refs]), segments
    hyp_doc, ref_doc = _translations(hyp_file), _translations(ref_file)
    references = {u.id: u.target_text for u in ref_doc.pairs if u.target is not None and u.target_text.strip()}
    hyps, refs, segments = [], [], []
    for unit in hyp_doc.pairs:
        if unit.id not in references or unit.target is None or unit.source is None:
            continue
        hyp, ref = unit.target_text, references[unit.id]
        start = unit.target.source_span(0, len(hyp)).start if hyp else unit.anchor.start
        line, column = hyp_doc.lines.position(start)
        segments.append({"id": unit.id, "source": unit.source, "line": line, "column": column, "chrf": _chrf(hyp, ref)})
        hyps.append(hyp)
        refs.append(ref)
    if not hyps:
        raise InputFormatError(f"no unit of {hyp_file} has a reference translation in {ref_file}")
    return _corpus(hyps, [refs]), segments


def _chrf(hyp: str, ref: str) -> float:
    return round(CHRF().sentence_score(hyp, [ref]).score, 2)


def _translations(path: Path):
    from mtaudit.readers import read_document

    try:
        return read_document(path, str(path))
    except InputFormatError as e:
        raise InputFormatError(f"{path}: {e.message}") from None
