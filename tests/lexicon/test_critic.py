"""The LM critic's edit neighbourhood: small, same-class, and never touching names, numbers or negation."""
import re

from mtaudit.lexicon.critic import candidate_edits


def rewrites(text):
    return {(text[e.start : e.end], e.replacement, e.kind) for e in candidate_edits(text)}


def test_relative_pronoun_and_preposition_confusions():
    found = rewrites("The storm what hit the coast arrived since Monday.")
    assert ("what hit", "that hit", "function") in found
    assert ("since Monday", "for Monday", "function") not in found  # "Monday" is a name: never edited
    assert ("the coast", "coast", "article") in found


def test_an_article_is_dropped_but_never_swapped_or_dropped_at_the_start():
    found = rewrites("The cost of the electricity has risen.")
    assert ("the electricity", "electricity", "article") in found
    assert not any(original.startswith("The") and kind == "article" for original, _, kind in found)
    assert not any(replacement.startswith("a ") for _, replacement, _ in found)


def test_names_numbers_and_negations_are_fixed():
    text = "The talks with Kazakhstan did not end in 2020 because of the weather."
    for e in candidate_edits(text):
        edited = text[e.start : e.end]
        assert "Kazakhstan" not in edited and "2020" not in edited and "not" not in edited.split()


def test_light_verbs_keep_their_inflection():
    assert ("did a", "made a", "light-verb") in rewrites("He did a mistake yesterday.")
    assert ("takes a", "makes a", "light-verb") in rewrites("She takes a decision every day.")


def test_genitive_reorder_only_for_plain_words_at_the_end_of_the_phrase():
    assert ("the journalists of the television", "the television journalists", "reorder") in rewrites("He spoke to the journalists of the television.")
    assert not any(k == "reorder" for *_, k in rewrites("He met the journalists of the television channel."))
    assert not any(k == "reorder" for *_, k in rewrites("He met the Queen of the Netherlands."))


def test_edits_are_ordered_by_how_surprising_their_place_was():
    text = "The storm what hit the coast in March was the worst in years."
    surprise = {"what": 6.0, "hit": 1.0, "coast": 0.5, "worst": -1.0}
    costs = [(m.start(), m.end(), surprise.get(m.group(), 0.0)) for m in re.finditer(r"\w+", text)]
    edits = candidate_edits(text, costs)
    assert text[edits[0].start : edits[0].end] == "what hit" and edits[0].prior == 6.0
    assert [e.prior for e in edits] == sorted((e.prior for e in edits), reverse=True)
