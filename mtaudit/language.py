"""Language identification: langdetect (seeded) for documents and fragments, wordfreq to find candidates.

langdetect is probabilistic and slow (~5 ms a call), so it is never run on every
sentence: only on runs of words that English word frequencies say are not English.
"""
from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence, Tuple

from langdetect import DetectorFactory, LangDetectException, detect_langs

DetectorFactory.seed = 0  # langdetect samples n-grams at random; a fixed seed makes reports reproducible

LANGUAGE_NAMES = {
    "af": "Afrikaans", "ar": "Arabic", "bg": "Bulgarian", "ca": "Catalan", "cs": "Czech",
    "da": "Danish", "de": "German", "el": "Greek", "en": "English", "es": "Spanish",
    "et": "Estonian", "fi": "Finnish", "fr": "French", "hr": "Croatian", "hu": "Hungarian",
    "id": "Indonesian", "it": "Italian", "ja": "Japanese", "ko": "Korean", "lt": "Lithuanian",
    "lv": "Latvian", "nl": "Dutch", "no": "Norwegian", "pl": "Polish", "pt": "Portuguese",
    "ro": "Romanian", "ru": "Russian", "sk": "Slovak", "sl": "Slovenian", "sv": "Swedish",
    "tr": "Turkish", "uk": "Ukrainian", "vi": "Vietnamese", "zh-cn": "Chinese", "zh-tw": "Chinese",
    "ne": "Nepali", "si": "Sinhala", "hi": "Hindi", "fa": "Persian", "he": "Hebrew",
}

WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
MIN_DOCUMENT_LETTERS = 60
NOT_ENGLISH_FREQ = 1e-6  # zipf 3: below this a lower-case word is unusual in English
MIN_FRAGMENT_WORDS = 2
COMMON_FREQ = 1e-5  # zipf 4: an everyday word
# Latin-script languages whose words are checked cheaply before langdetect runs.
PROBE_LANGUAGES = ("de", "fr", "es", "it", "pt", "nl", "pl", "ro", "sv", "da", "nb", "fi", "tr", "cs", "hu", "id", "ca")


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code)


@dataclass(frozen=True)
class Guess:
    language: str
    probability: float


def detect(text: str) -> Optional[Guess]:
    """The most likely language of ``text``, or None when there is too little text."""
    candidates = language_candidates(text)
    return Guess(candidates[0].lang, candidates[0].prob) if candidates else None


def language_candidates(text: str) -> list:
    """langdetect's candidate languages, most likely first; none for too little text."""
    if sum(ch.isalpha() for ch in text) < 3:
        return []
    try:
        return detect_langs(text)
    except LangDetectException:
        return []


def _foreign_guess(text: str, words, expected: str, min_probability: float) -> Optional[Guess]:
    """The language of a run that is confidently not ``expected``: of langdetect's candidates,
    the one in whose word list most of the run's words are common."""
    candidates = language_candidates(text)
    foreign = sum(c.prob for c in candidates if c.lang != expected)
    if foreign < min_probability:
        return None

    def native(lang: str) -> int:
        return sum(_freq(w, lang, "small") > max(_freq(w, expected), 1e-7) for _, _, w in words)

    best = max((c for c in candidates if c.lang != expected), key=lambda c: (native(c.lang), c.prob))
    return Guess(best.lang, min(1.0, foreign))


def detect_document(texts: Sequence[str], limit: int = 5000) -> Optional[Guess]:
    """Language of a document from its first ``limit`` characters of prose."""
    sample: List[str] = []
    size = 0
    for text in texts:
        sample.append(text)
        size += len(text)
        if size >= limit:
            break
    return _detect_sample(" ".join(sample))


@functools.lru_cache(maxsize=64)  # an editor's server re-audits the same document after each edit
def _detect_sample(joined: str) -> Optional[Guess]:
    if sum(ch.isalpha() for ch in joined) < MIN_DOCUMENT_LETTERS:
        return None
    return detect(joined)


# Other languages' words are looked up in wordfreq's small lists (words more common than 1
# in a million): enough to tell whose word a word is, and loaded ten times faster than the
# full lists, which matters when each new sentence may bring a new guess (an editor's server).
@functools.lru_cache(maxsize=32)
def _frequencies(lang: str, wordlist: str = "best") -> Dict[str, float]:
    from wordfreq import available_languages, get_frequency_dict

    code = lang.split("-")[0]
    return get_frequency_dict(code, wordlist=wordlist) if code in available_languages(wordlist) else {}


def _freq(word: str, lang: str, wordlist: str = "best") -> float:
    # wordfreq's keys are case-folded ("großer" -> "grosser").
    return _frequencies(lang, wordlist).get(word.casefold().replace("’", "'"), 0.0)


@dataclass(frozen=True)
class Fragment:
    start: int
    end: int
    language: str
    probability: float
    whole: bool  # the fragment is (nearly) the whole sentence


