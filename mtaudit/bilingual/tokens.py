"""What must survive translation unchanged: placeholders, markup, URLs, e-mail addresses, numbers.

Each extractor returns :class:`Token` objects with a ``key``: the part that has to match
between source and target (a printf conversion by argument position, a brace placeholder
by name, a tag by name and untranslatable attributes, a number by its digits).  Offsets
index the string passed in.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Dict, Iterable, List, Optional, Sequence, Tuple


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str
    key: str
    in_branch: bool = False  # inside an ICU plural/select case, whose count varies by language


@dataclass(frozen=True)
class IcuBlock:
    """``{name, plural|select|selectordinal, case {...} ...}`` with its case selectors."""

    start: int
    end: int
    name: str
    kind: str
    selectors: Tuple[str, ...]


# -- placeholders ----------------------------------------------------------------------

# printf (C, Python %-format, PHP, Objective-C %@), with positions (%1$s) or names
# (%(name)s); Ruby's %{name} and %<name>s.  No space flag: "50% off" is not "% o".
_PRINTF = re.compile(
    r"%%"
    r"|%\{(?P<ruby>[A-Za-z_][\w.-]*)\}"
    r"|%<(?P<ruby_fmt>[A-Za-z_][\w.-]*)>[-+#0]*\d*(?:\.\d+)?[a-zA-Z]"
    r"|%(?:\((?P<name>[^()\s]+)\)|(?P<pos>[1-9]\d*)\$)?[-+#0']*(?:\d+|\*)?(?:\.(?:\d+|\*))?"
    r"(?:hh|h|ll|l|L|q|j|z|t)?(?P<conv>[diouxXeEfFgGaAcspn@])"
)
_BRACE_NAME = re.compile(r"\s*([A-Za-z_$][\w.$-]*|\d+)?\s*(?:([!:,])(.*))?", re.S)
_ICU_KINDS = ("plural", "select", "selectordinal")
_ICU_CASE = re.compile(r"\s*(offset:\s*\d+\s*)?(=?[\w-]+)\s*\{")


def placeholders(text: str) -> List[Token]:
    """printf-style, brace (``{0}``, ``{name}``, ``{{name}}``) and ICU placeholders.

    Sequential printf conversions get the position they fill (``%s %d`` -> ``%1$s``,
    ``%2$d``), so a translation may reorder them with explicit positions.
    """
    tokens: List[Token] = []
    position = 0
    for m in _PRINTF.finditer(text):
        if m.group() == "%%":
            continue
        name = m.group("ruby") or m.group("ruby_fmt") or m.group("name")
        if name:
            conversion = m.group("conv") or ""
            key = f"%({name}){'d' if conversion == 'i' else conversion}"
        else:
            if m.group("pos"):
                pos = int(m.group("pos"))
            else:
                position += 1
                pos = position
            key = f"%{pos}${'d' if m.group('conv') == 'i' else m.group('conv')}"
        tokens.append(Token(m.start(), m.end(), m.group(), key))
    # Braces are scanned with the printf tokens blanked out: %{name} is one placeholder.
    braces = _brace_tokens(mask(text, tokens), 0, len(text), False, [])
    tokens.extend(Token(t.start, t.end, text[t.start : t.end], t.key, t.in_branch) for t in braces)
    return sorted(tokens, key=lambda t: t.start)


def icu_blocks(text: str) -> List[IcuBlock]:
    blocks: List[IcuBlock] = []
    _brace_tokens(text, 0, len(text), False, blocks)
    return blocks


def _closing(text: str, start: int, end: int) -> Optional[int]:
    """Index of the ``}`` that closes the ``{`` at ``start`` (ICU quoting ignored)."""
    depth = 0
    for i in range(start, end):
        if text[i] == "{":
            depth += 1
        elif text[i] == "}":
            depth -= 1
            if depth == 0:
                return i
    return None


def _brace_tokens(text: str, start: int, end: int, in_branch: bool, blocks: List[IcuBlock]) -> List[Token]:
    tokens: List[Token] = []
    i = start
    while i < end:
        if text[i] == "#" and in_branch:
            tokens.append(Token(i, i + 1, "#", "#", True))
        if text[i] != "{":
            i += 1
            continue
        if text.startswith("{{", i):  # i18next / Angular / Handlebars interpolation
            close = text.find("}}", i + 2, end)
            name = text[i + 2 : close].strip() if close != -1 else ""
            if close != -1 and re.fullmatch(r"[-\w.$ ]+", name):
                tokens.append(Token(i, close + 2, text[i : close + 2], "{{" + name + "}}", in_branch))
                i = close + 2
                continue
        close = _closing(text, i, end)
        if close is None:
            break
        m = _BRACE_NAME.fullmatch(text, i + 1, close)
        if m is None or (m.group(1) is None and m.group(2) is not None):
            i += 1  # prose or code in braces, not a placeholder
            continue
        name, separator, rest = m.group(1) or "", m.group(2), m.group(3) or ""
        kind = rest.split(",", 1)[0].strip() if separator == "," else ""
        if kind in _ICU_KINDS:
            tokens.append(Token(i, close + 1, text[i : close + 1], f"{{{name}, {kind}}}", in_branch))
            cases = _icu_cases(text, m.start(3) + rest.index(",") + 1 if "," in rest else close, close, blocks, tokens)
            blocks.append(IcuBlock(i, close + 1, name, kind, tuple(cases)))
        elif separator == "," and not re.fullmatch(r"\s*\w+\s*(,.*)?", rest, re.S):
            i += 1
            continue
        else:
            tokens.append(Token(i, close + 1, text[i : close + 1], "{" + name + "}", in_branch))
        i = close + 1
    return tokens


def _icu_cases(text: str, pos: int, end: int, blocks: List[IcuBlock], tokens: List[Token]) -> List[str]:
    """Parse ``case {message} ...`` up to ``end``; messages are scanned for placeholders."""
    selectors: List[str] = []
    while pos < end:
        m = _ICU_CASE.match(text, pos, end)
        if not m:
            break
        close = _closing(text, m.end() - 1, end)
        if close is None:
            break
        selectors.append(m.group(2))
        tokens.extend(_brace_tokens(text, m.end(), close, True, blocks))
        pos = close + 1
    return selectors


# -- markup ----------------------------------------------------------------------------

_TAG = re.compile(r"<(/?)([A-Za-z][\w:.-]*)((?:\s+[^<>]*?)?)\s*(/?)>")
_ATTRIBUTE = re.compile(r"""([\w:.-]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+))?""")
# Attributes whose values are text for readers and so are translated.
_TRANSLATABLE_ATTRIBUTES = {"title", "alt", "aria-label", "placeholder", "label", "summary", "content", "value"}
_MARKDOWN = (
    ("image", re.compile(r"!\[[^\]\n]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")),
    ("link", re.compile(r"(?<!!)\[[^\]\n]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")),
    ("code", re.compile(r"`([^`\n]+)`")),
    ("strong", re.compile(r"\*\*(?=\S)[^*\n]+?(?<=\S)\*\*|(?<!\w)__(?=\S)[^_\n]+?(?<=\S)__(?!\w)")),
    ("emphasis", re.compile(r"(?<![*\w])\*(?=[^\s*])[^*\n]+?(?<=[^\s*])\*(?![*\w])|(?<![_\w])_(?=[^\s_])[^_\n]+?(?<=[^\s_])_(?![_\w])")),
)

_MARKDOWN_KEYS = {"image": "![]({})", "link": "[]({})", "code": "`{}`"}


def markup(text: str) -> List[Token]:
    """HTML/XML tags (by name and untranslatable attributes) and Markdown links, images,
    inline code (by content: code is not translated) and emphasis (by kind)."""
    tokens: List[Token] = []
    for m in _TAG.finditer(text):
        attributes = sorted(
            f"{a.group(1).lower()}={(a.group(2) or '').strip(chr(34) + chr(39))}"
            for a in _ATTRIBUTE.finditer(m.group(3))
            if a.group(1).lower() not in _TRANSLATABLE_ATTRIBUTES
        )
        key = f"<{m.group(1)}{m.group(2).lower()}{''.join(' ' + a for a in attributes)}{m.group(4)}>"
        tokens.append(Token(m.start(), m.end(), m.group(), key))
    masked = mask(text, tokens)
    for kind, pattern in _MARKDOWN:
        for m in pattern.finditer(masked):
            key = _MARKDOWN_KEYS[kind].format(m.group(1)) if kind in _MARKDOWN_KEYS else kind
            tokens.append(Token(m.start(), m.end(), text[m.start() : m.end()], key))
            masked = masked[: m.start()] + " " * (m.end() - m.start()) + masked[m.end() :]
    return sorted(tokens, key=lambda t: t.start)


# -- URLs and e-mail addresses ----------------------------------------------------------

_URL = re.compile(r"\b(?:https?|ftp)://[^\s<>\"'`\]\)]+|\bwww\.[A-Za-z0-9-]+\.[^\s<>\"'`\]\)]+", re.I)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_URL_PARTS = re.compile(r"[/?=&#.]+")  # not - or _: they join locale subtags (en-US, pt_BR)


def links(text: str, languages: Iterable[Optional[str]] = ()) -> List[Token]:
    """URLs and e-mail addresses.  Locale codes of ``languages`` inside a URL are wildcards:
    ``https://example.com/en/help`` and ``https://example.com/de/help`` have the same key."""
    codes = set()
    for lang in languages:
        if lang:
            lang = lang.lower().replace("_", "-")
            codes |= {lang, lang.split("-")[0], lang.replace("-", "_")}
    codes = {c.lower() for c in codes}
    tokens: List[Token] = []
    for m in _URL.finditer(text):
        url = m.group().rstrip(".,;:!?")
        parts = [("*" if p.lower() in codes else p) for p in _URL_PARTS.split(url)]
        tokens.append(Token(m.start(), m.start() + len(url), url, "url:" + "/".join(parts).lower()))
    for m in _EMAIL.finditer(text):
        if not any(t.start <= m.start() < t.end for t in tokens):
            tokens.append(Token(m.start(), m.end(), m.group(), "email:" + m.group().lower()))
    return sorted(tokens, key=lambda t: t.start)


