"""Just enough English morphology to match inflected phrases and inflect suggestions.

No tagger: a word is reduced to the set of lemmas it *could* have (``lies`` -> {lies,
lie, ly}; ``threw`` -> {threw, throw}); a lexicon word matches a text word when its lemma
is in that set.  To inflect a suggestion, the *form* of the text word it replaces
(past, -ing, -s, participle) is read off and applied to the lexicon word.
"""
from __future__ import annotations

import functools
from typing import Dict, FrozenSet, Optional, Tuple

# base past participle
_IRREGULAR = """
arise arose arisen|awake awoke awoken|be was been|bear bore borne|beat beat beaten
become became become|begin began begun|bend bent bent|bet bet bet|bid bid bid|bind bound bound
bite bit bitten|bleed bled bled|blow blew blown|break broke broken|breed bred bred
bring brought brought|build built built|burn burnt burnt|burst burst burst|buy bought bought
cast cast cast|catch caught caught|choose chose chosen|cling clung clung|come came come
cost cost cost|creep crept crept|cut cut cut|deal dealt dealt|dig dug dug|do did done
draw drew drawn|dream dreamt dreamt|drink drank drunk|drive drove driven|eat ate eaten
fall fell fallen|feed fed fed|feel felt felt|fight fought fought|find found found|flee fled fled
fling flung flung|fly flew flown|forbid forbade forbidden|forget forgot forgotten
forgive forgave forgiven|freeze froze frozen|get got got|give gave given|go went gone
grind ground ground|grow grew grown|hang hung hung|have had had|hear heard heard|hide hid hidden
hit hit hit|hold held held|hurt hurt hurt|keep kept kept|kneel knelt knelt|know knew known
lay laid laid|lead led led|lean leant leant|leap leapt leapt|learn learnt learnt|leave left left
lend lent lent|let let let|lie lay lain|light lit lit|lose lost lost|make made made
mean meant meant|meet met met|mislead misled misled|overcome overcame overcome|pay paid paid
put put put|quit quit quit|read read read|rid rid rid|ride rode ridden|ring rang rung
rise rose risen|run ran run|say said said|see saw seen|seek sought sought|sell sold sold
send sent sent|set set set|shake shook shaken|shed shed shed|shine shone shone|shoot shot shot
show showed shown|shrink shrank shrunk|shut shut shut|sing sang sung|sink sank sunk|sit sat sat
sleep slept slept|slide slid slid|sling slung slung|slit slit slit|smell smelt smelt
speak spoke spoken|speed sped sped|spend spent spent|spill spilt spilt|spin spun spun
spit spat spat|split split split|spread spread spread|spring sprang sprung|stand stood stood
steal stole stolen|stick stuck stuck|sting stung stung|stink stank stunk|strike struck struck
string strung strung|strive strove striven|swear swore sworn|sweep swept swept|swell swelled swollen
swim swam swum|swing swung swung|take took taken|teach taught taught|tear tore torn
tell told told|think thought thought|throw threw thrown|thrust thrust thrust|tread trod trodden
understand understood understood|undertake undertook undertaken|upset upset upset|wake woke woken
wear wore worn|weave wove woven|weep wept wept|win won won|wind wound wound|withdraw withdrew withdrawn
wring wrung wrung|write wrote written
"""

IRREGULAR: Dict[str, Tuple[str, str]] = {}
_IRREGULAR_FORM: Dict[str, Tuple[str, str]] = {}  # form -> (base, "past" | "pp")
for _entry in _IRREGULAR.replace("\n", "|").split("|"):
    if _entry.strip():
        _b, _p, _pp = _entry.split()
        IRREGULAR[_b] = (_p, _pp)
        _IRREGULAR_FORM.setdefault(_p, (_b, "past"))
        if _pp != _b:
            _IRREGULAR_FORM.setdefault(_pp, (_b, "pp"))