@functools.lru_cache(maxsize=4096)  # MTA004 and the model rules' judge ask about the same sentences
def foreign_fragments(text: str, expected: str = "en", min_probability: float = 0.9) -> Tuple[Fragment, ...]:
    """Runs of words in ``text`` written in another language than ``expected``.

    A candidate run holds at least two lower-case words that are rare in the expected
    language; langdetect names the run's language, and the run grows over the words next
    to it that are more frequent in that language than in the expected one.
    """
    words = [(m.start(), m.end(), m.group()) for m in WORD.finditer(text)]
    if len(words) < MIN_FRAGMENT_WORDS:
        return ()
    rare = [_freq(w, expected) < NOT_ENGLISH_FREQ for _, _, w in words]
    # Capitalised rare words are mostly names: they may join a run but never start one.
    anchor = [r and not (k > 0 and w[:1].isupper()) for k, (r, (_, _, w)) in enumerate(zip(rare, words))]
    fragments: List[Fragment] = []
    i = 0
    while i < len(words):
        if not rare[i]:
            i += 1
            continue
        j = i
        # A candidate run: rare words, allowing up to two common words between them
        # ("la situación es muy", "gestern in Berlin vorgestellt").
        while True:
            nxt = next((k for k in range(j + 1, min(j + 4, len(words))) if rare[k]), None)
            if nxt is None:
                break
            j = nxt
        # langdetect is only asked about runs that look foreign: in another script, or
        # with words common in a likely source language (misspellings and jargon are not).
        candidate = any(anchor[i : j + 1]) and (
            (sum(rare[i : j + 1]) >= MIN_FRAGMENT_WORDS and _other_script(words[i : j + 1]))
            or _probe(words, i, j, expected)
        )
        if candidate:
            fragment = _confirm(text, words, i, j, expected, min_probability)
            if fragment:
                fragments.append(fragment)
                if fragment.whole:
                    break
                i = max(j, _word_index(words, fragment.end)) + 1
                continue
        i = j + 1
    return tuple(fragments)


def _probe(words: Sequence[Tuple[int, int, str]], i: int, j: int, expected: str) -> bool:
    """Whether at least two words in or next to ``words[i..j]`` are more common in one of
    the usual source languages than in ``expected`` (dictionary look-ups: cheap)."""
    window = [w.casefold() for _, _, w in words[max(0, i - 2) : j + 3]]
    own = [max(_freq(w, expected), NOT_ENGLISH_FREQ) for w in window]
    for lang in PROBE_LANGUAGES:
        small = _frequencies(lang, "small")
        if sum(small.get(w, 0.0) > f for w, f in zip(window, own)) >= MIN_FRAGMENT_WORDS:
            return True
    return False


def _other_script(words: Sequence[Tuple[int, int, str]]) -> bool:
    """Whether the words hold letters outside the Latin script (Cyrillic, Greek, CJK...)."""
    return any(ord(ch) > 0x24F and ch.isalpha() for _, _, w in words for ch in w)


def _word_index(words: Sequence[Tuple[int, int, str]], end: int) -> int:
    return max(k for k, w in enumerate(words) if w[1] <= end)


def _confirm(text, words, i, j, expected, min_probability) -> Optional[Fragment]:
    guess = _foreign_guess(text[words[i][0] : words[j][1]], words[i : j + 1], expected, min_probability)
    if guess is None:
        # Short runs are hard to identify; the whole sentence may say more.
        guess = _foreign_guess(text, words, expected, min_probability)
        if guess is None:
            return None
        i, j = 0, len(words) - 1
    lang = guess.language

    def belongs(word: str) -> bool:
        return _freq(word, lang, "small") > max(_freq(word, expected), 1e-7)

    if not _frequencies(lang, "small"):
        # No word list to check langdetect against: trust it only for a whole sentence.
        sentence = guess if (i, j) == (0, len(words) - 1) else detect(text)
        if sentence is None or sentence.language != lang or sentence.probability < min_probability:
            return None
        return Fragment(words[0][0], len(text.rstrip()), lang, round(sentence.probability, 4), True)
    else:
        while i > 0 and belongs(words[i - 1][2]):
            i -= 1
        while j + 1 < len(words) and belongs(words[j + 1][2]):
            j += 1
        # Evidence: words of that language that are not also everyday English ("a", "la").
        native = sum(belongs(w) and _freq(w, expected) < COMMON_FREQ for _, _, w in words[i : j + 1])
    if native < max(MIN_FRAGMENT_WORDS, (j - i + 1) // 3):
        return None
    whole = (j - i + 1) >= math.ceil(0.6 * len(words))
    if not whole:
        sentence = detect(text)
        whole = sentence is not None and sentence.language == lang and sentence.probability >= min_probability
    start, end = (words[0][0], len(text.rstrip())) if whole else (words[i][0], words[j][1])
    return Fragment(start, end, lang, round(guess.probability, 4), whole)
