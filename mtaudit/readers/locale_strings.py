"""What the JSON and YAML locale readers extract: one string value and where it is."""
from __future__ import annotations

from typing import NamedTuple

from mtaudit.types import Segment, Span


class LocaleString(NamedTuple):
    segment: Segment  # the value, untrimmed, mapped into the file
    value: Span  # the whole literal (quotes included)
    key: Span  # the key (or array item) it belongs to
