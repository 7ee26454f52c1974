"""The README's examples are real output of today's CLI."""
import json
import re
from pathlib import Path

from mtaudit.cli import main

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def block_after(marker: str, lang: str) -> str:
    start = README.index(marker)
    return re.search(rf"```{lang}\n(.*?)```", README[start:], re.S).group(1)


def test_text_example_matches_the_cli(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    assert main(["audit", "--no-model", "examples/"]) == 0
    assert capsys.readouterr().out == block_after("Example (`mtaudit audit --no-model examples/`):", "text")


def test_json_contract_example_has_the_fields_of_real_output(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    example = json.loads(block_after("### JSON contract", "json"))
    assert main(["audit", "--no-model", "--format", "json", "examples/spun_news.md"]) == 0
    real = json.loads(capsys.readouterr().out)
    assert example.keys() == real.keys()
    assert example["files"][0].keys() == real["files"][0].keys()
    assert example["files"][0]["findings"][0] in real["files"][0]["findings"]
    assert example["files"][0]["sentences"][0] == real["files"][0]["sentences"][0]


def test_first_screen_has_the_two_setup_commands():
    first_screen = README.split("---", 1)[0]
    commands = re.findall(r"```sh\n(.*?)```", first_screen, re.S)
    assert [c.strip() for c in commands] == [
        "python3 -m pip install torch==2.13.0 -e '.[model,test]' && mtaudit audit examples/",
        "python3 -m pytest",
    ]
    assert "python3 -m pytest" in (ROOT / ".ci" / "run").read_text()
