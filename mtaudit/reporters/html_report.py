"""``--format html``: one self-contained page (inline CSS, no scripts, no external assets).

A summary table, then per file its audited sentences with each flagged span in a
``<mark>`` (rule, severity and message in its ``title``) followed by the suggestions,
and the list of the file's findings.  A finding is placed in every sentence its source
span overlaps, so one crossing a sentence boundary is marked in both parts, with the
suggestions after the last part; findings outside every sentence appear in the list only.
"""
from __future__ import annotations

from html import escape
from typing import Dict, List, Optional, Set, TextIO, Tuple

from mtaudit.reporters.base import (
    SEVERITIES, WRAP, Reporter, one_line, severity_counts, suggestion_label, summary_line, worst_sentences,
)
from mtaudit.types import FileReport, Finding, Report, Segment, Span
from mtaudit.verdict import describe

CSS = """
body{font:15px/1.5 system-ui,sans-serif;margin:0 auto;max-width:1100px;padding:1em 2em;color:#1b1b1b}
h1{margin:.2em 0}h2{margin-top:2em;border-bottom:1px solid #ccc;word-break:break-all}
.meta,.muted{color:#666}table{border-collapse:collapse;width:100%;margin:.5em 0}
th,td{border:1px solid #ddd;padding:.3em .5em;text-align:left;vertical-align:top}
th{background:#f4f4f4}td.n{text-align:right;font-variant-numeric:tabular-nums}td.nw{white-space:nowrap}td.pre{white-space:pre-wrap}
ul.sentences{list-style:none;padding:0}li.sentence{margin:.35em 0;display:flex;align-items:baseline}
.ln{flex:none;min-width:3em;color:#999;font-size:.8em;text-align:right;margin-right:.6em}
.text{white-space:pre-wrap;min-width:0}
li.sentence:not(.flagged){color:#555}
mark{border-radius:3px;padding:0 1px;border-bottom:2px solid;cursor:help}
.sev-error{background:#ffd8d8;border-color:#d00}.sev-warning{background:#fff0b3;border-color:#e0a000}
.sev-info{background:#dbeeff;border-color:#3b82c4}
.fix{color:#1a7f37;font-size:.9em;margin-left:.2em}.fix::before{content:"→ "}
.fluency{flex:none;min-width:3.2em;font-size:.8em;color:#666}.fluency.worst{color:#b00;font-weight:bold}
.badge{font-size:.8em;padding:0 .4em;border-radius:3px}.notes{color:#8a5a00}.errors li{color:#b00}
#only-flagged:checked~main li.sentence:not(.flagged){display:none}
"""

# A finding's share of one sentence: [start, end) in the sentence text.
_Part = Tuple[int, int, int]  # (start, end, finding index)


def _text_range(segment: Segment, span: Span) -> Optional[Tuple[int, int]]:
    """The range of ``segment.text`` that comes from source ``span``, if any.

    Source offsets, not line/column, because segment text need not match the source
    character for character (entities, escapes, joined lines).
    """
    lo: Optional[int] = None
    hi = 0
    for p in segment.pieces:
        src_end = p.source_start + p.source_length
        start, end = max(span.start, p.source_start), min(span.end, src_end)
        if start >= end:
            continue
        if p.verbatim:
            a, b = p.text_start + start - p.source_start, p.text_start + end - p.source_start
        else:  # an entity or escape is flagged whole
            a, b = p.text_start, p.text_start + p.length
        lo = a if lo is None else min(lo, a)
        hi = max(hi, b)
    return (lo, hi) if lo is not None else None


def _fix(f: Finding) -> str:
    # one_line: a line break inside the sentence would read as part of the text.
    return f'<span class="fix">{" / ".join(escape(one_line(suggestion_label(s))) for s in f.suggestions)}</span>'


def _tooltip(f: Finding) -> str:
    return f"{f.rule} {f.name} ({f.severity.value}): {f.message}"


def _render_sentence(text: str, parts: List[_Part], findings: List[Finding], fix_here: Set[int]) -> str:
    # Cut the text at every part boundary; each piece is marked by all parts covering it,
    # which keeps overlapping findings readable without nesting <mark>s.
    cuts = sorted({0, len(text), *(p[0] for p in parts), *(p[1] for p in parts)})
    # A sentence wrapped over lines flows as one: each wrap (with its indent) shows as a space.
    shown = list(text)
    for m in WRAP.finditer(text):
        shown[m.start() : m.end()] = [" "] + [""] * (m.end() - m.start() - 1)
    out = []
    for a, b in zip(cuts, cuts[1:]):
        covering = [findings[i] for start, end, i in parts if start <= a and b <= end]
        piece = escape("".join(shown[a:b]))
        if covering:
            worst = max(covering, key=lambda f: f.severity.rank)
            rules = escape(" ".join(dict.fromkeys(f.rule for f in covering)))
            title = escape("\n".join(_tooltip(f) for f in covering))
            piece = f'<mark class="sev-{worst.severity.value}" data-rules="{rules}" title="{title}">{piece}</mark>'
        out.append(piece)
        out.extend(_fix(findings[i]) for _, end, i in parts if end == b and i in fix_here and findings[i].suggestions)
    return "".join(out)