# -- numbers ---------------------------------------------------------------------------

# Group separators vary by locale (1,234.5 / 1.234,5 / 1 234,5), so a number's key is its
# digits.  A leading space-separated group has at most three digits ("2020 100" is two).
_NUMBER = re.compile(r"(?<![\w.,])\d{1,3}(?:[\u00a0\u202f\u2009 ]\d{3})+(?:[.,]\d+)?(?!\d)|(?<![\w])\d+(?:[.,'’]\d+)*(?!\d)")


def numbers(text: str, masked_tokens: Sequence[Token] = ()) -> List[Token]:
    """Numbers outside ``masked_tokens`` (placeholders, URLs, tags), keyed by their digits."""
    masked = mask(text, masked_tokens)
    tokens = []
    for m in _NUMBER.finditer(masked):
        digits = re.sub(r"\D", "", m.group()).lstrip("0") or "0"
        tokens.append(Token(m.start(), m.end(), m.group(), digits))
    return tokens


# -- helpers ---------------------------------------------------------------------------


def mask(text: str, tokens: Iterable[Token]) -> str:
    """``text`` with the tokens' characters replaced by spaces (offsets unchanged)."""
    chars = list(text)
    for t in tokens:
        chars[t.start : t.end] = " " * (t.end - t.start)
    return "".join(chars)