_IRREGULAR_FORM["were"] = ("be", "past")
_IRREGULAR_FORM["is"] = ("be", "s")
_IRREGULAR_FORM["are"] = ("be", "base")
_IRREGULAR_FORM["am"] = ("be", "base")
_IRREGULAR_FORM["has"] = ("have", "s")
_IRREGULAR_FORM["does"] = ("do", "s")
_IRREGULAR_FORM["goes"] = ("go", "s")

_IRREGULAR_PLURAL = {
    "man": "men", "woman": "women", "child": "children", "foot": "feet", "tooth": "teeth",
    "mouse": "mice", "person": "people", "goose": "geese", "life": "lives", "wife": "wives",
    "knife": "knives", "leaf": "leaves", "half": "halves", "wolf": "wolves", "shelf": "shelves",
    "datum": "data", "criterion": "criteria", "phenomenon": "phenomena", "analysis": "analyses",
    "thesis": "theses", "hypothesis": "hypotheses", "index": "indices", "matrix": "matrices",
    "vertex": "vertices", "medium": "media",
}
_IRREGULAR_SINGULAR = {v: k for k, v in _IRREGULAR_PLURAL.items()}
_VOWELS = set("aeiou")


def _is_cvc(word: str) -> bool:
    """Short consonant-vowel-consonant ending that doubles before -ed/-ing (stab, run)."""
    if len(word) < 3 or word[-1] in "wxy" or word[-1] in _VOWELS:
        return False
    if not (word[-2] in _VOWELS and word[-3] not in _VOWELS):
        return False
    # one syllable, or a known stressed final syllable
    syllables = sum(1 for i, c in enumerate(word) if c in _VOWELS and (i == 0 or word[i - 1] not in _VOWELS))
    return syllables == 1 or word.endswith(("mit", "fer", "pel", "cur", "gin", "bet", "get"))


def third_person(base: str) -> str:
    if base in ("be",):
        return "is"
    if base == "have":
        return "has"
    if base in ("do", "go"):
        return base + "es"
    if base.endswith(("s", "sh", "ch", "x", "z", "o")):
        return base + "es"
    if base.endswith("y") and len(base) > 1 and base[-2] not in _VOWELS:
        return base[:-1] + "ies"
    return base + "s"


def past(base: str) -> str:
    if base in IRREGULAR:
        return IRREGULAR[base][0]
    if base.endswith("e"):
        return base + "d"
    if base.endswith("y") and len(base) > 1 and base[-2] not in _VOWELS:
        return base[:-1] + "ied"
    if _is_cvc(base):
        return base + base[-1] + "ed"
    return base + "ed"


def participle(base: str) -> str:
    if base in IRREGULAR:
        return IRREGULAR[base][1]
    return past(base)


def gerund(base: str) -> str:
    if base == "be":
        return "being"
    if base.endswith("ie"):
        return base[:-2] + "ying"
    if base.endswith("e") and not base.endswith(("ee", "ye", "oe")) and len(base) > 2:
        return base[:-1] + "ing"
    if _is_cvc(base):
        return base + base[-1] + "ing"
    return base + "ing"


def plural(noun: str) -> str:
    if noun in _IRREGULAR_PLURAL:
        return _IRREGULAR_PLURAL[noun]
    if noun.endswith(("s", "sh", "ch", "x", "z")):
        return noun + "es"
    if noun.endswith("y") and len(noun) > 1 and noun[-2] not in _VOWELS:
        return noun[:-1] + "ies"
    return noun + "s"


def singular(noun: str) -> Optional[str]:
    """The singular of a regular or known irregular plural, else None."""
    if noun in _IRREGULAR_SINGULAR:
        return _IRREGULAR_SINGULAR[noun]
    if noun.endswith("ies") and len(noun) > 4:
        return noun[:-3] + "y"
    if noun.endswith(("sses", "shes", "ches", "xes", "zes")):
        return noun[:-2]
    if noun.endswith("s") and not noun.endswith(("ss", "us", "is")) and len(noun) > 3:
        return noun[:-1]
    return None


