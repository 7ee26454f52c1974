""".po reader: msgstr (or msgid) strings mapped into their quoted literals."""
from __future__ import annotations

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mtaudit.errors import InputFormatError
from mtaudit.readers import read_document, read_text

from readers_support import TRICKY, assert_positions, check_document, fixture_text, read_fixture

SAMPLE = fixture_text("sample.po")


@pytest.mark.parametrize("variant", ["lf", "crlf", "crlf-bom"])
def test_fixture_segments_map_back(tmp_path, variant):
    original, doc = read_fixture(tmp_path, "sample.po", variant)
    segments = check_document(doc, original)
    assert [(s.kind, s.text) for s in segments] == [
        ("msgstr", 'Hello "world" 🙂'),
        ("msgstr", "First line,\nsecond\tline with cafe\u0301 and a backslash \\."),
        ("msgstr", "One file"),
        ("msgstr", "%d files"),
    ]
    assert_positions(doc, segments, original, [
        ('\\"world', "world"), ('\\" 🙂', "🙂"), ('"First', "First"), ('"second', "second"),
        ("\\tline with", "line with"), ("cafe\u0301 and", "cafe\u0301"), ("backslash", "backslash"), ('"One', "One"),
        ('msgstr[1] "%d files"', "files"),
    ])
    escapes = [p for s in segments for p in s.pieces if not p.verbatim]
    assert [original[p.source_start : p.source_start + p.source_length] for p in escapes] == [
        '\\"', '\\"', "\\n", "\\t", "\\\\",
    ]


def test_non_english_target_audits_msgid():
    original = SAMPLE.replace("Language: en", "Language: de_DE")
    segments = check_document(read_text(original, "x.po", "po"), original)
    assert [(s.kind, s.text) for s in segments] == [
        ("msgid", "Bonjour"), ("msgid", "multi"), ("msgid", "one file"), ("msgid", "%d files"),
        ("msgid", "untranslated"),
    ]


@pytest.mark.parametrize("header", ["", 'msgid ""\nmsgstr ""\n"Language: \\n"\n\n'])
@pytest.mark.parametrize("target, kind", [("en", "msgstr"), ("en-GB", "msgstr"), ("fr", "msgid")])
def test_without_language_the_target_language_argument_decides(header, target, kind):
    original = header + 'msgid "Bonjour"\nmsgstr "Hello"\n'
    (segment,) = read_text(original, "x.po", "po", target_language=target).segments
    assert segment.kind == kind and segment.text == {"msgstr": "Hello", "msgid": "Bonjour"}[kind]


def test_source_language_from_header():
    original = 'msgid ""\nmsgstr ""\n"Language: en\\n"\n"X-Source-Language: ja\\n"\n\nmsgid "a"\nmsgstr "b"\n'
    doc = read_text(original, "x.po", "po")
    assert doc.source_language == "ja"
    assert read_text(SAMPLE, "x.po", "po").source_language is None


def test_context_fuzzy_and_obsolete_entries():
    original = (
        'msgctxt "menu"\nmsgid "Open"\nmsgstr "Open it"\n\n'
        '#, fuzzy\n#| msgid "Old"\nmsgid "Close"\nmsgstr "Close it"\n\n'
        '#~ msgid "Gone"\n#~ msgstr "Gone text"\n'
        'msgid "Blank"\nmsgstr "  "\n'
    )
    segments = check_document(read_text(original, "x.po", "po"), original)
    assert [s.text for s in segments] == ["Open it", "Close it"]


@pytest.mark.parametrize(
    "original, message",
    [
        ('msgid "a"\nmsgstr "b\n', "broken .po file: unterminated string (line 2)"),
        ("just some prose\n", "broken .po file: syntax error (line 1)"),
        ('msgid "a"\nmsgstr "say "hi""\n', "broken .po file: syntax error (line 2): unescaped double quote found"),
        ('msgid "a"\nmsgstr[x] "b"\n', "broken .po file: syntax error (line 2)"),
    ],
)
def test_broken_po(tmp_path, original, message):
    path = tmp_path / "broken.po"
    path.write_text(original)
    with pytest.raises(InputFormatError) as info:
        read_document(path, "broken.po")
    assert info.value.message == message


# --- property test ---------------------------------------------------------------

_CHARS = st.sampled_from(["a", "b", " ", '"', "\\", "\n", "\t", "\r", *TRICKY, "%d", "{0}", "'"])
_STRING = st.lists(_CHARS, min_size=1, max_size=12).map("".join)


def _escape(s: str) -> str:
    return s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r")


@st.composite
def _literal(draw, text):
    """``text`` as one quoted literal or as ``""`` plus several continuation lines."""
    if draw(st.booleans()):
        return f'"{_escape(text)}"'
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=3)))
    parts = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)])]
    return '""\n' + "\n".join(f'"{_escape(p)}"' for p in parts)


@settings(max_examples=200, deadline=None)
@given(data=st.data(), translations=st.lists(st.tuples(_STRING, _STRING), min_size=1, max_size=5))
def test_random_po_maps_back(data, translations):
    newline = data.draw(st.sampled_from(["\n", "\r\n"]))
    entries = ['msgid ""\nmsgstr ""\n"Language: en\\n"\n']
    for i, (msgid, msgstr) in enumerate(translations):
        msgid_literal, msgstr_literal = data.draw(_literal(f"{i}{msgid}")), data.draw(_literal(msgstr))
        entries.append(f"#: f.c:{i}\nmsgid {msgid_literal}\nmsgstr {msgstr_literal}\n")
    original = "\n".join(entries).replace("\n", newline)
    segments = check_document(read_text(original, "x.po", "po"), original)
    expected = [t.strip() for _, t in translations if t.strip()]
    assert [s.text for s in segments] == expected
    assert expected == [e.msgstr.strip() for e in polib.pofile(original) if e.msgstr.strip()]


def test_pairs_with_plurals_flags_and_empty_anchors():
    original = (
        'msgid ""\nmsgstr ""\n"Language: de\\n"\n\n'
        'msgctxt "menu"\nmsgid "Open"\nmsgstr "Öffnen"\n\n'
        '#, fuzzy, python-format\nmsgid "%d file"\nmsgid_plural "%d files"\nmsgstr[0] "%d Datei"\nmsgstr[1] "%d Dateien"\n\n'
        'msgid "Cancel"\nmsgstr ""\n'
    )
    doc = read_text(original, "de.po", "po")
    pairs = {u.id: u for u in doc.pairs}
    assert list(pairs) == ["menu|Open", "%d file[0]", "%d file[1]", "Cancel"]
    assert [(u.source, u.target_text) for u in doc.pairs] == [
        ("Open", "Öffnen"), ("%d file", "%d Datei"), ("%d files", "%d Dateien"), ("Cancel", "")]
    assert pairs["%d file[1]"].flags == ("fuzzy", "python-format") and pairs["menu|Open"].flags == ()
    assert all(u.source_language == "en" and u.target_language == "de" for u in doc.pairs)
    empty = pairs["Cancel"].anchor
    assert original[empty.start : empty.end] == '""' and original[: empty.start].endswith("msgstr ")
    target = pairs["%d file[1]"].target
    assert original[target.source_span(0, len(target.text)).start :].startswith('%d Dateien"')


def test_templates_have_no_pairs():
    assert read_text('msgid "Open"\nmsgstr ""\n', "messages.pot", "po").pairs == []
