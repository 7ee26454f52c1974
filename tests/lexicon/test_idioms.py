import pytest

from mtaudit.lexicon.idioms import IdiomIndex, parse_idiom

IDIOMS = IdiomIndex(
    parse_idiom(t)
    for t in [
        "back someone into a corner",
        "break the ice",
        "skate on thin ice",
        "on thin ice",
        "nip something in the bud",
        "call a spade a spade",
        "throw cold water on",
        "when the dust settles",
        "jump on the bandwagon",
        "in tandem",
    ]
)


def near(text):
    return [(text_span(text, n), n.idiom.text, n.replacements) for n in IDIOMS.find(text)]


def text_span(text, n):
    from mtaudit.lexicon.text import tokenize

    toks = tokenize(text)
    return text[toks[n.first].start : toks[n.last].end]


@pytest.mark.parametrize(
    "text,span,first",
    [
        ("Sanctions pinned the regime in the corner.", "pinned the regime in the corner", "backed the regime into a corner"),
        ("The comedian cracked the ice at once.", "cracked the ice", "broke the ice"),
        ("They hope to nip the revolt in the flower.", "nip the revolt in the flower", "nip the revolt in the bud"),
        ("Nobody would call the dog a dog.", "call the dog a dog", "call a spade a spade"),
        ("Markets threw cold juice on the plan.", "threw cold juice on", "threw cold water on"),
        ("Wait until the dust calms before you decide.", "the dust calms", "the dust settles"),
        # the distinctive word swapped: found from the common one ("break")
        ("The host broke the frost with a joke.", "broke the frost", "broke the ice"),
        # a word of the idiom written in two
        ("Rival firms jumped on the band wagon.", "jumped on the band wagon", "jumped on the bandwagon"),
        # a two-word idiom with a function word added
        ("The two teams worked in the tandem on the bid.", "in the tandem", "in tandem"),
    ],
)
def test_near_misses_fitted_to_the_sentence(text, span, first):
    found = near(text)
    assert found, text
    assert found[0][0] == span
    assert first in found[0][2]


@pytest.mark.parametrize(
    "text",
    [
        "The host broke the ice with a joke.",
        "He was backed into a corner by the questions.",
        "The minister is walking on thin ice.",
        "They nipped it in the bud.",
        "The ice on the corner of the bridge melted.",
        "Not a single ice cream was sold.",
        "The two teams worked in tandem on the bid.",
        "The two teams worked in turn on the bid.",  # a two-word idiom is garbled by a function word only
        "The wagon of the band was late.",
    ],
)
def test_exact_idioms_and_unrelated_text_are_not_near_misses(text):
    assert near(text) == []


def test_names_numbers_and_negation_are_never_edited():
    assert near("They threw cold Smith on the plan.") == []
    assert near("Nobody cracked 12 ice today.") == []


def test_a_swapped_distinctive_word_is_a_near_miss_for_a_judge_only():
    """"term" is the distinctive word of "in the long term": with only "long" kept, the near miss
    stands on the swap alone, which a judge with a model must check (see MTA102)."""
    index = IdiomIndex([parse_idiom("in the long term")])
    text = "Savings add up in the long period."
    found = index.find(text)
    assert [(text_span(text, n), n.swap) for n in found] == [("in the long period", ("term", "period"))]
    assert "in the long term" in found[0].replacements
    assert index.find(text, strong_only=True) == []  # no model: too weak a resemblance
    assert index.find("Savings add up in a short period.") == []  # more than the one word swapped
    assert index.find("Savings add up in the long term.") == []  # the idiom itself


def test_an_idiom_noun_in_the_other_number_is_an_edit_for_a_judge():
    index = IdiomIndex(parse_idiom(t) for t in ["in the loop", "come face to face", "when push comes to shove"])
    text = "The designers were kept in the loops."
    found = index.find(text)
    assert [(text_span(text, n), n.numbers, n.replacements) for n in found] == [("in the loops", 1, ["in the loop"])]
    assert index.find(text, strong_only=True) == []  # no model: left alone
    assert [n.replacements for n in index.find("They came faces to faces with it.")] == [["came face to face"]]
    assert index.find("The designers were kept in the loop.") == []  # the idiom itself
    # a verb of the idiom may take any form: "come" after "push" is no noun
    assert index.find("We will act when push will come to shove.") == []


