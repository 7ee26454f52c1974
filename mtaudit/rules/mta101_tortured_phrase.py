"""MTA101 tortured-phrase."""
from __future__ import annotations

import functools
import itertools
from collections import Counter
from dataclasses import dataclass
from typing import Dict, FrozenSet, List, Optional, Sequence, Tuple

from mtaudit.lexicon import inflect
from mtaudit.lexicon.matcher import PhraseMatcher
from mtaudit.lexicon.idioms import FUNCTION_WORDS
from mtaudit.lexicon.text import fit_article, is_protected, match_case, norm_phrase, tokenize
from mtaudit.lexicon.evidence import kind
from mtaudit.lexicon.verify import Ask, Judging, Proposal, confidence_needed
from mtaudit.resources import model_file
from mtaudit.rules.base import JudgingRule
from mtaudit.types import Finding, Sentence, Severity

NO_MODEL_CONFIDENCE = 0.55


@dataclass(frozen=True)
class Entry:
    tortured: str
    expected: Tuple[str, ...]
    high: bool  # reads as no ordinary English: reported without the model too


@dataclass(frozen=True)
class _Key:
    entry: Entry
    number: str  # "same", "plural" or "singular": how the matched form differs from the entry


@functools.lru_cache(maxsize=2)
def tortured_lexicon(path: str = "") -> PhraseMatcher:
    """``models/tortured_phrases.tsv`` as a matcher; plural/singular variants included."""
    matcher: PhraseMatcher = PhraseMatcher()
    source = path or str(model_file("tortured_phrases.tsv"))
    with open(source, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            cols = line.rstrip("\n").split("\t")
            if cols[0] == "tortured" or len(cols) < 2:
                continue
            entry = Entry(cols[0], tuple(cols[1].split("|")), len(cols) > 2 and cols[2] == "high")
            matcher.add(entry.tortured, _Key(entry, "same"))
            head, _, last = entry.tortured.rpartition(" ")
            prefix = head + " " if head else ""
            single = inflect.singular(last)
            if single:
                matcher.add(prefix + single, _Key(entry, "singular"))
            else:
                matcher.add(prefix + inflect.plural(last), _Key(entry, "plural"))
    return matcher


@dataclass(frozen=True)
class SpinModel:
    """Word-level spins learnt from the lexicon, to recognise spun terms it does not list.

    Entries whose two sides have the same length align word by word ("vindictive node" ->
    "malicious node" teaches vindictive -> malicious).  An n-gram of the text whose spun
    words, put back, give a term the lexicon knows as an expected phrase (or the start of
    one) is a candidate; only the language model can confirm it.
    """

    originals: Dict[str, Tuple[str, ...]]  # spun word -> original words, most frequent first
    terms: FrozenSet[str]  # expected phrases and their leading 2+ word prefixes
    heads: FrozenSet[str] = frozenset()  # last words of expected phrases: what a term ends in

    def candidates(self, words: Sequence[str]) -> List[str]:
        options = [(w,) + self.originals.get(w, ())[:2] for w in words]
        if all(len(o) == 1 for o in options):
            return []
        out = []
        for combo in itertools.islice(itertools.product(*options), 32):
            phrase = " ".join(combo)
            if phrase != " ".join(words) and phrase in self.terms:
                out.append(phrase)
        return out

    def unlisted(self, words: Sequence[str]) -> List[str]:
        """Two content words, one or both of them known spins of a word: the pair with one or
        both words put back, whether or not the lexicon knows the result ("profound woodland" ->
        "deep woodland", "profound forest", "deep forest"); only the model can tell which reads
        as a term.  The pair must end in a word that ends a listed term ("forest"): a term's
        head, not a verb after a noun ("the operator spent")."""
        if len(words) != 2 or any(w in FUNCTION_WORDS or (len(w) < 4 and w not in self.originals) for w in words):
            return []
        options = [(w,) + self.originals.get(w, ())[:2] for w in words]
        pairs = [" ".join(pair) for pair in itertools.product(*options)
                 if list(pair) != list(words) and pair[0] != pair[1] and pair[1] in self.heads]
        return sorted(pairs, key=lambda pair: sum(a != b for a, b in zip(pair.split(" "), words)))  # one word put back first


@functools.lru_cache(maxsize=2)
def spin_model(path: str = "") -> SpinModel:
    counts: Dict[str, Counter] = {}
    terms, heads = set(), set()
    source = path or str(model_file("tortured_phrases.tsv"))
    with open(source, encoding="utf-8") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if line.startswith("#") or cols[0] == "tortured" or len(cols) < 2:
                continue
            spun = norm_phrase(cols[0]).split()
            for expected in cols[1].split("|"):
                words = norm_phrase(expected).split()
                terms.add(" ".join(words))
                heads.update(words[-1:])
                for k in range(2, len(words) + 1):
                    terms.add(" ".join(words[:k]))
                moved = any(w in words and words.index(w) != k for k, w in enumerate(spun))
                if len(words) == len(spun) and not moved:  # reordered ("corrosive hydrochloric"): no word-for-word spins
                    for a, b in zip(spun, words):
                        if a != b and len(a) > 2 and a not in FUNCTION_WORDS:
                            counts.setdefault(a, Counter())[b] += 1
    originals = {a: tuple(b for b, _ in c.most_common()) for a, c in counts.items()}
    return SpinModel(originals, frozenset(terms), frozenset(heads))


def _splits_compound(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is part of a hyphenated compound ("synthetic-aperture radar")."""
    return (start > 1 and text[start - 1] == "-" and text[start - 2].isalnum()) or \
        (end + 1 < len(text) and text[end] == "-" and text[end + 1].isalnum())


def _renumber(phrase: str, number: str) -> str:
    head, _, last = phrase.rpartition(" ")
    prefix = head + " " if head else ""
    if number == "plural":
        return prefix + inflect.plural(last)
    if number == "singular":
        return prefix + (inflect.singular(last) or last)
    return phrase


def _restore_case(original: str, phrase: str) -> str:
    """Words the expected phrase shares with the original keep the original's casing (names)."""
    cased = {t.norm: t.text for t in tokenize(original) if t.is_word and not t.text.islower()}
    words = [cased.get(w.lower(), w) for w in phrase.split(" ")]
    return match_case(original, " ".join(words))


class TorturedPhrase(JudgingRule):
    """
    ## What it does
    Finds "tortured phrases": established technical terms replaced word by word with
    synonyms, such as "counterfeit consciousness" for "artificial intelligence" or "bosom
    peril" for "breast cancer". The lexicon comes from the Problematic Paper Screener
    (Cabanac, Labbé and Magazinov; CC BY 4.0). With the language model each hit is confirmed
    by comparing the sentence with the expected term put in its place; without it only
    entries that never read as ordinary English are reported, with a lower confidence.
    Spun terms the lexicon does not list are recognised from the word spins it teaches
    ("flag" for "signal", "handling" for "processing": "flag handling"), with the model only:
    a pair of words with one or both put back is a guess that the judge weighs, fitted on
    terms left out of the lexicon. Names, numbers and parts of hyphenated compounds are never
    read as spun.

    ## Why is this bad?
    Article spinners and paraphrasing tools disguise copied text by swapping words for
    synonyms, and back-translation does the same by accident. The result reads as nonsense
    to anyone who knows the field and marks the text as spun or machine-processed.

    ## Example
    > The clinic screens women over fifty for bosom peril every two years.

    ## Use instead
    > The clinic screens women over fifty for breast cancer every two years.

    ## Options
    `min-confidence` (default: fitted, in `models/judge.json`): the calibrated judge's
    probability a hit needs to be reported.
    """

    id = "MTA101"
    name = "tortured-phrase"
    severity = Severity.WARNING
    summary = "Spun synonym of an established term (tortured phrase)"

    def judging(self, sentences: Sequence[Sentence]) -> Judging:
        matcher = tortured_lexicon()
        scorer = self.context.scorer
        hits: List[Tuple[Sentence, int, int, Optional[Entry], List[str], str]] = []  # ..., kind of proposal
        for sentence in sentences:
            text = sentence.text
            tokens = tokenize(text)
            if not tokens:
                continue
            direct = matcher.find(tokens)
            if scorer is not None:
                hits.extend(self._generalised(sentence, tokens, direct))
            for m in direct:
                key: _Key = m.value
                if scorer is None and not key.entry.high:
                    continue
                start, end = tokens[m.first].start, tokens[m.last].end
                original = text[start:end]
                suggestions = [_restore_case(original, _renumber(e, key.number)) for e in key.entry.expected]
                start, suggestions = fit_article(text, start, list(dict.fromkeys(suggestions)))
                hits.append((sentence, start, end, key.entry, suggestions, "tortured-high" if key.entry.high else "tortured"))
        if not hits:
            return
        if scorer is None:
            for sentence, start, end, entry, suggestions, _ in hits:
                yield self._finding(sentence, start, end, suggestions, NO_MODEL_CONFIDENCE)
            return
        needed, screened = confidence_needed(self.id, self.context.options)
        proposals = [Proposal(s.text, a, b, sug, entry, kind(k), screened) for s, a, b, entry, sug, k in hits]
        verdicts = yield Ask(proposals)
        for (sentence, start, end, _, _, _), verdict in zip(hits, verdicts):
            best = verdict.best
            if best is not None and best.confidence >= needed:
                yield self._finding(sentence, start, end, verdict.suggestions(), best.confidence)

    @staticmethod
    def _generalised(sentence: Sentence, tokens, direct) -> List[Tuple[Sentence, int, int, None, List[str], str]]:
        model = spin_model()
        taken = [(m.first, m.last) for m in direct]
        # names, numbers and negations are no spun words
        readable = [t.is_word and not is_protected(tokens, k) for k, t in enumerate(tokens)]
        out = []
        last_end = -1
        for i in range(len(tokens)):
            if i <= last_end:
                continue
            for n in (4, 3, 2):
                span = tokens[i : i + n]
                if len(span) < n or not all(readable[i : i + n]):
                    continue
                if _splits_compound(sentence.text, span[0].start, span[-1].end):
                    continue
                if any(not (i + n - 1 < a or i > b) for a, b in taken):
                    continue
                found = model.candidates([t.norm for t in span])
                relaxed = not found
                if relaxed:
                    found = model.unlisted([t.norm for t in span])
                if not found:
                    continue
                start, end = span[0].start, span[-1].end
                original = sentence.text[start:end]
                suggestions = []
                for phrase in found:
                    suggestions.append(phrase)
                    joined = phrase.replace(" ", "")
                    if n == 2 and joined in model.terms:
                        suggestions.append(joined)
                    elif n == 2 and not relaxed:  # a guess needs no spelling variants: each costs a model call
                        suggestions.append(phrase.replace(" ", "-"))
                suggestions = [_restore_case(original, s) for s in dict.fromkeys(suggestions)]
                start, suggestions = fit_article(sentence.text, start, suggestions)
                out.append((sentence, start, end, None, suggestions, "spin-guess" if relaxed else "spin-term"))
                if not relaxed:
                    last_end = i + n - 1
                break
        return out

    def _finding(self, sentence: Sentence, start: int, end: int, suggestions: List[str], conf: float) -> Finding:
        original = sentence.text[start:end]
        return self.finding(
            sentence.segment,
            start,
            end,
            f"'{original}' looks like a spun synonym of '{suggestions[0]}'",
            confidence=conf,
            suggestions=suggestions,
        )


RULES = [TorturedPhrase]
