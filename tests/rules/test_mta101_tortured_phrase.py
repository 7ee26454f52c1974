import pytest

from mtaudit.lexicon.matcher import PhraseMatcher
from mtaudit.rules import mta101_tortured_phrase as module
from mtaudit.rules.base import RuleContext
from mtaudit.rules.mta101_tortured_phrase import TorturedPhrase, tortured_lexicon
from tests.lexicon.fake_scorer import FakeScorer
from tests.rules.helpers import apply_first_suggestion, run_rule

# (sentence, flagged span, sentence after the first suggestion); written for these tests
BAD = [
    ("Our lab uses counterfeit consciousness to sort samples.", "counterfeit consciousness",
     "Our lab uses artificial intelligence to sort samples."),
    ("Profound learning needs a lot of labelled data.", "Profound learning",
     "Deep learning needs a lot of labelled data."),
    ("Several choice trees were compared.", "choice trees", "Several decision trees were compared."),
    ("The clinic screens women for bosom peril every year.", "bosom peril",
     "The clinic screens women for breast cancer every year."),
    ("We fitted an irregular woodland to the survey data.", "an irregular woodland",
     "We fitted a random forest to the survey data."),
    ("They trained a Choice-Tree on it.", "Choice-Tree", "They trained a Decision Tree on it."),
]
GOOD = [
    "Artificial intelligence now reads the meter photos for the utility.",
    "Deep learning needs a lot of labelled data.",
    "We compared two grouping methods for the wedding guests.",
    "Information mining from old newspapers is slow work.",
    "The board is preparing data for the annual report.",
]
EXPECTED = ["artificial intelligence", "deep learning", "decision tree", "decision trees", "breast cancer", "random forest"]


def context(**options):
    return RuleContext(options=options, scorer=FakeScorer(EXPECTED))


@pytest.mark.parametrize("text,span,fixed", BAD)
def test_flags_and_fixes_with_the_model(text, span, fixed):
    findings = run_rule(TorturedPhrase, text, context())
    assert [f.text for f in findings] == [span]
    assert apply_first_suggestion(text, findings[0]) == fixed
    assert 0.5 <= findings[0].confidence <= 1


@pytest.mark.parametrize("text", GOOD)
def test_ordinary_phrases_pass_when_the_model_does_not_confirm(text):
    assert run_rule(TorturedPhrase, text, context()) == []


def test_threshold_option_decides():
    text = BAD[0][0]
    assert run_rule(TorturedPhrase, text, context(**{"min-confidence": 1.01})) == []


def test_one_model_call_per_batch():
    from mtaudit.types import Segment, Sentence

    scorer = FakeScorer(EXPECTED)
    rule = TorturedPhrase(RuleContext(scorer=scorer))
    findings = list(rule.detect([Sentence(Segment.from_source(t, 0)) for t, _, _ in BAD]))
    assert len(findings) == len(BAD) and scorer.calls == 1


