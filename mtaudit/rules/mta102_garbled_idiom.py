"""MTA102 garbled-idiom."""
from __future__ import annotations

import dataclasses
from typing import Dict, List, Optional, Sequence, Set, Tuple

from mtaudit.lexicon import inflect
from mtaudit.lexicon.idioms import FUNCTION_WORDS, IdiomIndex, Near, compound_halves, garbles_none, load_index
from mtaudit.lexicon.evidence import kind
from mtaudit.lexicon.model_edits import near, same_stem
from mtaudit.lexicon.text import is_protected, tokenize
from mtaudit.lexicon.verify import Ask, Judging, Proposal, Verdict, confidence_needed
from mtaudit.resources import model_file
from mtaudit.rules.base import JudgingRule
from mtaudit.types import Finding, Sentence, Severity

DEFAULT_MAX_EDITS = 3
NO_MODEL_CONFIDENCE = 0.45
# a text word is read as the idiom words most alike to it that complete an idiom around it,
# up to ALIKE_WORDS of them among the ALIKE_POOL most alike, with an input-embedding cosine of
# MIN_ALIKE or more (synonyms and literal translations score 0.4-0.8 with SmolLM2, unrelated
# nouns under 0.3); read as the idiom's only changed word (the rest of it written out in
# full), MIN_ALIKE_ALONE
ALIKE_WORDS = 3
ALIKE_POOL = 24
MIN_ALIKE = 0.35
MIN_ALIKE_ALONE = 0.45
# a text word is also read as each of the PREFERRED_WORDS idiom words the model expects most in
# its place, given the words before it, whether or not the two words are alike out of context
# ("much nourishment for thought": "food")
PREFERRED_WORDS = 3
SUGGESTIONS = 3
# a rewrite of another near miss over the reported words is suggested when the judge finds it
# more likely right than not
ALTERNATIVE = 0.5


def _kept_words(near: Near) -> int:
    return round(near.weighted * near.idiom.fixed)


def _features(n: Near, similarity: Dict[Tuple[str, str], float]) -> dict:
    """What the alignment says of a near miss, for the judge; with words swapped, how alike
    the least alike pair is to the model ("hangs in the kitchen" is no garbled "hangs in the balance")."""
    swap = {"idiom_swap": 1.0} if n.swap else {}
    expected = {} if n.expected is None else {"idiom_expected": n.expected[1]}
    alike = [similarity[pair] for pair in (n.swap, *n.swaps) if pair in similarity]
    if alike:
        swap["idiom_swap_similarity"] = min(alike)
    return kind("idiom", idiom_cost=n.cost, idiom_share=n.weighted, idiom_edits=float(n.edits),
                idiom_kept=float(n.content_matches), idiom_strong=float(n.strong or n.structural),
                idiom_number=float(n.numbers), idiom_edge=float(n.edge), idiom_order=float(n.order),
                idiom_alike=float(n.put_back is not None), **swap, **expected)


def _similarities(scorer, nears: Sequence[Near]) -> Dict[Tuple[str, str], float]:
    """How alike the two words of each swap ``(idiom word, text word)`` of ``nears`` are to the
    model (cosine of its input embeddings); empty without a model that can tell."""
    pairs = list(dict.fromkeys(pair for n in nears for pair in (n.swap, n.half_swap, *n.swaps) if pair))
    if not pairs or not hasattr(scorer, "word_similarity"):
        return {}
    return dict(zip(pairs, scorer.word_similarity(pairs)))


def _alike_enough(n: Near, similarity: Dict[Tuple[str, str], float]) -> bool:
    """Whether a swap that is ``n``'s sole evidence, or a compound's swapped half, has words
    alike to the model, by the test model-proposed edits pass (a synonym, a variant:
    "steam"/"vapour", not "lead"/"course"), or is the idiom word the model expected in the
    text word's place; other swaps are the judge's to weigh."""
    return all(pair in similarity and near(*pair, similarity[pair])
               for pair in (n.swap, n.half_swap) if pair and not (n.expected and pair == n.expected[0]))


def idiom_index() -> IdiomIndex:
    return load_index(str(model_file("idioms.tsv")))


