"""``--format text`` (default): human-readable, one greppable line per finding.

Files with something to show get a header (path, language, fluency, the MT likelihood
with what it rests on) and their notes,
then ``path:line:col RULE message → suggestion`` lines and, when the model scored the
file, its least fluent sentences.  A summary line ends the output; input errors are only
counted there, since the CLI prints them to standard error.  Lines are never wrapped.
"""
from __future__ import annotations

from typing import TextIO

from rich.console import Console
from rich.text import Text

from mtaudit.reporters.base import Reporter, flowing, one_line, suggestion_label, summary_line, worst_sentences
from mtaudit.types import FileReport, Report, Severity
from mtaudit.verdict import describe

STYLES = {Severity.INFO: "cyan", Severity.WARNING: "yellow", Severity.ERROR: "bold red"}


def _header(file: FileReport) -> Text:
    details = [file.language] if file.language else []
    if file.fluency is not None:
        details.append(f"fluency {file.fluency:.1f}")
    verdict = describe(file)
    if verdict:
        details.append(verdict)
    header = Text()
    header.append(file.path, style="bold underline")
    if details:
        header.append(f" ({', '.join(details)})", style="dim")
    return header


class TextReporter(Reporter):
    name = "text"

    def render(self, report: Report, stream: TextIO) -> None:
        color = self.use_color(stream)
        console = Console(
            file=stream,
            force_terminal=color,
            no_color=not color,
            color_system="auto" if color else None,
            highlight=False,
            markup=False,
            emoji=False,
            soft_wrap=True,  # never wrap: each finding stays one line for grep
        )
        for file in report.files:
            worst = worst_sentences(file)
            if not (file.findings or file.notes or worst):
                continue
            console.print(_header(file))
            for note in file.notes:
                console.print(Text(f"  note: {one_line(note)}", style="dim"))
            for f in file.findings:
                loc = f.location
                line = Text()
                line.append(f"{file.path}:{loc.line}:{loc.column}", style="bold")
                line.append(" ")
                line.append(f.rule, style=STYLES[f.severity])
                line.append(f" {one_line(f.message)}")
                if f.suggestions:
                    line.append(f" → {one_line(suggestion_label(f.suggestions[0]))}", style="green")
                console.print(line)
            if worst:
                console.print(Text("  least fluent sentences:", style="dim"))
                for s in worst:
                    loc = s.location
                    console.print(Text(f"  {file.path}:{loc.line}:{loc.column} fluency {s.fluency:.1f}: {flowing(s.text)}"))
            console.print()
        console.print(Text(summary_line(report)), style="bold")