def test_an_edited_edge_word_is_a_near_miss_not_a_shorter_idiom():
    """Leaving out an idiom's edge function word costs next to nothing, so without a second
    look "over the weather" reads as "(under the) weather", with too little of the idiom to
    be a near miss of it; only a swap within a word class counts at the edge."""
    index = IdiomIndex(parse_idiom(t) for t in ["under the weather", "behind closed doors", "at a loss for words"])
    for text, span, fix in [
        ("She has felt over the weather all week.", "over the weather", "under the weather"),
        ("The deal was struck behind of closed doors.", "behind of closed doors", "behind closed doors"),
        ("The critics were in a loss for words.", "in a loss for words", "at a loss for words"),
    ]:
        found = index.find(text)
        assert [(text_span(text, n), n.replacements[0]) for n in found] == [(span, fix)], text
    for text in ["She has felt under the weather all week.", "The weather was fine.", "They met behind closed doors.",
                 "They were lost for words."]:
        assert index.find(text) == [], text


def test_a_binomial_the_other_way_round_is_a_near_miss():
    index = IdiomIndex(parse_idiom(t) for t in ["rise and shine", "trial and error", "by and large"])
    for text, span, fix in [
        ("Shine and rise, the bus leaves at six.", "Shine and rise", "Rise and shine"),
        ("The fix was found by error and trial.", "error and trial", "trial and error"),
    ]:
        found = index.find(text)
        assert [(text_span(text, n), n.order, n.replacements) for n in found] == [(span, True, [fix])], text
    for text in ["Rise and shine, the bus leaves at six.", "It took trial and error.", "Shine or rise, it is all the same.",
                 "Prices rose and shone."]:
        assert [n for n in index.find(text) if n.order] == [], text
    assert index.find("The fix was found by error and trial.", strong_only=True) == []  # no model: left alone


def test_one_of_two_words_swapped_is_a_near_miss_for_a_judge_only():
    """A two-word idiom with one word swapped stands on the swap alone, like a lone distinctive
    word: the judge's model must find the two words alike (see MTA102)."""
    index = IdiomIndex(parse_idiom(t) for t in ["close shave", "break ranks"])
    text = "The pilot had a narrow shave over the hills."
    found = index.find(text)
    # the first word may be a verb in another tense: the judge picks among the forms
    assert [(text_span(text, n), n.swap, n.replacements[0]) for n in found] == [("narrow shave", ("close", "narrow"), "close shave")]
    assert index.find(text, strong_only=True) == []  # no model: too weak a resemblance
    assert index.find("Two rebels broke ranks with the party.") == []  # the idiom itself


def test_a_compound_written_as_two_words_with_one_half_swapped_is_a_near_miss():
    index = IdiomIndex(parse_idiom(t) for t in ["in the ballpark", "at the coalface"])
    for text, span, fix in [
        ("Their offer is in the ball field of what we hoped.", "in the ball field", "in the ballpark"),
        ("Nurses at the coal front know what patients need.", "at the coal front", "at the coalface"),
    ]:
        found = index.find(text)
        assert [(text_span(text, n), n.replacements) for n in found] == [(span, [fix])], text
        assert index.find(text, strong_only=True) == []  # a judge must confirm it
    for text in ["Their offer is in the ballpark.", "The ball hit the field.", "Coal was burnt at the front."]:
        assert index.find(text) == [], text


def test_a_rewrite_keeps_the_idioms_hyphens():
    index = IdiomIndex([parse_idiom("a knee-jerk reaction"), parse_idiom("a two-way street")])
    assert [n.replacements for n in index.find("The ban was a knee-jerk response.")] == [["a knee-jerk reaction"]]
    assert [n.replacements for n in index.find("Trust is a two way road.")] == [["a two-way street"]]


