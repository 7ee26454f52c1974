"""Expected length ratios (target / source, in non-space characters) per language pair and
source length, calibrated by ``python models/length_ratios.py`` (models/length_ratios.json)."""
from __future__ import annotations

import functools
import json
import re
from typing import Dict, NamedTuple, Optional

from mtaudit.bilingual import primary
from mtaudit.resources import model_file

# Without data for a pair its median is unknown too (English to German runs long):
# the pooled range is widened by this factor both ways.
GENERIC_MARGIN = 1.25
# Scripts with a character per syllable or word: a generic ratio means nothing for them.
_DENSE_SCRIPT = re.compile(r"[\u1100-\u11ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


class Bounds(NamedTuple):
    low: float
    median: float
    high: float
    calibrated: bool  # from data for this pair, not the generic fallback


@functools.lru_cache(maxsize=1)
def _data() -> Dict:
    return json.loads(model_file("length_ratios.json").read_text(encoding="utf-8"))


def min_chars() -> int:
    return int(_data()["min_chars"])


def size(text: str) -> int:
    return sum(not c.isspace() for c in text)


def bounds(source_language: Optional[str], target_language: Optional[str], source: str, target: str,
           source_size: int) -> Optional[Bounds]:
    """The expected range for the pair and a source of ``source_size`` characters; None where
    no estimate is sound (uncalibrated pairs in CJK scripts, where characters are
    syllables or words)."""
    data = _data()
    pair = data["pairs"].get(f"{primary(source_language)}-{primary(target_language)}")
    if pair is None and (_DENSE_SCRIPT.search(source) or _DENSE_SCRIPT.search(target)):
        return None
    rows = data["spread"] if pair else data["generic"]
    row = [r for r in rows if r["min_chars"] <= source_size][-1]
    if pair:
        return Bounds(pair["median"] * row["low"], pair["median"], pair["median"] * row["high"], True)
    return Bounds(row["low"] / GENERIC_MARGIN, 1.0, row["high"] * GENERIC_MARGIN, False)
