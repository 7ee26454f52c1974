import re

import pytest

from mtaudit.rules.base import RuleContext
from mtaudit.rules.mta102_garbled_idiom import GarbledIdiom, idiom_index
from tests.lexicon.fake_scorer import FakeScorer
from tests.rules.helpers import apply_first_suggestion, run_rule

# (sentence, flagged span, sentence after the first suggestion); written for these tests
BAD = [
    ("Sanctions have pinned the regime in the corner.", "pinned the regime in the corner",
     "Sanctions have backed the regime into a corner."),
    ("The comedian cracked the ice with a story about his dog.", "cracked the ice",
     "The comedian broke the ice with a story about his dog."),
    ("Investors fear the bank will throw cold juice on the recovery.", "throw cold juice on",
     "Investors fear the bank will throw cold water on the recovery."),
    ("The cabinet hopes to nip the revolt in the flower.", "nip the revolt in the flower",
     "The cabinet hopes to nip the revolt in the bud."),
    ("The new stadium will cost an arm and a foot.", "cost an arm and a foot",
     "The new stadium will cost an arm and a leg."),
    ("Rescue teams are racing against the watch.", "racing against the watch",
     "Rescue teams are racing against the clock."),
]
CANONICAL = [
    "backed the regime into a corner", "broke the ice", "throw cold water on", "nip the revolt in the bud",
    "cost an arm and a leg", "racing against the clock",
]
GOOD = [
    "The host broke the ice with a joke about the weather.",
    "He was backed into a corner by the questions.",
    "The minister is skating on thin ice with these remarks.",
    "The new stadium will cost an arm and a leg.",
    "She ate a slice of pie after lunch.",
    "They put the lamp in the corner of the room.",
    "The clock on the wall stopped at noon.",
]


def context(**options):
    return RuleContext(options=options, scorer=FakeScorer(CANONICAL))


@pytest.mark.parametrize("text,span,fixed", BAD)
def test_flags_and_fixes_with_the_model(text, span, fixed):
    findings = run_rule(GarbledIdiom, text, context())
    assert [f.text for f in findings] == [span]
    assert apply_first_suggestion(text, findings[0]) == fixed


@pytest.mark.parametrize("text", GOOD)
def test_canonical_idioms_and_ordinary_text_pass(text):
    assert run_rule(GarbledIdiom, text, context()) == []
    assert run_rule(GarbledIdiom, text) == []


def test_without_the_model_only_one_word_slips_in_long_idioms():
    text = "The minister is skating on fragile ice with these remarks."
    findings = run_rule(GarbledIdiom, text)
    assert [f.text for f in findings] == ["skating on fragile ice"]
    assert apply_first_suggestion(text, findings[0]) == "The minister is skating on thin ice with these remarks."
    assert findings[0].confidence < 0.5
    assert run_rule(GarbledIdiom, BAD[0][0]) == []  # three edits: needs the model


def test_the_model_must_prefer_the_idiom():
    assert run_rule(GarbledIdiom, BAD[1][0], RuleContext(scorer=FakeScorer([]))) == []
    assert run_rule(GarbledIdiom, BAD[1][0], context(**{"min-confidence": 1.01})) == []


def test_lexicon_has_own_and_licensed_sources_only():
    index = idiom_index()
    sources = {i.source for i in index.idioms}
    assert sources <= {"own", "pie", "magpie", "wiktionary"}
    assert sum(i.source == "own" for i in index.idioms) >= 300


@pytest.mark.slow
@pytest.mark.parametrize("k", range(len(BAD)))
def test_real_model_confirms_garbled_idioms(k, request):
    from mtaudit.scoring import load_scorer

    text, span, fixed = BAD[k]
    if "cracked the ice" in text:
        request.applymarker(pytest.mark.xfail(strict=True, reason=(
            "known: the judge fitted on the corpus with mixed garbles keeps 'broke the ice' under MTA102's "
            "cut-off here (0.86 in models/judge.json); with the screen off its likeliest reading is another "
            "idiom's near miss, 'the ice on the cake', at 0.60")))
    findings = run_rule(GarbledIdiom, text, RuleContext(scorer=load_scorer()))
    assert [f.text for f in findings] == [span], text
    assert fixed in [text.replace(span, s) for s in findings[0].suggestions], text


@pytest.mark.slow
@pytest.mark.parametrize("text", GOOD[:5])
def test_real_model_spares_canonical_idioms_and_ordinary_text(text):
    from mtaudit.scoring import load_scorer

    assert run_rule(GarbledIdiom, text, RuleContext(scorer=load_scorer())) == [], text

class SimilarityScorer(FakeScorer):
    """A FakeScorer that finds the word pairs ``alike`` similar and every other pair not."""

    def __init__(self, preferred, alike):
        super().__init__(preferred)
        self.alike = alike

    def word_similarity(self, pairs):
        return [1.0 if pair in self.alike else 0.0 for pair in pairs]


class NeighbourScorer(SimilarityScorer):
    """The same, and it reads each text word as the vocabulary words it finds alike."""

    def nearest_words(self, words, vocabulary, k, least):
        return [[(v, 1.0) for v in vocabulary if (v, w) in self.alike][:k] for w in words]