def _read_as_alike(index: IdiomIndex, texts: Sequence[str], scorer, exact: Sequence[List[Near]],
                   found: Sequence[List[Near]], max_edits: int) -> List[List[Near]]:
    """Per text, the near misses found with one content word read as an idiom word the
    model's input embeddings find alike to it (the word MT or a spinner swapped for a
    synonym: "in the broth" for "in the soup") or one the model expects in its place, given
    the words before it ("much nourishment for thought": "food"), that are not near misses already.
    A near miss whose swapped word the model expected is marked so (``Near.expected``).
    Words within an idiom written correctly are left as they are."""
    places = []
    tokens_of = [tokenize(text) for text in texts]
    for t, tokens in enumerate(tokens_of):
        covered = {k for e in exact[t] for k in range(e.first, e.last + 1)}
        for j, token in enumerate(tokens):
            if (token.is_word and token.text.isalpha() and token.norm not in FUNCTION_WORDS and j not in covered
                    and not is_protected(tokens, j)):
                places.append((t, j, token.start, token.norm))
    alike = scorer.nearest_words([w for *_, w in places], index.content_words, ALIKE_POOL, MIN_ALIKE)
    preferred = (scorer.preferred_words([(texts[t], start) for t, _, start, _ in places], index.content_words,
                                        PREFERRED_WORDS)
                 if hasattr(scorer, "preferred_words") else [[] for _ in places])
    expected = [{} for _ in texts]  # per text: (idiom word, text word) -> gain
    for (t, _, _, word), words in zip(places, preferred):
        for w, gain in words:
            expected[t][(w, word)] = max(gain, expected[t].get((w, word), gain))
    for misses, pairs in zip(found, expected):  # a swap the model itself expected
        for n in misses:
            best = max(((pair, pairs[pair]) for pair in (n.swap, *n.swaps) if pair in pairs), key=lambda e: e[1], default=None)
            n.expected = best
    extra: List[List[Near]] = [[] for _ in texts]
    seen = [{(n.start, n.end, r) for n in misses for r in n.replacements} for misses in found]  # per text
    for (t, j, _, word), words, likely in zip(places, alike, preferred):
        # a form of the word itself is the alignment's to find ("pipe" may stand for "pipeline")
        other = [(w, s) for w, s in words if inflect.lemmas(word).isdisjoint(inflect.lemmas(w))]
        readings = [(w, s >= MIN_ALIKE_ALONE, None) for w, s in other]
        read_alike = {w for w, _ in other}
        readings += [(w, True, gain) for w, gain in likely
                     if w not in read_alike and inflect.lemmas(word).isdisjoint(inflect.lemmas(w))]
        read = 0
        for idiom_word, exact_ok, gain in readings:
            if gain is None and read == ALIKE_WORDS:
                continue
            # where an idiom is written correctly, no other is read over it ("have a go at the crossword")
            misses = [n for n in index.find_with_word(texts[t], j, idiom_word, max_edits, exact_ok=exact_ok)
                      if garbles_none(n, exact[t])]
            read += bool(misses) and gain is None
            if gain is not None:
                # the expected word is the content word changed (a verb aside)
                misses = [n for n in misses if all(p == n.put_back for p in (n.swap, *n.swaps) if p)]
                for n in misses:
                    n.expected = ((idiom_word, word), gain)
                taken = [wider for n in misses for wider in [_next_word_taken(n, j, tokens_of[t])] if wider]
                if taken:
                    pair = (idiom_word, tokens_of[t][j + 1].norm)
                    if _stands_for(*pair, scorer.word_similarity([pair])[0]):
                        misses += taken
            for n in misses:
                n.replacements = [r for r in n.replacements if (n.start, n.end, r) not in seen[t]]
                if n.replacements:
                    seen[t].update((n.start, n.end, r) for r in n.replacements)
                    extra[t].append(n)
    return extra


def _next_word_taken(n: Near, j: int, tokens) -> Optional[Near]:
    """``n``, whose last word is the idiom word the model expected at text word ``j``, run
    over the content word after it, which its rewrite drops: a translation may spell the
    idiom's last word in two ("on the garden barrier": "on the fence").  The judge weighs the
    wider span against ``n`` itself."""
    after = j + 1
    if n.last != j or after >= len(tokens):
        return None
    token = tokens[after]
    if not (token.is_word and token.text.isalpha()) or token.norm in FUNCTION_WORDS or is_protected(tokens, after):
        return None
    return dataclasses.replace(n, last=after, end=token.end, cost=n.cost + 0.5, edits=n.edits + 1,
                               single_substitution=False, replacements=list(n.replacements))


def _stands_for(idiom_word: str, dropped: str, similarity: float) -> bool:
    """Whether a word dropped with the idiom word the model expected before it is part of what
    the idiom word stands for: a half of it as a closed compound ("back log": "backlog"), a
    form of it or its stem ("serious thoughts": "thought"), or a word alike to it ("garden
    barrier": "fence"); not another thing ("on the garden party": "fence")."""
    return dropped in compound_halves(idiom_word) or same_stem(idiom_word, dropped) or similarity >= MIN_ALIKE


