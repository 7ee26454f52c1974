"""The pipeline with a stand-in scorer: fluency reaches sentences and files; batching holds."""
from typing import List, Sequence

from mtaudit.config import Config
from mtaudit.pipeline import Auditor
from mtaudit.scoring import SentenceScore
from tests.lexicon.fake_scorer import FakeScorer


class LengthScorer:
    """Scores a sentence by its length (longer = less fluent) and counts what it was asked."""

    signature = "model:length|test"

    def __init__(self) -> None:
        self.calls: List[int] = []

    def score(self, texts: Sequence[str]) -> List[SentenceScore]:
        self.calls.append(len(texts))
        return [SentenceScore(max(0.0, 100.0 - len(t)), 0.0, -float(len(t)), len(t.split()), ()) for t in texts]

    def logprob(self, texts: Sequence[str]) -> List[float]:
        return [-float(len(t)) for t in texts]


def test_fluency_fills_sentences_and_file():
    scorer = LengthScorer()
    result = Auditor(Config(), scorer).audit_text("Short one.\n\nThis sentence is rather longer than the first one.\n")
    assert [s.fluency for s in result.sentences] == [90.0, 50.0]
    # the document score is pulled towards the low sentence, and lies between the two
    assert 50.0 < result.fluency < 70.0


def test_sentences_reach_the_scorer_in_batches(monkeypatch):
    monkeypatch.setattr("mtaudit.pipeline.BATCH_SIZE", 4)
    scorer = LengthScorer()
    text = "\n\n".join(f"Sentence number {i} is here." for i in range(10))
    # rules without the model only: the LM rules ask the scorer again (from its cache, in real life)
    result = Auditor(Config(select=["MTA0"]), scorer).audit_text(text)
    assert scorer.calls == [4, 4, 2]
    assert len(result.sentences) == 10 and all(s.fluency is not None for s in result.sentences)


def test_rules_that_need_the_model_run_only_with_it():
    without = {rule.id for rule in Auditor(Config(no_model=True)).rules}
    with_model = {rule.id for rule in Auditor(Config(), LengthScorer()).rules}
    assert "MTA201" in with_model - without
    assert all("lm" not in rule.requires for rule in Auditor(Config(no_model=True)).rules)


def test_findings_are_located_and_sorted():
    text = "It was was late , sadly.\r\n\r\n\tThe the end.\n"
    result = Auditor(Config(no_model=True)).audit_text(text)
    got = [(f.rule, f.location.line, f.location.column, f.location.end_column, f.text) for f in result.findings]
    assert got == [
        ("MTA001", 1, 4, 11, "was was"),
        ("MTA002", 1, 16, 18, " ,"),
        ("MTA001", 3, 2, 9, "The the"),
    ]


def test_finding_text_is_the_original_markup():
    """A span over an entity or emphasis quotes the file, not the decoded segment text."""
    html = "<p>The results were <b>were</b> published &amp; praised.</p>"
    result = Auditor(Config(no_model=True)).audit_text(html, "page.html", "html")
    (finding,) = [f for f in result.findings if f.rule == "MTA001"]
    assert finding.text == "were <b>were"
    assert (finding.location.column, finding.location.end_column) == (16, 28)


def test_the_model_rules_of_a_batch_are_judged_together_as_they_would_be_alone():
    scorer = FakeScorer(preferred=["artificial intelligence", "for two years"])
    text = ("The lab works on counterfeit consciousness for banks.\n\n"
            "We are living here since two years and like it a lot.\n")
    config = Config(select=["MTA101", "MTA102", "MTA301"])
    together = Auditor(config, scorer).audit_text(text)
    assert scorer.calls == 1  # one batch: one call for the rewrites of every rule
    alone = [f for rule in config.select
             for f in Auditor(Config(select=[rule]), FakeScorer(preferred=scorer.preferred)).audit_text(text).findings]
    assert sorted(f.rule for f in together.findings) == ["MTA101", "MTA301"]
    assert sorted(map(repr, together.findings)) == sorted(map(repr, alone))
