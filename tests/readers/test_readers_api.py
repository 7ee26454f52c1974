"""read_document / read_text / format_for_path: dispatch, bad input, empty files."""
from __future__ import annotations

import builtins
import codecs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mtaudit.errors import InputFormatError
from mtaudit.readers import FORMATS, format_for_path, read_document, read_text

from readers_support import FIXTURES, check_document


@pytest.mark.parametrize(
    "path, expected",
    [
        ("a.txt", "text"), ("a.TEXT", "text"), ("docs/a.md", "markdown"), ("a.markdown", "markdown"),
        ("a.mdx", "markdown"), ("a.html", "html"), ("A.HTM", "html"), ("a.xhtml", "html"), ("a.po", "po"),
        ("a.pot", "po"), ("a.xlf", "xliff"), ("a.xliff", "xliff"), ("a.rst", None), ("Makefile", None),
        ("dir.md/file", None),
    ],
)
def test_format_for_path(path, expected):
    assert format_for_path(path) == expected


def test_formats_tuple():
    assert FORMATS == ("text", "markdown", "html", "po", "xliff", "json", "yaml")


def _error(path, fmt=None, **kw) -> str:
    with pytest.raises(InputFormatError) as info:
        doc = read_document(path, str(path), fmt, **kw)
        list(doc.segments)  # text is streamed: some errors surface while reading on
    message = info.value.message
    assert "\n" not in message and "Traceback" not in message
    return message


def test_missing_file(tmp_path):
    assert _error(tmp_path / "nope.md") == "file not found"


@pytest.mark.parametrize("fmt", FORMATS)
def test_directory(tmp_path, fmt):
    assert "is a directory" in _error(tmp_path, fmt)


@pytest.mark.parametrize("fmt", FORMATS)
def test_permission_denied(tmp_path, monkeypatch, fmt):
    path = tmp_path / "secret.txt"
    path.write_text("hello")
    real_open = builtins.open

    def deny(file, *args, **kwargs):
        if str(file) == str(path):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    # Tests may run as root, where chmod 000 does not stop reading.
    monkeypatch.setattr(builtins, "open", deny)
    assert _error(path, fmt) == "permission denied"


@pytest.mark.parametrize("fmt", FORMATS)
def test_binary_file(tmp_path, fmt):
    path = tmp_path / "blob"
    path.write_bytes(b"PK\x03\x04" + b"\0" * 20 + b"text")
    assert _error(path, fmt).startswith("binary file")


def test_nul_after_the_first_8k_is_not_binary(tmp_path):
    path = tmp_path / "late.txt"
    path.write_bytes(b"word " * 2000 + b"\n\nx\0y")
    segments = list(read_document(path, "late.txt").segments)
    assert segments[-1].text == "x\0y"


@pytest.mark.parametrize("fmt", FORMATS)
def test_invalid_utf8_reports_byte_offset_and_line(tmp_path, fmt):
    path = tmp_path / "latin1"
    path.write_bytes(b"line one\nline two caf\xe9\n")
    assert _error(path, fmt) == "not valid UTF-8 (byte 0xe9 at offset 21, line 2)"


def test_invalid_utf8_offset_counts_the_bom(tmp_path):
    path = tmp_path / "bom.md"
    path.write_bytes(codecs.BOM_UTF8 + b"ok\r\nno \xff")
    assert _error(path) == "not valid UTF-8 (byte 0xff at offset 10, line 2)"


def test_html_declared_charset_is_used(tmp_path):
    path = tmp_path / "latin.html"
    path.write_bytes(b'<html><head><meta charset="iso-8859-1"></head><body><p>Caf\xe9 cr\xe8me</p></body></html>')
    doc = read_document(path, "latin.html")
    assert [s.text for s in doc.segments] == ["Café crème"]