def candidates(index: IdiomIndex, texts: Sequence[str], scorer, max_edits: int = DEFAULT_MAX_EDITS
               ) -> Tuple[List[List[Near]], Dict[Tuple[str, str], float]]:
    """Per text, the near misses MTA102 puts to the judge (without the model, only strong
    ones), and how alike the words of their swaps are (for the judge's features)."""
    exact, found = map(list, zip(*(index.find_all(text, max_edits=max_edits, strong_only=scorer is None)
                                   for text in texts))) if texts else ([], [])
    if hasattr(scorer, "nearest_words"):
        more = _read_as_alike(index, texts, scorer, exact, found, max_edits)
        found = [misses + extra for misses, extra in zip(found, more)]
    similarity = _similarities(scorer, [n for misses in found for n in misses])
    return [[n for n in misses if _alike_enough(n, similarity)] for misses in found], similarity


def _suggestions(primary: Verdict, judged: Sequence[Verdict]) -> Tuple[int, int, List[str]]:
    """The span a reported near miss covers and its suggestions, best judged first after
    ``primary``'s best rewrite: its other rewrites, and those of the near misses of its cluster
    that read the same words as another idiom (:func:`_another_reading`) which the judge finds
    more likely right than not, each written over the span the suggestions cover together.
    The span is reported because ``primary`` passes the cut-off; which idiom it garbles is the
    judge's ranking."""
    p = primary.proposal
    rewrites = [(j.confidence, v.proposal, j.replacement) for v in judged for j in v.judged
                if v is primary or (_another_reading(v.proposal, j.replacement, primary) and j.confidence >= ALTERNATIVE)]
    rewrites.sort(key=lambda r: (r[1] is not p or r[2] != primary.best.replacement, -r[0]))
    chosen = []
    for _, o, replacement in rewrites:
        if len(chosen) < SUGGESTIONS and (o.start, o.end, replacement) not in chosen:
            chosen.append((o.start, o.end, replacement))
    start, end = min(a for a, _, _ in chosen), max(b for _, b, _ in chosen)
    return start, end, list(dict.fromkeys(p.text[start:a] + r + p.text[b:end] for a, b, r in chosen))


def _another_reading(o: Proposal, replacement: str, primary: Verdict) -> bool:
    """Whether rewriting ``o`` with ``replacement`` reads the words of ``primary`` as another
    idiom: its span lies within the primary's, or holds it and rewrites the words the
    primary's best rewrite changes ("when the fog lifts up" read as "when the dust settles"
    beside "when the fog lifts": "when the smoke clears"; not "throw cold juice on the
    recovery": "throw cold juice under the bus" beside "throw cold juice on": "throw cold
    water on")."""
    p = primary.proposal
    if p.start <= o.start and o.end <= p.end:
        return True
    if not (o.start <= p.start and p.end <= o.end):
        return False
    changed = _words(p.text[p.start : p.end]) - _words(primary.best.replacement)
    return changed.isdisjoint(_words(replacement))


def _words(text: str) -> Set[str]:
    return {t.norm for t in tokenize(text) if t.is_word}