def test_a_swapped_distinctive_word_needs_words_alike_to_the_model():
    text = "Solar panels pay for themselves in the long period."
    alike = SimilarityScorer(["in the long term"], alike={("term", "period")})
    findings = run_rule(GarbledIdiom, text, RuleContext(scorer=alike))
    assert [f.text for f in findings] == ["in the long period"]
    assert apply_first_suggestion(text, findings[0]) == "Solar panels pay for themselves in the long term."
    unlike = SimilarityScorer(["in the long term"], alike=set())
    assert run_rule(GarbledIdiom, text, RuleContext(scorer=unlike)) == []
    # a scorer that cannot compare words: the swap alone is not enough
    assert run_rule(GarbledIdiom, text, RuleContext(scorer=FakeScorer(["in the long term"]))) == []


def test_the_judge_weighs_how_alike_every_swapped_word_but_the_verb_is():
    """A swapped noun's likeness to the idiom's is evidence ("hangs in the kitchen" is a coat on its
    hook, not a garbled "hangs in the balance"); the idiom's first word, mostly its verb, is
    left out, as a translation swaps it for the source idiom's own ("pinned ... in the corner")."""
    from mtaudit.rules.mta102_garbled_idiom import _features, _similarities

    index = idiom_index()
    (coat,) = [n for n in index.find("Her old coat hangs in the kitchen by the door.") if n.idiom.text == "hang in the balance"]
    (corner,) = [n for n in index.find(BAD[0][0]) if n.idiom.text == "back someone into a corner"]
    scorer = SimilarityScorer([], alike={("balance", "kitchen")})
    similarity = _similarities(scorer, [coat, corner])
    assert _features(coat, similarity)["idiom_swap_similarity"] == 1.0
    assert "idiom_swap_similarity" not in _features(corner, similarity)  # the verb's swap is not weighed
    assert _features(coat, _similarities(SimilarityScorer([], alike=set()), [coat]))["idiom_swap_similarity"] == 0.0


def test_a_synonym_in_place_of_an_idioms_only_content_word_is_read_as_that_word():
    """"in the broth" is "in the soup" once "broth" is read as the idiom word the model finds
    alike; without that reading the idiom has none of its content words in the text."""
    text = "After the vote the minister was in the broth with his own party."
    alike = {("soup", "broth")}
    findings = run_rule(GarbledIdiom, text, RuleContext(scorer=NeighbourScorer(["in the soup"], alike)))
    assert [f.text for f in findings] == ["in the broth"]
    assert apply_first_suggestion(text, findings[0]) == "After the vote the minister was in the soup with his own party."
    assert run_rule(GarbledIdiom, text, RuleContext(scorer=SimilarityScorer(["in the soup"], alike))) == []
    assert run_rule(GarbledIdiom, text, RuleContext(scorer=NeighbourScorer(["in the soup"], set()))) == []


class ExpectingScorer(NeighbourScorer):
    """The same, and it expects idiom words in place of text words: ``expected`` maps (text
    word, idiom word) to how many nats likelier it finds the idiom word there."""

    def __init__(self, preferred, expected, alike=frozenset()):
        super().__init__(preferred, alike)
        self.expected = expected

    def preferred_words(self, places, vocabulary, k):
        words = [re.match(r"\w+", text[offset:]).group().lower() for text, offset in places]
        return [[(v, self.expected[(w, v)]) for v in vocabulary if (w, v) in self.expected][:k] for w in words]


def test_a_word_is_read_as_the_idiom_word_the_model_expects_in_its_place():
    """"nourishment" and "food" need not be alike out of context: the model expecting "food"
    there, after "gave the committee much", is the evidence; the judge then weighs the rewrite."""
    text = "The report gave the committee much nourishment for thought."
    findings = run_rule(GarbledIdiom, text, RuleContext(scorer=ExpectingScorer(["food for thought"], {("nourishment", "food"): 6.0})))
    assert [f.text for f in findings] == ["nourishment for thought"]
    assert apply_first_suggestion(text, findings[0]) == "The report gave the committee much food for thought."
    assert run_rule(GarbledIdiom, text, RuleContext(scorer=ExpectingScorer(["food for thought"], {}))) == []


def test_the_word_after_an_expected_last_word_may_be_dropped_with_it_when_alike():
    """A translation may spell the idiom's last word in two: where the model expects "fence"
    at "garden", "on the fence" is proposed over "garden barrier" as well, when "barrier" is
    alike to "fence"; where the word after is unrelated ("garden party") it stays."""
    from mtaudit.rules.mta102_garbled_idiom import candidates

    text = "The senator is still sitting on the garden barrier about the bill."
    expected = {("garden", "fence"): 6.0}

    def spans(scorer):
        (found,), _ = candidates(idiom_index(), [text], scorer)
        return {text[n.start : n.end] for n in found if n.idiom.text == "on the fence"}

    scorer = ExpectingScorer(["on the fence"], expected, alike={("fence", "barrier")})
    assert spans(scorer) == {"on the garden", "on the garden barrier"}
    findings = run_rule(GarbledIdiom, text, RuleContext(scorer=scorer))
    assert apply_first_suggestion(text, findings[0]) == "The senator is still sitting on the fence about the bill."
    assert spans(ExpectingScorer(["on the fence"], expected)) == {"on the garden"}