def protected(text: str, languages: Iterable[Optional[str]] = ()) -> List[Token]:
    """Everything that is code rather than prose: placeholders, markup, URLs, e-mails."""
    return placeholders(text) + markup(text) + links(text, languages)


def difference(source: Sequence[Token], target: Sequence[Token]) -> Tuple[List[Token], List[Token]]:
    """(source tokens missing from the target, target tokens not in the source), by key.

    Tokens inside ICU cases are compared as sets (languages have different numbers of
    plural cases); the others as multisets.
    """

    def split(tokens: Sequence[Token]) -> Tuple[Counter, Dict[str, Token]]:
        counts: Counter = Counter()
        first: Dict[str, Token] = {}
        branch_keys = {t.key for t in tokens if t.in_branch}
        for t in tokens:
            if not t.in_branch:
                counts[t.key] += 1
            first.setdefault(t.key, t)
        for key in branch_keys:
            counts[key] = max(counts[key], 1)
        return counts, first

    s_counts, s_first = split(source)
    t_counts, _ = split(target)
    missing_keys = s_counts - t_counts
    extra_keys = t_counts - s_counts
    missing = [s_first[k] for k in missing_keys for _ in range(missing_keys[k])]
    extra: List[Token] = []
    remaining = Counter(extra_keys)
    for t in reversed(target):  # the last occurrences are the extra ones
        if remaining[t.key] > 0:
            extra.append(t)
            remaining[t.key] -= 1
    return sorted(missing, key=lambda t: t.start), sorted(extra, key=lambda t: t.start)