def test_a_last_word_swapped_for_two_is_a_near_miss_beside_the_shorter_one():
    """A translation may write the idiom's last word in two: both spans are proposed, the
    judge's model weighs "a storm in a teacup" against "a storm in a teacup jug"."""
    index = IdiomIndex([parse_idiom("a storm in a teacup")])
    text = "The row was a storm in a milk jug, nothing more."
    found = index.find(text)
    assert sorted((text_span(text, n), n.replacements[0]) for n in found) == [
        ("a storm in a milk", "a storm in a teacup"), ("a storm in a milk jug", "a storm in a teacup")]
    assert index.find(text, strong_only=True) == []
    # a function word after the swapped word is not part of it
    assert [text_span(t, n) for t in ["The row was a storm in a mug, nothing more."] for n in index.find(t)] == ["a storm in a mug"]


def test_an_edge_word_the_alignment_left_out_is_edited_in_a_wider_rewrite():
    """Where the idiom's edge preposition or article was left out of the alignment and the
    text has another of its class there, a rewrite over it is proposed beside the narrower one."""
    index = IdiomIndex([parse_idiom("get a handle on"), parse_idiom("a drop in the bucket")])
    for text, wide, fix in [
        ("We need to get the handle at this problem.", "get the handle at", "get a handle on"),
        ("The grant is just the drop in a bucket.", "the drop in a bucket", "a drop in the bucket"),
    ]:
        found = {(text_span(text, n), n.replacements[0]) for n in index.find(text)}
        assert (wide, fix) in found, text
        assert any(span in wide and span != wide for span, _ in found), text  # the narrower one stays
    # a word of another class at the edge belongs to the sentence
    assert all(text_span(t, n) == "get the handle" for t in ["We need to get the handle quickly."] for n in index.find(t))


def test_a_swapped_word_with_an_article_edited_is_a_near_miss_for_a_judge():
    """A translation often swaps a word and an article or preposition at once: the swap
    still needs the judge's model to find its two words alike."""
    index = IdiomIndex([parse_idiom("in the line of fire")])
    text = "The mayor now stands in a line of flames over the budget."
    found = index.find(text)
    assert [(text_span(text, n), n.swap, n.replacements[0]) for n in found] == [
        ("in a line of flames", ("fire", "flames"), "in the line of fire")]
    assert index.find(text, strong_only=True) == []


def test_a_word_added_inside_an_idiom_modifies_it():
    """An adjective inside an idiom ("broke the awkward ice") is the writer's, not a slip."""
    assert near("The host broke the awkward ice with a joke.") == []
    assert near("The host broke the awkward ice at last.") == []
    # an added function word is an edit ("in the tandem")
    assert [span for span, *_ in near("The two teams worked in the tandem.")] == ["in the tandem"]


def test_its_in_a_verb_idiom_is_the_subjects_possessive():
    index = IdiomIndex([parse_idiom("take its toll"), parse_idiom("a leopard cannot change its spots")])
    assert index.find("The long winters took their toll on the old bridge.") == []
    assert [w.kind for w in index.idioms[1].words][-2] == "func"  # "its" is the leopard's


