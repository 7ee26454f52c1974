import xml.etree.ElementTree as ET

from reporter_fixtures import build_report, render

from mtaudit.reporters.junit import JunitReporter


def parse(report):
    return ET.fromstring(render(JunitReporter, report).encode("utf-8"))


def test_structure_and_counts():
    root = parse(build_report())
    (suite,) = root.findall("testsuite")
    assert suite.get("name") == "mtaudit"
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("4", "2", "1")
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == ["docs/guide.md", "notes/ü space.txt", "de/readme.md", "po/broken,old.po"]
    assert {c.get("classname") for c in cases} == {"mtaudit"}
    assert [len(c.findall("failure")) for c in cases] == [5, 1, 0, 0]
    assert [f.get("type") for f in cases[0].findall("failure")] == ["MTA002", "MTA002", "MTA001", "MTA003", "MTA101"]
    assert cases[2].find("system-out").text == "skipped: document language is de"
    assert cases[3].find("error").get("message") == '[E201] cannot parse: line 3: unexpected "msgid"'


def test_failure_content_survives_escaping():
    failures = parse(build_report()).findall(".//failure")
    idiom = failures[4]
    assert idiom.get("message") == 'Idiom "make the needful" is garbled'
    assert idiom.text.startswith("docs/guide.md:4:4: MTA101 garbled-idiom (info):")
    assert '50% "done", then:\nrest' in idiom.text
    assert failures[3].get("message") == "Boilerplate <time> phrase"
    assert failures[1].text.endswith("\n&amp;")


def test_characters_xml_cannot_carry_are_replaced():
    report = build_report()
    report.errors[0] = type(report.errors[0])("bad.po", "NUL byte \x00 and form feed \x0c")
    error = parse(report).find(".//error")
    assert error.get("message") == "NUL byte \ufffd and form feed \ufffd"