def test_html_http_equiv_charset_is_used(tmp_path):
    path = tmp_path / "cp.htm"
    path.write_bytes(b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1252"><p>\x93Quoted\x94</p>')
    assert [s.text for s in read_document(path, "cp.htm").segments] == ["\u201cQuoted\u201d"]


def test_html_declared_utf8_still_reports_invalid_bytes(tmp_path):
    path = tmp_path / "u.html"
    path.write_bytes(b'<meta charset="utf-8"><p>caf\xe9</p>')
    assert _error(path) == "not valid UTF-8 (byte 0xe9 at offset 28, line 1)"


def test_html_unknown_declared_charset_falls_back_to_utf8(tmp_path):
    path = tmp_path / "u.html"
    path.write_bytes('<meta charset="klingon"><p>café</p>'.encode())
    assert [s.text for s in read_document(path, "u.html").segments] == ["café"]


def test_xml_declared_encoding_is_used(tmp_path):
    path = tmp_path / "w.xlf"
    path.write_bytes(
        b'<?xml version="1.0" encoding="ISO-8859-1"?>\n'
        b'<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file target-language="en">'
        b"<body><trans-unit id='1'><source>x</source><target>caf\xe9</target></trans-unit></body></file></xliff>"
    )
    doc = read_document(path, "w.xlf")
    (segment,) = doc.segments
    assert segment.text == "café"
    # "é" follows the 148 characters before it on line 2.
    assert doc.lines.position(segment.source_span(3, 4).start) == (2, 149)


def test_po_declared_charset_is_used(tmp_path):
    path = tmp_path / "l.po"
    path.write_bytes(
        b'msgid ""\nmsgstr ""\n"Language: en\\n"\n"Content-Type: text/plain; charset=ISO-8859-1\\n"\n\n'
        b'msgid "x"\nmsgstr "D\xe9j\xe0 vu"\n'
    )
    assert [s.text for s in read_document(path, "l.po").segments] == ["Déjà vu"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_empty_file_has_no_segments(tmp_path, fmt):
    path = tmp_path / "empty"
    path.write_bytes(b"")
    doc = read_document(path, "empty", fmt)
    assert list(doc.segments) == []
    assert doc.path == "empty" and doc.format == fmt


@pytest.mark.parametrize("fmt", FORMATS)
def test_bom_only_file_has_no_segments(tmp_path, fmt):
    path = tmp_path / "bom"
    path.write_bytes(codecs.BOM_UTF8)
    assert list(read_document(path, "bom", fmt).segments) == []


@pytest.mark.parametrize("bom, codec", [(codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")])
@pytest.mark.parametrize("fmt, name", [("text", "a.txt"), ("markdown", "a.md"), ("html", "a.html")])
def test_utf16_with_bom(tmp_path, bom, codec, fmt, name):
    original = "<p>Hello 🙂\r\nworld</p>\r\n" if fmt == "html" else "Hello 🙂\r\nworld\r\n"
    path = tmp_path / name
    path.write_bytes(bom + original.encode(codec))
    doc = read_document(path, name)
    segments = check_document(doc, original)
    assert [s.text for s in segments] == ["Hello 🙂\r\nworld" if fmt != "markdown" else "Hello 🙂\nworld"]


def test_invalid_utf16_is_reported(tmp_path):
    path = tmp_path / "odd.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + "ok".encode("utf-16-le") + b"\x00\xd8" + b"A\x00")  # lone surrogate
    assert _error(path).startswith("not valid UTF-16 (byte 0x00 at offset 6, line 1)")


def test_unknown_extension_reads_as_text(tmp_path):
    path = tmp_path / "notes.rst"
    path.write_text("Some *prose*.\n")
    doc = read_document(path, "notes.rst")
    assert doc.format == "text" and [s.text for s in doc.segments] == ["Some *prose*."]


def test_explicit_format_overrides_extension(tmp_path):
    path = tmp_path / "page.txt"
    path.write_text("<p>Hi <b>there</b></p>")
    assert [s.text for s in read_document(path, "page.txt", "html").segments] == ["Hi there"]


def test_unknown_format_name():
    with pytest.raises(InputFormatError, match="unknown input format 'rtf'"):
        read_text("x", "<stdin>", "rtf")


@pytest.mark.parametrize("fmt", FORMATS)
def test_read_text_drops_bom_character(fmt):
    samples = {
        "text": "Hi there.",
        "markdown": "Hi there.",
        "html": "<p>Hi there.</p>",
        "po": 'msgid "a"\nmsgstr "Hi there."\n',
        "xliff": '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file target-language="en"><body>'
        '<trans-unit id="1"><source>a</source><target>Hi there.</target></trans-unit></body></file></xliff>',
        "json": '{"a": "Hi there."}',
        "yaml": "a: Hi there.\n",
    }
    original = samples[fmt]
    doc = read_text("\ufeff" + original, "<stdin>", fmt)
    (segment,) = check_document(doc, original)
    assert segment.text == "Hi there."
    assert doc.path == "<stdin>" and doc.format == fmt


def test_readers_do_not_write(tmp_path):
    for fixture in FIXTURES.glob("sample*"):
        (tmp_path / fixture.name).write_bytes(fixture.read_bytes())
    before = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in tmp_path.iterdir()}
    for p in list(before):
        list(read_document(p, p.name).segments)
    assert {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in tmp_path.iterdir()} == before


_FUZZ = st.lists(
    st.one_of(
        st.text(max_size=6),
        st.sampled_from(['msgid "', 'msgstr "', '"', "\\", "\n", "\r\n", "<", ">", "&", "#~ ", "*", "`", "[", "](",
                         "<target>", "</target>", "<![CDATA[", "]]>", "<!--", "-->", "<xliff", "msgstr[0] ", "---\n"]),
    ),
    max_size=30,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(text=_FUZZ, fmt=st.sampled_from(FORMATS))
def test_arbitrary_input_raises_only_input_format_error(text, fmt):
    try:
        doc = read_text(text, "<fuzz>", fmt)
    except InputFormatError as e:
        assert e.message and "\n" not in e.message
    else:
        check_document(doc, text.removeprefix("\ufeff"))
