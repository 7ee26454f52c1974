"""Placeholder, markup, link and number tokenizers: what must match between source and target."""
import pytest

from mtaudit.bilingual.tokens import difference, icu_blocks, links, markup, numbers, placeholders, protected


@pytest.mark.parametrize("text, keys", [
    ("%s and %d", ["%1$s", "%2$d"]),
    ("%2$d and %1$s", ["%2$d", "%1$s"]),
    ("%i items, 100%% done, 50% off", ["%1$d"]),
    ("%(name)s has %(count)i", ["%(name)s", "%(count)d"]),
    ("%{count} and %<price>.2f", ["%(count)", "%(price)"]),
    ("{0}, {name}, {{user}}, {}", ["{0}", "{name}", "{{user}}", "{}"]),
    ("{price, number, currency}", ["{price}"]),
    ("%@ says hi", ["%1$@"]),
])
def test_placeholder_keys(text, keys):
    assert [t.key for t in placeholders(text)] == keys


def test_placeholder_offsets_point_at_the_text():
    text = "Hi %{name}, you have {count} new"
    assert [text[t.start : t.end] for t in placeholders(text)] == ["%{name}", "{count}"]


def test_icu_blocks_and_nested_placeholders():
    text = "{n, plural, offset:1 =0 {none} one {# in {dir}} other {# in {dir}}}"
    (block,) = icu_blocks(text)
    assert (block.name, block.kind, block.selectors) == ("n", "plural", ("=0", "one", "other"))
    keys = [(t.key, t.in_branch) for t in placeholders(text)]
    assert keys[0] == ("{n, plural}", False) and ("{dir}", True) in keys and ("#", True) in keys


def test_branch_tokens_compare_as_sets():
    source = placeholders("{n, plural, one {# {dir}} other {# {dir}}}")
    target = placeholders("{n, plural, one {# {dir}} few {# {dir}} many {# {dir}} other {# {dir}}}")
    assert difference(source, target) == ([], [])


def test_markup_keys_ignore_translatable_attributes_and_case():
    keys = [t.key for t in markup('<A HREF="/x" title="Hi">go</a> <img src="p.png" alt="cat"/>')]
    assert keys == ["<a href=/x>", "</a>", "<img src=p.png/>"]


def test_markdown_tokens():
    text = "See [docs](https://x.org) and ![logo](l.png), run `make`, **bold**, *em*, _under_"
    assert [t.key for t in markup(text)] == ["[](https://x.org)", "![](l.png)", "`make`", "strong", "emphasis", "emphasis"]


def test_link_keys_treat_locale_codes_as_wildcards():
    (en,) = links("https://example.com/en-US/help.", ["en-US", "de-DE"])
    (de,) = links("https://example.com/de-DE/help", ["en-US", "de-DE"])
    assert en.key == de.key and en.text == "https://example.com/en-US/help"
    assert [t.text for t in links("Mail a.b+c@example.co.uk or www.example.org/x")] == [
        "a.b+c@example.co.uk", "www.example.org/x"]


@pytest.mark.parametrize("text, keys", [
    ("1,234.50 or 1.234,50 or 1 234,50", ["123450", "123450", "123450"]),
    ("In 2020 100 people came", ["2020", "100"]),
    ("MP3 files and H2O", []),
    ("3rd place, 08:00", ["3", "8", "0"]),
])
def test_number_keys_are_digits(text, keys):
    assert [t.key for t in numbers(text)] == keys


def test_numbers_inside_protected_tokens_are_skipped():
    text = "Copy %1$s to https://example.com/v2 at 5"
    assert [t.text for t in numbers(text, protected(text))] == ["5"]


def test_difference_reports_last_extra_occurrences():
    missing, extra = difference(placeholders("{a} {b}"), placeholders("{a} {a} {c}"))
    assert [t.key for t in missing] == ["{b}"] and [(t.key, t.start) for t in extra] == [("{a}", 4), ("{c}", 8)]