def test_without_the_model_only_high_precision_entries(tmp_path, monkeypatch):
    lexicon = tmp_path / "tortured.tsv"
    lexicon.write_text(
        "tortured\texpected\tprecision\tmargin\tslor\n"
        "bosom peril\tbreast cancer\thigh\t9\t-1\n"
        "grouping methods\tclassification methods\tlm\t1\t2\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(module, "tortured_lexicon", lambda: tortured_lexicon.__wrapped__(str(lexicon)))
    found = run_rule(TorturedPhrase, "Bosom peril and grouping methods were studied.")
    assert [(f.text, f.suggestions[0]) for f in found] == [("Bosom peril", "Breast cancer")]
    assert found[0].confidence < 0.7


def test_shipped_lexicon_is_large_and_clean():
    matcher = tortured_lexicon()
    assert len(matcher) > 5000
    assert isinstance(matcher, PhraseMatcher)
    assert not matcher.get("cloud platform")  # near-identities were dropped


@pytest.mark.slow
@pytest.mark.parametrize("k", (0, 1, 3, 4))
def test_real_model_confirms_spun_terms(k):
    from mtaudit.scoring import load_scorer

    text, span, fixed = BAD[k]
    findings = run_rule(TorturedPhrase, text, RuleContext(scorer=load_scorer()))
    assert [f.text for f in findings] == [span], text
    assert apply_first_suggestion(text, findings[0]) == fixed


@pytest.mark.slow
@pytest.mark.parametrize("text", GOOD)
def test_real_model_spares_ordinary_text(text, request):
    from mtaudit.scoring import load_scorer

    if "wedding" in text:
        request.applymarker(pytest.mark.xfail(strict=True, reason=(
            "known: the judge's tune corpus has listed tortured phrases only in scientific carriers, never used "
            "as ordinary English, so it trusts a listed phrase too much ('grouping methods' -> 'classification methods')")))
    assert run_rule(TorturedPhrase, text, RuleContext(scorer=load_scorer())) == [], text


@pytest.mark.parametrize("text", GOOD)
def test_ordinary_phrases_pass_without_the_model(text):
    assert run_rule(TorturedPhrase, text) == []


def test_spun_terms_the_lexicon_does_not_list_are_recognised_from_word_spins():
    # "flag" -> "signal" and "handling" -> "processing" are learnt from other entries
    text = "The chip does all the flag handling on board."
    assert not tortured_lexicon().get("flag handling")
    findings = run_rule(TorturedPhrase, text, RuleContext(scorer=FakeScorer(["signal processing"])))
    assert [f.text for f in findings] == ["flag handling"]
    assert apply_first_suggestion(text, findings[0]) == "The chip does all the signal processing on board."
    assert run_rule(TorturedPhrase, text) == []  # never without the model


def test_an_unlisted_pair_is_read_with_one_spun_word_put_back_first_then_both():
    taught = {"profound": ("deep",), "woodland": ("forest",)}
    spins = module.SpinModel(taught, frozenset(), heads=frozenset({"forest", "woodland"}))
    assert spins.unlisted(["profound", "woodland"]) == ["profound forest", "deep woodland", "deep forest"]
    assert spins.unlisted(["dense", "woodland"]) == ["dense forest"]
    assert spins.unlisted(["the", "woodland"]) == []  # a function word is no part of a term's spin
    assert spins.unlisted(["old", "woodland"]) == []  # nor a short word no spin is known of
    assert spins.unlisted(["dense", "hedges"]) == []
    assert module.SpinModel(taught, frozenset(), heads=frozenset({"forest"})).unlisted(["profound", "woodland"]) == [
        "profound forest", "deep forest"]  # a term ends in a word that ends a listed term


def test_a_pair_of_spun_words_no_entry_lists_is_proposed_with_both_put_back():
    text = "The team trained a profound woodland on the survey data."
    assert not tortured_lexicon().get("profound woodland")
    findings = run_rule(TorturedPhrase, text, RuleContext(scorer=FakeScorer(["deep forest"])))
    assert [f.text for f in findings] == ["profound woodland"]
    assert "deep forest" in findings[0].suggestions


def test_spins_are_learnt_word_for_word_only_from_entries_in_the_same_word_order(tmp_path):
    lexicon = tmp_path / "tortured_phrases.tsv"
    lexicon.write_text("tortured\texpected\n"
                       "profound woodland\tdeep forest\n"
                       "corrosive hydrochloric\thydrochloric acid\n", encoding="utf-8")
    spins = module.spin_model(str(lexicon))
    assert spins.originals == {"profound": ("deep",), "woodland": ("forest",)}
    assert spins.heads == {"forest", "acid"}
    assert "hydrochloric acid" in spins.terms  # still a term to find


def test_a_guess_never_doubles_a_word():
    taught = {"grove": ("forest",), "woodland": ("forest",)}
    spins = module.SpinModel(taught, frozenset(), heads=frozenset({"forest", "woodland", "grove"}))
    assert "forest forest" not in spins.unlisted(["grove", "woodland"])


def test_a_noun_and_the_verb_after_it_are_no_unlisted_term():
    assert "spent" not in module.spin_model().heads
    text = "The operator spent the night on site."  # "operator" is a spin of "agent" in the lexicon
    assert run_rule(TorturedPhrase, text, RuleContext(scorer=FakeScorer(["agent spent"]))) == []


def test_a_single_spun_word_is_put_back_in_an_unlisted_pair():
    text = "They mapped a dense woodland near the coast."
    findings = run_rule(TorturedPhrase, text, RuleContext(scorer=FakeScorer(["dense forest"])))
    assert [(f.text, f.suggestions[0]) for f in findings] == [("dense woodland", "dense forest")]


@pytest.mark.parametrize("text", [
    "They mapped the Dense Woodland near the coast.",  # a name
    "They mapped a semi-dense woodland near the coast.",  # part of a hyphenated compound
])
def test_no_spin_is_read_into_a_name_or_part_of_a_compound(text):
    assert run_rule(TorturedPhrase, text, RuleContext(scorer=FakeScorer(["dense forest"]))) == []