def _extent(segment: Segment) -> Tuple[int, int]:
    return (min((p.source_start for p in segment.pieces), default=0),
            max((p.source_start + p.source_length for p in segment.pieces), default=0))


def _file_section(index: int, file: FileReport) -> str:
    findings = file.findings
    # Place findings: the parts in each sentence, and the sentence of each finding's last
    # part, where its suggestions go.
    parts: List[List[_Part]] = [[] for _ in file.sentences]
    last_sentence: Dict[int, int] = {}
    extents = [_extent(s.segment) for s in file.sentences]
    for i, f in enumerate(findings):
        for si, sentence in enumerate(file.sentences):
            lo, hi = extents[si]
            # The extent test is a cheap pre-filter: most findings miss most sentences.
            rng = _text_range(sentence.segment, f.span) if lo < f.span.end and f.span.start < hi else None
            if rng:
                parts[si].append((rng[0], rng[1], i))
                last_sentence[i] = si
    worst = {id(s) for s in worst_sentences(file)}
    meta = [escape(file.format), escape(file.language or "language unknown")]
    if file.fluency is not None:
        meta.append(f"fluency {file.fluency:.1f}")
    verdict = describe(file)
    if verdict:
        meta.append(escape(verdict))
    html = [f'<section class="file" id="file-{index}"><h2>{escape(file.path)}</h2><p class="meta">{" · ".join(meta)}</p>']
    if file.notes:
        html.append('<ul class="notes">' + "".join(f"<li>{escape(n)}</li>" for n in file.notes) + "</ul>")
    if file.sentences:
        html.append('<ul class="sentences">')
        for si, (s, sentence_parts) in enumerate(zip(file.sentences, parts)):
            flagged = ' flagged' if sentence_parts else ''
            badge = ""
            if s.fluency is not None:
                badge = f'<span class="fluency{" worst" if id(s) in worst else ""}" title="fluency">{s.fluency:.1f}</span> '
            fix_here = {i for _, _, i in sentence_parts if last_sentence[i] == si}
            body = _render_sentence(s.text, sentence_parts, findings, fix_here)
            html.append(f'<li class="sentence{flagged}"><span class="ln">{s.location.line}</span>{badge}'
                        f'<span class="text">{body}</span></li>')
        html.append("</ul>")
    if findings:
        html.append('<table class="findings"><thead><tr><th>Line:col</th><th>Rule</th><th>Severity</th>'
                    '<th>Text</th><th>Message</th><th>Suggestions</th><th>Confidence</th></tr></thead><tbody>')
        for f in findings:
            loc = f.location
            suggestions = "<br>".join(escape(suggestion_label(s)) for s in f.suggestions)
            html.append(
                f'<tr><td class="nw">{loc.line}:{loc.column}</td><td class="nw">{escape(f.rule)} {escape(f.name)}</td>'
                f'<td><span class="badge sev-{f.severity.value}">{f.severity.value}</span></td>'
                f'<td class="pre"><code>{escape(f.text)}</code></td><td>{escape(f.message)}</td><td class="pre">{suggestions}</td>'
                f'<td class="n">{f.confidence:.2f}</td></tr>'
            )
        html.append("</tbody></table>")
    elif not file.notes:
        html.append('<p class="muted">No findings.</p>')
    html.append("</section>")
    return "".join(html)


def _summary_table(report: Report) -> str:
    head = "".join(f"<th>{label}</th>" for label in ("Errors", "Warnings", "Info"))
    rows = []
    for i, file in enumerate(report.files, 1):
        counts = severity_counts(file.findings)
        cells = "".join(f'<td class="n">{counts[s]}</td>' for s in SEVERITIES)
        fluency = "" if file.fluency is None else f"{file.fluency:.1f}"
        verdict = "" if file.mt_likelihood is None else f"{file.mt_likelihood:.2f}"
        rows.append(f'<tr><td><a href="#file-{i}">{escape(file.path)}</a></td><td>{escape(file.language or "")}</td>'
                    f'{cells}<td class="n">{fluency}</td><td class="n">{verdict}</td></tr>')
    return (f"<table class=\"summary\"><thead><tr><th>File</th><th>Language</th>{head}<th>Fluency</th>"
            f"<th>MT likelihood</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>")


class HtmlReporter(Reporter):
    name = "html"

    def render(self, report: Report, stream: TextIO) -> None:
        about = f"mtaudit {escape(report.version)}"
        if report.model:
            about += f" · model {escape(report.model)}"
        html = [
            '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width,initial-scale=1">'
            f"<title>mtaudit report</title><style>{CSS}</style></head><body>",
            f'<header><h1>mtaudit report</h1><p class="meta">{about}</p>'
            f'<p class="summary"><strong>{escape(summary_line(report))}</strong></p></header>',
            '<input type="checkbox" id="only-flagged"><label for="only-flagged"> show flagged sentences only</label>',
            "<main>",
            _summary_table(report),
        ]
        if report.errors:
            html.append('<section id="errors"><h2>Input errors</h2><ul class="errors">'
                        + "".join(f"<li>{escape(e.path)}: {escape(e.message)}</li>" for e in report.errors) + "</ul></section>")
        html.extend(_file_section(i, f) for i, f in enumerate(report.files, 1))
        html.append("</main></body></html>\n")
        stream.write("".join(html))