def test_a_word_dropped_with_an_expected_idiom_word_must_be_part_of_what_it_stands_for():
    from mtaudit.rules.mta102_garbled_idiom import MIN_ALIKE, _stands_for

    assert _stands_for("spotlight", "light", 0.0)  # a closed compound written in two
    assert _stands_for("dark", "darkness", 0.0)  # a form of it
    assert _stands_for("fence", "barrier", MIN_ALIKE)  # alike to the model
    assert not _stands_for("fence", "party", MIN_ALIKE - 0.1)  # another thing


def test_an_expected_word_vouches_for_one_word_not_for_a_rewrite_of_the_phrase():
    """Read as "wheat", "barley" makes "separate the wheat from the chaff" whole; with "chaff"
    swapped too, the model's expectation of one word is no evidence for the rest of the idiom."""
    from mtaudit.rules.mta102_garbled_idiom import candidates

    idiom = "separate the wheat from the chaff"

    def rewrites(text):
        (found,), _ = candidates(idiom_index(), [text], ExpectingScorer([idiom], {("barley", "wheat"): 6.0}))
        return {r for n in found if n.idiom.text == idiom for r in n.replacements}

    assert idiom in rewrites("The jury must separate the barley from the chaff.")
    assert rewrites("The jury must separate the barley from the husks.") == set()


def _verdict(text, span, *judged):
    from mtaudit.lexicon.verify import Judged, Proposal, Verdict

    start = text.index(span)
    return Verdict(Proposal(text, start, start + len(span), [r for r, _ in judged]),
                   [Judged(r, confidence, 0.0) for r, confidence in judged])


def test_a_reported_span_suggests_the_other_readings_of_its_words_best_judged_first():
    """Once a near miss is reported, the cluster's other rewrites of the same words follow its
    best one, by the judge's confidence: one within its span, or one over a wider span that
    rewrites the word it changes (its suggestions are then written over the wider span).  A
    wider one that keeps that word, one that only shares a word with it and one the judge
    finds more likely wrong than right are no suggestions."""
    from mtaudit.rules.mta102_garbled_idiom import _suggestions

    text = "We will know who won when the fog lifts up over the valley."
    primary = _verdict(text, "when the fog lifts", ("when the smoke clears", 0.92), ("when the mist clears", 0.55))
    judged = [
        primary,
        _verdict(text, "when the fog lifts up", ("when the dust settles", 0.81)),
        _verdict(text, "the fog lifts", ("the fog clears", 0.7), ("the penny drops", 0.3)),
        _verdict(text, "when the fog lifts up over", ("when the fog rolls over", 0.95)),  # keeps "fog"
        _verdict(text, "lifts up over the valley", ("over the moon", 0.9)),  # shares words only
    ]
    start, end, suggestions = _suggestions(primary, judged)
    assert text[start:end] == "when the fog lifts up"
    assert suggestions == ["when the smoke clears up", "when the dust settles", "when the fog clears up"]
    assert _suggestions(primary, [primary]) == (text.index("when"), text.index(" up"),
                                                ["when the smoke clears", "when the mist clears"])


def test_near_misses_apart_in_one_run_of_overlapping_ones_are_each_reported():
    """Near misses that overlap one another in a chain compete as one cluster; the one
    reported first takes its words, and a passing one apart from it is reported too."""
    from mtaudit.lexicon.verify import Judged, Verdict, drive
    from mtaudit.types import Segment, Sentence

    text = "The new stadium will cost an arm and a foot in the door."
    sure = {"cost an arm and a leg": 0.95, "the back door": 0.9}

    def judge(proposals):
        return [Verdict(p, [Judged(r, sure.get(r, 0.1), 0.0) for r in p.replacements]) for p in proposals]

    rule = GarbledIdiom(RuleContext(scorer=FakeScorer([])))
    (findings,) = drive([rule.judging([Sentence(Segment.from_source(text, 0))])], judge)
    assert [(f.text, f.suggestions[0]) for f in findings] == [("cost an arm and a foot", "cost an arm and a leg"),
                                                              ("the door", "the back door")]


def test_no_idiom_is_read_over_one_written_correctly():
    """"have a go" is written correctly: the model expecting "polls" after "go at the" makes no
    garbled "go to the polls" of its words; without it, it does."""
    from mtaudit.rules.mta102_garbled_idiom import candidates

    scorer = ExpectingScorer(["go to the polls"], {("crossword", "polls"): 6.0})

    def idioms(text):
        (found,), _ = candidates(idiom_index(), [text], scorer)
        return {n.idiom.text for n in found}

    assert "go to the polls" in idioms("Let us go at the crossword.")
    assert idioms("Let us have a go at the crossword.") == set()
