"""The pipeline with a stand-in scorer: fluency reaches sentences and files; batching holds."""
from typing import List, Sequence

from mtaudit import Auditor, Config
from mtaudit.pipeline import find_inputs
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


def test_sentences_reach_the_scorer_in_batches():
    scorer = LengthScorer()
    text = "\n\n".join(f"Sentence number {i} is here." for i in range(10))
    # rules without the model only: the LM rules ask the scorer again (from its cache, in real life)
    result, = Auditor(Config(select=["MTA0"]), scorer).audit_texts([text], batch_size=4)
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


PAGES = [
    "# Budget\n\nThe results were were published on Monday.\n",
    "The lab works on counterfeit consciousness for banks.\n\nWe are living here since two years.\n",
    "Everything here reads well.\n",
    "# Vote\n\nThe the council voted.\n\nResearch on counterfeit consciousness grows.\n",
]


def _scorer():
    return FakeScorer(preferred=["artificial intelligence", "for two years"])


def test_a_batch_of_documents_gives_each_document_its_own_findings():
    from mtaudit.readers import read_text

    scorer = _scorer()
    documents = [read_text(page, f"page{i}.md", "markdown") for i, page in enumerate(PAGES)]
    together = list(Auditor(Config(), scorer).audit_documents(documents))
    assert scorer.calls == 1  # the rewrites of all the documents are judged in one call
    alone = [Auditor(Config(), _scorer()).audit_text(page, f"page{i}.md", "markdown") for i, page in enumerate(PAGES)]
    assert [r.to_dict() for r in together] == [r.to_dict() for r in alone]
    assert [sorted({f.rule for f in r.findings}) for r in together] == [
        ["MTA001"], ["MTA101", "MTA301"], [], ["MTA001", "MTA101"]]


def test_the_files_of_a_folder_are_scored_in_one_batch(tmp_path, monkeypatch):
    for i, page in enumerate(PAGES):
        (tmp_path / f"page{i}.md").write_text(page, encoding="utf-8")
    (tmp_path / "page9.md").write_bytes(b"Fine.\n\xff\n")
    monkeypatch.chdir(tmp_path)
    scorer = LengthScorer()
    report = Auditor(Config(select=["MTA0"]), scorer).audit_inputs(*find_inputs(["."], Config()))
    assert scorer.calls == [sum(len(r.sentences) for r in report.files)]  # all files' sentences at once
    assert [f.path for f in report.files] == [f"page{i}.md" for i in range(4)]
    assert [(e.path, e.message) for e in report.errors] == [("page9.md", "not valid UTF-8 (byte 0xff at offset 6, line 2)")]
    alone = [Auditor(Config(select=["MTA0"]), LengthScorer()).audit_file(f"page{i}.md").to_dict() for i in range(4)]
    assert [r.to_dict() for r in report.files] == alone


def test_a_streamed_file_that_fails_midway_leaves_its_batch_intact(tmp_path, monkeypatch):
    """A plain-text file is read as it is audited; a bad byte after its first sentences is
    an input error for that file only."""
    (tmp_path / "a.txt").write_text("The results were were published.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"A fine sentence.\n" * 1000 + b"\xff\n")
    (tmp_path / "c.txt").write_text("The the council voted.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # 1,000 sentences: the bad byte comes after a full batch of BATCH_SIZE
    report = Auditor(Config(no_model=True)).audit_inputs(*find_inputs(["."], Config()))
    assert [(f.path, [x.text for x in f.findings]) for f in report.files] == [("a.txt", ["were were"]), ("c.txt", ["The the"])]
    assert [e.path for e in report.errors] == ["b.txt"] and "not valid UTF-8" in report.errors[0].message