def inflect(base: str, form: str) -> str:
    """``base`` in ``form``: base, s, past, pp, ing (last word of a phrase only)."""
    if " " in base:
        head, _, rest = base.partition(" ")
        return inflect(head, form) + " " + rest
    if form == "s":
        return third_person(base)
    if form == "past":
        return past(base)
    if form == "pp":
        return participle(base)
    if form == "ing":
        return gerund(base)
    return base


@functools.lru_cache(maxsize=100_000)
def lemmas(word: str) -> FrozenSet[str]:
    """Every lemma ``word`` (lower case) could be a form of, the word itself included."""
    out = {word}
    if word in _IRREGULAR_FORM:
        out.add(_IRREGULAR_FORM[word][0])
    if word in _IRREGULAR_SINGULAR:
        out.add(_IRREGULAR_SINGULAR[word])
    if word.endswith("'s"):
        out.add(word[:-2])
    n = len(word)
    if n > 3 and word.endswith("s"):
        if word.endswith("ies"):
            out.add(word[:-3] + "y")
            out.add(word[:-1])
        elif word.endswith("es"):
            out.add(word[:-2])
            out.add(word[:-1])
        elif not word.endswith("ss"):
            out.add(word[:-1])
    if n == 4 and word.endswith("ied"):  # "tied", "died", "lied"
        out.add(word[:-1])
    if n > 4 and word.endswith("ed"):
        stem = word[:-2]
        out.update({stem, word[:-1]})
        if word.endswith("ied"):
            out.add(word[:-3] + "y")
        if len(stem) > 2 and stem[-1] == stem[-2]:
            out.add(stem[:-1])
    if n > 4 and word.endswith("ing"):
        stem = word[:-3]
        out.update({stem, stem + "e"})
        if word.endswith("ying"):
            out.add(word[:-4] + "ie")
        if len(stem) > 2 and stem[-1] == stem[-2]:
            out.add(stem[:-1])
    return frozenset(out)


@functools.lru_cache(maxsize=100_000)
def form_of(word: str) -> str:
    """The inflection ``word`` (lower case) most likely carries: base, s, past, pp or ing."""
    if word in _IRREGULAR_FORM:
        base, form = _IRREGULAR_FORM[word]
        if word == base:
            return "base"
        return form
    n = len(word)
    if n > 4 and word.endswith("ing"):
        return "ing"
    if n > 3 and word.endswith("ed") and not word.endswith("eed"):
        return "past"
    if n > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "'s")):
        return "s"
    return "base"


def base_form(word: str) -> str:
    """The base form of a (lower-case) lexicon word given inflected (``settles`` -> ``settle``)."""
    if word in _IRREGULAR_FORM:
        return _IRREGULAR_FORM[word][0]
    form = form_of(word)
    if form == "s":
        if word.endswith("ies"):
            return word[:-3] + "y"
        if word.endswith(("sses", "shes", "ches", "xes", "zes", "oes")):
            return word[:-2]
        return word[:-1]
    if form in ("past", "pp", "ing"):
        stem = word[:-2] if form != "ing" else word[:-3]
        if form != "ing" and word.endswith("ied"):
            return word[:-3] + "y"
        options = [stem, stem + "e"]
        if len(stem) > 2 and stem[-1] == stem[-2]:
            options.append(stem[:-1])
        return max(options, key=_zipf)
    return word


def _zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")


def same_inflection(word: str, like: str) -> str:
    """The lexicon ``word`` inflected like the text word ``like`` (``race``, ``running`` -> ``racing``)."""
    form = form_of(like.lower())
    if form == form_of(word):
        return word
    base = base_form(word)
    if form == "base":
        return base
    return inflect(base, form)


def is_form_of(word: str, lemma: str) -> bool:
    return lemma in lemmas(word)