def test_a_word_read_as_an_alike_idiom_word_gives_the_idiom_with_that_word_put_back():
    """``find_with_word``: the synonym a translation put in place of the idiom's word, read
    as that word.  The word put back is one more swapped word."""
    from mtaudit.lexicon.text import tokenize

    index = IdiomIndex(parse_idiom(t) for t in ["in the soup", "skate on thin ice"])
    text = "After the vote the minister was in the broth with his own party."
    broth = [t.norm for t in tokenize(text)].index("broth")
    # the idiom's only content word: evidence only when the rest is written out in full and
    # the caller found the two words alike enough
    assert index.find_with_word(text, broth, "soup") == []
    (soup,) = index.find_with_word(text, broth, "soup", exact_ok=True)
    assert (text[soup.start : soup.end], soup.replacements) == ("in the broth", ["in the soup"])
    assert (soup.put_back, soup.swap, soup.edits) == (("soup", "broth"), ("soup", "broth"), 1)
    # a second content word swapped, another kept ("ice"): more than the alignment alone allows
    text = "The minister is gliding on slim ice with these remarks."
    assert index.find(text) == []
    words = [t.norm for t in tokenize(text)]
    (thin,) = index.find_with_word(text, words.index("slim"), "thin")
    assert (text[thin.start : thin.end], thin.replacements) == ("gliding on slim ice", ["skating on thin ice"])
    assert (thin.swaps[-1], thin.edits) == (("thin", "slim"), 2)
    # a word that is not in the idiom's place is no reading of it
    assert index.find_with_word(text, words.index("remarks"), "thin") == []


def rewrites(index, text):
    return {text_span(text, n): n.replacements for n in index.find(text)}


def test_above_and_below_are_prepositions_swapped_at_half_cost():
    index = IdiomIndex([parse_idiom("a cut above the rest")])
    assert rewrites(index, "Her work is a cut over the rest.") == {"a cut over the rest": ["a cut above the rest"]}


def test_an_object_slot_takes_no_preposition():
    """"on" is the idiom's "in" swapped, not part of the object "the staff on"."""
    index = IdiomIndex([parse_idiom("keep someone in the dark")])
    text = "They kept the staff on the dark for weeks."
    assert rewrites(index, text) == {"kept the staff on the dark": ["kept the staff in the dark"]}


def test_a_preposition_added_before_a_possessive_is_dropped_from_the_rewrite():
    index = IdiomIndex([parse_idiom("bite one's tongue")])
    found = rewrites(index, "He chewed on his tongue during the meeting.")
    assert found == {"chewed on his tongue": ["bit his tongue"]}


def test_a_noun_after_a_possessive_takes_the_owners_number():
    index = IdiomIndex([parse_idiom("bite one's tongue"), parse_idiom("put one's hand to the plough")])
    assert rewrites(index, "The ministers bit their languages.") == {"bit their languages": ["bit their tongues"]}
    # the text's number is offered after the idiom's own: the judge picks
    assert rewrites(index, "The ministers set their hands to the plough.") == {
        "set their hands to the plough": ["put their hand to the plough", "put their hands to the plough"]}


def test_an_idiom_noun_that_looks_like_a_verb_form_keeps_its_form():
    """"pudding" is no "-ing" form of "pudd", "ground" no past of "grind" in place of a noun."""
    index = IdiomIndex([parse_idiom("the proof of the pudding"), parse_idiom("break new ground")])
    assert rewrites(index, "The proof of the cake is in the tasting.") == {
        "The proof of the cake": ["The proof of the pudding"]}
    assert rewrites(index, "The study breaks new earth.") == {"breaks new earth": ["breaks new ground"]}


def test_an_idiom_noun_matched_by_its_stem_keeps_the_idioms_form():
    """"positioning" matches "position" by its stem; in the rewrite the noun is the idiom's,
    as a swapped noun would be, while a verb keeps the text's inflection."""
    index = IdiomIndex([parse_idiom("jockey for position")])
    assert rewrites(index, "The parties are jockeying for the positioning before the vote.") == {
        "jockeying for the positioning": ["jockeying for position"]}


def test_an_article_in_place_of_ones_takes_the_possessive_of_the_pronoun_before():
    """No rewrite says "one's": the nearest pronoun before the idiom names the owner; with
    none, each possessive is offered for the judge to choose."""
    index = IdiomIndex([parse_idiom("put one's cards on the table")])
    assert rewrites(index, "After weeks of silence, she put the cards on the table.") == {
        "put the cards on the table": ["put her cards on the table"]}
    assert rewrites(index, "After weeks of silence, the minister put the cards on the table.") == {
        "put the cards on the table": ["put their cards on the table", "put his cards on the table",
                                       "put her cards on the table", "put its cards on the table"]}


