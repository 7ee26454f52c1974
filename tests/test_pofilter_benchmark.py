"""The pofilter comparison's test set is reproducible and realistic (the run itself needs pofilter)."""
import importlib.util
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("pofilter_compare", ROOT / "benchmarks/pofilter_compare.py")
bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)


def test_units_are_reproducible_and_each_injection_changes_the_translation():
    german, english = bench.build_units(7)
    again, _ = bench.build_units(7)
    assert [(u.source, u.target, u.error) for u in german] == [(u.source, u.target, u.error) for u in again]
    assert len(german) + len(english) >= 200
    clean = {u.source: u.target for u in german if u.error is None}
    injected = [u for u in german if u.error]
    assert {u.error for u in injected} == set(bench.INJECTIONS)
    assert all(u.target != clean[u.source] for u in injected)


def test_written_po_parses_and_maps_lines_to_units(tmp_path):
    german, _ = bench.build_units(3)
    starts = bench.write_po(tmp_path / "de.po", german, "de", "en")
    entries = polib.pofile(str(tmp_path / "de.po"))
    assert [e.msgctxt for e in entries] == [u.id for u in german]
    assert [e.msgstr for e in entries] == [u.target for u in german]
    assert {line: unit.id for line, unit in starts.items()} == {e.linenum: e.msgctxt for e in entries}