class GarbledIdiom(JudgingRule):
    """
    ## What it does
    Finds an idiom with a word or two swapped, a wrong preposition or article, or a
    word-for-word translation of a foreign idiom that keeps the English idiom's skeleton:
    "cracked the ice" for "broke the ice", "pinned the regime in the corner" for "backed
    the regime into a corner". Candidates come from aligning the idioms of `models/idioms.tsv`
    (PIE, MAGPIE, Wiktionary and our own everyday idioms) with the words around any of
    their content words (the distinctive word is the one a translation swaps), a word written
    in two ("band wagon") included; a two-word idiom only for a function word added or
    dropped. A preposition or article at the idiom's edge swapped for another ("at the loop"
    for "in the loop") or a function word added there ("under of the wire") counts too, and
    with the model so does a binomial the other way round ("shine or rain").
    With the language model, an idiom of three words or more whose distinctive word
    alone was swapped is a candidate too, when the model's word embeddings find the two words
    alike ("in the long period": "period" for "term"; not "in the long run"), as is a two-word
    idiom with one of its words swapped for an alike one ("a narrow shave" for "a close shave"),
    a closed compound of the idiom written as two words, one half kept and the other swapped
    for an alike word ("in the ball field" for "in the ballpark"; not "upper house" for "doghouse"), the
    idiom's last word swapped for two ("a storm in a milk jug"), and one of its nouns in the other number
    ("kept the designers in the loops") or, after a determiner, in another form. With the
    model, a content word of the text is also read as each of the few idiom words its input
    embeddings find most alike to it, and as each of the few the model expects in its place
    given the words before it, and the idiom looked for again with that word put back, so a
    synonym in place of an idiom's only content word ("in the broth" for "in the soup", the
    rest written out in full), a second swapped word ("gliding on slim ice") or a word no
    list relates to the idiom's ("much nourishment for thought": the model expects "food") is a
    candidate too; where the model expects the idiom's last word one word early, the word
    after is proposed dropped with it ("food for serious consideration"). An idiom written
    correctly may lie inside a garbled longer one ("birds of a feather fly together"), but its
    own words are never read as another idiom's, nor any alike or expected reading garble it
    ("have a go at the crossword" is no "go to the polls"). The judge weighs how alike each swapped
    word is to the idiom's ("hangs in the kitchen" is no garbled "hangs in the balance"),
    a swap may come with an article or a preposition edited ("in a line of flames"), and an
    edge preposition or article the alignment left out is proposed edited too ("get a handle
    on" for "get the handle at"), and a word a translation adds at its edge is proposed
    dropped: a particle at the end of a clause ("let sleeping dogs lie down"), a second
    preposition before the idiom's own ("from beneath closed doors"). A word added inside the
    idiom and nothing else is the writer's ("shed new light on"). A candidate is
    reported when the calibrated judge finds the canonical idiom, fitted to the sentence (verb
    tense kept, object kept, an article in place of "one's" made the possessive of the pronoun
    before it, or each possessive for the judge to choose), clearly better; its suggestions,
    best judged first, include the other idioms the same words may garble that the judge finds more likely right than not,
    and near misses apart from it in one run of overlapping ones are reported too.
    Without the model only one-word slips in long
    idioms are reported, with a low confidence.
    An idiom written correctly is never reported.

    ## Why is this bad?
    Machine translation renders idioms word by word and back-translation returns them
    with synonyms. Readers notice the broken idiom at once; the text reads as translated.

    ## Example
    > Investors fear the bank will throw cold juice on the recovery.

    ## Use instead
    > Investors fear the bank will throw cold water on the recovery.

    ## Options
    `min-confidence` (default: fitted, in `models/judge.json`): the calibrated judge's
    probability a near miss needs to be reported.
    `max-edits` (default 3): most words that may differ from the idiom.
    """

    id = "MTA102"
    name = "garbled-idiom"
    severity = Severity.WARNING
    summary = "Idiom with swapped or literally translated words"

    def judging(self, sentences: Sequence[Sentence]) -> Judging:
        scorer = self.context.scorer
        max_edits = int(self.context.options.get("max-edits", DEFAULT_MAX_EDITS))
        groups: List[Tuple[Sentence, List[Near]]] = []  # overlapping near misses compete
        found, similarity = candidates(idiom_index(), [s.text for s in sentences], scorer, max_edits)
        for sentence, kept in zip(sentences, found):
            for n in sorted(kept, key=lambda n: (n.start, -n.end)):
                if groups and groups[-1][0] is sentence and n.start < max(c.end for c in groups[-1][1]):
                    groups[-1][1].append(n)
                else:
                    groups.append((sentence, [n]))
        if not groups:
            return
        if scorer is None:
            for sentence, cluster in groups:
                best = min(cluster, key=lambda n: n.cost)
                yield self._finding(sentence, best, best.replacements, NO_MODEL_CONFIDENCE, best.start, best.end)
            return
        needed, screened = confidence_needed(self.id, self.context.options)
        proposals = [Proposal(s.text, n.start, n.end, n.replacements, n, _features(n, similarity), screened)
                     for s, cluster in groups for n in cluster]
        verdicts = iter((yield Ask(proposals)))
        for sentence, cluster in groups:
            judged = [next(verdicts) for _ in cluster]
            while True:  # the idiom that keeps most of the text's words wins; then the next apart from it
                passing = [v for v in judged if v.best is not None and v.best.confidence >= needed]
                if not passing:
                    break
                primary = max(passing, key=lambda v: (_kept_words(v.proposal.payload), v.best.confidence))
                start, end, suggestions = _suggestions(primary, judged)
                yield self._finding(sentence, primary.proposal.payload, suggestions, primary.best.confidence, start, end)
                judged = [v for v in judged if v.proposal.end <= start or end <= v.proposal.start]

    def _finding(self, sentence: Sentence, n: Near, suggestions, conf: float, start: int, end: int) -> Finding:
        original = sentence.text[start:end]
        return self.finding(
            sentence.segment,
            start,
            end,
            f"'{original}' looks like a garbled form of the idiom '{n.idiom.text}'",
            confidence=conf,
            suggestions=suggestions,
        )


RULES = [GarbledIdiom]