def test_a_verb_after_to_stays_in_its_base_form():
    index = IdiomIndex([parse_idiom("a tough act to follow")])
    assert rewrites(index, "Her speech was a tough act for following.") == {
        "a tough act for following": ["a tough act to follow"]}


def test_the_article_before_a_rewrite_is_fitted_to_it():
    index = IdiomIndex([parse_idiom("a cut above the rest")])
    text = "Her work is an inch above the rest."
    (n,) = index.find(text)
    assert (text[n.start : n.end], n.replacements) == ("an inch above the rest", ["a cut above the rest"])


def test_an_edge_word_a_translation_adds_is_taken_into_a_second_span():
    index = IdiomIndex([parse_idiom("the penny dropped"), parse_idiom("behind closed doors"),
                        parse_idiom("a cut above the rest")])
    found = rewrites(index, "At last the coin dropped down.")
    assert found["the coin dropped down"] == ["the penny dropped"]
    assert "the coin dropped" in found  # the judge weighs the two
    assert "the coin dropped down" not in rewrites(index, "At last the coin dropped down the well.")
    assert rewrites(index, "The deal was made from beneath closed doors.")["from beneath closed doors"] == [
        "behind closed doors"]
    assert rewrites(index, "Her work is one inch above the rest.")["one inch above the rest"] == [
        "a cut above the rest"]


def test_an_idiom_noun_in_another_form_is_an_edit_where_its_form_is_fixed():
    """A plural of the idiom written singular, after any word ("made great stride"), and any
    other form of a noun after a determiner ("no loving lost"), are edits for the judge, not
    the idiom written out; a singular noun after an adjective may still take the plural,
    as the whole phrase does ("two white elephants")."""
    index = IdiomIndex(parse_idiom(t) for t in ["make great strides", "no love lost", "a white elephant"])
    text = "The clinic made great stride in cutting waiting times."
    (n,) = index.find(text)
    assert (text_span(text, n), n.numbers, n.replacements) == ("made great stride", 1, ["made great strides"])
    text = "There is no loving lost between the two firms."
    (n,) = index.find(text)
    assert (text_span(text, n), n.replacements) == ("no loving lost", ["no love lost"])
    assert index.find("The two stadiums became white elephants.") == []
    assert index.find("The clinic made great strides in cutting waiting times.") == []
    assert index.find(text, strong_only=True) == []  # no model: left alone


def test_an_idiom_written_correctly_shields_its_words_not_a_longer_idiom_edited_elsewhere():
    """Where an idiom is written out, no other idiom is garbled over its words ("in still
    water" over "deep water"), but a longer one around it may be, with its edit outside it
    ("into deep water" for "in deep water")."""
    index = IdiomIndex(parse_idiom(t) for t in ["deep water", "in deep water", "in still water"])
    found = near_in(index, "The firm got into deep water last year.")
    assert [(span, idiom) for span, idiom, _ in found] == [("into deep water", "in deep water")]
    assert near_in(index, "The firm got in deep water last year.") == []


def near_in(index, text):
    return [(text_span(text, n), n.idiom.text, n.replacements) for n in index.find(text)]


def test_a_modifier_moved_behind_its_noun_is_taken_into_a_second_span():
    """A translation may put an idiom's modifier behind its noun, as the source language does:
    the rewrite runs over it ("a handshake of gold"), beside the plain near miss."""
    index = IdiomIndex([parse_idiom("a golden handshake"), parse_idiom("a sitting target")])
    assert rewrites(index, "The director left with a handshake of gold last year.")["a handshake of gold"] == [
        "a golden handshake"]
    assert rewrites(index, "The convoy was a target that sits on the open road.")["a target that sits"] == [
        "a sitting target"]
    # a word after the noun that is no form of the missing one stays the sentence's own
    assert "a handshake" in rewrites(index, "He left with a handshake of goodwill.")
    assert not any(span.startswith("a handshake ") for span in rewrites(index, "He left with a handshake of goodwill."))

